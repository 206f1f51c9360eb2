"""Past one machine: figures for the README's cluster plan and Batch API cost table.

1. `--engine ray` throughput with 1, 2 and 4 mock endpoints (separate processes on loopback, a fixed latency L per
   request), as a ratio to the ideal E·c/(k·L) articles a second: E endpoints, c articles in flight per endpoint, k
   questions per article asked in turn. Measured from the first result to the last (Ray's start-up apart).
2. The batch-file path on one core: `batch prepare` and `batch assemble` articles a second.
3. What an article costs, measured on the corpus (../shared/corpus, read in place): questions per article, and
   tokens per question (the prompts' characters at the tokens-per-character the recorded cassettes show).
4. A simulated cluster plan: articles an hour on N GPU endpoints, from (3), an assumed GPU server (flags; no GPU
   here) and the Ray scaling measured in (1).
5. The Batch API's cost per 1,000 articles: list prices (editable: --prices TOML, US$ per million tokens, as for
   `extractor extract --prices`) at the Batch API's half price.

    .venv/bin/python bench/scale.py [--latency 2.0] [--concurrency 16] [--parts 1,2,3,4,5]
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
ARTICLE = ("Russia attacked the region overnight with {n} drones and three missiles, the air force said. "
           "Air defences destroyed {m} of the drones. Two people were injured, officials said.")
# List prices, US$ per million tokens (input, output), checked for this table; the Batch API charges half.
# Prices change: pass --prices with your own (the same TOML as `extractor extract --prices`).
LIST_PRICES = {
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4o": (2.50, 10.00),
}
BATCH_DISCOUNT = 0.5


@contextmanager
def mocks(count: int, latency: float):
    """`count` mock servers, each its own process (so they do not share the driver's GIL)."""
    with ExitStack() as stack:
        urls = []
        for _ in range(count):
            process = subprocess.Popen([sys.executable, "-m", "extractor.testing.mock_server", "--latency", str(latency)],
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            stack.callback(process.wait)
            stack.callback(process.kill)
            urls.append(process.stdout.readline().strip())
        yield urls


def write_articles(path: Path, n: int, first: int = 0) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for i in range(first, first + n):
            f.write(json.dumps({"id": f"a{i:06d}", "text": ARTICLE.format(n=20 + i % 50, m=10 + i % 10)}) + "\n")
    return path


def ray_throughput(work: Path, latency: float, concurrency: int, seconds: float) -> float | None:
    import ray

    from extractor.reading.mentions import candidates
    from extractor.runs import ray_engine
    from extractor.settings import Settings

    k = len(candidates(ARTICLE.format(n=20, m=10)))
    print(f"1. --engine ray, mock endpoints with latency L = {latency} s, c = {concurrency} articles in flight per "
          f"endpoint, k = {k} questions per article (Ray local, {ray_engine.ACTOR_CPUS} CPU per actor)")
    ray.init(address="local", include_dashboard=False, logging_level=logging.WARNING)
    settings = Settings(model="mock", api_key="mock", max_repairs=0)
    ratio = None
    try:
        for count in (1, 2, 4):
            ideal = count * concurrency / (k * latency)
            n = max(2 * count * concurrency, int(ideal * seconds))
            articles = write_articles(work / f"ray{count}.jsonl", n, first=count * 1_000_000)
            stamps: list[tuple[float, float]] = []  # (when a result came, how long its article took)

            def stamp(result, stamps=stamps):
                stamps.append((time.perf_counter(), result.latency_s or 0.0))

            with mocks(count, latency) as urls, ray_engine.Parts(work / f"ray{count}").open() as parts:
                started = time.perf_counter()
                ray_engine.run([str(articles)], parts, settings, endpoints=urls, concurrency=concurrency,
                               on_result=stamp)
            # The work began when the first article to finish was started (Ray's start-up before it is not counted).
            began = stamps[0][0] - stamps[0][1]
            rate = n / (stamps[-1][0] - began)
            ratio = rate / ideal
            print(f"   {count} endpoint(s): {n} articles, {stamps[-1][0] - started:5.1f} s wall "
                  f"({began - started:4.1f} s of Ray start-up); {rate:6.2f} articles/s, ideal {ideal:6.2f}/s, "
                  f"ratio {ratio:.2f}")
    finally:
        ray.shutdown()
    return ratio


def batch_path_rates(work: Path, n: int = 500) -> None:
    from extractor.pipeline import Extractor
    from extractor.runs import batch_files
    from extractor.runs.inputs import iter_items
    from extractor.runs.outputs import Output
    from extractor.settings import Settings

    print(f"2. the batch-file path on one core ({n} articles)")
    articles, requests = write_articles(work / "b.jsonl", n), work / "requests.jsonl"
    with Extractor(Settings(model="m"), cache=False) as extractor:
        started = time.perf_counter()
        prepared = batch_files.prepare(iter_items([str(articles)]), extractor, requests)
        prepare_s = time.perf_counter() - started
    answers = work / "answers.jsonl"
    body = {"choices": [{"message": {"content": '{"label": "other"}'}}], "usage": {"prompt_tokens": 800,
                                                                                 "completion_tokens": 7}}
    with open(answers, "w") as out, open(requests) as lines:
        for line in lines:  # every question answered "other" by a stand-in for the Batch API
            out.write(json.dumps({"custom_id": json.loads(line)["custom_id"],
                                  "response": {"status_code": 200, "body": body}}) + "\n")
    with Output(work / "results.jsonl").open() as results, Extractor(Settings(model="m", max_repairs=0),
                                                                      cache=False) as extractor:
        started = time.perf_counter()
        batch_files.assemble(requests, [answers], extractor, results)
        assemble_s = time.perf_counter() - started
    size = requests.stat().st_size / prepared.requests
    print(f"   prepare {n / prepare_s:6.1f} articles/s ({prepared.requests / n:.1f} requests an article, "
          f"{size / 1024:.1f} KiB each); assemble {n / assemble_s:6.1f} articles/s")


def measured_costs() -> tuple[float, float, float, float]:
    """(questions per article, prompt tokens per question, of which the unshared tail, output tokens per question)."""
    from extractor.pipeline import Article, Extractor
    from extractor.settings import Settings

    chars = tokens = outputs = answers = 0
    for path in sorted((ROOT / "cassettes").rglob("*.yaml")):
        for interaction in yaml.safe_load(path.read_text(encoding="utf-8")).get("interactions", []):
            try:
                body = json.loads(interaction["response"]["body"]["string"])
                request = json.loads(interaction["request"]["body"])
            except (KeyError, TypeError, ValueError):
                continue
            if '"label"' in (body["choices"][0]["message"].get("content") or ""):
                chars += sum(len(m["content"]) for m in request["messages"])
                tokens += body["usage"]["prompt_tokens"]
                outputs += body["usage"]["completion_tokens"]
                answers += 1
    per_char = tokens / chars
    articles = sorted(CORPUS.glob("*.txt"))
    questions, prompt, tail = [], [], []
    with Extractor(Settings(model="m"), cache=False) as extractor:
        for path in articles:
            plan = extractor.plan(Article(path.stem, path.read_text(encoding="utf-8")))
            questions.append(len(plan.questions))
            for q in plan.questions:
                prompt.append(sum(len(m["content"]) for m in q.messages) * per_char)
                tail.append(len(q.messages[-1]["content"]) * per_char)
    k, p, t, o = statistics.mean(questions), statistics.mean(prompt), statistics.mean(tail), outputs / answers
    print(f"3. an article of the corpus ({len(articles)} articles): {k:.1f} questions; a question {p:,.0f} prompt "
          f"tokens (the shared instructions and examples, then {t:,.0f} of its own) and {o:.1f} output tokens "
          f"({tokens / answers:,.0f} prompt tokens per recorded question, {per_char:.3f} tokens a character)")
    return k, p, t, o


def cluster_plan(k: float, tail: float, output: float, efficiency: float, prefill: float, decode: float) -> None:
    """Articles an hour for N GPU endpoints. A GPU server with prefix caching reads the shared prompt once, then
    per question only its own tail (prefill) and writes its answer (decode, batched across requests)."""
    gpu_s = tail / prefill + output / decode  # GPU-seconds a question, batched
    per_endpoint = 3600 / (k * gpu_s)
    print(f"4. cluster plan (assumed GPU server: prefill {prefill:,.0f} and decode {decode:,.0f} tokens/s with prefix "
          f"caching, so {per_endpoint:,.0f} articles/hour an endpoint; Ray scaling {efficiency:.2f} of ideal, as "
          f"measured in 1.)")
    print("   | GPU endpoints | articles/hour | articles/day | 1M articles take |")
    print("   |---|---|---|---|")
    for n in (1, 2, 4, 8, 16, 32):
        rate = n * per_endpoint * efficiency
        print(f"   | {n} | {rate:,.0f} | {rate * 24:,.0f} | {1e6 / rate:,.1f} h |")
    print(f"   (-c must keep each endpoint busy: c ≥ {per_endpoint / 3600 * k:,.1f} × the seconds a question takes "
          f"under load)")


def batch_costs(k: float, prompt: float, output: float, prices_path: str | None) -> None:
    from extractor.runs.batch import load_prices

    prices = {**LIST_PRICES, **(load_prices(prices_path) if prices_path else {})}
    print(f"5. Batch API cost per 1,000 articles ({k:.1f} questions of {prompt:,.0f} prompt + {output:.1f} output "
          f"tokens; the Batch API bills the whole prompt of every request, at half the list price)")
    print("   | model | list price in / out (US$ per M tokens) | per 1,000 articles, Batch API | the same, direct |")
    print("   |---|---|---|---|")
    for model, (per_in, per_out) in sorted(prices.items(), key=lambda kv: kv[1]):
        if per_in == per_out == 0:
            continue
        direct = 1000 * k * (prompt * per_in + output * per_out) / 1e6
        print(f"   | {model} | {per_in:.2f} / {per_out:.2f} | ${direct * BATCH_DISCOUNT:,.2f} | ${direct:,.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=2.0, help="the mock endpoints' latency L, seconds a request")
    parser.add_argument("--concurrency", "-c", type=int, default=16, help="articles in flight per endpoint")
    parser.add_argument("--seconds", type=float, default=45.0, help="how long each throughput run lasts at ideal")
    parser.add_argument("--prefill", type=float, default=8000.0, help="assumed GPU prefill tokens a second")
    parser.add_argument("--decode", type=float, default=1500.0, help="assumed GPU decode tokens a second, batched")
    parser.add_argument("--prices", help="TOML price table: [models.\"name\"] input = …, output = … (US$/M tokens)")
    parser.add_argument("--parts", default="1,2,3,4,5", help="which measurements to run, e.g. 3,4,5")
    args = parser.parse_args()
    parts = {int(p) for p in args.parts.split(",")}
    work = Path(tempfile.mkdtemp(prefix="extractor-scale-"))
    efficiency = ray_throughput(work, args.latency, args.concurrency, args.seconds) if 1 in parts else None
    if 2 in parts:
        batch_path_rates(work)
    if parts & {3, 4, 5}:
        k, prompt, tail, output = measured_costs()
        if 4 in parts:
            cluster_plan(k, tail, output, efficiency or 0.8, args.prefill, args.decode)
        if 5 in parts:
            batch_costs(k, prompt, output, args.prices)
    print(f"   (work files in {work})")


if __name__ == "__main__":
    main()
