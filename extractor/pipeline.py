"""extract / aextract: article → the counts code finds (extractor.reading) → one question per passage to the model,
its counts marked (instructor, a constrained label for each) → code decides each fact → assembly → checker → the
counts with errors asked again → result.

`Extractor` holds the backend (and the embedded server) for reuse across many articles; `extract` and `aextract`
are one-call conveniences over a shared default Extractor. Reading, assembly and checking are plain CPU work: the
async twin runs them in a worker thread, so other articles in flight (and Ctrl-C) are never blocked by a long one."""

from __future__ import annotations

import asyncio
import atexit
import dataclasses
import datetime as dt
import hashlib
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generator

from pydantic import BaseModel

from .assemble import assemble
from .check import verify
from .decide import facts
from .budget import Budget, spending
from .budget import check as check_budget
from .errors import ExtractorError, InputError
from .model.arbiter import find, find_code
from .model.backend import Backend, Call, Completion
from .model.cache import ResponseCache
from .model.prompting import ASKS, label_messages, prompt_version
from .reading.context import contexts
from .reading.dates import publication_date
from .reading.article import ReadArticle
from .conversation import Article, Conversation, Plan, Question
from .reading import learned
from .reading.reading import Count, marked_passages, read_counts
from .schemas import (
    SCHEMA_VERSION,
    Attempts,
    ErrorInfo,
    MarkedLabels,
    RepairRound,
    Result,
    Usage,
    marked,
)
from .schemas.vocab import LABEL_ROLES, category_of
from .settings import Settings

if TYPE_CHECKING:
    import openai  # only a caller's own client is one: a run without a model never loads it

# An answer about one mark is about 20 tokens in JSON; the cap stops a model that would spin on whitespace.
_ANSWER_TOKENS = 40


def may_count_weapons(count: Count) -> bool:
    """Whether a count may be of weapons (a label of munitions fits its noun): the weapon class is asked of those."""
    return any(category_of(LABEL_ROLES[label]) == "munitions" for label in count.labels)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Extractor:
    """Reusable extraction pipeline. Use as a context manager (or call close()) to stop an embedded server."""

    def __init__(self, settings: Settings | None = None, *, base_url: str | None = None, model: str | None = None,
                 api_key: str | None = None, client: openai.OpenAI | openai.AsyncOpenAI | None = None,
                 use_model: bool | None = None, max_concurrency: int | None = None,
                 cache: bool | str | Path | ResponseCache = True, backend: Backend | None = None):
        """
        settings: every setting at once (default: `Settings.from_env()`, the EXTRACTOR_* variables); the named
            arguments below override it.
        base_url: an OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp); None: the embedded model.
        model: the model's name at that endpoint (required with `base_url` or `client`).
        api_key: the key for that endpoint (default: EXTRACTOR_API_KEY, else OPENAI_API_KEY).
        client: your own `openai.OpenAI` or `openai.AsyncOpenAI`, used as it is (its endpoint and key).
        use_model: False for code's reading alone: no request, no server (`verified` then means the checker
            passed the fact).
        max_concurrency: requests in flight at once from async calls (default 8), so an asyncio.gather over many
            articles does not flood the endpoint.
        cache: answer identical requests from the sqlite response cache: True (default: the cache directory's
            responses.sqlite), a path, a ResponseCache, or False.
        backend: a ready Backend (its settings are used; for tests and the command line).
        """
        if backend is None:
            settings = settings or Settings.from_env()
            given = dict(base_url=base_url, model=model, api_key=api_key, use_model=use_model,
                         max_concurrency=max_concurrency)
            settings = settings.replace(**{k: v for k, v in given.items() if v is not None})
            backend = Backend(settings, client=client, cache=_response_cache(cache, settings))
        self.backend = backend
        self.settings = backend.settings
        self.ask_all = False  # ask about every count, as calibration does
        self.offers: tuple[str, ...] | None = None  # the option fields asked beside the label (None: see asks())
        self.calibration, self.policy = None, "code alone (no model): verified means the checker passed it"
        self.code_calibration = None  # code's confidence: the verify decision when no model decides
        if not self.use_model and (code := find_code()) is not None:
            self.code_calibration = code
            self.policy = f"code alone (no model): verified means {code.means}"
        if self.use_model:
            self.calibration, why = find(backend.model, prompt_version(), self.settings.calibration)
            self.policy = why if self.calibration is not None else f"agreement ({why})"
            if self.calibration is not None:
                self.code_calibration = find_code()  # weighs a fact no answer did (its mark skipped twice)
        self.reader = None  # the hand rules read every count
        self.use_reader(learned.load(self.settings.reader))

    def use_reader(self, reader: learned.Reader | None) -> None:
        """Let a learned reader overrule code's hand rules where it is sure (None: the rules read), and say so."""
        self.reader = reader
        self.policy = self.policy.split("; a learned reader")[0] + (
            "; a learned reader overrules code's hand rules where it is sure" if reader is not None else "")

    @property
    def use_model(self) -> bool:
        return self.settings.use_model

    def _questions(self, plan: Plan, asked: list[int], findings: dict[int, str] | None = None,
                   again: str = "") -> list[Question]:
        """One question per passage holding asked counts, each count marked in it with its own options (and the
        checker's finding, when asked again for a repair)."""
        found, options, asks = plan.found, plan.contexts, self.asks()
        questions = []
        for indices, passage in marked_passages(plan.read, found, asked):
            marks = [dict(number=found[i].mention.text, noun=found[i].noun or "",
                          weapon="weapon" in asks and may_count_weapons(found[i]),
                          sources=tuple(w.text for w in options[i].sources),
                          places=tuple(w.text for w in options[i].places),
                          dates=tuple(w.text for w in options[i].dates),
                          finding=(findings or {}).get(i)) for i in indices]
            shape = tuple((found[i].labels, mark["weapon"], *(len(mark[f"{field}s"]) if field in asks else None
                                                              for field in ("source", "place", "date")))
                          for i, mark in zip(indices, marks))
            key = f"{plan.article.id}#{indices[0]}" + (f":{again}" if again else "")
            questions.append(Question(key, indices, label_messages(passage, marks, asks), MarkedLabels,
                                      Call(max_tokens=_ANSWER_TOKENS * len(indices), grammar=marked(shape))))
        return questions

    def asks(self) -> tuple[str, ...]:
        """Which fields the questions ask beside the label (the weapon class; who says so, where and when, among code's
        options): those set in `offers` (calibration offers all), else those the calibration lets the model decide.
        A pick that decides nothing is not asked: its options cost prompt tokens and its answer output tokens."""
        if self.offers is not None:
            return self.offers
        return tuple(field for field in ASKS if self.calibration is not None and self.calibration.decides(field))

    def asked(self, found: list[Count]) -> list[int]:
        """The counts the model is asked about. With a calibration, every count that may be a headline fact (the
        model may propose one code did not read); with none, the counts code reads as headline facts (agreement
        confirms them; a label alone is not a fact)."""
        if not self.use_model:
            return []
        if self.calibration is not None or self.ask_all:
            return [i for i, c in enumerate(found) if c.mention.kind == "count"
                    and (c.cue is None or c.cue[0] != "other")]
        return [i for i, c in enumerate(found) if c.cue is not None and c.cue[0] != "other"]

    def plan(self, article: Article, options: bool = True) -> Plan:
        """Code's reading of the article and the questions to ask about it (none without a model), with each
        count's options (`options`: those a model, or a measure of what one could reach, chooses among). An
        article that needs more questions than settings.max_questions is an InputError."""
        read = ReadArticle(article.text)
        counts = sum(m.kind == "count" for m in read.mentions) if self.use_model else 0
        if counts > 2 * self.settings.max_questions:
            # far over the cap before any parse: refused at once (a count's question is asked at most once)
            raise InputError(f"{article.id}: the article has too many counts to ask about, more than the "
                             f"{self.settings.max_questions} allowed (--max-questions; or --no-model)")
        found = read_counts(read)
        if self.reader is not None:
            found = self.reader.read(read, found)
        check_budget()
        asked = self.asked(found)
        if len(asked) > self.settings.max_questions:
            raise InputError(f"{article.id}: the article has {len(asked)} counts to ask about, more than the "
                             f"{self.settings.max_questions} allowed (--max-questions; or --no-model)")
        context = contexts(read, found, options, article.published)
        check_budget()
        plan = Plan(article, read, found, context, [])
        return dataclasses.replace(plan, questions=self._questions(plan, asked))

    def decide(self, plan: Plan, answers: dict[int, BaseModel], repairs: dict[int, BaseModel] | None = None) -> Result:
        """The result from the answers to the plan's questions (by count), and to repair questions if any."""
        repaired = {i: answer.label for i, answer in (repairs or {}).items()}
        article = plan.article
        decided = facts(plan.read, plan.found, plan.contexts, answers, self.calibration, repaired,
                        self.code_calibration)
        extraction = assemble(decided, article.published, plan.read.places.named(), plan.read.text)
        check_budget()
        unconfirmed = {(f.count.mention.start, f.count.mention.end): f.unconfirmed for f in decided if f.unconfirmed}
        return verify(Result(**self._provenance(article), extraction=extraction), plan.read, unconfirmed)

    def repair_questions(self, plan: Plan, result: Result) -> list[Question]:
        """The counts the checker's errors concern, asked again with the finding."""
        flagged = _flagged(result, plan.found)
        return self._questions(plan, sorted(flagged), flagged, again="repair")

    def skipped_questions(self, plan: Plan, skipped: list[int]) -> list[Question]:
        """The counts an answer skipped (or answered outside their options), asked again by themselves, once."""
        return self._questions(plan, skipped, again="skipped")

    def _rounds(self, article: Article) -> Generator[Question, Completion, Result]:
        """The conversation with the model, written once for the sync and async drivers: it yields each question
        and receives its completion (or has the call's error thrown in). When the checker finds errors, the counts
        they concern are asked again with the finding (at most max_repairs times), and the new answers are kept
        only if the result has fewer errors (not under a calibration that found the model's labels no better than
        code's reading: a repair's label would override code). A failure carries what the article had cost so far."""
        plan = self.plan(article, options=self.use_model)
        answers: dict[int, BaseModel] = {}
        spent = _Spent()
        yield from _asked(plan.questions, answers, spent)
        skipped = [i for q in plan.questions for i in q.indices if i not in answers]
        if skipped:
            try:
                yield from _asked(self.skipped_questions(plan, skipped), answers, spent, carry=False)
            except ExtractorError as error:  # asked once more only: code's reading decides what is still missing
                spent.add(error.usage, error.attempts)
            skipped = [i for i in skipped if i not in answers]
        best = self.decide(plan, answers)
        if skipped:
            best.warnings.append(f"the model's answers skipped {len(skipped)} of the {len(answers) + len(skipped)} "
                                 f"counts asked about, twice: code's reading decides them")
        repairs: dict[int, BaseModel] = {}
        rounds: list[RepairRound] = []
        code_decides = self.calibration is not None and self.calibration.code_decides
        for _ in range(self.settings.max_repairs if self.use_model and not code_decides else 0):
            asked = self.repair_questions(plan, best)
            if not asked:
                break
            relabelled = dict(repairs)
            try:
                yield from _asked(asked, relabelled, spent, carry=False)
            except ExtractorError as error:
                spent.add(error.usage, error.attempts)
                spent.add(None, Attempts(repairs=1))
                rounds.append(RepairRound(errors_before=_errors(best)))
                best.warnings.append(f"the repair round failed, so the earlier answer stands: {error}")
                break
            spent.add(None, Attempts(repairs=1))
            repaired = self.decide(plan, answers, relabelled)
            rounds.append(RepairRound(errors_before=_errors(best), errors_after=_errors(repaired),
                                      kept=_errors(repaired) < _errors(best)))
            if rounds[-1].kept:
                best, repairs = repaired, relabelled
        best.usage, best.attempts, best.repairs = spent.usage, spent.attempts, rounds
        attempts = spent.attempts
        if attempts.cache_hits and not attempts.requests:
            best.warnings.append(f"answered wholly from the response cache ({attempts.cache_hits} answers; no request "
                                 f"was sent to {self.backend.host}): --no-cache asks the model afresh")
        return best

    def made_by(self) -> dict[str, Any]:
        """What decides this extractor's facts, as every result records it: a results file holds one such."""
        asks = self.use_model
        return dict(model=self.backend.model if asks else None, prompt_version=prompt_version() if asks else None,
                    policy=self.policy, schema_version=SCHEMA_VERSION)

    def _provenance(self, article: Article) -> dict[str, Any]:
        return dict(article_id=article.id, text_sha256=text_sha256(article.text), published=article.published,
                    title=article.title, url=article.url, backend=self.backend.host if self.use_model else None,
                    **self.made_by())

    def conversation(self, article: Article) -> Conversation:
        """The conversation about one article, to drive with answers from anywhere (the direct calls below, batch
        files, Ray, the service): code reads the article at once; then answer each `question` until it is None."""
        return Conversation(self._rounds(article))

    def extract(self, text: str, *, article_id: str = "article", published: dt.date | str | None = None,
                title: str | None = None, url: str | None = None) -> Result:
        """Extract the facts of one article. Raises ExtractorError (InputError, BackendError, InvalidOutput...).
        `published` is a date or an ISO string; `title` and `url`, when given, travel onto the result's rows."""
        started = time.perf_counter()
        article = self._checked(text, article_id, published, title, url)
        with spending(Budget(self.settings.time_budget)):
            talk = self.conversation(article)
            while talk.question is not None:
                try:
                    completion = self.backend.complete(*talk.question.request)
                except ExtractorError as error:
                    talk.fail(error)  # a failed repair keeps the first answer
                else:
                    talk.answer(completion)
        return _timed(talk.result, started)

    async def aextract(self, text: str, *, article_id: str = "article", published: dt.date | str | None = None,
                       title: str | None = None, url: str | None = None, budget: Budget | None = None) -> Result:
        """The async twin of extract. Code's steps run in a worker thread, off the event loop, within `budget`
        (default: settings.time_budget from now; cancel it to stop the work)."""
        started = time.perf_counter()
        article = self._checked(text, article_id, published, title, url)
        with spending(budget or Budget(self.settings.time_budget)):
            talk = await asyncio.to_thread(self.conversation, article)
            while talk.question is not None:
                try:
                    completion = await self.backend.acomplete(*talk.question.request)
                except ExtractorError as error:
                    await asyncio.to_thread(talk.fail, error)
                else:
                    await asyncio.to_thread(talk.answer, completion)
        return _timed(talk.result, started)

    def _checked(self, text: Any, article_id: Any, published: Any, title: Any = None, url: Any = None) -> Article:
        """The arguments as an Article, or an InputError saying which one is wrong (before any request)."""
        if not isinstance(article_id, str) or not article_id:
            raise InputError(f"article_id must be a non-empty str, not {article_id!r}")
        if not isinstance(text, str):
            raise InputError(f"{article_id}: the text must be a str, not {type(text).__name__}")
        if not text.strip():
            raise InputError(f"{article_id}: the article is empty")
        if len(text) > self.settings.max_chars:
            raise InputError(f"{article_id}: the article has {len(text):,} characters, more than the "
                             f"{self.settings.max_chars:,} allowed (--max-chars)")
        about = {name: value if isinstance(value, str) and value.strip() else None
                 for name, value in (("title", title), ("url", url))}
        return Article(article_id, text, publication_date(published, article_id), **about)

    def error_result(self, article: Article, error: ExtractorError, latency_s: float | None = None) -> Result:
        """The error record for an article that could not be extracted: it keeps the id, the cause and the cost."""
        text = article.text if isinstance(article.text, str) else ""
        record = Result(**self._provenance(dataclasses.replace(article, text=text)), status="error",
                        latency_s=latency_s, error=ErrorInfo(error_class=error.error_class, message=str(error)))
        if not text:
            record.text_sha256 = None
        record.usage = error.usage or Usage()
        record.attempts = error.attempts or Attempts()
        return record

    def process(self, article: Article) -> Result:
        """Like extract, but any failure becomes an error record instead of an exception (for batch runs)."""
        started = time.perf_counter()
        try:
            return self.extract(article.text, article_id=article.id, published=article.published,
                                title=article.title, url=article.url)
        except Exception as error:
            return self._failed(article, error, started)

    async def aprocess(self, article: Article, budget: Budget | None = None) -> Result:
        """The async twin of process: any failure becomes an error record."""
        started = time.perf_counter()
        try:
            return await self.aextract(article.text, article_id=article.id, published=article.published,
                                       title=article.title, url=article.url, budget=budget)
        except Exception as error:
            return self._failed(article, error, started)

    def _failed(self, article: Any, error: Exception, started: float) -> Result:
        if not isinstance(article, Article):
            article = Article(str(getattr(article, "id", None) or "article"), "", None)
        elif not isinstance(article.id, str) or not article.id:
            article = Article(str(article.id or "article"), article.text, article.published)
        if not isinstance(error, ExtractorError):  # a bug must not sink the rest of a batch: record it, with its type
            error = ExtractorError(f"{article.id}: internal error {type(error).__name__}: {error}")
        try:
            return self.error_result(article, error, round(time.perf_counter() - started, 3))
        except Exception:  # the article's own fields cannot be recorded (a published that is not a date)
            return self.error_result(Article(article.id, "", None), error, round(time.perf_counter() - started, 3))

    def close(self) -> None:
        self.backend.close()

    def __enter__(self) -> "Extractor":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class _Spent:
    """What an article's questions have cost so far."""

    def __init__(self):
        self.usage, self.attempts = Usage(), Attempts()

    def add(self, usage: Usage | None, attempts: Attempts | None) -> None:
        self.usage, self.attempts = self.usage + (usage or Usage()), self.attempts + (attempts or Attempts())


def _asked(questions: list[Question], answers: dict[int, BaseModel], spent: _Spent,
           carry: bool = True) -> Generator[Question, Completion, None]:
    """Ask each question, keeping the answer about each count it marks (a skipped mark stays out of `answers`). A
    failure carries what the article had cost so far (`carry`), or only its own cost."""
    for question in questions:
        try:
            completion = yield question
        except ExtractorError as error:
            if carry:
                error.usage = spent.usage + (error.usage or Usage())
                error.attempts = spent.attempts + (error.attempts or Attempts())
            raise
        answers.update((i, a) for i, a in question.answers(completion.parsed).items() if a is not None)
        spent.add(completion.usage, completion.attempts)


def _errors(result: Result) -> int:
    return sum(f.severity == "error" for f in result.checks)


def _flagged(result: Result, found: list[Count]) -> dict[int, str]:
    """The counts the checker's errors concern (by their span), each with the first error's message."""
    at = {(c.mention.start, c.mention.end): i for i, c in enumerate(found)}
    flagged: dict[int, str] = {}
    for finding in result.checks:
        i = at.get((finding.start, finding.end))
        if finding.severity == "error" and i is not None:
            flagged.setdefault(i, finding.message)
    return flagged


def _timed(result: Result, started: float) -> Result:
    result.latency_s = round(time.perf_counter() - started, 3)
    return result


def _response_cache(cache: bool | str | Path | ResponseCache, settings: Settings) -> ResponseCache | None:
    if not settings.use_model or cache is False or cache is None:
        return None
    if isinstance(cache, ResponseCache):
        return cache
    return ResponseCache(settings.response_cache_path if cache is True else cache)


_default: Extractor | None = None


def _shared() -> Extractor:
    global _default
    if _default is None:
        _default = Extractor()
        atexit.register(_default.close)
    return _default


def extract(text: str, *, article_id: str = "article", published: dt.date | str | None = None) -> Result:
    """Extract one article with the default settings (EXTRACTOR_* environment, else the embedded model)."""
    return _shared().extract(text, article_id=article_id, published=published)


async def aextract(text: str, *, article_id: str = "article", published: dt.date | str | None = None) -> Result:
    return await _shared().aextract(text, article_id=article_id, published=published)


__all__ = ["Article", "Conversation", "Extractor", "Plan", "Question", "extract", "aextract", "text_sha256"]
