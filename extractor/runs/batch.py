"""Batch runs that never lose an article: bounded async concurrency, streamed input, results appended as they
finish (each line whole, extractor.runs.outputs), resume, and a summary.

Every input ends as exactly one line of the output: a result or an error record. Running the same command again
skips what the output already holds; `retry_failed` first drops the error records and redoes those articles. An
input whose id repeats an earlier one becomes an error record under its own place (`file:line`), naming the first."""

from __future__ import annotations

import asyncio
import statistics
import time
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from ..pipeline import Article, Extractor
from ..schemas import Result, Usage
from .inputs import FirstSeen, Item
from .outputs import Output

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
    skipped_failures: int = 0  # of those, error records kept from an earlier run (still without a result)
    duplicate_inputs: int = 0  # an id seen earlier in this run (each one an error record)
    undated: int = 0  # results of articles with no publication date (their relative dates stay empty)
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

    @property
    def without_result(self) -> int:
        """Inputs that end this run with no result: this run's error records and those kept from before."""
        return self.failed + self.skipped_failures

    def add(self, result: Result) -> None:
        self.outcomes["ok" if result.status == "ok" else result.error.error_class] += 1
        self.undated += result.status == "ok" and result.published is None
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


async def run(items: Iterable[Item], extractor: Extractor, output: Output, *, concurrency: int = 4,
              on_result: Callable[[Result], None] | None = None, summary: Summary | None = None) -> Summary:
    """Extract every item with at most `concurrency` articles in flight; the items are read as they are needed,
    so memory stays flat however many there are. Pass `summary` to keep the counts when the run is interrupted."""
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    summary = summary if summary is not None else Summary()
    seen = FirstSeen()
    slots = asyncio.Semaphore(concurrency)
    in_flight: set[asyncio.Task] = set()

    def record(result: Result) -> None:
        output.append(result)
        summary.add(result)
        if on_result:
            on_result(result)

    async def one(item: Item) -> None:
        try:
            if item.error is not None:
                record(extractor.error_result(Article(item.article_id, ""), item.error))
            else:
                record(await extractor.aprocess(item.article))
        finally:
            slots.release()

    try:
        for item in items:
            if (repeat := seen.repeat(item)) is not None:
                summary.duplicate_inputs += 1
                if output.holds(item.where):
                    summary.skipped += 1
                    continue
                record(extractor.error_result(Article(item.where, ""), repeat))
                continue
            if output.holds(item.article_id):
                summary.skipped += 1
                summary.skipped_failures += item.article_id in output.failed
                continue
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
