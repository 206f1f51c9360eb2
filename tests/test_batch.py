"""Batch runs against the mock server on loopback: faults, resume, cache, concurrency, rate limits."""

import asyncio
import json
import time

import pytest
from conftest import ROOT

from extractor.model.backend import Backend
from extractor.model.cache import ResponseCache
from extractor.testing.mock_server import MockServer, recorded_answers
from extractor.pipeline import Extractor
from extractor.runs import batch
from extractor.runs.inputs import iter_items
from extractor.runs.limits import RateLimiter
from extractor.runs.outputs import Output
from extractor.settings import Settings

ANSWERS = recorded_answers(ROOT / "cassettes")


@pytest.fixture
def mock():
    with MockServer(ANSWERS, hang=3.0) as server:
        yield server


def articles_file(tmp_path, texts: dict[str, str]):
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in texts.items()), encoding="utf-8")
    return path


def run_batch(base_url, inputs, output, *, concurrency=4, retry_failed=False, cache=None, timeout=1.0):
    settings = Settings(base_url=base_url, model="mock", api_key="k", timeout=timeout, transport_retries=1,
                        max_repairs=0, max_concurrency=concurrency, schema_grammar=True)  # decoded as llama.cpp does
    with Output(output).open(retry_failed=retry_failed) as out, \
            Extractor(backend=Backend(settings, cache=cache)) as extractor:
        return asyncio.run(batch.run(iter_items([str(inputs)]), extractor, out, concurrency=concurrency))


def records(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_every_input_ends_as_exactly_one_record_whatever_the_fault(tmp_path, mock):
    texts = {f"a{i}": f"Russia launched {i + 2} drones overnight." for i in range(6)}
    for fault in ("rate_limit", "server_error", "timeout", "malformed", "truncated", "dropped"):
        texts[fault] = f"Five people were killed [[fault:{fault}]]."  # the marker must be in the count's sentence
    texts["empty"] = " "
    out = tmp_path / "results.jsonl"
    started = time.perf_counter()
    summary = run_batch(mock.base_url, articles_file(tmp_path, texts), out)
    assert time.perf_counter() - started < 30
    by_id = {r["article_id"]: r for r in records(out)}
    assert sorted(by_id) == sorted(texts) and len(records(out)) == len(texts)
    assert all(by_id[f"a{i}"]["status"] == "ok" for i in range(6))
    classes = {k: by_id[k]["error"]["error_class"] for k in texts if by_id[k]["status"] == "error"}
    assert classes == {"rate_limit": "rate_limit", "server_error": "transport", "timeout": "timeout",
                       "malformed": classes["malformed"], "truncated": classes["truncated"],
                       "dropped": "transport", "empty": "input"}
    assert classes["malformed"] in ("transport", "invalid_output") and classes["truncated"] in (
        "transport", "invalid_output")
    assert by_id["rate_limit"]["attempts"]["requests"] == 2  # one transport retry, counted
    assert summary.outcomes["ok"] == 6 and summary.failed == 7


def test_a_rerun_resumes_cuts_a_torn_line_and_retries_failures_on_request(tmp_path, mock):
    texts = {f"a{i}": f"Russia fired {i + 2} missiles." for i in range(5)}
    texts["bad"] = "Ten were injured [[fault:server_error]]."
    inputs, out = articles_file(tmp_path, texts), tmp_path / "results.jsonl"
    run_batch(mock.base_url, inputs, out)
    first = records(out)
    with open(out, "ab") as f:  # a crash in the middle of a line
        f.write(b'{"article_id": "a9", "status": "ok", "mod')
    summary = run_batch(mock.base_url, inputs, out)
    assert summary.skipped == 6 and summary.done == 0 and records(out) == first  # torn line set aside, nothing redone
    assert (tmp_path / "results.jsonl.rejected").read_bytes() == b'{"article_id": "a9", "status": "ok", "mod\n'
    # drop one result as if the run had been killed before it: only that one is redone
    out.write_text("".join(json.dumps(r) + "\n" for r in first if r["article_id"] != "a3"))
    summary = run_batch(mock.base_url, inputs, out)
    assert summary.done == 1 and sorted(r["article_id"] for r in records(out)) == sorted(texts)
    # --retry-failed: the error record is replaced, never duplicated
    inputs = articles_file(tmp_path, {**texts, "bad": "Ten were injured."})
    summary = run_batch(mock.base_url, inputs, out, retry_failed=True)
    final = records(out)
    assert summary.done == 1 and len(final) == len(texts) and len({r["article_id"] for r in final}) == len(texts)
    assert {r["article_id"]: r["status"] for r in final}["bad"] == "ok"


def test_a_repeated_run_costs_no_tokens_with_the_cache(tmp_path, mock):
    texts = {f"a{i}": f"Russia launched {i + 2} drones overnight." for i in range(4)}
    inputs, cache = articles_file(tmp_path, texts), ResponseCache(tmp_path / "cache.sqlite")
    first = run_batch(mock.base_url, inputs, tmp_path / "one.jsonl", cache=cache)
    requests_before = mock.requests
    second = run_batch(mock.base_url, inputs, tmp_path / "two.jsonl", cache=cache)
    assert first.usage.total_tokens > 0 and second.usage.total_tokens == 0
    assert second.cache_hits == 4 and mock.requests == requests_before
    by_id = lambda path: {r["article_id"]: r["extraction"] for r in records(path)}  # noqa: E731 (finish order varies)
    assert by_id(tmp_path / "one.jsonl") == by_id(tmp_path / "two.jsonl")
    # a result answered wholly from the cache says so; one the model answered does not
    assert all(any("wholly from the response cache" in w for w in r["warnings"]) for r in records(tmp_path / "two.jsonl"))
    assert not any("response cache" in w for r in records(tmp_path / "one.jsonl") for w in r["warnings"])


def test_the_cache_key_holds_the_endpoint_so_another_server_is_asked_afresh(tmp_path):
    cache = ResponseCache(tmp_path / "cache.sqlite")
    with MockServer(recorded_answers(ROOT / "cassettes")) as one, MockServer(recorded_answers(ROOT / "cassettes")) as two:
        for server in (one, two):
            settings = Settings(base_url=server.base_url, model="mock", api_key="k", transport_retries=0)
            with Extractor(backend=Backend(settings, cache=cache)) as ex:
                ex.extract("Russia launched 48 drones overnight.")
        assert one.requests > 0 and two.requests == one.requests  # same model name, another endpoint: no reuse


def test_concurrency_overlaps_the_waiting(tmp_path):
    texts = {f"a{i}": f"Russia launched {i + 2} drones overnight." for i in range(16)}
    with MockServer(ANSWERS, latency=0.3) as slow:
        started = time.perf_counter()
        run_batch(slow.base_url, articles_file(tmp_path, texts), tmp_path / "out.jsonl", concurrency=16)
        elapsed = time.perf_counter() - started
    assert elapsed < 16 * 0.3 / 2  # far less than one at a time


def test_the_rate_limiter_spaces_requests():
    now = [0.0]

    async def sleep(seconds):
        now[0] += seconds

    async def scenario():
        limiter = RateLimiter(requests_per_minute=60, tokens_per_minute=600, clock=lambda: now[0], sleep=sleep)
        for _ in range(3):
            await limiter.acquire(tokens=100)
        at_three = now[0]
        await limiter.acquire(tokens=600)  # needs a full token bucket
        return at_three, now[0]

    at_three, at_four = asyncio.run(scenario())
    assert at_three == 0  # the buckets start full: 60 requests, 600 tokens
    assert at_four == pytest.approx(30.0)  # 300 tokens left: 300 more at 10 a second


def test_a_repeated_id_becomes_an_error_record_naming_the_first(tmp_path, mock):
    inputs = tmp_path / "articles.jsonl"
    inputs.write_text("".join(json.dumps({"id": i, "text": f"Russia fired {n} missiles."}) + "\n"
                              for i, n in (("a", 3), ("b", 4), ("a", 5))))
    out = tmp_path / "results.jsonl"
    summary = run_batch(mock.base_url, inputs, out)
    by_id = {r["article_id"]: r for r in records(out)}
    assert set(by_id) == {"a", "b", f"{inputs}:3"} and summary.duplicate_inputs == 1
    repeated = by_id[f"{inputs}:3"]
    assert repeated["error"]["error_class"] == "input" and f"{inputs}:1" in repeated["error"]["message"]
    assert summary.without_result == 1  # the run's exit status is 1: an input has no result
    again = run_batch(mock.base_url, inputs, out)  # a rerun neither redoes nor repeats it
    assert again.done == 0 and len(records(out)) == 3


def test_two_runs_on_one_output_cannot_both_write_it(tmp_path, mock):
    from extractor.errors import OutputError

    inputs = articles_file(tmp_path, {"a": "Russia fired 3 missiles."})
    out = tmp_path / "results.jsonl"
    with Output(out).open():
        with pytest.raises(OutputError, match="another run is writing"):
            run_batch(mock.base_url, inputs, out)
    run_batch(mock.base_url, inputs, out)  # once the first has finished, the second runs
    assert [r["article_id"] for r in records(out)] == ["a"]


def test_a_long_article_does_not_block_the_others(tmp_path):
    """Code's reading runs off the event loop: short articles finish while a long one is still being read."""
    long_text = " ".join(f"On day {i} Russia fired {i % 40 + 2} missiles and 3 drones at the city." for i in range(900))
    texts = {"long": long_text, **{f"a{i}": f"Russia launched {i + 2} drones overnight." for i in range(6)}}
    finished = []
    settings = Settings(base_url="http://127.0.0.1:9/v1", model="m", use_model=False)
    with Output(tmp_path / "out.jsonl").open() as out, Extractor(backend=Backend(settings)) as extractor:
        asyncio.run(batch.run(iter_items([str(articles_file(tmp_path, texts))]), extractor, out, concurrency=4,
                              on_result=lambda r: finished.append(r.article_id)))
    assert finished.index("long") > finished.index("a2")  # it started first and finished after later ones


def test_the_library_caps_requests_in_flight(tmp_path):
    texts = [f"Russia launched {i + 2} drones overnight." for i in range(24)]
    with MockServer(ANSWERS, latency=0.05) as slow:
        extractor = Extractor(base_url=slow.base_url, model="mock", api_key="k", max_concurrency=3, cache=False)

        async def everything():
            return await asyncio.gather(*(extractor.aextract(t, article_id=f"a{i}") for i, t in enumerate(texts)))

        results = asyncio.run(everything())
    assert len(results) == 24 and 1 < slow.peak_in_flight <= 3


def test_the_library_answers_repeats_from_the_response_cache_by_default(mock):
    text = "Russia launched 12 drones overnight."
    decoded = Settings(schema_grammar=True)  # the mock decodes under the answer's schema, as llama.cpp does
    first = Extractor(decoded, base_url=mock.base_url, model="mock", api_key="k").extract(text)
    asked = mock.requests
    second = Extractor(decoded, base_url=mock.base_url, model="mock", api_key="k").extract(text)
    assert first.attempts.requests == 1 and second.attempts.cache_hits == 1 and mock.requests == asked


def test_the_mock_server_says_where_it_listens_and_what_it_serves():
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-m", "extractor.testing.mock_server", "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd="/")
    try:
        url = process.stdout.readline().strip()
        said = process.stderr.readline()
    finally:
        process.kill()
        process.wait()
    assert url.startswith("http://127.0.0.1:") and url.endswith("/v1")
    assert "recorded answers from" in said and str(ROOT / "cassettes") in said


def test_a_run_says_where_the_response_cache_lives_when_it_makes_it(tmp_path, mock, monkeypatch):
    from click.testing import CliRunner

    from extractor.cli import main
    cache = tmp_path / "project-cache.sqlite"
    monkeypatch.setenv("EXTRACTOR_RESPONSE_CACHE", str(cache))
    article = tmp_path / "a.txt"
    article.write_text("Russia launched 48 drones overnight.")
    args = ["extract", str(article), "--base-url", mock.base_url, "--model", "mock"]
    first, second = (CliRunner().invoke(main, args, env={"EXTRACTOR_API_KEY": "k"}) for _ in range(2))
    assert f"response cache: {cache} (new" in " ".join(first.output.split()) and cache.exists()
    assert "response cache:" not in second.output


# ---- code alone, on every core ----------------------------------------------------------------------------------------

def _no_model_run(tmp_path, name: str, workers: int, articles: list[str]) -> dict:
    output = Output(tmp_path / f"{name}.jsonl").open()
    from extractor.pipeline import Article
    from extractor.runs.inputs import Item

    items = [Item(f"a{i:02d}", f"a{i:02d}", Article(f"a{i:02d}", text)) for i, text in enumerate(articles)]
    try:
        summary = asyncio.run(batch.run(items, Extractor(Settings(use_model=False)), output, workers=workers))
    finally:
        output.close()
    assert summary.done == len(articles)
    records = [json.loads(line) for line in (tmp_path / f"{name}.jsonl").read_text().splitlines()]
    return {r.pop("article_id"): r | {"latency_s": None} for r in records}


@pytest.mark.slow  # worker processes load the parser once each
def test_code_alone_reads_past_a_few_articles_in_worker_processes_with_the_same_results(tmp_path, monkeypatch):
    started = []

    class CountedPool(batch.CodePool):
        def __init__(self, *args):
            started.append(args)
            super().__init__(*args)

    monkeypatch.setattr(batch, "CodePool", CountedPool)
    texts = [(ROOT / "examples" / name).read_text(encoding="utf-8") for name in
             ("odesa-overnight-attack.txt", "darfur-attack.txt")]
    articles = [texts[i % 2] + f"\n(copy {i})" for i in range(batch.POOL_AFTER + 13)] + [""]  # the last: empty
    in_workers = _no_model_run(tmp_path, "pool", 2, articles)
    assert len(started) == 1  # the pool started once, after the first few
    alone = _no_model_run(tmp_path, "alone", 1, articles)
    assert in_workers == alone and in_workers[f"a{len(articles) - 1:02d}"]["status"] == "error"


def test_code_alone_in_one_process_parses_a_few_articles_together(tmp_path, monkeypatch):
    together = []  # the number of texts in each nlp.pipe batch
    parse_together = batch.parse_together
    monkeypatch.setattr(batch, "parse_together", lambda texts: (together.append(len(texts)), parse_together(texts))[1])
    articles = [f"Gunmen killed {i + 2} farmers in a raid on a market on Monday." for i in range(batch.KEPT_TOGETHER + 2)]
    records = _no_model_run(tmp_path, "here", 1, articles)
    assert [r["status"] for r in records.values()] == ["ok"] * len(articles)
    assert together == [batch.KEPT_TOGETHER, 2]  # not one parse per article


def test_the_docs_parsed_together_stay_while_reading_parses_other_texts(monkeypatch):
    from extractor.reading import parse

    texts = [f"Gunmen killed {i + 2} farmers in a raid on Monday." for i in range(3)]
    parse.parse_together(texts)
    kept = [parse.parse(t) for t in texts]
    for i in range(2 * parse._KEPT):  # what reading parses on its own ("793." and the sentence telling of it)
        parse.parse(f"{i + 800} coalition soldiers killed since the war began")
    monkeypatch.setattr(parse, "pipeline", lambda: pytest.fail("a doc parsed together was parsed again"))
    assert [parse.parse(t) for t in texts] == kept


def test_long_articles_are_parsed_fewer_together(tmp_path, monkeypatch):
    from extractor.reading import parse

    articles = [f"Gunmen killed {i + 2} farmers in a raid on Monday." for i in range(5)]
    whole = _no_model_run(tmp_path, "whole", 1, articles)
    together = []
    parse_together = batch.parse_together
    monkeypatch.setattr(batch, "parse_together", lambda texts: (together.append(len(texts)), parse_together(texts))[1])
    monkeypatch.setattr(parse, "_TOGETHER_CHARS", 2 * len(articles[0]))  # two of these articles at once, not three
    assert _no_model_run(tmp_path, "kept", 1, articles) == whole
    assert together == [2, 2, 1]


def test_a_worker_that_dies_leaves_each_of_its_articles_an_error_record(tmp_path, monkeypatch):
    class DyingPool:
        def __init__(self, *args):
            pass

        async def process(self, articles):
            from concurrent.futures.process import BrokenProcessPool

            raise BrokenProcessPool("a worker died")

        def close(self, wait=True):
            pass

    monkeypatch.setattr(batch, "CodePool", DyingPool)
    records = _no_model_run(tmp_path, "dying", 2, ["Five people were killed."] * (batch.POOL_AFTER + 3))
    died = [r for r in records.values() if r["status"] == "error"]
    assert len(records) == batch.POOL_AFTER + 3 and len(died) == len(records)  # once a pool starts it reads all
    assert all("BrokenProcessPool: a worker died" in r["error"]["message"] for r in died)


def test_a_run_without_a_model_never_loads_the_model_client(tmp_path):
    # each worker process of a --no-model run imports the library afresh: openai would cost it about a second
    import subprocess
    import sys

    (tmp_path / "a.txt").write_text("Gunmen killed five farmers on Monday.", encoding="utf-8")
    script = ("import asyncio, sys\n"
              "from extractor import Extractor, Settings\n"
              "from extractor.runs import batch\n"
              "from extractor.runs.inputs import iter_items\n"
              "from extractor.runs.outputs import Output\n"
              "import extractor.service.app\n"
              f"with Output({str(tmp_path / 'out.jsonl')!r}).open() as out:\n"
              f"    summary = asyncio.run(batch.run(iter_items([{str(tmp_path / 'a.txt')!r}]),\n"
              "                                    Extractor(Settings(use_model=False)), out))\n"
              "print(summary.outcomes['ok'], sorted(m for m in ('openai', 'instructor') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.stdout.split("\n")[0] == "1 []", done.stderr
