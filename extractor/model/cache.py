"""A response cache in sqlite: a repeated request costs no tokens.

The key is a hash of everything that decides the answer: the model, the instructor mode, the messages (which hold
the article text and the versioned prompt), the response schema (its version) and the decoding settings. Safe under
concurrent writers: WAL journal, a busy timeout, and one short transaction per write.

The cache is a convenience, never a reason to stop: a cache that cannot be opened, is corrupt or read-only is
reported once (`problem`) and the run goes on without it."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    response TEXT NOT NULL,      -- the parsed answer, as JSON
    usage TEXT NOT NULL,         -- what the answer cost when it was made
    created REAL NOT NULL
)
"""


def request_key(request: dict[str, Any]) -> str:
    """A stable hash of a request: JSON with sorted keys, so the same request always gives the same key."""
    return hashlib.sha256(json.dumps(request, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


class ResponseCache:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.problem: str | None = None  # why the cache is off, once it is
        self._local = threading.local()
        self._safely(self._open)

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = self._connection()
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(SCHEMA)
        db.execute("SELECT COUNT(*) FROM responses LIMIT 1").fetchone()  # a corrupt file fails here, not later

    def _safely(self, work, default=None):
        if self.problem is not None:
            return default
        try:
            return work()
        except (sqlite3.Error, OSError) as error:
            self.problem = f"the response cache {self.path} cannot be used ({error}); going on without it"
            return default

    @property
    def usable(self) -> bool:
        return self.problem is None

    def _connection(self) -> sqlite3.Connection:
        # One connection per thread: sqlite connections must not be shared across threads.
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.execute("PRAGMA busy_timeout=30000")
            self._local.db = db
        return db

    def get(self, key: str) -> tuple[str, dict] | None:
        def read():
            row = self._connection().execute("SELECT response, usage FROM responses WHERE key = ?", (key,)).fetchone()
            return None if row is None else (row[0], json.loads(row[1]))
        return self._safely(read)

    def put(self, key: str, model: str, response: str, usage: dict) -> None:
        self._safely(lambda: self._connection().execute(
            "INSERT OR REPLACE INTO responses (key, model, response, usage, created) VALUES (?, ?, ?, ?, ?)",
            (key, model, response, json.dumps(usage), time.time())))

    def discard(self, key: str) -> None:
        """Forget one answer (it no longer validates against its schema)."""
        self._safely(lambda: self._connection().execute("DELETE FROM responses WHERE key = ?", (key,)))

    def __len__(self) -> int:
        return self._safely(lambda: self._connection().execute("SELECT COUNT(*) FROM responses").fetchone()[0], 0)
