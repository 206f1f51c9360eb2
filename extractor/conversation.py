"""The shapes of one article's conversation with the model: the article, each question about one of its counts, the
plan (what code read and the first questions), and the Conversation that any engine drives — the direct calls, batch
files, Ray, the service — by answering its questions (extractor.pipeline writes the conversation itself)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Generator

from pydantic import BaseModel

from .errors import ExtractorError
from .model.backend import Call, Completion
from .reading.article import ReadArticle
from .reading.context import Context
from .reading.reading import Count
from .schemas import MentionLabel, Result
from .schemas.label import by_mark


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    published: dt.date | None = None
    title: str | None = None  # as a JSONL or CSV of articles gives them: carried onto the result and every fact row
    url: str | None = None


@dataclass(frozen=True)
class Question:
    """One question about the counts of one passage, marked ⟦1⟧…⟦n⟧ in it: the messages, the answer's model, and how
    to ask (token cap, the options the answer is decoded under). Questions of one round are independent of each
    other, so they can be asked in any order, in a batch file, or on other machines (`key` names each:
    "<article id>#<first count>")."""

    key: str
    indices: tuple[int, ...]  # the counts of the plan it asks about, one per mark
    messages: list[dict]
    response_model: type[BaseModel]
    call: Call

    def answers(self, parsed: BaseModel) -> dict[int, MentionLabel | None]:
        """The answer about each count (None: its mark was skipped or answered outside its options)."""
        return dict(zip(self.indices, by_mark(parsed, self.call.grammar)))

    @property
    def request(self) -> tuple[list[dict], type[BaseModel], Call]:
        """The arguments of Backend.complete for this question."""
        return self.messages, self.response_model, self.call


@dataclass(frozen=True)
class Plan:
    """What code read in an article, and the first round of questions about it."""

    article: Article
    read: ReadArticle  # the article's text read once: its numbers, parse and sentences, for every stage
    found: list[Count]
    contexts: list[Context]  # the date, place and source of each count
    questions: list[Question]


class Conversation:
    """Extractor._rounds as an object: `question` is the next question (None when the conversation is over and
    `result` holds the result); `answer` gives it its completion, `fail` the error its request ended in. Code's work
    between two questions runs inside `answer` and `fail`."""

    def __init__(self, rounds: Generator[Question, Completion, Result]):
        self._rounds = rounds
        self.question: Question | None = None
        self.result: Result | None = None
        self._step(rounds.send, None)

    def answer(self, completion: Completion) -> None:
        self._step(self._rounds.send, completion)

    def fail(self, error: ExtractorError) -> None:
        self._step(self._rounds.throw, error)

    def close(self) -> None:
        """Stop the conversation where it stands (no result)."""
        self._rounds.close()

    def _step(self, resume, value) -> None:
        try:
            self.question = resume(value)
        except StopIteration as done:
            self.question, self.result = None, done.value
