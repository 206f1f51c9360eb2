"""extract / aextract: article → the counts code finds (extractor.mentions) → one short question per count to the
model (instructor, a grammar-constrained label) → code decides each fact → assembly → checker → the counts with
errors asked again → result.

`Extractor` holds the backend (and the embedded server) for reuse across many articles; `extract` and `aextract`
are one-call conveniences over a shared default Extractor."""

from __future__ import annotations

import atexit
import datetime as dt
import hashlib
import time
from dataclasses import dataclass
from typing import Any, Generator

from .assemble import assemble
from .model.backend import Backend, Call, Completion, Settings
from .check import verify
from .errors import ExtractorError, InputError
from .schemas import located_rows
from .reading.mentions import Candidate, candidates, context, decide, restated, sentence_with_mark, subcounts, unconfirmed
from .model.prompting import label_messages, prompt_version
from .schemas import (
    SCHEMA_VERSION, AnchoredFact, Attempts, Draft, ErrorInfo, Finding, MentionLabel, RepairRound, Result, Usage,
    restricted,
)

Question = tuple[list[dict], Call]
# One label in JSON is about 8 tokens; the cap stops a model that would spin on whitespace.
_LABEL_TOKENS = 24


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    published: dt.date | None = None


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Extractor:
    """Reusable extraction pipeline. Use as a context manager (or call close()) to stop an embedded server."""

    def __init__(self, settings: Settings | None = None, *, backend: Backend | None = None, ask_model: bool = True,
                 **overrides: Any):
        """`ask_model=False`: code's reading alone, no request at all (the eval's `code` arm)."""
        self.backend = backend or Backend(settings or Settings.from_env(**overrides))
        self.ask_model = ask_model

    def _question(self, article: Article, candidate: Candidate, finding: str | None = None) -> Question:
        sentence = sentence_with_mark(article.text, candidate)
        return (label_messages(sentence, candidate.mention.text, candidate.noun or "", finding),
                Call(max_tokens=_LABEL_TOKENS, grammar=restricted(candidate.labels)))

    def _assembled(self, article: Article, found: list[Candidate], labels: dict[int, str],
                   repairs: dict[int, str] | None = None) -> Result:
        """The result from the model's first labels and, for the counts the checker flagged, its repair labels.
        Verification compares with the first labels only: they were given without knowing code's reading."""
        repairs = repairs or {}
        decided = [(c, d) for i, c in enumerate(found) if (d := decide(article.text, c, repairs.get(i))) is not None]
        rows = [AnchoredFact(number=c.mention.text, subject=c.noun, role=role, weapon_class=weapon_class,
                             start=c.mention.start, end=c.mention.end, **context(article.text, c))
                for c, (category, role, weapon_class) in restated(subcounts(article.text, decided))]
        extraction, warnings = assemble(Draft(facts=rows), article.text, article.published)
        result = verify(Result(**self._provenance(article), extraction=extraction, warnings=warnings), article.text)
        # A fact is verified when the checker finds no error in it and code and the model read it alike.
        at_span = {(c.mention.start, c.mention.end): (c, labels.get(i)) for i, c in enumerate(found)}
        for at in located_rows(result):
            candidate, label = at_span[(at.row.start, at.row.end)]
            why = unconfirmed(article.text, candidate, label, (at.row.category, at.row.role, at.row.weapon_class))
            if why:
                at.fact.verified = False
                result.checks.append(Finding(rule="unconfirmed", severity="warning", path=at.path, start=at.row.start,
                                             end=at.row.end, message=f"{at.row.text!r}: {why}, so it is unverified"))
        return result

    def _rounds(self, article: Article) -> Generator[Question, Completion, Result]:
        """The conversation with the model, written once for the sync and async drivers: it yields each question
        and receives its completion. Every count code reads as a fact gets one question. When the checker finds
        errors, the counts they concern are asked again with the finding (at most max_repairs times), and the new
        labels are kept only if the result has fewer errors."""
        found = candidates(article.text)
        labels: dict[int, str] = {}
        usage, attempts = Usage(), Attempts()
        for i, candidate in enumerate(found if self.ask_model else []):
            if candidate.cue is None:
                continue  # no fact to confirm: code read nothing there, and the model's label alone is not one
            completion = yield self._question(article, candidate)
            labels[i] = completion.parsed.label
            usage, attempts = usage + completion.usage, attempts + completion.attempts
        best = self._assembled(article, found, labels)
        repairs: dict[int, str] = {}
        rounds: list[RepairRound] = []
        for _ in range(self.backend.settings.max_repairs if self.ask_model else 0):
            flagged = _flagged(best, found)
            if not flagged:
                break
            relabelled = dict(repairs)
            try:
                for i, finding in flagged.items():
                    completion = yield self._question(article, found[i], finding)
                    relabelled[i] = completion.parsed.label
                    usage, attempts = usage + completion.usage, attempts + completion.attempts
            except ExtractorError as error:
                usage = usage + (error.usage or Usage())
                attempts = attempts + (error.attempts or Attempts()) + Attempts(repairs=1)
                rounds.append(RepairRound(errors_before=_errors(best)))
                best.warnings.append(f"the repair round failed, so the earlier answer stands: {error}")
                break
            attempts = attempts + Attempts(repairs=1)
            repaired = self._assembled(article, found, labels, relabelled)
            rounds.append(RepairRound(errors_before=_errors(best), errors_after=_errors(repaired),
                                      kept=_errors(repaired) < _errors(best)))
            if rounds[-1].kept:
                best, repairs = repaired, relabelled
        best.usage, best.attempts, best.repairs = usage, attempts, rounds
        return best

    def _finish(self, result: Result, started: float) -> Result:
        result.latency_s = round(time.perf_counter() - started, 3)
        return result

    def _provenance(self, article: Article) -> dict[str, Any]:
        return dict(article_id=article.id, text_sha256=text_sha256(article.text), published=article.published,
                    model=self.backend.model, backend=self.backend.host, prompt_version=prompt_version(),
                    schema_version=SCHEMA_VERSION)

    def extract(self, text: str, *, article_id: str = "article", published: dt.date | None = None) -> Result:
        """Extract the facts of one article. Raises ExtractorError (InputError, BackendError, InvalidOutput...)."""
        article, started = _checked(Article(article_id, text, published)), time.perf_counter()
        rounds = self._rounds(article)
        try:
            request = next(rounds)
            while True:
                try:
                    completion = self.backend.complete(request[0], MentionLabel, request[1])
                except ExtractorError as error:
                    request = rounds.throw(error)  # a failed repair keeps the first answer; a failed first call raises
                else:
                    request = rounds.send(completion)
        except StopIteration as done:
            return self._finish(done.value, started)

    async def aextract(self, text: str, *, article_id: str = "article", published: dt.date | None = None) -> Result:
        article, started = _checked(Article(article_id, text, published)), time.perf_counter()
        rounds = self._rounds(article)
        try:
            request = next(rounds)
            while True:
                try:
                    completion = await self.backend.acomplete(request[0], MentionLabel, request[1])
                except ExtractorError as error:
                    request = rounds.throw(error)  # a failed repair keeps the first answer; a failed first call raises
                else:
                    request = rounds.send(completion)
        except StopIteration as done:
            return self._finish(done.value, started)

    def error_result(self, article: Article, error: ExtractorError, latency_s: float | None = None) -> Result:
        """The error record for an article that could not be extracted: it keeps the id, the cause and the cost."""
        record = Result(**self._provenance(article), status="error", latency_s=latency_s,
                        error=ErrorInfo(error_class=error.error_class, message=str(error)))
        if error.usage is not None:
            record.usage = error.usage
        if error.attempts is not None:
            record.attempts = error.attempts
        return record

    def process(self, article: Article) -> Result:
        """Like extract, but a failure becomes an error record instead of an exception (for batch runs)."""
        started = time.perf_counter()
        try:
            return self.extract(article.text, article_id=article.id, published=article.published)
        except Exception as error:
            return self._failed(article, error, started)

    async def aprocess(self, article: Article) -> Result:
        """The async twin of process: a failure becomes an error record."""
        started = time.perf_counter()
        try:
            return await self.aextract(article.text, article_id=article.id, published=article.published)
        except Exception as error:
            return self._failed(article, error, started)

    def _failed(self, article: Article, error: Exception, started: float) -> Result:
        if not isinstance(error, ExtractorError):  # a bug must not sink the rest of a batch: record it, with its type
            error = ExtractorError(f"{article.id}: internal error {type(error).__name__}: {error}")
        return self.error_result(article, error, round(time.perf_counter() - started, 3))

    def close(self) -> None:
        self.backend.close()

    def __enter__(self) -> "Extractor":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _errors(result: Result) -> int:
    return sum(f.severity == "error" for f in result.checks)


def _flagged(result: Result, found: list[Candidate]) -> dict[int, str]:
    """The counts the checker's errors concern (by their span), each with the first error's message."""
    at = {(c.mention.start, c.mention.end): i for i, c in enumerate(found)}
    flagged: dict[int, str] = {}
    for finding in result.checks:
        i = at.get((finding.start, finding.end))
        if finding.severity == "error" and i is not None:
            flagged.setdefault(i, finding.message)
    return flagged


def _checked(article: Article) -> Article:
    if not article.text.strip():
        raise InputError(f"{article.id}: the article is empty")
    return article


_default: Extractor | None = None


def _shared() -> Extractor:
    global _default
    if _default is None:
        _default = Extractor()
        atexit.register(_default.close)
    return _default


def extract(text: str, *, article_id: str = "article", published: dt.date | None = None) -> Result:
    """Extract one article with the default settings (EXTRACTOR_* environment, else the embedded model)."""
    return _shared().extract(text, article_id=article_id, published=published)


async def aextract(text: str, *, article_id: str = "article", published: dt.date | None = None) -> Result:
    return await _shared().aextract(text, article_id=article_id, published=published)


__all__ = ["Article", "Extractor", "extract", "aextract", "text_sha256"]
