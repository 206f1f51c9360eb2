"""The job store: jobs, their articles and one record per article, in sqlite (WAL: a SIGKILL loses no committed
record).

A record is keyed by (job, position) and written once: a second write of the same article is dropped, so an
article redone after a crash never ends with two records. Whatever has no record is pending, and pending work is
all there is to resume: articles that were in flight when the process died simply have no record yet.

Every method runs on the event loop's thread (one connection, short statements): the service is one process."""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
import sqlite3
import time
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

from ..errors import InputError
from ..pipeline import Article
from ..runs.inputs import Item
from ..schemas import Result, Usage
from ..schemas.service import JobStatus
from .migrations import migrate

UNFINISHED = ("queued", "running")


class Reviewed(NamedTuple):
    """One article of a job with its record (None while it is pending)."""

    position: int
    article: Article
    result: Result | None


def _time(seconds: float | None) -> dt.datetime | None:
    return None if seconds is None else dt.datetime.fromtimestamp(seconds, dt.timezone.utc)


class IdempotencyConflict(Exception):
    """An Idempotency-Key used before with another request."""


class JobStore:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")  # with WAL: durable across a process kill, fast commits
        self.db.execute("PRAGMA foreign_keys = ON")
        migrate(self.db)

    def close(self) -> None:
        self.db.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK when the block raises."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # ---- jobs ----------------------------------------------------------------------------------------------

    def create(self, owner: str, items: Iterable[Item], idempotency: tuple[str, str] | None = None) -> str:
        """A new queued job holding the items in order; its random id. With `idempotency` (the client's key, a digest
        of its request), a key the owner used before gives that job again, made once (IdempotencyConflict when the
        key came with another request)."""
        job_id = "job_" + secrets.token_urlsafe(18)
        with self._transaction():
            if idempotency is not None:
                found = self.db.execute("SELECT request_sha256, job_id FROM idempotency_keys WHERE owner = ? AND "
                                        "key = ?", (owner, idempotency[0])).fetchone()
                if found is not None:
                    if found[0] != idempotency[1]:
                        raise IdempotencyConflict(idempotency[0])
                    return found[1]
            self.db.execute("INSERT INTO jobs (id, owner, state, total, created) VALUES (?, ?, 'queued', 0, ?)",
                            (job_id, owner, time.time()))
            if idempotency is not None:
                self.db.execute("INSERT INTO idempotency_keys VALUES (?, ?, ?, ?, ?)",
                                (owner, *idempotency, job_id, time.time()))
            total = 0
            for position, item in enumerate(items):
                article = item.article
                self.db.execute(
                    "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)",
                    (job_id, position, item.article_id, article.text if article else "",
                     article.published.isoformat() if article and article.published else None,
                     str(item.error) if item.error else None))
                total += 1
            self.db.execute("UPDATE jobs SET total = ? WHERE id = ?", (total, job_id))
        return job_id

    def status(self, job_id: str, owner: str | None = None) -> JobStatus | None:
        """The job's status; None when there is no such job, or `owner` did not make it."""
        row = self.db.execute("SELECT id, owner, state, total, created, started, finished FROM jobs WHERE id = ?",
                              (job_id,)).fetchone()
        if row is None or (owner is not None and row[1] != owner):
            return None
        outcomes, usage = {}, Usage()
        for outcome, n, prompt, completion, total in self.db.execute(
                "SELECT outcome, COUNT(*), SUM(prompt_tokens), SUM(completion_tokens), SUM(total_tokens) "
                "FROM records WHERE job_id = ? GROUP BY outcome", (job_id,)):
            outcomes[outcome] = n
            usage = usage + Usage(prompt_tokens=prompt, completion_tokens=completion, total_tokens=total)
        done = outcomes.get("ok", 0)
        failed = sum(outcomes.values()) - done
        return JobStatus(id=row[0], state=row[2], total=row[3], done=done, failed=failed,
                         pending=row[3] - done - failed, outcomes=outcomes, usage=usage, created=_time(row[4]),
                         started=_time(row[5]), finished=_time(row[6]))

    def jobs(self, owner: str, limit: int = 100) -> list[JobStatus]:
        """The owner's jobs, newest first."""
        ids = [i for (i,) in self.db.execute("SELECT id FROM jobs WHERE owner = ? ORDER BY created DESC LIMIT ?",
                                             (owner, limit))]
        return [self.status(i) for i in ids]

    def unfinished(self, owner: str | None = None) -> list[str]:
        """Jobs with work left (of one owner, if given), oldest first: the order they are worked in."""
        if owner is not None:
            return [i for (i,) in self.db.execute(
                "SELECT id FROM jobs WHERE state IN ('queued', 'running') AND owner = ? ORDER BY created, id",
                (owner,))]
        return [i for (i,) in self.db.execute(
            "SELECT id FROM jobs WHERE state IN ('queued', 'running') ORDER BY created, id")]

    def pending_articles(self) -> int:
        """Articles of unfinished jobs still without a record."""
        unfinished = "SELECT id FROM jobs WHERE state IN ('queued', 'running')"
        return self.db.execute(
            f"SELECT (SELECT COALESCE(SUM(total), 0) FROM jobs WHERE id IN ({unfinished})) "
            f"- (SELECT COUNT(*) FROM records WHERE job_id IN ({unfinished}))").fetchone()[0]

    def finished(self, job_id: str) -> bool:
        row = self.db.execute("SELECT state FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return row is None or row[0] not in UNFINISHED

    def start(self, job_id: str) -> None:
        self.db.execute("UPDATE jobs SET state = 'running', started = COALESCE(started, ?) "
                        "WHERE id = ? AND state = 'queued'", (time.time(), job_id))

    def cancel(self, job_id: str) -> bool:
        """Stop the job's pending work (its records stay). False when it had already finished."""
        changed = self.db.execute("UPDATE jobs SET state = 'cancelled', finished = ? "
                                  "WHERE id = ? AND state IN ('queued', 'running')", (time.time(), job_id))
        return changed.rowcount == 1

    def retry_failed(self, job_id: str) -> int:
        """Drop the job's error records so those articles are pending again; how many. Their new records are
        written after every record there is now (a higher seq)."""
        with self._transaction():
            dropped = self.db.execute("DELETE FROM records WHERE job_id = ? AND outcome != 'ok'", (job_id,)).rowcount
            if dropped:
                self.db.execute("UPDATE jobs SET state = 'running', finished = NULL WHERE id = ?", (job_id,))
        return dropped

    # ---- articles and records ------------------------------------------------------------------------------

    def pending(self, job_id: str, after: int = -1, limit: int = 1) -> list[tuple[int, Item]]:
        """Articles after position `after` without a record, in order."""
        rows = self.db.execute(
            "SELECT a.position, a.article_id, a.text, a.published, a.input_error FROM articles a "
            "LEFT JOIN records r ON r.job_id = a.job_id AND r.position = a.position "
            "WHERE a.job_id = ? AND a.position > ? AND r.position IS NULL ORDER BY a.position LIMIT ?",
            (job_id, after, limit))
        return [(position, _item(article_id, text, published, error))
                for position, article_id, text, published, error in rows]

    def record(self, job_id: str, position: int, result: Result) -> bool:
        """Write the article's record, once: False (and nothing written) when it already has one. The job is done
        when every article has a record."""
        with self._transaction():
            exists = self.db.execute("SELECT 1 FROM records WHERE job_id = ? AND position = ?",
                                     (job_id, position)).fetchone()
            if exists:
                return False
            (seq,) = self.db.execute("UPDATE jobs SET written = written + 1 WHERE id = ? RETURNING written",
                                     (job_id,)).fetchone()
            outcome = "ok" if result.status == "ok" else result.error.error_class
            usage = result.usage
            self.db.execute("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            (job_id, position, seq, outcome, usage.prompt_tokens, usage.completion_tokens,
                             usage.total_tokens, result.model_dump_json()))
            self.db.execute(
                "UPDATE jobs SET state = 'done', finished = ? WHERE id = ? AND state IN ('queued', 'running') "
                "AND total = (SELECT COUNT(*) FROM records WHERE job_id = ?)", (time.time(), job_id, job_id))
        return True

    def records(self, job_id: str, after_seq: int = 0, limit: int = 500) -> list[tuple[int, str]]:
        """(seq, the record's JSON line) of records written after `after_seq`, in the order they were written."""
        return self.db.execute("SELECT seq, record FROM records WHERE job_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                               (job_id, after_seq, limit)).fetchall()

    def records_in_input_order(self, job_id: str, after_position: int = -1, limit: int = 500) -> list[tuple[int, str]]:
        """(position, record) of the records after `after_position` in input order, up to the first article still
        without one (a stream in input order waits for it there)."""
        rows = self.db.execute("SELECT position, record FROM records WHERE job_id = ? AND position > ? "
                               "ORDER BY position LIMIT ?", (job_id, after_position, limit)).fetchall()
        contiguous = []
        for position, record in rows:
            if position != after_position + 1 + len(contiguous):
                break
            contiguous.append((position, record))
        return contiguous

    def articles_with_records(self, job_id: str, batch: int = 200) -> Iterator[Reviewed]:
        """Every article of the job in order, with its text and its record (None while pending): what a reviewer
        reads side by side. Read in batches, so a large job does not sit in memory."""
        after = -1
        while True:
            rows = self.db.execute(
                "SELECT a.position, a.article_id, a.text, a.published, r.record FROM articles a "
                "LEFT JOIN records r ON r.job_id = a.job_id AND r.position = a.position "
                "WHERE a.job_id = ? AND a.position > ? ORDER BY a.position LIMIT ?", (job_id, after, batch)).fetchall()
            for position, article_id, text, published, record in rows:
                yield Reviewed(position, Article(article_id, text, _date(published)),
                               Result.model_validate_json(record) if record else None)
            if len(rows) < batch:
                return
            after = rows[-1][0]


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _item(article_id: str, text: str, published: str | None, error: str | None) -> Item:
    if error is not None:
        return Item(article_id, article_id, error=InputError(error))
    return Item(article_id, article_id, Article(article_id, text, _date(published)))
