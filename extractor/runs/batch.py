"""Batch runs that never lose an article: bounded async concurrency, streamed input, results appended as they
finish (each line whole), resume, and a summary.

Every input ends as exactly one line of the output: a result or an error record. Running the same command again
skips what the output already holds; `retry_failed` first drops the error records (rewriting the file atomically)
and redoes those articles. A line torn by a crash is cut off on resume and its article redone."""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable, Iterable

from pydantic import ValidationError

from ..runs.inputs import Item
from ..pipeline import Article, Extractor
from ..schemas import Result, Usage

# US dollars per million tokens (input, output). Override or extend with a TOML file: [models."name"] input = …,
# output = …. Prices change: check your provider's page.
DEFAULT_PRICES = {
    "qwen2.5-coder-1.5b-instruct-q4_k_m": (0.0, 0.0),  # the embedded model: free, local
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1-mini": (0.40, 1.60),
}


def load_prices(path: str | Path | None) -> dict[str, tuple[float, float]]:
    prices = dict(DEFAULT_PRICES)
    if path:
        table = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        for model, entry in table.get("models", {}).items():
            prices[model] = (float(entry["input"]), float(entry["output"]))
    return prices


@dataclass
class Summary:
    outcomes: Counter = field(default_factory=Counter)  # "ok", or the error class
    skipped: int = 0  # already in the output
    duplicate_inputs: int = 0  # an id seen earlier in this run
    usage: Usage = field(default_factory=Usage)
    latencies: list[float] = field(default_factory=list)
    cache_hits: int = 0
    interrupted: bool = False
    started: float = field(default_factory=time.perf_counter)

    @property
    def done(self) -> int:
        return sum(self.outcomes.values())

    @property
    def failed(self) -> int:
        return self.done - self.outcomes["ok"]

    def add(self, result: Result) -> None:
        self.outcomes["ok" if result.status == "ok" else result.error.error_class] += 1
        self.usage = self.usage + result.usage
        self.cache_hits += result.attempts.cache_hits
        if result.latency_s is not None:
            self.latencies.append(result.latency_s)

    def cost(self, model: str, prices: dict[str, tuple[float, float]]) -> float | None:
        if model not in prices:
            return None
        per_input, per_output = prices[model]
        return (self.usage.prompt_tokens * per_input + self.usage.completion_tokens * per_output) / 1e6

    def latency(self, q: float) -> float | None:
        if not self.latencies:
            return None
        if len(self.latencies) == 1:
            return self.latencies[0]
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[int(q * 100) - 1]


class Output:
    """The JSONL output: what it already holds, and appending whole lines."""

    def __init__(self, path: str | Path | None, stream: IO[str] | None = None):
        self.path = Path(path) if path else None
        self.stream = stream
        self.ok: set[str] = set()
        self.failed: set[str] = set()
        self._fd: int | None = None

    def open(self, retry_failed: bool) -> "Output":
        if self.path is None:
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.exists():
            self._recover(retry_failed)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        return self

    def _recover(self, retry_failed: bool) -> None:
        data = self.path.read_bytes()
        keep, good_end, offset = [], 0, 0
        for line in data.splitlines(keepends=True):
            offset += len(line)
            if not line.endswith(b"\n"):
                break  # torn by a crash: cut off, the article is redone
            try:
                result = Result.model_validate_json(line)
            except ValidationError:
                break
            good_end = offset
            if result.status == "ok":
                self.ok.add(result.article_id)
            elif retry_failed:
                continue
            else:
                self.failed.add(result.article_id)
            keep.append(line)
        if retry_failed or good_end < len(data):
            # Rewrite atomically: a crash leaves either the old file or the new one, never half of each.
            temporary = self.path.with_name(self.path.name + ".tmp")
            temporary.write_bytes(b"".join(keep))
            os.replace(temporary, self.path)

    def holds(self, article_id: str) -> bool:
        return article_id in self.ok or article_id in self.failed

    def append(self, result: Result) -> None:
        line = result.model_dump_json() + "\n"
        if self._fd is not None:
            os.write(self._fd, line.encode("utf-8"))  # one write of the whole line, straight to the file
        else:
            self.stream.write(line)
            self.stream.flush()

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


async def run(items: Iterable[Item], extractor: Extractor, output: Output, *, concurrency: int = 4,
              on_result: Callable[[Result], None] | None = None, summary: Summary | None = None) -> Summary:
    """Extract every item with at most `concurrency` articles in flight; the items are read as they are needed,
    so memory stays flat however many there are. Pass `summary` to keep the counts when the run is interrupted."""
    summary = summary if summary is not None else Summary()
    seen: set[str] = set()
    slots = asyncio.Semaphore(concurrency)
    in_flight: set[asyncio.Task] = set()

    async def one(item: Item) -> None:
        try:
            if item.error is not None:
                result = extractor.error_result(Article(item.article_id, ""), item.error)
                result.text_sha256 = None
            else:
                result = await extractor.aprocess(item.article)
            output.append(result)
            summary.add(result)
            if on_result:
                on_result(result)
        finally:
            slots.release()

    try:
        for item in items:
            if output.holds(item.article_id):
                summary.skipped += 1
                continue
            if item.article_id in seen:
                summary.duplicate_inputs += 1
                print(f"extractor: skipping a second input with id {item.article_id!r}", file=sys.stderr)
                continue
            seen.add(item.article_id)
            await slots.acquire()
            task = asyncio.create_task(one(item))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)
        await asyncio.gather(*in_flight)
    except asyncio.CancelledError:
        summary.interrupted = True
        for task in in_flight:
            task.cancel()
        await asyncio.gather(*in_flight, return_exceptions=True)
        raise
    finally:
        await extractor.backend.aclose()
    return summary
