"""Read articles from files, directories, stdin and JSONL, one at a time (memory stays flat).

Every input yields exactly one item: an Article, or an InputError naming the input and the cause, so a bad
input becomes an error record and never stops the others."""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterable, Iterator

from ..errors import InputError
from ..pipeline import Article


@dataclass(frozen=True)
class Item:
    article_id: str
    article: Article | None = None
    error: InputError | None = None


def decode(data: bytes, name: str) -> str:
    """Text of an article file; a clear InputError for what is not a UTF-8 text."""
    if b"\0" in data:
        raise InputError(f"{name}: a binary file, not a text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"{name}: not UTF-8 text ({e.reason} at byte {e.start})") from None
    if not text.strip():
        raise InputError(f"{name}: the article is empty")
    return text


def _date(value, name: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InputError(f"{name}: 'published' is not an ISO date: {value!r}") from None


def _jsonl(lines: Iterable[str], name: str) -> Iterator[Item]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise InputError(f"{where}: a JSONL line must be an object with 'id' and 'text'")
            article_id = str(record.get("id") or where)
            text = record.get("text")
            if not isinstance(text, str) or not text.strip():
                raise InputError(f"{article_id}: no text (a JSONL line needs a non-empty 'text')")
            yield Item(article_id, Article(article_id, text, _date(record.get("published"), article_id)))
        except json.JSONDecodeError as e:
            yield Item(where, error=InputError(f"{where}: not valid JSON ({e.msg})"))
        except InputError as e:
            yield Item(str(record.get("id") or where) if isinstance(record, dict) else where, error=e)


def _file(path: Path, published: dt.date | None) -> Iterator[Item]:
    if path.suffix == ".jsonl":
        try:
            with path.open(encoding="utf-8") as f:
                yield from _jsonl(f, str(path))
        except (OSError, UnicodeDecodeError) as e:
            yield Item(path.stem, error=InputError(f"{path}: cannot read ({e})"))
        return
    try:
        text = decode(path.read_bytes(), str(path))
    except OSError as e:
        yield Item(path.stem, error=InputError(f"{path}: cannot read ({e.strerror})"))
    except InputError as e:
        yield Item(path.stem, error=e)
    else:
        yield Item(path.stem, Article(path.stem, text, published))


def _stdin(stream: IO[bytes], published: dt.date | None) -> Iterator[Item]:
    data = stream.read()
    head = data.lstrip()[:1]
    if head == b"{":
        try:
            yield from _jsonl(data.decode("utf-8").splitlines(), "stdin")
            return
        except UnicodeDecodeError:
            pass
    try:
        yield Item("stdin", Article("stdin", decode(data, "stdin"), published))
    except InputError as e:
        yield Item("stdin", error=e)


def iter_items(inputs: Iterable[str], published: dt.date | None = None, stdin: IO[bytes] | None = None,
               skip: Iterable[str] = ()) -> Iterator[Item]:
    """Articles from paths ('-' for stdin). A directory yields its files in name order, hidden ones skipped.
    `skip` names files never read as input: the run's own output, which may sit inside an input directory."""
    skipped = {Path(s).resolve() for s in skip}
    for spec in inputs:
        if spec == "-":
            yield from _stdin(stdin or sys.stdin.buffer, published)
            continue
        path = Path(spec)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.resolve() not in skipped and not any(
                part.startswith(".") for part in p.relative_to(path).parts))
            if not files:
                yield Item(path.name, error=InputError(f"{path}: the directory holds no files"))
            for file in files:
                yield from _file(file, published)
        elif path.exists():
            yield from _file(path, published)
        else:
            yield Item(path.stem or spec, error=InputError(f"{spec}: no such file or directory"))
