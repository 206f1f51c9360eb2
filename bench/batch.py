"""Batch benchmark against the mock server (a separate process on loopback, so it does not share our GIL):

1. throughput at concurrency 1, 4, 16 and 64 with a fixed model latency L, as a ratio to the ideal c/(kL), where k is
   the questions one article needs (one per count; they are asked in turn, so an article takes k·L at best);
2. the pipeline's own cost per article, with no model latency at all;
3. peak memory for 1,000 and 10,000 articles (flat means the same);
4. a 10,000-article run with 10% injected faults, killed with SIGKILL half way and resumed with the same command:
   articles lost, duplicated and redone.

    .venv/bin/python bench/batch.py [--latency 1.0] [--articles 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "extractor.cli"]
ARTICLE = ("Russia attacked the region overnight with {n} drones and three missiles, the air force said. "
           "Air defences destroyed {m} of the drones. Two people were injured, officials said.")


@contextmanager
def mock(latency: float, fault_rate: float = 0.0, hang: float = 2.0):
    process = subprocess.Popen([sys.executable, "-m", "extractor.testing.mock_server", "--cassettes",
                                str(ROOT / "cassettes"),
                                "--latency", str(latency), "--fault-rate", str(fault_rate), "--hang", str(hang)],
                               stdout=subprocess.PIPE, text=True)
    try:
        yield process.stdout.readline().strip()
    finally:
        process.kill()
        process.wait()


def write_articles(path: Path, n: int) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"id": f"a{i:05d}", "text": ARTICLE.format(n=20 + i % 50, m=10 + i % 10)}) + "\n")
    return path


def extract(base_url: str, articles: Path, output: Path, concurrency: int, *, timeout: float = 5.0,
            extra: tuple[str, ...] = ()) -> subprocess.Popen:
    env = dict(os.environ, EXTRACTOR_API_KEY="mock", EXTRACTOR_MAX_REPAIRS="0", EXTRACTOR_TRANSPORT_RETRIES="2",
               EXTRACTOR_TIMEOUT=str(timeout), EXTRACTOR_MODEL="mock")
    return subprocess.Popen([*CLI, "extract", str(articles), "-o", str(output), "--base-url", base_url,
                             "-c", str(concurrency), "--no-cache", "--no-show", *extra],
                            env=env, stdout=subprocess.DEVNULL, stderr=open(output.with_suffix(".log"), "w"))


def timed_run(base_url: str, articles: Path, output: Path, concurrency: int) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one extract run."""
    output.unlink(missing_ok=True)
    started = time.perf_counter()
    process = extract(base_url, articles, output, concurrency)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"extract failed: see {output.with_suffix('.log')}")
    return elapsed, usage.ru_maxrss


def lines(path: Path) -> list[dict]:
    records = []
    for line in path.read_bytes().splitlines(keepends=True):
        if line.endswith(b"\n"):
            records.append(json.loads(line))
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=4.0, help="the mock model's latency L in seconds")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--parts", default="1,2,3,4", help="which measurements to run, e.g. 1 or 1,2")
    args = parser.parse_args()
    parts = {int(p) for p in args.parts.split(",")}
    work = Path(tempfile.mkdtemp(prefix="extractor-bench-"))
    L = args.latency

    if 1 in parts:
        throughput(work, L)
    if parts & {2, 3}:
        overhead_and_memory(work, args.articles, parts)
    if 4 in parts:
        kill_and_resume(work, args.articles)
    print(f"   (work files in {work})")


def throughput(work: Path, L: float) -> None:
    from extractor.reading.mentions import candidates

    k = len(candidates(ARTICLE.format(n=20, m=10)))
    print(f"1. throughput with model latency L = {L} s per request, k = {k} requests per article (mock, loopback)")
    with mock(L) as url:
        for c in (1, 4, 16, 64):
            n = 16 * c
            elapsed, _ = timed_run(url, write_articles(work / f"t{c}.jsonl", n), work / f"t{c}.out", c)
            rate, ideal = n / elapsed, c / (k * L)
            print(f"   c={c:<3} {n:>4} articles in {elapsed:6.2f} s: {rate:6.2f}/s, ideal {ideal:6.2f}/s, "
                  f"ratio {rate / ideal:.2f}")



def overhead_and_memory(work: Path, articles: int, parts: set[int]) -> None:
    with mock(0.0) as url:
        if 2 in parts:
            print("2. the pipeline's own cost per article (model latency 0, concurrency 1, 300 articles)")
            small = write_articles(work / "o.jsonl", 300)
            elapsed, _ = timed_run(url, small, work / "o.out", 1)
            print(f"   {elapsed / 300 * 1000:.1f} ms per article, process start included "
                  f"({elapsed:.1f} s for 300)")
        if 3 in parts:
            print("3. peak memory (RSS) of the extract process, concurrency 64, model latency 0")
            for n in (1_000, articles):
                elapsed, rss = timed_run(url, write_articles(work / f"m{n}.jsonl", n), work / f"m{n}.out", 64)
                print(f"   {n:>6} articles: peak {rss / 1024:.0f} MiB ({elapsed:.0f} s)")


def kill_and_resume(work: Path, n: int) -> None:
    print(f"4. {n} articles, 10% injected faults, SIGKILL half way, then the same command again")
    articles, output = write_articles(work / "k.jsonl", n), work / "k.out"
    ids = [f"a{i:05d}" for i in range(n)]
    with mock(0.01, fault_rate=0.10, hang=2.0) as url:
        process = extract(url, articles, output, 64, timeout=1.0)
        while not output.exists() or len(output.read_bytes().splitlines()) < n // 2:
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait()
        at_kill = lines(output)
        torn = not output.read_bytes().endswith(b"\n")
        resumed = extract(url, articles, output, 64, timeout=1.0)
        resumed.wait()
        final = lines(output)
    counts = Counter(r["article_id"] for r in final)
    before = {r["article_id"] for r in at_kill}
    redone = [r for r in final[len(at_kill):] if r["article_id"] in before]
    outcomes = Counter("ok" if r["status"] == "ok" else r["error"]["error_class"] for r in final)
    print(f"   at the kill: {len(at_kill)} records" + (" and a torn last line (cut on resume)" if torn else ""))
    print(f"   after resume: {len(final)} records for {n} inputs; lost {sum(1 for i in ids if i not in counts)}, "
          f"duplicated {sum(1 for c in counts.values() if c > 1)}, completed-then-redone {len(redone)}")
    print(f"   outcomes: {dict(outcomes)}")


if __name__ == "__main__":
    main()
