"""The results file a run owns: append-only, locked, and never destroyed.

- A run refuses, before it reads or writes anything, an output that is one of its inputs or an existing file that
  is not a results file (no line of it is a result).
- An advisory lock (a hidden `.NAME.lock` beside it) makes a second run on the same file refuse with a message, so
  two runs never write every article twice.
- Resuming keeps every valid line. Lines that are not results (a line torn by a crash, a line someone edited) move
  to `NAME.rejected`, and the run says how many; nothing is silently dropped.
- Rewrites (`retry="failed"` drops error records to redo them, `retry="all"` every record; moving rejected lines
  out) go through a temporary file and an atomic rename: a crash leaves the old file or the new one, never half.
- One file, one way of making results: resuming a file whose results another model, prompt, policy or schema
  made is refused with the difference and the way out (another -o, or retry="all").
- Each result is appended with one write of one whole line."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Iterable

import filelock
from pydantic import ValidationError

from ..errors import OutputError
from ..schemas import Result


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def rejected_path(path: Path) -> Path:
    return path.with_name(f"{path.name}.rejected")


def _is_result(line: bytes) -> Result | None:
    if not line.endswith(b"\n"):
        return None  # torn by a crash: the article is redone
    try:
        return Result.model_validate_json(line)
    except (ValidationError, ValueError):
        return None


def _made_by(result: Result) -> dict:
    return {k: getattr(result, k) for k in ("model", "prompt_version", "policy", "schema_version")}


class Output:
    """The JSONL output: what it already holds, and appending whole lines. `path` None writes to `stream`."""

    def __init__(self, path: str | Path | None, stream: IO[str] | None = None):
        self.path = Path(path) if path else None
        self.stream = stream
        self.ok: set[str] = set()  # ids with a result in the file
        self.failed: set[str] = set()  # ids with an error record kept in the file
        self.rejected = 0  # lines moved to NAME.rejected when the run opened
        self._fd: int | None = None
        self._lock: filelock.BaseFileLock | None = None

    def own_files(self) -> list[Path]:
        """The files this output writes: never read as inputs."""
        if self.path is None:
            return []
        return [self.path, rejected_path(self.path), lock_path(self.path), self.path.with_name(self.path.name + ".tmp")]

    def open(self, *, retry_failed: bool = False, retry_all: bool = False, inputs: Iterable[str] = (),
             made_by: dict | None = None) -> "Output":
        """Open for appending. `made_by` (Extractor.made_by()): results made otherwise refuse the resume."""
        if self.path is None:
            return self
        self._refuse_inputs(inputs)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = filelock.FileLock(lock_path(self.path), timeout=0)
        try:
            self._lock.acquire()
        except filelock.Timeout:
            self._lock = None
            raise OutputError(f"{self.path}: another run is writing this file; wait for it to finish or choose "
                              f"another -o") from None
        try:
            if self.path.exists():
                self._recover("all" if retry_all else "failed" if retry_failed else None, made_by)
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        except BaseException:
            self.close()
            raise
        return self

    def _refuse_inputs(self, inputs: Iterable[str]) -> None:
        for spec in inputs:
            if spec != "-" and Path(spec).is_file() and self.path.exists() and os.path.samefile(spec, self.path):
                raise OutputError(f"-o {self.path}: that is an input of this run; write the results to another file")

    def _recover(self, retry: str | None, made_by: dict | None) -> None:
        keep, rejected, results, changed, other = [], [], 0, False, None
        with self.path.open("rb") as lines:
            for line in lines:
                if not line.strip():
                    changed = True
                    continue
                result = _is_result(line)
                if result is None:
                    rejected.append(line if line.endswith(b"\n") else line + b"\n")
                    continue
                results += 1
                if retry == "all":
                    changed = True  # dropped to be redone
                    continue
                if made_by and result.status == "ok" and other is None and _made_by(result) != made_by:
                    other = result
                if result.status == "ok":
                    self.ok.add(result.article_id)
                    keep.append(line)
                elif retry == "failed":
                    changed = True  # dropped to be redone
                else:
                    self.failed.add(result.article_id)
                    keep.append(line)
        if rejected and not results:
            raise OutputError(f"-o {self.path}: the file exists and is not a results file (none of its lines is a "
                              f"result); choose another -o or move it away")
        if other is not None:
            theirs, ours = _made_by(other), made_by
            differ = "; ".join(f"{k} {theirs[k]!r} there, {ours[k]!r} now" for k in ours if theirs[k] != ours[k])
            raise OutputError(f"-o {self.path}: its results were made otherwise ({differ}); one file holds results "
                              f"made one way: choose another -o, or --retry-all to redo every article this way")
        if rejected:
            with rejected_path(self.path).open("ab") as side:
                side.write(b"".join(rejected))
            self.rejected = len(rejected)
        if rejected or changed:
            # Rewrite atomically: a crash leaves either the old file or the new one, never half of each.
            temporary = self.path.with_name(self.path.name + ".tmp")
            with temporary.open("wb") as out:
                out.write(b"".join(keep))
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, self.path)

    def holds(self, article_id: str) -> bool:
        return article_id in self.ok or article_id in self.failed

    def append(self, result: Result) -> None:
        line = result.model_dump_json() + "\n"
        if self._fd is not None:
            os.write(self._fd, line.encode("utf-8"))  # one write of the whole line, straight to the file
        else:
            self.stream.write(line)
            self.stream.flush()

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> "Output":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# ---- the other files a run writes whole ----------------------------------------------------------------------

def json_line(record: dict) -> str:
    """One JSON object as one line of a JSONL file."""
    return json.dumps(record, ensure_ascii=False) + "\n"


class atomic_file:
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
