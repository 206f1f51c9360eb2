"""OpenAI-format batch files against the mock Batch API: prepare → submit → collect → assemble, with a batch that
expires half done, per-request errors, a retry batch and a follow-up batch of repairs."""

import datetime as dt
import json
from collections import Counter

import openai
import pytest
from click.testing import CliRunner

from conftest import ROOT
from extractor.cli import main
from extractor.errors import ExtractorError
from extractor.model.backend import Backend
from extractor.testing.mock_server import MockServer, recorded_answers
from extractor.pipeline import Article, Extractor
from extractor.runs import batch_api, batch_files
from extractor.runs.inputs import iter_items
from extractor.runs.outputs import Output
from extractor.schemas import MentionLabel
from extractor.settings import Settings

ANSWERS = recorded_answers(ROOT / "cassettes")
NORMAL = ("Russia attacked the region overnight with {n} drones and three missiles, the air force said. "
          "Air defences destroyed {m} of the drones. Two people were injured, officials said.")
# More shot down than launched: the checker flags it, and the count goes back to the model (a repair).
INCONSISTENT = "Russia launched {n} drones at Kharkiv overnight, and air defence shot down {m} of them."
BROKEN = "Five people were killed [[fault:server_error]] in the attack."  # every time it is asked: a 500


def write_articles(path, n):
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            if i % 250 == 7:
                record = {"id": f"a{i:04d}", "text": " "}  # cannot be read: an error record from the start
            elif i % 250 == 8:
                record = {"id": f"a{i:04d}", "text": BROKEN}
            elif i % 10 == 3:
                record = {"id": f"a{i:04d}", "text": INCONSISTENT.format(n=20 + i % 7, m=30 + i % 5)}
            else:
                record = {"id": f"a{i:04d}", "text": NORMAL.format(n=20 + i % 50, m=10 + i % 10)}
            f.write(json.dumps({**record, "published": "2025-03-08"}) + "\n")
    return path


def records(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def settings(**changes):
    return Settings(model="mock", max_repairs=1).replace(**changes)


def client(mock):
    return openai.OpenAI(base_url=mock.base_url, api_key="mock", max_retries=0)


def run_batch(mock, requests):
    """submit → wait → collect, as the commands do."""
    batch_api.submit(requests, client(mock), endpoint=mock.base_url, max_requests=500)
    while batch_api.collect(requests, client(mock)).running:
        pass
    return batch_files.answers_path(requests)


def assemble(requests, answers, results, *, retry_failed=False):
    with Output(results).open(retry_failed=retry_failed) as out, Extractor(settings(), cache=False) as extractor:
        return batch_files.assemble(requests, answers, extractor, out, endpoint="http://mock")


class Replay(Backend):
    """The direct pipeline's backend, answering each request of an article with the answer the batch gave it."""

    def __init__(self, requests_files, answer_files):
        super().__init__(settings())
        self.by_article, self.article = {}, None
        with batch_files.Answers(answer_files) as answers:
            for path in requests_files:
                for line in records(path):
                    asked = self.by_article.setdefault(line["custom_id"].rsplit("#", 1)[0], {})
                    asked[json.dumps(line["body"]["messages"])] = answers.get(line["custom_id"])

    def complete(self, messages, response_model, call=None):
        line = self.by_article[self.article][json.dumps(messages)]
        return batch_files.completion(line, response_model)  # as instructor reads it; by_mark checks each mark


@pytest.mark.slow
def test_a_thousand_articles_through_an_expiring_batch_a_retry_and_repairs(tmp_path):
    articles = write_articles(tmp_path / "articles.jsonl", 1000)
    requests, retry = tmp_path / "requests.jsonl", tmp_path / "retry.jsonl"
    results = tmp_path / "results.jsonl"
    with Extractor(settings(), cache=False) as extractor:
        prepared = batch_files.prepare(iter_items([str(articles)]), extractor, requests)
    assert prepared.articles == 1000 and prepared.errors == {"input": 4}
    assert prepared.requests == len(records(requests)) > 900  # one question per paragraph of counts

    with MockServer(ANSWERS, fault_rate=0.02, faults=("rate_limit", "server_error", "malformed"),
                    batch_expires_after=400, seed=5) as mock:
        # 1. The batch goes in parts of 500; each expires once 400 of its requests have run; some requests fail.
        answers = run_batch(mock, requests)
        parts = batch_api.State.load(requests).parts
        assert [p.status for p in parts] == ["expired" if p.end - p.start > 400 else "completed" for p in parts]
        assert len(parts) >= 2 and parts[0].status == "expired"
        lines = records(answers)
        assert sorted(line["custom_id"] for line in lines) == sorted(r["custom_id"] for r in records(requests))
        assert Counter((line["error"] or {}).get("code") for line in lines)["batch_expired"] > 0
        first = assemble(requests, [answers], results)
        by_id = Counter(r["article_id"] for r in records(results))
        waiting = first.waiting_repairs
        assert len(by_id) + waiting == 1000 and set(by_id.values()) == {1} and waiting > 0
        outcomes = first.summary.outcomes
        assert outcomes["timeout"] > 0 and outcomes["input"] == 4 and outcomes["transport"] >= 4

        # 2. The repairs go in a follow-up batch; assembling again with its answers completes those articles.
        repairs = batch_files.repairs_path(requests)
        assert first.repair_requests == len(records(repairs)) > 0
        assert all(r["custom_id"].endswith(":repair") for r in records(repairs))
        mock.batch_expires_after = None
        repair_answers = run_batch(mock, repairs)
        second = assemble(requests, [answers, repair_answers], results)
        assert second.summary.done == waiting and second.summary.skipped == len(by_id) and not second.waiting_repairs

        # 3. The articles that failed go again, as a second, smaller batch; its answers replace the error records.
        mock.fault_rate = 0.0
        failed = {r["article_id"] for r in records(results) if r["status"] == "error"}
        with Output(results).open() as held, Extractor(settings(), cache=False) as extractor:
            batch_files.prepare(iter_items([str(articles)]), extractor, retry, only=set(held.failed))
        assert {e["id"] for e in batch_files.read_manifest(retry)[1]} == failed
        retry_answers = run_batch(mock, retry)
        third = assemble(retry, [retry_answers], results, retry_failed=True)
        assert third.waiting_repairs  # the retried articles need repairs too: one more follow-up batch
        more = run_batch(mock, batch_files.repairs_path(retry))
        assert not assemble(retry, [retry_answers, more], results).waiting_repairs

    final = records(results)
    assert Counter(r["article_id"] for r in final) == Counter({f"a{i:04d}": 1 for i in range(1000)})
    still = {r["article_id"]: r["error"]["error_class"] for r in final if r["status"] == "error"}
    assert still == {"a0007": "input", "a0257": "input", "a0507": "input", "a0757": "input",
                     "a0008": "transport", "a0258": "transport", "a0508": "transport", "a0758": "transport"}
    repaired = [r for r in final if r["repairs"]]
    assert repaired and all(r["attempts"]["repairs"] == 1 for r in repaired)

    # Each result is the direct pipeline's on the same answers: every article that took another path (repaired,
    # retried, failed) and every tenth of the others (each costs as much as assembling it).
    first_run = Extractor(backend=Replay([requests, repairs], [answers, repair_answers]))
    retry_run = Extractor(backend=Replay([retry, batch_files.repairs_path(retry)], [retry_answers, more]))
    texts = {r["id"]: r["text"] for r in records(articles)}
    ignore = {"latency_s", "backend"}
    retried = {e["id"] for e in batch_files.read_manifest(retry)[1]}
    compared, mismatches = 0, []
    for n, record in enumerate(final):
        if still.get(record["article_id"]) != "input" and (
                record["repairs"] or record["article_id"] in retried or n % 10 == 0):
            compared += 1
            replay = retry_run if record["article_id"] in retried else first_run
            replay.backend.article = record["article_id"]
            direct = replay.process(Article(record["article_id"], texts[record["article_id"]], dt.date(2025, 3, 8)))
            if direct.model_dump(mode="json", exclude=ignore) != {k: v for k, v in record.items() if k not in ignore}:
                mismatches.append(record["article_id"])
    assert compared > 200 and not mismatches


def test_a_batch_the_api_rejects_still_gives_every_request_an_answer_line(tmp_path):
    """A failed batch (here: a repeated custom_id) answers nothing; collect writes an error line for each request,
    so each article still ends as a record."""
    requests = tmp_path / "requests.jsonl"
    line = json.dumps({"custom_id": "a#0", "method": "POST", "url": batch_files.ENDPOINT, "body": {"model": "m"}})
    requests.write_text(line + "\n" + line + "\n")
    with MockServer(ANSWERS) as mock:
        answers = run_batch(mock, requests)
        state = batch_api.State.load(requests)
    assert state.parts[0].status == "failed" and state.parts[0].errors[0]["code"] == "duplicate_custom_id"
    assert [(r["custom_id"], r["error"]["code"]) for r in records(answers)] == [("a#0", "batch_failed")] * 2


def test_answers_from_any_server_map_to_the_errors_they_stand_for():
    ok = {"custom_id": "a#0", "response": {"status_code": 200, "body": {
        "choices": [{"message": {"content": '{"label": "killed"}'}}], "usage": {"prompt_tokens": 9,
                                                                              "completion_tokens": 3}}}}
    parsed = batch_files.completion(ok, MentionLabel)
    assert parsed.parsed.label == "killed" and parsed.usage.prompt_tokens == 9 and parsed.attempts.requests == 1
    failures = [
        ("timeout", {"response": None, "error": {"code": "batch_expired", "message": "late"}}),
        ("rate_limit", {"response": {"status_code": 429, "body": {"error": {"message": "slow down"}}}}),
        ("transport", {"response": {"status_code": 500, "body": {"error": {"message": "boom"}}}}),
        ("invalid_output", {"response": {"status_code": 200, "body": {
            "choices": [{"message": {"content": '{"label": "exploded"}'}}]}}}),
        ("input", {"response": {"status_code": 400, "body": {"error": {
            "message": "This model's maximum context length is 8192 tokens"}}}}),
        # vLLM's run_batch writes a failed request's error as a string, with no body
        ("transport", {"response": {"status_code": 400, "request_id": "r", "body": None},
                       "error": "the model does not exist"}),
    ]
    for error_class, line in failures:
        with pytest.raises(ExtractorError) as caught:
            batch_files.completion({"custom_id": "a#0", **line}, MentionLabel)
        assert caught.value.error_class == error_class, line


def answered_other(path, requests: list[dict], skip: str | None = None):
    """A made-up answers file for these request lines: every mark of each passage labelled other (but `skip`)."""
    def content(request: dict) -> str:
        marks = request["body"]["response_format"]["json_schema"]["schema"]["properties"]
        return json.dumps({m: {"label": "other", "source": "none", "place": "none"} for m in marks if m != skip})
    path.write_text("".join(json.dumps({"custom_id": r["custom_id"], "response": {"status_code": 200, "body": {
        "choices": [{"message": {"content": content(r)}}]}}}) + "\n" for r in requests))
    return path


def test_a_skipped_mark_waits_for_a_follow_up_batch(tmp_path):
    articles = write_articles(tmp_path / "articles.jsonl", 2)
    requests = tmp_path / "requests.jsonl"
    with Extractor(settings(), cache=False) as extractor:
        batch_files.prepare(iter_items([str(articles)]), extractor, requests)
    answers = answered_other(tmp_path / "answers.jsonl", records(requests), skip="1")  # each skips its first mark
    first = assemble(requests, [answers], tmp_path / "results.jsonl")
    follow_up = records(batch_files.repairs_path(requests))
    assert first.waiting_repairs == 2 and follow_up and all(r["custom_id"].endswith(":skipped") for r in follow_up)
    assert all(len(r["body"]["response_format"]["json_schema"]["schema"]["properties"]) == 1 for r in follow_up)
    again = answered_other(tmp_path / "again.jsonl", follow_up)
    second = assemble(requests, [answers, again], tmp_path / "results.jsonl")
    assert second.summary.outcomes == {"ok": 2} and not second.waiting_repairs


def test_answers_to_questions_that_have_changed_are_refused(tmp_path):
    articles = write_articles(tmp_path / "articles.jsonl", 3)
    requests = tmp_path / "requests.jsonl"
    with Extractor(settings(), cache=False) as extractor:
        batch_files.prepare(iter_items([str(articles)]), extractor, requests)
    answers = answered_other(tmp_path / "answers.jsonl", records(requests))
    manifest = batch_files.manifest_path(requests)
    lines = manifest.read_text().splitlines()
    lines[1] = json.dumps({**json.loads(lines[1]), "digest": "0" * 64})  # as if the reader had changed since
    manifest.write_text("\n".join(lines) + "\n")
    done = assemble(requests, [answers], tmp_path / "results.jsonl")
    by_id = {r["article_id"]: r for r in records(tmp_path / "results.jsonl")}
    assert done.summary.outcomes == {"ok": 2, "setup": 1}
    assert "not the ones prepared" in by_id["a0000"]["error"]["message"]


def test_the_commands_from_prepare_to_assemble(tmp_path, monkeypatch):
    monkeypatch.setenv("EXTRACTOR_API_KEY", "mock")
    monkeypatch.chdir(tmp_path)
    write_articles(tmp_path / "articles.jsonl", 20)
    run = lambda *args: CliRunner().invoke(main, ["batch", *args], catch_exceptions=False)  # noqa: E731
    assert run("prepare", "articles.jsonl", "-o", "requests.jsonl").exit_code == 2  # no model named
    prepared = run("prepare", "articles.jsonl", "-o", "requests.jsonl", "--model", "mock")
    assert prepared.exit_code == 0 and "for 20 articles written to requests.jsonl" in prepared.stderr
    assert run("prepare", "articles.jsonl", "-o", "requests.jsonl", "--model", "mock").exit_code == 1  # never over
    assert "has not been submitted" in run("status", "requests.jsonl").stderr
    with MockServer(ANSWERS) as mock:
        assert run("submit", "requests.jsonl", "--base-url", mock.base_url).exit_code == 0
        collected = run("collect", "requests.jsonl", "--wait", "--poll", "0.1")  # the endpoint from the state file
        assert collected.exit_code == 0 and "appended to requests.answers.jsonl" in collected.stderr
        assert "completed" in run("status", "requests.jsonl").stderr
    assembled = run("assemble", "requests.jsonl", "requests.answers.jsonl", "-o", "results.jsonl", "--no-repairs")
    said = " ".join(assembled.stderr.split())
    assert "18 articles assembled, 2 error records" in said and "input 1" in said and "transport 1" in said
    assert assembled.exit_code == 1  # two inputs without a result
    assert sorted(r["article_id"] for r in records(tmp_path / "results.jsonl")) == [f"a{i:04d}" for i in range(20)]
    again = run("assemble", "requests.jsonl", "requests.answers.jsonl", "-o", "results.jsonl", "--no-repairs")
    assert "0 articles assembled; 20 already in the output" in " ".join(again.stderr.split())


def test_collect_killed_after_writing_and_resumed_writes_each_answer_once(tmp_path):
    articles = write_articles(tmp_path / "articles.jsonl", 40)
    requests = tmp_path / "requests.jsonl"
    with Extractor(settings(), cache=False) as extractor:
        batch_files.prepare(iter_items([str(articles)]), extractor, requests)
    with MockServer(ANSWERS) as mock:
        answers = run_batch(mock, requests)
        whole = answers.read_bytes()
        # as a kill leaves it: the lines written, one torn in half, the part not yet marked collected
        answers.write_bytes(whole[:len(whole) * 2 // 3])
        state = batch_api.State.load(requests)
        for part in state.parts:
            part.collected = False
        state.save()
        batch_api.collect(requests, client(mock))
    ids = [r["custom_id"] for r in records(answers)]
    assert len(ids) == len(set(ids)) == len(records(requests))  # each answer once, none lost


def test_a_damaged_state_file_is_one_clear_line(tmp_path):
    requests = tmp_path / "requests.jsonl"
    requests.write_text("")
    state = batch_files.state_path(requests)
    state.write_text('{"requests": "x", "parts": [{"id"')  # truncated
    outcome = CliRunner().invoke(main, ["batch", "status", str(requests)])
    assert outcome.exit_code in (1, 2) and "is damaged" in outcome.output and "Traceback" not in outcome.output
