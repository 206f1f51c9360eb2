"""Hostile load on one service: six requests of one long sentence each (28 KB of clauses joined by commas, the input
that once locked the service for minutes) sent beside a stream of ordinary requests, against the same stream alone.
Prints the ordinary requests' p50/p99 latency both ways, their ratio (target ≤ 3), the hostile requests' times, and
the service's peak RSS. One `extractor serve --no-model -c 2` on loopback; bounded in requests and time.

    .venv/bin/python bench/hostile.py [--ordinary 60] [--hostile 6] [--kb 28]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx2

ORDINARY = "Russia launched 48 drones overnight; air defences shot down 30 of them. Two people were injured in Odesa."
CLAUSES = ["3 civilians were killed in Kharkiv", "Russia launched 12 drones over Odesa",
           "two people were injured near Izium", "the air force said 5 missiles were shot down in Kyiv"]


def sentence(size: int) -> str:
    text, i = "", 0
    while len(text) < size:
        text += (", " if text else "") + CLAUSES[i % len(CLAUSES)]
        i += 1
    return text + "."


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def peak_rss_mib(pid: int) -> float:
    """Peak RSS of a process and its children (the service's parse worker among them)."""
    total = 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            total += int(line.split()[1]) / 1024
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            total += peak_rss_mib(int(child))
    return total


def timed_post(url: str, text: str, timeout: float = 120) -> float:
    started = time.perf_counter()
    answer = httpx2.post(url + "/v1/extract", json={"text": text}, timeout=timeout)
    assert answer.status_code in (200, 503), answer.text[:200]
    return time.perf_counter() - started


def ordinary_stream(url: str, n: int, gap: float = 0.05) -> list[float]:
    """n ordinary requests, one at a time with a short gap: a steady user of the service."""
    times = []
    for _ in range(n):
        times.append(timed_post(url, ORDINARY))
        time.sleep(gap)
    return times


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ordinary", type=int, default=60)
    parser.add_argument("--hostile", type=int, default=6)
    parser.add_argument("--kb", type=float, default=28)
    args = parser.parse_args()
    port, db = free_port(), Path(tempfile.mkdtemp()) / "jobs.sqlite"
    server = subprocess.Popen([sys.executable, "-m", "extractor.cli", "serve", "--no-model", "-c", "2", "--port",
                               str(port), "--db", str(db), "--log-level", "warning"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "EXTRACTOR_API_KEYS": ""})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx2.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx2.TransportError:
                time.sleep(0.2)
        timed_post(url, ORDINARY)  # warm: the parser loaded
        alone = ordinary_stream(url, args.ordinary)
        long_text = sentence(int(args.kb * 1000))
        with concurrent.futures.ThreadPoolExecutor(args.hostile + 1) as pool:
            hostile = [pool.submit(timed_post, url, long_text) for _ in range(args.hostile)]
            time.sleep(0.2)  # the long ones are in before the stream starts
            beside = pool.submit(ordinary_stream, url, args.ordinary).result()
            hostile_times = [h.result() for h in hostile]
        rss = peak_rss_mib(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"ordinary requests alone:          p50 {p(alone, 50) * 1000:7.1f} ms  p99 {p(alone, 99) * 1000:7.1f} ms")
    print(f"beside {args.hostile} x {args.kb:g} KB sentences:   p50 {p(beside, 50) * 1000:7.1f} ms  "
          f"p99 {p(beside, 99) * 1000:7.1f} ms")
    print(f"p99 ratio (target ≤ 3): {p(beside, 99) / p(alone, 99):.2f}")
    print(f"hostile requests: {min(hostile_times):.1f}–{max(hostile_times):.1f} s each (the first starts the parse "
          f"worker); service peak RSS, its worker included: {rss:.0f} MiB (-c 2)")


if __name__ == "__main__":
    main()
