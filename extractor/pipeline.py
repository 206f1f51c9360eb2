"""extract / aextract: article → prompt → model (instructor) → draft → alignment and assembly → checker → repair
when the checker finds errors → result.

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
from .backend import Backend, Completion, Settings
from .check import verify
from .errors import ExtractorError, InputError
from .prompting import messages, prompt_version, repair_messages
from .schemas import SCHEMA_VERSION, Attempts, Draft, ErrorInfo, RepairRound, Result, Usage

# A conservative count of characters per token for news English, to refuse an article before it overflows the
# embedded model's context instead of after a slow failed request.
_CHARS_PER_TOKEN = 3.0


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    published: dt.date | None = None


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Extractor:
    """Reusable extraction pipeline. Use as a context manager (or call close()) to stop an embedded server."""

    def __init__(self, settings: Settings | None = None, *, backend: Backend | None = None, **overrides: Any):
        self.backend = backend or Backend(settings or Settings.from_env(**overrides))

    def _validate(self, article: Article) -> list[dict]:
        if not article.text.strip():
            raise InputError(f"{article.id}: the article is empty")
        prompt = messages(article.text, article.published)
        limit = self.backend.max_input_tokens
        estimate = sum(len(m["content"]) for m in prompt) / _CHARS_PER_TOKEN
        if limit is not None and estimate > limit:
            raise InputError(f"{article.id}: the article is too long for the embedded model's context "
                             f"(about {estimate:.0f} tokens with the prompt; the limit is {limit}). Split it, "
                             f"or use a backend with a longer context (EXTRACTOR_BASE_URL).")
        return prompt

    def _assembled(self, article: Article, completion: Completion) -> Result:
        extraction, warnings = assemble(completion.parsed, article.text, article.published)
        result = Result(**self._provenance(article), extraction=extraction, warnings=warnings)
        return verify(result, article.text)

    def _rounds(self, article: Article, prompt: list[dict]) -> Generator[list[dict], Completion, Result]:
        """The conversation with the model, written once for the sync and async drivers: it yields the messages
        to send and receives each completion. When the checker finds errors, they go back to the model (at most
        max_repairs times), and a repaired answer is kept only if it has fewer errors."""
        completion = yield prompt
        usage, attempts = completion.usage, completion.attempts
        best, best_draft = self._assembled(article, completion), completion.parsed
        rounds: list[RepairRound] = []
        for _ in range(self.backend.settings.max_repairs):
            errors = [f"{f.message}" for f in best.checks if f.severity == "error"]
            if not errors:
                break
            try:
                completion = yield repair_messages(prompt, best_draft, errors)
            except ExtractorError as error:
                usage = usage + (error.usage or Usage())
                attempts = attempts + (error.attempts or Attempts()) + Attempts(repairs=1)
                rounds.append(RepairRound(errors_before=len(errors)))
                best.warnings.append(f"the repair round failed, so the earlier answer stands: {error}")
                break
            usage, attempts = usage + completion.usage, attempts + completion.attempts + Attempts(repairs=1)
            repaired = self._assembled(article, completion)
            rounds.append(RepairRound(errors_before=len(errors), errors_after=_errors(repaired),
                                      kept=_errors(repaired) < len(errors)))
            if rounds[-1].kept:
                best, best_draft = repaired, completion.parsed
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
        article = Article(article_id, text, published)
        prompt, started = self._validate(article), time.perf_counter()
        rounds = self._rounds(article, prompt)
        try:
            request = next(rounds)
            while True:
                try:
                    completion = self.backend.complete(request, Draft)
                except ExtractorError as error:
                    request = rounds.throw(error)  # a failed repair keeps the first answer; a failed first call raises
                else:
                    request = rounds.send(completion)
        except StopIteration as done:
            return self._finish(done.value, started)

    async def aextract(self, text: str, *, article_id: str = "article", published: dt.date | None = None) -> Result:
        article = Article(article_id, text, published)
        prompt, started = self._validate(article), time.perf_counter()
        rounds = self._rounds(article, prompt)
        try:
            request = next(rounds)
            while True:
                try:
                    completion = await self.backend.acomplete(request, Draft)
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
