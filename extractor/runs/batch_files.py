"""OpenAI-format batch files: every question of every article written out ahead, answered anywhere (the OpenAI
Batch API at half the list price, or vLLM's `run_batch` on your own GPUs), then assembled into results.

    prepare   inputs → REQUESTS (one chat request per question, custom_id "<article id>#<count>") and its manifest
              (each input's article, or the reason it cannot be read, with a digest of the questions asked)
    submit    REQUESTS → the Batch API (files + batches, in parts within its limits); the state goes in a small
              file beside it, so status and collect can run days later
    status    where each part stands
    collect   the finished parts' output and error files → one answers file
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
import os
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
from ..model.backend import Completion, host_of
from ..model.prompting import prompt_version
from ..pipeline import Article, Extractor, Question
from ..schemas import SCHEMA_VERSION, Attempts, Result, Usage
from ..settings import Settings
from .batch import Summary
from .inputs import FirstSeen, Item
from .outputs import Output

ENDPOINT = "/v1/chat/completions"
MANIFEST_VERSION = 1
# The OpenAI Batch API takes at most 50,000 requests and 200 MB in one input file.
MAX_REQUESTS_PER_BATCH = 50_000
MAX_BYTES_PER_BATCH = 190 * 1024 * 1024
TERMINAL = ("completed", "expired", "cancelled", "failed")


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
    with _atomic(requests) as out, _atomic(manifest) as index:
        index.write(_line({"manifest": MANIFEST_VERSION, "model": settings.model, "prompt_version": prompt_version(),
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
                        out.write(_line(request_line(question, question.key, settings)))
                    done.requests += len(plan.questions)
            if error is not None:
                entry.update(error={"error_class": error.error_class, "message": str(error)})
                done.errors[error.error_class] += 1
            index.write(_line(entry))
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
    times: Counter = Counter()  # a count asked again in a later repair round gets a new custom_id: "a1#3:repair2"
    checked = False
    try:
        talk = extractor.conversation(article)
        while (question := talk.question) is not None:
            times[question.key] += 1
            custom_id = question.key + (str(times[question.key]) if times[question.key] > 1 else "")
            repair = question.key.endswith(":repair")
            if not repair:
                asked.append(question)
            elif not checked:
                checked = True
                if questions_digest(asked) != digest:
                    raise _changed(article)
            line = answers.get(custom_id)
            if line is None and not repair:
                talk.close()
                plan = extractor.plan(article)
                return extractor.error_result(article, _changed(article)) \
                    if questions_digest(plan.questions) != digest else Waiting([])
            if line is None:
                talk.fail(_Unanswered())
                suffix = custom_id.removeprefix(question.key)
                return Waiting([(q.key + suffix, q) for q in
                                extractor.repair_questions(extractor.plan(article), talk.result)])
            try:
                parsed = completion(line, answer_model(question))
            except ExtractorError as error:
                if not repair:
                    raise
                talk.fail(error)  # a failed repair keeps the earlier answer
            else:
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
    with Answers(answer_files) as answers, _atomic(follow_up_path, keep_empty=False) as follow_up:
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
                follow_up.writelines(_line(request_line(q, custom_id, extractor.settings))
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


# ---- the Batch API (submit, status, collect) -----------------------------------------------------------------

@dataclass
class Part:
    """One batch: lines [start, end) of the requests file, `size` bytes from byte `offset`."""

    start: int
    end: int
    offset: int
    size: int
    input_file_id: str | None = None
    batch_id: str | None = None
    status: str | None = None
    output_file_id: str | None = None
    error_file_id: str | None = None
    counts: dict = field(default_factory=dict)  # total, completed, failed
    errors: list = field(default_factory=list)  # why the Batch API failed the whole part
    collected: bool = False

    @property
    def finished(self) -> bool:
        return self.status in TERMINAL


@dataclass
class State:
    """What was submitted where; kept beside the requests file (no credentials: the endpoint without user info)."""

    requests: str
    sha256: str
    endpoint: str | None
    parts: list[Part]
    created: int = field(default_factory=lambda: int(time.time()))

    @classmethod
    def load(cls, requests: str | Path) -> "State":
        path = state_path(requests)
        if not path.exists():
            raise InputError(f"{requests} has not been submitted ({path} is missing): run `extractor batch submit "
                             f"{requests}` first")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(**{**data, "parts": [Part(**p) for p in data["parts"]]})
        except (ValueError, TypeError, KeyError, AttributeError) as error:  # truncated, edited, or not ours
            raise InputError(f"{path} is damaged ({type(error).__name__}: {str(error)[:80]}): restore it, or delete it "
                             f"and run `extractor batch submit {requests}` again (a new submission is charged again)"
                             ) from None

    def save(self) -> None:
        path = state_path(self.requests)
        with _atomic(path) as out:
            json.dump({**self.__dict__, "parts": [p.__dict__ for p in self.parts]}, out, indent=1)


def clean_endpoint(url: str | None) -> str | None:
    """An endpoint to keep in the state file: scheme, host, port and path; never user info or query."""
    if not url:
        return None
    from urllib.parse import urlsplit

    return host_of(url) + urlsplit(url).path.rstrip("/")


def split_parts(requests: Path, max_requests: int = MAX_REQUESTS_PER_BATCH,
                max_bytes: int = MAX_BYTES_PER_BATCH) -> list[Part]:
    """The requests file cut into parts the Batch API accepts."""
    parts: list[Part] = []
    start = offset = count = size = 0
    with requests.open("rb") as lines:
        for number, line in enumerate(lines):
            if count and (count == max_requests or size + len(line) > max_bytes):
                parts.append(Part(start, number, offset, size))
                start, offset, count, size = number, offset + size, 0, 0
            count, size = count + 1, size + len(line)
    if count:
        parts.append(Part(start, start + count, offset, size))
    return parts


def _part_bytes(requests: Path, part: Part) -> bytes:
    with requests.open("rb") as stream:
        stream.seek(part.offset)
        return stream.read(part.size)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def submit(requests: str | Path, client, *, endpoint: str | None, max_requests: int = MAX_REQUESTS_PER_BATCH,
           on_part: Callable[[Part], None] | None = None) -> State:
    """Upload the requests and start their batches. Safe to run again after a failure: the parts already started
    are left alone, the others are started."""
    requests = Path(requests)
    if not requests.is_file():
        raise InputError(f"{requests}: no such requests file")
    sha = file_sha256(requests)
    if state_path(requests).exists():
        state = State.load(requests)
        if state.sha256 != sha:
            raise InputError(f"{requests} changed since it was submitted (see {state_path(requests)}); prepare a new "
                             f"requests file instead of editing a submitted one")
    else:
        parts = split_parts(requests, max_requests)
        if not parts:
            raise InputError(f"{requests} holds no requests: nothing to submit")
        state = State(str(requests), sha, clean_endpoint(endpoint), parts)
        state.save()
    for part in state.parts:
        if part.batch_id is not None:
            continue
        if part.input_file_id is None:
            name = f"{requests.stem}.part{state.parts.index(part) + 1}{requests.suffix}"
            part.input_file_id = client.files.create(file=(name, _part_bytes(requests, part)), purpose="batch").id
            state.save()
        batch = client.batches.create(input_file_id=part.input_file_id, endpoint=ENDPOINT, completion_window="24h",
                                      metadata={"extractor_requests": requests.name[:500]})
        _update(part, batch)
        state.save()
        if on_part:
            on_part(part)
    return state


def _update(part: Part, batch) -> None:
    part.batch_id, part.status = batch.id, batch.status
    part.output_file_id, part.error_file_id = batch.output_file_id, batch.error_file_id
    counts = batch.request_counts
    part.counts = {"total": counts.total, "completed": counts.completed, "failed": counts.failed} if counts else {}
    errors = getattr(batch.errors, "data", None) or []
    part.errors = [{"code": e.code, "message": e.message, "line": e.line} for e in errors]


def refresh(requests: str | Path, client) -> State:
    """The state of every part, as the Batch API reports it now."""
    state = State.load(requests)
    for part in state.parts:
        if part.batch_id is not None and not part.collected:
            _update(part, client.batches.retrieve(part.batch_id))
    state.save()
    return state


def cancel(requests: str | Path, client) -> State:
    state = State.load(requests)
    for part in state.parts:
        if part.batch_id is not None and not part.finished:
            _update(part, client.batches.cancel(part.batch_id))
    state.save()
    return state


@dataclass
class Collected:
    parts: int = 0  # parts collected now
    running: int = 0  # parts still running
    answers: int = 0  # answer lines written now
    failed: int = 0  # of those, failed requests (error file lines, and requests a part ended without answering)


def collect(requests: str | Path, client, answers: str | Path | None = None) -> Collected:
    """Append the output and error files of every finished part to the answers file, once each. A request that a
    finished part never answered (a failed batch, or a provider that leaves them out) gets an error line, so every
    request ends with one answer line."""
    requests = Path(requests)
    state = refresh(requests, client)
    target = Path(answers) if answers else answers_path(requests)
    written = _answered_ids(target)  # a collect killed after writing a part's lines, before marking it, resumes here
    done = Collected()
    for part in state.parts:
        if part.collected:
            continue
        if not part.finished:
            done.running += 1
            continue
        answered: set[str] = set()
        with target.open("ab") as out:
            for file_id in (part.output_file_id, part.error_file_id):
                if file_id:
                    for line in _download_lines(client, file_id):
                        custom_id, ok = _custom_id(line)
                        answered.add(custom_id)
                        if custom_id in written:
                            continue
                        out.write(line if line.endswith(b"\n") else line + b"\n")
                        written.add(custom_id)
                        done.answers += 1
                        done.failed += not ok
            reason = "; ".join(e["message"] for e in part.errors[:3]) or f"the batch ended {part.status}"
            for custom_id in _custom_ids(requests, part):
                if custom_id not in answered and custom_id not in written:
                    out.write(_line({"custom_id": custom_id, "response": None,
                                     "error": {"code": f"batch_{part.status}", "message": reason}}).encode())
                    done.answers += 1
                    done.failed += 1
            out.flush()
            os.fsync(out.fileno())
        part.collected = True
        state.save()
        done.parts += 1
    return done


def _answered_ids(target: Path) -> set[str | None]:
    """The custom ids the answers file holds; a line torn by a kill is cut off first, to be written again whole."""
    if not target.exists():
        return set()
    with target.open("rb+") as stream:
        data = stream.read()
        if data and not data.endswith(b"\n"):
            stream.truncate(data.rfind(b"\n") + 1)
            data = data[:data.rfind(b"\n") + 1]
    return {_custom_id(line)[0] for line in data.splitlines() if line.strip()}


def _download_lines(client, file_id: str) -> Iterator[bytes]:
    with client.files.with_streaming_response.content(file_id) as response:
        pending = b""
        for chunk in response.iter_bytes():
            pending += chunk
            *lines, pending = pending.split(b"\n")
            yield from (line + b"\n" for line in lines if line.strip())
        if pending.strip():
            yield pending


def _custom_id(raw: bytes) -> tuple[str | None, bool]:
    try:
        line = json.loads(raw)
        response = line.get("response") or {}
        return line.get("custom_id"), not line.get("error") and response.get("status_code") == 200
    except ValueError:
        return None, False


def _custom_ids(requests: Path, part: Part) -> Iterator[str]:
    for line in _part_bytes(requests, part).splitlines():
        yield json.loads(line)["custom_id"]


# ---- helpers -------------------------------------------------------------------------------------------------

def _line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


class _atomic:
    """Write a text file aside and rename it into place on success: a crash leaves no half-written file.
    `keep_empty=False`: nothing written, no file."""

    def __init__(self, path: Path, keep_empty: bool = True):
        self.path = Path(path)
        self.keep_empty = keep_empty
        self.temporary = self.path.with_name(f".{self.path.name}.tmp")

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.stream = self.temporary.open("w", encoding="utf-8")
        return self.stream

    def __exit__(self, kind, *exc) -> None:
        written = self.stream.tell() > 0
        self.stream.close()
        if kind is None and (written or self.keep_empty):
            os.replace(self.temporary, self.path)
        else:
            self.temporary.unlink(missing_ok=True)
