"""Works the jobs: at most `concurrency` articles in flight, oldest job first, each article through the library's
`Extractor.aprocess` (which never raises: a failure is an error record) and its record written once to the store.

What is pending is read from the store, never held in memory: after a restart (even a SIGKILL) the articles that
were in flight have no record, so they are simply pending again and redone."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from typing import Awaitable, Callable

from ..budget import Budget
from ..pipeline import Article, Extractor
from ..reading.parse import parse_in_a_process
from ..runs.inputs import Item
from ..schemas import Result
from .jobs import JobStore

log = logging.getLogger("extractor.service")
HEAVY_CHARS = 20_000  # an article longer than this reads for seconds, not milliseconds


class Runner:
    def __init__(self, store: JobStore, extractor: Extractor, concurrency: int, on_record=None):
        """`on_record(result)` hears of every record written (the metrics)."""
        self.store = store
        self.extractor = extractor
        self.concurrency = concurrency
        self.on_record = on_record
        self.in_flight: dict[tuple[str, int], asyncio.Task] = {}
        self._after: dict[str, int] = {}  # per job, the last position taken: the next is looked for after it
        self._slots = asyncio.Semaphore(concurrency)
        # long articles take at most all slots but one, so a stream of ordinary ones always has a way through
        self._heavy = asyncio.Semaphore(max(1, concurrency - 1))
        self._wake = asyncio.Event()

    async def run_now(self, article: Article, gone: Callable[[], Awaitable[bool]]) -> Result:
        """One article for a caller who waits (POST /v1/extract), within the same bound on articles in flight as
        the jobs; its work stops when `gone()` says the caller has left, or at its time budget."""
        heavy = len(article.text) > HEAVY_CHARS
        async with self._heavy if heavy else contextlib.nullcontext(), self._slots:
            if heavy:  # its parse runs in a worker process, so it holds no lock the other requests need
                await asyncio.to_thread(parse_in_a_process, article.text)
            budget = Budget(self.extractor.settings.time_budget)
            work = asyncio.create_task(self.extractor.aprocess(article, budget))
            while not work.done():
                await asyncio.wait({work}, timeout=0.5)
                if not work.done() and await gone():
                    budget.cancelled.set()  # the reading thread stops at its next check
            return work.result()

    def wake(self, job_id: str | None = None) -> None:
        """New work: a job was submitted, or `job_id`'s failures are to be redone (look from its start again)."""
        if job_id is not None:
            self._after.pop(job_id, None)
        self._wake.set()

    def cancel(self, job_id: str) -> None:
        """Stop the job's articles in flight; they stay without a record."""
        for (job, _), task in list(self.in_flight.items()):
            if job == job_id:
                task.cancel()

    async def run(self) -> None:
        try:
            while True:
                await self._slots.acquire()
                self._wake.clear()
                try:
                    work = self._next()
                except sqlite3.Error:  # a locked or full disk: say so, and try again shortly
                    log.exception("reading the job store failed")
                    work = None
                if work is None:
                    self._slots.release()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), timeout=5.0)
                    continue
                job_id, position, item = work
                self.store.start(job_id)
                task = asyncio.create_task(self._one(job_id, position, item))
                self.in_flight[(job_id, position)] = task
        finally:
            await self.stop()

    async def stop(self) -> None:
        """Cancel the articles in flight (they stay pending, to be redone on the next start)."""
        tasks = list(self.in_flight.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _next(self) -> tuple[str, int, Item] | None:
        for job_id in self.store.unfinished():
            busy = sum(job == job_id for job, _ in self.in_flight)
            after = self._after.get(job_id, -1)
            for position, item in self.store.pending(job_id, after, limit=busy + 1):
                if (job_id, position) not in self.in_flight:
                    self._after[job_id] = position
                    return job_id, position, item
        return None

    async def _one(self, job_id: str, position: int, item: Item) -> None:
        try:
            if item.error is not None:
                result = self.extractor.error_result(Article(item.article_id, ""), item.error)
            else:
                result = await self.extractor.aprocess(item.article)
            self._write(job_id, position, result)
        except sqlite3.Error:  # the article stays pending: redone on the next start
            log.exception("writing the record of %s #%d failed", job_id, position)
        finally:
            self.in_flight.pop((job_id, position), None)
            self._slots.release()

    def _write(self, job_id: str, position: int, result: Result) -> None:
        if self.store.record(job_id, position, result) and self.on_record is not None:
            self.on_record(result)
        if self.store.finished(job_id):
            self._after.pop(job_id, None)
