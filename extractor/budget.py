"""Bounded work per article: a time budget that code's reading, the checker and the pipeline's rounds look at
between steps, so an article that would take too long ends as an error record instead of holding a worker; and a
way to stop all of it at once (Ctrl-C, a client that has gone).

The budget travels in a context variable: `asyncio.to_thread` copies it into the worker thread, so the thread that
reads an article sees the budget of the request that asked for it. The parse itself is one call (spaCy); it is
bounded by the article's size (--max-chars), the rest by the clock."""

from __future__ import annotations

import contextlib
import contextvars
import threading
import time
from typing import Iterator

from .errors import OutOfTime


class Interrupted(BaseException):
    """The run is stopping (Ctrl-C): an article in flight leaves no record, so a re-run redoes it. A BaseException,
    so the pipeline's 'any failure becomes an error record' does not catch it."""


class Budget:
    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds if seconds else None
        self.cancelled = threading.Event()  # set when the one who asked has gone

    def check(self) -> None:
        if STOPPING.is_set():
            raise Interrupted()
        if self.cancelled.is_set():
            raise OutOfTime("the request was abandoned by its client, so its work stopped")
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise OutOfTime(f"the article took more than its time budget of {self.seconds:g} s (--time-budget); its "
                            f"work stopped")


STOPPING = threading.Event()  # set once: every budget in the process ends at its next check
_current: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("budget", default=None)


def check() -> None:
    """Raise OutOfTime (an error record) or Interrupted if the current article's work is to stop."""
    budget = _current.get()
    if budget is not None:
        budget.check()
    elif STOPPING.is_set():
        raise Interrupted()


@contextlib.contextmanager
def spending(budget: Budget) -> Iterator[Budget]:
    """Make `budget` the current article's for the block (and the threads it starts with asyncio.to_thread)."""
    token = _current.set(budget)
    try:
        yield budget
    finally:
        _current.reset(token)


def stop_everything() -> None:
    """Ctrl-C: every article in flight stops at its next check."""
    STOPPING.set()
