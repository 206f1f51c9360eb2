"""Service benchmark: `extractor serve` on loopback over the mock model server (each its own process), driven by
this process as the client. Prints:

1. load: C clients in flight on POST /v1/extract for S seconds: requests/s, p50/p95/p99 latency, error rate, the
   service's peak RSS;
2. overhead: /v1/extract one request at a time against the library's own `aextract` on the same mock, p50 each;
3. jobs against the command line: N articles as one job (service -c K) and as `extractor extract -c K`, wall time
   of each and their ratio (model latency L);
4. a 2,000-article job with 10% injected backend faults, the service SIGKILLed at about half and started again:
   lost, duplicated, the job's outcomes, and the service's RSS sampled over the rest of the job.

    .venv/bin/python bench/service.py [--seconds 120] [--clients 64] [--parts 1,2,3,4]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx2

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch import ARTICLE, CLI, mock, write_articles

KEY = "bench-key-0123456789abcdef0123"
HEADERS = {"Authorization": f"Bearer {KEY}"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env(timeout: float = 5.0) -> dict:
    return dict(os.environ, EXTRACTOR_API_KEY="mock", EXTRACTOR_MAX_REPAIRS="0", EXTRACTOR_TRANSPORT_RETRIES="2",
                EXTRACTOR_TIMEOUT=str(timeout), EXTRACTOR_MODEL="mock", EXTRACTOR_API_KEYS=KEY)


class Service:
    """`extractor serve` in a subprocess, on a free loopback port."""

    def __init__(self, base_url: str, db: Path, concurrency: int, *, timeout: float = 5.0):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.command = [*CLI, "serve", "--port", str(self.port), "--db", str(db), "--base-url", base_url,
                        "-c", str(concurrency), "--rate", "0", "--max-queued-jobs", "1000", "--no-cache",
                        "--log-level", "warning"]
        self.environment = env(timeout)
        self.process: subprocess.Popen | None = None

    def start(self) -> Service:
        self.process = subprocess.Popen(self.command, env=self.environment, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx2.get(self.url + "/healthz", headers=HEADERS).status_code == 200:
                    return self
            except httpx2.HTTPError:
                time.sleep(0.1)
        raise SystemExit("the service did not start")

    def rss(self, field: str = "VmRSS") -> int:
        """KiB, from /proc (VmHWM: the peak so far)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
        return 0

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def percentiles(values: list[float]) -> str:
    q = statistics.quantiles(values, n=100, method="inclusive")
    return f"p50 {q[49] * 1000:.1f} ms, p95 {q[94] * 1000:.1f} ms, p99 {q[98] * 1000:.1f} ms"


def text(i: int) -> str:
    return ARTICLE.format(n=20 + i % 50, m=10 + i % 10)


async def load(url: str, clients: int, seconds: float) -> tuple[list[float], Counter]:
    latencies, statuses = [], Counter()
    deadline = time.monotonic() + seconds

    async def client(n: int, http: httpx2.AsyncClient) -> None:
        i = n
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                answer = await http.post("/v1/extract", json={"text": text(i), "id": f"c{i}"}, headers=HEADERS)
                statuses[answer.status_code] += 1
            except httpx2.HTTPError as e:
                statuses[type(e).__name__] += 1
            latencies.append(time.perf_counter() - started)
            i += clients

    limits = httpx2.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx2.AsyncClient(base_url=url, limits=limits, timeout=60) as http:
        await asyncio.gather(*(client(n, http) for n in range(clients)))
    return latencies, statuses


def part_load(work: Path, clients: int, seconds: float) -> None:
    print(f"1. load: {clients} clients in flight on POST /v1/extract for {seconds:.0f} s (mock model, latency 0)")
    with mock(0.0) as url:
        service = Service(url, work / "load.sqlite", concurrency=clients).start()
        try:
            started = time.perf_counter()
            latencies, statuses = asyncio.run(load(service.url, clients, seconds))
            elapsed = time.perf_counter() - started
            peak = service.rss("VmHWM")
        finally:
            service.stop()
    errors = sum(n for status, n in statuses.items() if status != 200)
    print(f"   {len(latencies):,} requests, {len(latencies) / elapsed:.1f}/s; {percentiles(latencies)}; "
          f"errors {errors / len(latencies):.2%} ({dict(statuses)}); service peak RSS {peak / 1024:.0f} MiB")


async def paired_latencies(url: str, service_url: str, n: int) -> tuple[list[float], list[float]]:
    """Each article through the library's aextract and then through POST /v1/extract, in turn, so the machine's
    noise falls on both alike."""
    from extractor import Extractor, Settings

    library, http = [], []
    async with httpx2.AsyncClient(base_url=service_url, headers=HEADERS) as client:
        with Extractor(Settings(base_url=url, model="mock", api_key="mock", max_repairs=0), cache=False) as ex:
            for i in range(n):
                started = time.perf_counter()
                await ex.aextract(text(i), article_id=f"l{i}")
                library.append(time.perf_counter() - started)
                started = time.perf_counter()
                (await client.post("/v1/extract", json={"text": text(i), "id": f"h{i}"})).raise_for_status()
                http.append(time.perf_counter() - started)
            await ex.backend.aclose()
    return library, http


def part_overhead(work: Path, n: int = 300) -> None:
    print(f"2. overhead of POST /v1/extract over the library's aextract, {n} articles through each in turn, one at "
          f"a time (mock model, latency 0)")
    with mock(0.0) as url:
        service = Service(url, work / "overhead.sqlite", concurrency=1).start()
        try:
            library, http = asyncio.run(paired_latencies(url, service.url, n))
        finally:
            service.stop()
    p50 = statistics.median
    print(f"   library {percentiles(library)}")
    print(f"   HTTP    {percentiles(http)}")
    print(f"   overhead at p50: {(p50(http) - p50(library)) * 1000:.1f} ms; median of the pairs' differences "
          f"{p50([h - lib for h, lib in zip(http, library)]) * 1000:.1f} ms")


def wait_done(url: str, location: str, on_poll=None) -> dict:
    while True:
        status = httpx2.get(url + location, headers=HEADERS).json()
        if on_poll:
            on_poll(status)
        if status["state"] in ("done", "cancelled"):
            return status
        time.sleep(0.1)


def submit(url: str, articles: Path) -> str:
    answer = httpx2.post(url + "/v1/jobs", content=articles.read_bytes(), timeout=60,
                         headers={**HEADERS, "Content-Type": "application/x-ndjson"})
    answer.raise_for_status()
    return answer.headers["Location"]


def part_jobs(work: Path, n: int, concurrency: int, latency: float, rounds: int = 3) -> None:
    print(f"3. {n} articles as one job and as `extractor extract -c {concurrency}`, {rounds} rounds in turn "
          f"(mock latency {latency} s; the command line's times include its start, about 2 s)")
    articles = write_articles(work / "jobs.jsonl", n)
    cli, job = [], []
    with mock(latency) as url:
        service = Service(url, work / "jobs.sqlite", concurrency=concurrency).start()
        try:
            for r in range(rounds):
                started = time.perf_counter()
                subprocess.run([*CLI, "extract", str(articles), "-o", str(work / f"cli{r}.out"), "--base-url", url,
                                "-c", str(concurrency), "--no-cache", "--no-show"], check=False, env=env(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                cli.append(time.perf_counter() - started)
                started = time.perf_counter()
                status = wait_done(service.url, submit(service.url, articles))
                job.append(time.perf_counter() - started)
                assert status["done"] == n, status
        finally:
            service.stop()
    fmt = lambda times: ", ".join(f"{t:.1f}" for t in times)
    median = statistics.median
    print(f"   command line {fmt(cli)} s; service job {fmt(job)} s; medians {n / median(cli):.1f} and "
          f"{n / median(job):.1f} articles/s; job / command line (time) {median(job) / median(cli):.2f}")


def kill_and_restart(work: Path, n: int = 2000, concurrency: int = 16) -> None:
    print(f"4. a {n}-article job, 10% injected faults, the service SIGKILLed at about half and started again")
    articles = write_articles(work / "kill.jsonl", n)
    db = work / "kill.sqlite"
    with mock(0.01, fault_rate=0.10, hang=2.0) as url:
        service = Service(url, db, concurrency, timeout=1.0).start()
        location = submit(service.url, articles)
        while True:
            status = httpx2.get(service.url + location, headers=HEADERS).json()
            if status["done"] + status["failed"] >= n // 2:
                break
            time.sleep(0.05)
        service.kill()
        service = Service(url, db, concurrency, timeout=1.0).start()
        at_restart = httpx2.get(service.url + location, headers=HEADERS).json()
        samples: list[int] = []
        final = wait_done(service.url, location, on_poll=lambda s: samples.append(service.rss()))
        records = [json.loads(line) for line in httpx2.get(service.url + location + "/results", headers=HEADERS,
                                                            timeout=60).text.splitlines()]
        service.stop()
    counts = Counter(r["article_id"] for r in records)
    ids = [f"a{i:05d}" for i in range(n)]
    outcomes = Counter("ok" if r["status"] == "ok" else r["error"]["error_class"] for r in records)
    print(f"   at the kill: {status['done'] + status['failed']} records; after the restart "
          f"{at_restart['done'] + at_restart['failed']} (none lost, in-flight ones pending again)")
    print(f"   finished: {len(records)} records for {n} articles; lost {sum(i not in counts for i in ids)}, "
          f"duplicated {sum(c > 1 for c in counts.values())}; state {final['state']}")
    print(f"   outcomes: {dict(outcomes)}; tokens {final['usage']['total_tokens']:,}")
    if samples:
        print(f"   service RSS over the rest of the job: {min(samples) / 1024:.0f}–{max(samples) / 1024:.0f} MiB "
              f"({len(samples)} samples)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120.0, help="length of the load test")
    parser.add_argument("--clients", type=int, default=64, help="clients in flight in the load test")
    parser.add_argument("--articles", type=int, default=300, help="articles in the job-against-CLI comparison")
    parser.add_argument("--concurrency", type=int, default=16, help="-c of the comparison and the kill test")
    parser.add_argument("--latency", type=float, default=0.05, help="mock model latency in the comparison")
    parser.add_argument("--parts", default="1,2,3,4")
    args = parser.parse_args()
    parts = {int(p) for p in args.parts.split(",")}
    work = Path(tempfile.mkdtemp(prefix="extractor-service-bench-"))
    if 1 in parts:
        part_load(work, args.clients, args.seconds)
    if 2 in parts:
        part_overhead(work)
    if 3 in parts:
        part_jobs(work, args.articles, args.concurrency, args.latency)
    if 4 in parts:
        kill_and_restart(work, concurrency=args.concurrency)
    print(f"   (work files in {work})")


if __name__ == "__main__":
    main()
