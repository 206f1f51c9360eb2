"""The job store's sqlite schema, as numbered migrations (simonw/llm's way): each one runs once, in order, inside
a transaction with its own record in `_migrations`, so a database only ever moves forward and a crash in the middle
of one leaves it as it was. Add a migration; never edit one that has shipped."""

from __future__ import annotations

import sqlite3
import time
from typing import Callable

from ..errors import ConfigError

MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = []


def migration(step: Callable[[sqlite3.Connection], None]) -> Callable[[sqlite3.Connection], None]:
    MIGRATIONS.append(step)
    return step


def migrate(db: sqlite3.Connection) -> None:
    """Apply the migrations this database has not had. `db` is in autocommit mode (isolation_level None)."""
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied REAL NOT NULL)")
    applied = {name for (name,) in db.execute("SELECT name FROM _migrations")}
    unknown = applied - {step.__name__ for step in MIGRATIONS}
    if unknown:
        raise ConfigError(f"the job database was written by a newer extractor (migrations {', '.join(sorted(unknown))}"
                          f"); upgrade extractor or give another --db")
    for step in MIGRATIONS:
        if step.__name__ in applied:
            continue
        db.execute("BEGIN IMMEDIATE")
        try:
            step(db)
            db.execute("INSERT INTO _migrations VALUES (?, ?)", (step.__name__, time.time()))
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")


@migration
def m001_jobs(db: sqlite3.Connection) -> None:
    db.execute("""
        CREATE TABLE jobs (
            id TEXT PRIMARY KEY,
            owner TEXT NOT NULL,           -- a fingerprint of the API key that made the job, never the key
            state TEXT NOT NULL,           -- queued, running, done, cancelled
            total INTEGER NOT NULL,
            written INTEGER NOT NULL DEFAULT 0,  -- records written so far: the last record's seq
            created REAL NOT NULL,
            started REAL,
            finished REAL
        )""")
    db.execute("CREATE INDEX jobs_by_owner ON jobs (owner, created)")
    db.execute("CREATE INDEX jobs_by_state ON jobs (state, created)")
    db.execute("""
        CREATE TABLE articles (
            job_id TEXT NOT NULL REFERENCES jobs (id),
            position INTEGER NOT NULL,     -- the article's place in the submitted body, from 0
            article_id TEXT NOT NULL,
            text TEXT NOT NULL,
            published TEXT,
            input_error TEXT,              -- the reader refused it: its error record says this instead
            PRIMARY KEY (job_id, position)
        )""")
    db.execute("""
        CREATE TABLE records (
            job_id TEXT NOT NULL REFERENCES jobs (id),
            position INTEGER NOT NULL,
            seq INTEGER NOT NULL,          -- the order records were written in, from 1 per job
            outcome TEXT NOT NULL,         -- ok, or the error class
            prompt_tokens INTEGER NOT NULL,
            completion_tokens INTEGER NOT NULL,
            total_tokens INTEGER NOT NULL,
            record TEXT NOT NULL,          -- the Result as one JSON line, as `extractor extract` writes it
            PRIMARY KEY (job_id, position)  -- one record per article: a second write is dropped
        )""")
    db.execute("CREATE UNIQUE INDEX records_by_seq ON records (job_id, seq)")


@migration
def m002_idempotency_keys(db: sqlite3.Connection) -> None:
    db.execute("""
        CREATE TABLE idempotency_keys (
            owner TEXT NOT NULL,
            key TEXT NOT NULL,             -- the client's Idempotency-Key header
            request_sha256 TEXT NOT NULL,  -- of the body and query it came with: the same key with another is refused
            job_id TEXT NOT NULL REFERENCES jobs (id),
            created REAL NOT NULL,
            PRIMARY KEY (owner, key)
        )""")
