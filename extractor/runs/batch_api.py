"""The OpenAI Batch API for the requests file `batch prepare` wrote (extractor.runs.batch_files): submit it in parts
within the API's limits, follow their status, cancel them, and collect their output and error files into one
answers file that `batch assemble` reads. What was submitted where is kept in a small state file beside the requests
file (no credentials), so status and collect can run days later, and each step is safe to run again."""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from ..errors import InputError
from ..model.backend import host_of
from .batch_files import ENDPOINT, answers_path, state_path
from .outputs import atomic_file, json_line

# The OpenAI Batch API takes at most 50,000 requests and 200 MB in one input file.
MAX_REQUESTS_PER_BATCH = 50_000
MAX_BYTES_PER_BATCH = 190 * 1024 * 1024
TERMINAL = ("completed", "expired", "cancelled", "failed")


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
        with atomic_file(path) as out:
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
                    out.write(json_line({"custom_id": custom_id, "response": None,
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
