"""OpenAI-format batch files: every question of every article written out ahead, answered anywhere (the OpenAI
Batch API at half the list price, or vLLM's `run_batch` on your own GPUs), then assembled into results.

    prepare   inputs → REQUESTS (one chat request per question, custom_id "<article id>#<count>") and its manifest
              (each input's article, or the reason it cannot be read, with a digest of the questions asked)
    submit, status, collect   the OpenAI Batch API's side (extractor.runs.batch_api) → one answers file
    assemble  the manifest and any answers files → one result (or error record) per article

Assembly drives the pipeline's own conversation (`Extractor.conversation`) with answers looked up by custom_id, so a
result is what the direct pipeline makes from the same answers. An answer that failed (the batch expired first, a
429, a 5xx, an answer that does not validate) ends its article as an error record; `prepare --retry-failed
RESULTS` writes those articles' questions again as a second, smaller batch. When the checker asks for repairs, the
repair questions go to a follow-up batch and those articles wait for its answers; assembling again with them
completes them. A question with no answer line at all leaves its article waiting too (nothing is written for it)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from pydantic import BaseModel, ValidationError

from ..errors import (
    BackendError, ConfigError, ExtractorError, InputError, InvalidOutput, OutputError, RateLimited, SetupError,
    TimedOut,
)
from ..model.backend import Completion
from ..model.prompting import prompt_version
from ..pipeline import Article, Extractor, Question
from ..schemas import SCHEMA_VERSION, Attempts, Result, Usage
from ..settings import Settings
from .batch import Summary
from .inputs import FirstSeen, Item
from .outputs import Output, atomic_file, json_line

ENDPOINT = "/v1/chat/completions"
MANIFEST_VERSION = 1


# ---- the files of one batch, named after its requests file --------------------------------------------------

def manifest_path(requests: str | Path) -> Path:
    requests = Path(requests)
    return requests.with_name(f"{requests.stem}.articles.jsonl")


def state_path(requests: str | Path) -> Path:
    requests = Path(requests)
    return requests.with_name(f"{requests.stem}.batch.json")


def answers_path(requests: str | Path) -> Path:
    requests = Path(requests)
    return requests.with_name(f"{requests.stem}.answers.jsonl")


def repairs_path(requests: str | Path) -> Path:
    requests = Path(requests)
    return requests.with_name(f"{requests.stem}.repairs.jsonl")


# ---- requests ------------------------------------------------------------------------------------------------

def answer_model(question: Question) -> type[BaseModel]:
    """The model an answer is read with: the question's options when it has them (they are what it is asked under)."""
    return question.call.grammar or question.response_model


@cache
def _schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema()  # a few options make the few models every question uses: build each once


def request_line(question: Question, custom_id: str, settings: Settings) -> dict[str, Any]:
    """One line of an OpenAI batch input file: the chat request, with the standard structured-output
    response_format built from the question's options."""
    answer = answer_model(question)
    return {"custom_id": custom_id, "method": "POST", "url": ENDPOINT, "body": {
        "model": settings.model, "messages": question.messages,
        "max_tokens": question.call.max_tokens or settings.max_tokens, "temperature": settings.temperature,
        "response_format": {"type": "json_schema", "json_schema": {
            "name": answer.__name__, "schema": _schema(answer), "strict": True}},
    }}


def questions_digest(questions: Iterable[Question]) -> str:
    """What was asked about an article: assembly refuses answers to questions that have since changed."""
    asked = [(q.key, q.messages, _schema(answer_model(q))) for q in questions]
    return hashlib.sha256(json.dumps(asked, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@dataclass
class Prepared:
    articles: int = 0
    requests: int = 0
    errors: Counter = field(default_factory=Counter)  # error class → inputs that cannot be asked about
    duplicate_inputs: int = 0


def prepare(items: Iterable[Item], extractor: Extractor, requests: str | Path, *,
            only: set[str] | None = None) -> Prepared:
    """Write every question of every item to `requests`, and each item to its manifest. Both appear whole or not
    at all (written aside, then renamed). `only`: the ids (or places, for repeated ids) to prepare, from the error
    records of an earlier run."""
    requests = Path(requests)
    manifest = manifest_path(requests)
    for path in (requests, manifest):
        if path.exists():
            raise OutputError(f"{path} exists: choose another -o, or move it away (a batch may still refer to it)")
    if not extractor.settings.model:
        raise ConfigError("batch requests name the model that answers them: give --model or EXTRACTOR_MODEL")
    settings = extractor.settings
    done = Prepared()
    seen = FirstSeen()
    with atomic_file(requests) as out, atomic_file(manifest) as index:
        index.write(json_line({"manifest": MANIFEST_VERSION, "model": settings.model, "prompt_version": prompt_version(),
                           "schema_version": SCHEMA_VERSION, "created": int(time.time())}))
        for item in items:
            entry: dict[str, Any] = {"id": item.article_id, "where": item.where}
            error: ExtractorError | None = seen.repeat(item)
            if error is not None:
                entry["id"] = item.where
                done.duplicate_inputs += 1
            else:
                error = item.error
            if only is not None and entry["id"] not in only:
                continue
            if error is None:
                article = item.article
                entry.update(text=article.text, published=article.published and article.published.isoformat())
                try:
                    plan = extractor.plan(article)
                except ExtractorError as e:
                    error = e
                else:
                    entry.update(questions=len(plan.questions), digest=questions_digest(plan.questions))
                    for question in plan.questions:
                        out.write(json_line(request_line(question, question.key, settings)))
                    done.requests += len(plan.questions)
            if error is not None:
                entry.update(error={"error_class": error.error_class, "message": str(error)})
                done.errors[error.error_class] += 1
            index.write(json_line(entry))
            done.articles += 1
    return done


# ---- answers -------------------------------------------------------------------------------------------------

class Answers:
    """The lines of any answers files (the Batch API's output and error files, vLLM run_batch's output), by
    custom_id. A good answer stands over a failed one, whatever the order of the files (a retry's answers can be
    given after the first batch's). Indexed in a temporary sqlite file, not in memory: a run can hold millions."""

    def __init__(self, paths: Iterable[str | Path]):
        self.unreadable = 0  # lines that are not answers (torn by a crash, or foreign)
        self._dir = tempfile.TemporaryDirectory(prefix="extractor-answers-")
        self._db = sqlite3.connect(Path(self._dir.name) / "answers.sqlite")
        self._db.execute("CREATE TABLE answers (custom_id TEXT PRIMARY KEY, ok INTEGER NOT NULL, line TEXT NOT NULL)")
        with self._db:
            for path in paths:
                self._read(Path(path))

    def _read(self, path: Path) -> None:
        try:
            stream = path.open("rb")
        except OSError as e:
            raise InputError(f"{path}: cannot read the answers ({e.strerror or e})") from None
        with stream:
            for raw in stream:
                try:
                    line = json.loads(raw)
                    custom_id = line["custom_id"]
                except (ValueError, KeyError, TypeError):
                    self.unreadable += raw.strip() != b""
                    continue
                response = line.get("response") or {}
                ok = int(not line.get("error") and response.get("status_code") == 200)
                self._db.execute("INSERT INTO answers VALUES (?, ?, ?) ON CONFLICT (custom_id) DO UPDATE SET "
                                 "ok = excluded.ok, line = excluded.line WHERE answers.ok = 0",
                                 (str(custom_id), ok, raw.decode("utf-8", "replace")))

    def get(self, custom_id: str) -> dict | None:
        row = self._db.execute("SELECT line FROM answers WHERE custom_id = ?", (custom_id,)).fetchone()
        return None if row is None else json.loads(row[0])

    def close(self) -> None:
        self._db.close()
        self._dir.cleanup()

    def __enter__(self) -> "Answers":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def completion(line: dict, model: type[BaseModel]) -> Completion:
    """An answer line as the completion the pipeline expects, or the error it stands for (raised)."""
    error, response = line.get("error"), line.get("response") or {}
    if error and not response.get("body"):
        code = error.get("code") if isinstance(error, dict) else None
        message = error.get("message") if isinstance(error, dict) else str(error)
        if code == "batch_expired":
            raise TimedOut(f"the batch expired before this question was asked: {message}")
        raise BackendError(f"the batch did not answer this question ({code or 'error'}): {message}",
                           attempts=Attempts(requests=1))
    status, body = response.get("status_code"), response.get("body") or {}
    raw = body.get("usage") if isinstance(body.get("usage"), dict) else {}
    usage = Usage(prompt_tokens=raw.get("prompt_tokens") or 0, completion_tokens=raw.get("completion_tokens") or 0,
                  total_tokens=raw.get("total_tokens") or 0)
    spent = dict(usage=usage, attempts=Attempts(requests=1))
    if status != 200:
        detail = body.get("error")
        message = detail.get("message") if isinstance(detail, dict) else detail or error or f"status {status}"
        if status == 429:
            raise RateLimited(f"rate limited by the batch's server: {message}", **spent)
        if status == 400 and message and ("context" in message.lower() or "exceed" in message.lower()):
            raise InputError(f"the question is too long for the model's context: {message}", **spent)
        raise BackendError(f"the batch's server answered {status}: {message}", **spent)
    try:
        content = body["choices"][0]["message"]["content"]
        return Completion(parsed=model.model_validate_json(content or ""), **spent)
    except (KeyError, IndexError, TypeError):
        raise InvalidOutput("the answer holds no message", **spent) from None
    except ValidationError as e:
        raise InvalidOutput(f"the model's answer did not validate: {str(e).splitlines()[0][:300]}", **spent) from None


@dataclass
class Waiting:
    """An article that cannot be assembled yet: a question has no answer line in any answers file."""

    repairs: list[tuple[str, Question]]  # (custom_id, question) of the repair round it waits for; [] the first round


class _Unanswered(ExtractorError):
    """Thrown into a repair round whose answer is missing: the pipeline then returns the result the round started
    from, whose flagged counts are that round's questions."""


def assemble_one(extractor: Extractor, article: Article, digest: str, answers: Answers) -> Result | Waiting:
    """The result of one article from the answers, as the direct pipeline would make it from the same answers;
    Waiting when an answer is missing. A failed answer in the first round makes the article's error record; in a
    repair round, the earlier answer stands (as in the direct pipeline)."""
    asked: list[Question] = []  # the first round, to compare with what was prepared
    skipped: list[int] = []  # the counts the first round's answers skipped: asked again in a follow-up
    times: Counter = Counter()  # a count asked again in a later repair round gets a new custom_id: "a1#3:repair2"
    checked = False
    try:
        talk = extractor.conversation(article)
        while (question := talk.question) is not None:
            times[question.key] += 1
            custom_id = question.key + (str(times[question.key]) if times[question.key] > 1 else "")
            follow_up = question.key.rsplit(":", 1)[-1] if ":" in question.key.rsplit("#", 1)[-1] else None
            if follow_up is None:
                asked.append(question)
            elif not checked:
                checked = True
                if questions_digest(asked) != digest:
                    raise _changed(article)
            line = answers.get(custom_id)
            if line is None and follow_up is None:
                talk.close()
                plan = extractor.plan(article)
                return extractor.error_result(article, _changed(article)) \
                    if questions_digest(plan.questions) != digest else Waiting([])
            if line is None and follow_up == "skipped":
                talk.close()
                return Waiting([(q.key, q) for q in extractor.skipped_questions(extractor.plan(article), skipped)])
            if line is None:
                talk.fail(_Unanswered())
                suffix = custom_id.removeprefix(question.key)
                return Waiting([(q.key + suffix, q) for q in
                                extractor.repair_questions(extractor.plan(article), talk.result)])
            try:
                parsed = completion(line, question.response_model)
            except ExtractorError as error:
                if follow_up is None:
                    raise
                talk.fail(error)  # a failed follow-up keeps the earlier answer, or code's reading
            else:
                if follow_up is None:
                    skipped += [i for i, said in question.answers(parsed.parsed).items() if said is None]
                talk.answer(parsed)
        if not checked and questions_digest(asked) != digest:
            raise _changed(article)
        return talk.result
    except ExtractorError as error:
        changed = bool(asked) and _differs(extractor, article, digest)
        return extractor.error_result(article, _changed(article) if changed else error)
    except Exception as error:  # a bug must not sink the rest of the batch: record it, with its type
        return extractor.error_result(article, ExtractorError(
            f"{article.id}: internal error {type(error).__name__}: {error}"))


def _differs(extractor: Extractor, article: Article, digest: str) -> bool:
    """Whether the questions about the article are no longer the ones prepared."""
    try:
        return questions_digest(extractor.plan(article).questions) != digest
    except ExtractorError:
        return True


def _changed(article: Article) -> SetupError:
    return SetupError(f"{article.id}: the questions about this article are not the ones prepared (the reader or "
                      f"the prompts changed since `batch prepare`): prepare and submit it again")


@dataclass
class Assembled:
    summary: Summary = field(default_factory=Summary)
    unanswered: int = 0  # articles with a first-round question no answers file answers
    waiting_repairs: int = 0  # articles waiting for the follow-up (repair) batch
    repair_requests: int = 0
    unreadable_answers: int = 0


def read_manifest(requests: str | Path) -> tuple[dict, Iterator[dict]]:
    """The manifest's header and its entries (streamed)."""
    path = manifest_path(requests)
    if not path.exists():
        raise InputError(f"{requests}: its manifest {path} is missing: give the requests file `batch prepare` "
                         f"wrote (a repairs file is assembled with the requests file it came from)")
    stream = path.open("rb")
    try:
        header = json.loads(stream.readline())
        if header.get("manifest") != MANIFEST_VERSION:
            raise ValueError
    except (ValueError, AttributeError):
        stream.close()
        raise InputError(f"{path}: not a batch manifest written by `extractor batch prepare`") from None

    def entries() -> Iterator[dict]:
        with stream:
            for raw in stream:
                if raw.strip():
                    yield json.loads(raw)
    return header, entries()


def assemble(requests: str | Path, answer_files: Iterable[str | Path], extractor: Extractor, output: Output, *,
             repairs: str | Path | None = None, endpoint: str | None = None,
             on_result: Callable[[Result], None] | None = None) -> Assembled:
    """One result per article of the batch into `output` (skipping what it holds), from the answers files. The
    repair questions of articles that need them are written to `repairs` (default: beside the requests)."""
    header, entries = read_manifest(requests)
    if header["model"] != extractor.backend.model:
        raise ConfigError(f"the requests were prepared for the model {header['model']!r}, not "
                          f"{extractor.backend.model!r}")
    done = Assembled()
    follow_up_path = Path(repairs or repairs_path(requests))
    with Answers(answer_files) as answers, atomic_file(follow_up_path, keep_empty=False) as follow_up:
        done.unreadable_answers = answers.unreadable
        for entry in entries:
            if output.holds(entry["id"]):
                done.summary.skipped += 1
                done.summary.skipped_failures += entry["id"] in output.failed
                continue
            published = entry.get("published")
            article = Article(entry["id"], entry.get("text", ""), published and dt.date.fromisoformat(published))
            if "error" in entry:
                outcome: Result | Waiting = extractor.error_result(article, _recorded(entry["error"]))
            else:
                outcome = assemble_one(extractor, article, entry["digest"], answers)
            if isinstance(outcome, Waiting):
                done.waiting_repairs += bool(outcome.repairs)
                done.unanswered += not outcome.repairs
                done.repair_requests += len(outcome.repairs)
                follow_up.writelines(json_line(request_line(q, custom_id, extractor.settings))
                                     for custom_id, q in outcome.repairs)
                continue
            if outcome.backend is not None:
                outcome.backend = endpoint  # where the batch ran, not this process's (unused) client
            output.append(outcome)
            done.summary.add(outcome)
            if on_result:
                on_result(outcome)
    return done


def _recorded(error: dict) -> ExtractorError:
    """An error the manifest recorded at prepare time, as the error it was."""
    kinds = {cls.error_class: cls for cls in (InputError, SetupError, BackendError, InvalidOutput)}
    return kinds.get(error["error_class"], ExtractorError)(error["message"])
