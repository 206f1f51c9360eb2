"""A job's records as streams: the result lines, the facts rows as JSONL or CSV (through the one facts view,
extractor.views.facts), in the order written or in input order, followed until the job is finished."""

from __future__ import annotations

import asyncio
from typing import AsyncIterator

from ..events import incidents
from ..schemas import FactRow, Result
from ..views.facts import csv_header, csv_line, to_jsonl
from .jobs import JobStore

POLL_SECONDS = 0.2  # how often a followed results stream looks for new records


async def records(store: JobStore, job_id: str, after: int, *, follow: bool,
                   order: str = "written") -> AsyncIterator[tuple[int, str]]:
    """(seq, JSON line) of the job's records written after seq `after` (in input order: (position, line) after
    position `after`); with `follow`, until the job is finished."""
    while True:
        finished = store.finished(job_id) or not follow  # read before the records, so none written between is missed
        batch = store.records(job_id, after) if order == "written" else store.records_in_input_order(job_id, after)
        for seq, line in batch:
            yield seq, line
            after = seq
        if not batch and finished:
            return
        if not batch:
            await asyncio.sleep(POLL_SECONDS)


async def result_lines(records, after: int) -> AsyncIterator[str]:
    # A record's seq is its line number in a stream read from the start, so the lines read are a seq to go on
    # after (error records dropped by retry-failed leave gaps: then it repeats some, never skips one). In input
    # order, the lines read are the positions read.
    async for _, line in records(after):
        yield line + "\n"


async def fact_rows(records, start: int, offset: int) -> AsyncIterator[FactRow]:
    skipped = 0
    async for _, line in records(start):
        for row in Result.model_validate_json(line).facts:  # error records have none: the rows never move
            if skipped < offset:
                skipped += 1
            else:
                yield row


async def fact_lines(records, start: int, offset: int) -> AsyncIterator[str]:
    async for row in fact_rows(records, start, offset):
        yield next(to_jsonl([row]))


async def csv_rows(records, start: int, offset: int) -> AsyncIterator[str]:
    if offset == 0:
        yield csv_header()
    async for row in fact_rows(records, start, offset):
        yield csv_line(row)


def incidents_of(lines: list[str]):
    """The incidents of a job's records (extractor.events)."""
    return incidents(Result.model_validate_json(line) for line in lines)
