"""The corrections store: one sqlite file holding each article's review as it was last saved, and every save
before it (an append-only history, so no save is ever lost to a later one).

Reviews are kept per scope (a job id, or the results file a review was started on), so one file can serve many
reviews. The schema evolves by numbered migrations, recorded in sqlite's user_version."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Iterator

from ..errors import OutputError
from .state import ArticleReview

MIGRATIONS = [
    """
    CREATE TABLE reviews (
        scope TEXT NOT NULL, article_id TEXT NOT NULL, state TEXT NOT NULL, updated_at TEXT NOT NULL,
        PRIMARY KEY (scope, article_id));
    CREATE TABLE history (
        id INTEGER PRIMARY KEY, scope TEXT NOT NULL, article_id TEXT NOT NULL, state TEXT NOT NULL,
        saved_at TEXT NOT NULL);
    """,
]


class CorrectionStore:
    def __init__(self, path: str | Path, scope: str = ""):
        self.path, self.scope = Path(path), scope
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connection() as db:
                version = db.execute("PRAGMA user_version").fetchone()[0]
                for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                    db.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")
        except sqlite3.Error as error:
            raise OutputError(f"{self.path}: cannot keep corrections there ({error})") from None

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        # A connection per operation: the server answers from a thread pool; a sqlite connection stays in its thread.
        with closing(sqlite3.connect(self.path, timeout=30)) as db:
            db.execute("PRAGMA journal_mode=WAL")
            with db:
                yield db

    def save(self, review: ArticleReview) -> ArticleReview:
        """Keep this review as the article's current one (stamped with the time) and in the history."""
        review = review.model_copy(update={"updated_at": dt.datetime.now(dt.timezone.utc)})
        state, stamp = review.model_dump_json(), review.updated_at.isoformat()
        with self._connection() as db:
            db.execute("INSERT INTO reviews VALUES (?, ?, ?, ?) ON CONFLICT (scope, article_id) DO UPDATE SET "
                       "state = excluded.state, updated_at = excluded.updated_at",
                       (self.scope, review.article_id, state, stamp))
            db.execute("INSERT INTO history (scope, article_id, state, saved_at) VALUES (?, ?, ?, ?)",
                       (self.scope, review.article_id, state, stamp))
        return review

    def get(self, article_id: str) -> ArticleReview | None:
        with self._connection() as db:
            row = db.execute("SELECT state FROM reviews WHERE scope = ? AND article_id = ?",
                             (self.scope, article_id)).fetchone()
        return ArticleReview.model_validate_json(row[0]) if row else None

    def all(self) -> dict[str, ArticleReview]:
        with self._connection() as db:
            rows = db.execute("SELECT article_id, state FROM reviews WHERE scope = ? ORDER BY article_id",
                              (self.scope,)).fetchall()
        return {article_id: ArticleReview.model_validate_json(state) for article_id, state in rows}

    def history(self, article_id: str) -> list[ArticleReview]:
        """Every saved state of an article's review, oldest first."""
        with self._connection() as db:
            rows = db.execute("SELECT state FROM history WHERE scope = ? AND article_id = ? ORDER BY id",
                              (self.scope, article_id)).fetchall()
        return [ArticleReview.model_validate_json(state) for (state,) in rows]
