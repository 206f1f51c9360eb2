"""Batch runs that never lose an article: bounded async concurrency, streamed input, results appended as they
finish (each line whole, extractor.runs.outputs), resume, and a summary.

Every input ends as exactly one line of the output: a result or an error record. Running the same command again
skips what the output already holds; `retry_failed` first drops the error records and redoes those articles. An
input whose id repeats an earlier one becomes an error record under its own place (`file:line`), naming the first."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import statistics
import time
import tomllib
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from ..errors import ExtractorError
from ..pipeline import Article, Extractor
from ..reading.parse import KEPT_TOGETHER, fits_together, parse_together
from ..schemas import Result, Usage
from ..settings import Settings
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


# Code alone is CPU work, and threads share one interpreter lock: a run without a model of more than this many
# articles reads them all in worker processes, one per core (a short run does not wait for them to start; a long one
# does not parse its first few here while the workers start, on the cores they need).
POOL_AFTER = 8
# A worker's batch is smaller than one process's: the workers finish together, and the first results come early
# (batches of 32 left one worker reading its last while the other idled, and made two workers slower than with 8).
TO_A_WORKER = 8


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class CodeHere:
    """Code alone in this process, as the pool reads in its workers: a few articles at a time, parsed in one
    nlp.pipe batch (a fifth less parsing than one article at a time), one batch at a time (each doc stays in the
    parse cache until read, and threads would only contend for the interpreter's lock)."""

    def __init__(self, extractor: Extractor):
        self.extractor = extractor
        self._one_at_a_time = asyncio.Lock()

    async def process(self, articles: list[Article]) -> list[Result]:
        async with self._one_at_a_time:
            return await asyncio.to_thread(_read_together, self.extractor, articles)

    def close(self, wait: bool = True) -> None:
        pass


class CodePool:
    """Worker processes that read articles with code alone, each with its own Extractor (spawned, not forked: the
    run has threads, and a fork would copy their held locks). A few articles go to a worker together, parsed in one
    nlp.pipe batch."""

    def __init__(self, settings: Settings, workers: int):
        self.workers = workers
        self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_start_worker, initargs=(settings,))

    async def process(self, articles: list[Article]) -> list[Result]:
        lines = await asyncio.get_running_loop().run_in_executor(self._pool, _process_here, articles)
        return [Result.model_validate_json(line) for line in lines]

    def close(self, wait: bool = True) -> None:
        """Stop the workers: at a run's end, wait for them to exit (left to the interpreter's exit, the pool's own
        clean-up thread could die with a traceback there); on an interrupted run, do not wait."""
        self._pool.shutdown(wait=wait, cancel_futures=True)


_here: Extractor | None = None  # a worker process's own


def _start_worker(settings: Settings) -> None:
    global _here
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the run's to handle: it stops the pool
    _here = Extractor(settings, cache=False)


def _process_here(articles: list[Article]) -> list[str]:
    return [result.model_dump_json() for result in _read_together(_here, articles)]


def _read_together(extractor: Extractor, articles: list[Article]) -> list[Result]:
    readable = [a.text for a in articles if isinstance(a.text, str) and a.text.strip()
                and len(a.text) <= extractor.settings.max_chars]  # the others end as error records, unparsed
    parse_together(readable)
    return [extractor.process(article) for article in articles]


async def run(items: Iterable[Item], extractor: Extractor, output: Output, *, concurrency: int = 4,
              on_result: Callable[[Result], None] | None = None, summary: Summary | None = None,
              workers: int | None = None) -> Summary:
    """Extract every item with at most `concurrency` articles in flight; the items are read as they are needed,
    so memory stays flat however many there are. Pass `summary` to keep the counts when the run is interrupted.
    Without a model, a run reads a few articles at a time, parsed together: with one worker in this process (CodeHere),
    else, past POOL_AFTER articles, all in `workers` processes (default: one per core), two batches in flight for
    each."""
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    workers = cores() if workers is None else workers
    pooled = not extractor.use_model and workers > 1
    batch_run = _Run(extractor, output, summary if summary is not None else Summary(), on_result,
                     max(concurrency, 2 * workers) if pooled else concurrency)
    if not extractor.use_model and not pooled:
        batch_run.pool = CodeHere(extractor)
    try:
        await batch_run.feed(items, workers if pooled else 0)
    except asyncio.CancelledError:
        batch_run.summary.interrupted = True
        await batch_run.cancel()
        raise
    finally:
        if batch_run.pool is not None:
            batch_run.pool.close(wait=not batch_run.summary.interrupted)
        await extractor.backend.aclose()
    return batch_run.summary


class _Run:
    """One run's moving parts: what is in flight, and where each result goes."""

    def __init__(self, extractor: Extractor, output: Output, summary: Summary,
                 on_result: Callable[[Result], None] | None, slots: int):
        self.extractor, self.output, self.summary, self.on_result = extractor, output, summary, on_result
        self.slots = asyncio.Semaphore(slots)
        self.in_flight: set[asyncio.Task] = set()
        self.pool: CodePool | CodeHere | None = None
        self.together: list[Article] = []  # articles kept to be read in one batch

    async def feed(self, items: Iterable[Item], workers: int) -> None:
        """Start every item's work (each ends as one record), then wait for all of it."""
        seen, started, held = FirstSeen(), 0, []
        for item in items:
            if (repeat := seen.repeat(item)) is not None:
                self.summary.duplicate_inputs += 1
                if self.output.holds(item.where):
                    self.summary.skipped += 1
                else:
                    self.record(self.extractor.error_result(Article(item.where, ""), repeat))
                continue
            if self.output.holds(item.article_id):
                self.summary.skipped += 1
                self.summary.skipped_failures += item.article_id in self.output.failed
                continue
            started += 1
            if workers and self.pool is None:
                if started <= POOL_AFTER:
                    held.append(item)  # until it is known whether a pool is worth starting
                    continue
                self.pool = CodePool(self.extractor.settings, workers)  # (this process then parses nothing)
                for earlier in held:
                    await self.add(earlier)
                held = []
            await self.add(item)
        for item in held:  # too few for a pool: read here
            await self.start(self.one, item)
        if self.together:
            await self.start(self.pooled, self.together)
        await asyncio.gather(*self.in_flight)

    async def add(self, item: Item) -> None:
        """Start an item's work, or keep its article to be read with the next ones (self.together)."""
        if self.pool is None or item.error is not None:
            await self.start(self.one, item)
            return
        if self.together and not fits_together([a.text for a in self.together] + [item.article.text]):
            await self.start(self.pooled, self.together)  # long articles: fewer together (parse.fits_together)
            self.together = []
        self.together.append(item.article)
        if len(self.together) == (KEPT_TOGETHER if isinstance(self.pool, CodeHere) else TO_A_WORKER):
            await self.start(self.pooled, self.together)
            self.together = []

    async def start(self, work, arg) -> None:
        await self.slots.acquire()
        task = asyncio.create_task(work(arg))
        self.in_flight.add(task)
        task.add_done_callback(self.in_flight.discard)

    async def one(self, item: Item) -> None:
        try:
            if item.error is not None:
                self.record(self.extractor.error_result(Article(item.article_id, ""), item.error))
            else:
                self.record(await self.extractor.aprocess(item.article))
        finally:
            self.slots.release()

    async def pooled(self, articles: list[Article]) -> None:
        try:
            results = await self.pool.process(articles)
        except Exception as error:  # a worker died: each of its articles still ends as a record
            results = [self.extractor.error_result(a, ExtractorError(
                f"{a.id}: internal error {type(error).__name__}: {error}")) for a in articles]
        finally:
            self.slots.release()
        for result in results:
            self.record(result)

    def record(self, result: Result) -> None:
        self.output.append(result)
        self.summary.add(result)
        if self.on_result:
            self.on_result(result)

    async def cancel(self) -> None:
        for task in self.in_flight:
            task.cancel()
        await asyncio.gather(*self.in_flight, return_exceptions=True)
