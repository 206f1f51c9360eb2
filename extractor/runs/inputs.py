"""Read articles from files, directories, standard input, JSONL and CSV, one at a time (memory stays flat).

Every input yields exactly one item: an Article, or an InputError naming the input and the cause, so a bad input
becomes an error record and never stops the others. Bad bytes stay local: JSONL is read as bytes, line by line, so
a line that is not UTF-8 (or not JSON, or far too long) is one error record `file:line`, and reading goes on.

Ids: a JSONL or CSV row's `id` (else its `file:line`); a file named on the command line, its stem; a file found in a
directory, its path relative to that directory without the suffix ("003", "a/report"), so two reports of the same
name in different folders stay apart. A directory holds articles in text files only (TEXT_SUFFIXES); anything else
in it is skipped and said so."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator

from ..errors import InputError
from ..pipeline import Article
from ..reading.dates import publication_date

TEXT_SUFFIXES = (".txt", ".md", ".jsonl", ".csv")
# A character of UTF-8 is at most 4 bytes: a file larger than this cannot hold an article within the limit.
BYTES_PER_CHAR = 4
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_NAMED_DATE = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")
# Files a folder of articles often holds that are not articles: read only when named on their own.
NOT_ARTICLES = ("readme", "license", "licence", "changelog", "changes", "contributing", "notice", "authors",
                "copying", "code_of_conduct", "security", "history")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Item:
    article_id: str
    where: str  # the input it came from: a path, "path:line", "stdin"
    article: Article | None = None
    error: InputError | None = None


def repeated_id(article_id: str, where: str, first: str | None) -> InputError:
    """The error record's cause for an input whose id an earlier input already has."""
    return InputError(f"{where}: the id {article_id!r} was already used by {first or 'another input'}; give each "
                      f"input its own id")


class FirstSeen:
    """Where each article id was first seen in one run. Ids are unique within a run: an input that repeats one ends
    as an error record under its own place (`file:line`), naming the first. The one rule that local runs, batch
    files, Ray and the service share."""

    def __init__(self) -> None:
        self._where: dict[str, str] = {}

    def repeat(self, item: Item) -> InputError | None:
        """None when the item's id is new (it is remembered), else why the item cannot be extracted."""
        if item.article_id not in self._where:
            self._where[item.article_id] = item.where
            return None
        return repeated_id(item.article_id, item.where, self._where[item.article_id])


@dataclass(frozen=True)
class Reading:
    """How inputs are read: the publication date for all of them (or taken from each file's name), the size limit."""

    published: dt.date | None = None
    published_from_name: bool = False
    max_chars: int = 200_000

    @property
    def max_bytes(self) -> int:
        return self.max_chars * BYTES_PER_CHAR


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
    return publication_date(value, name)


def _printable_id(raw: str) -> str:
    """An id as it can be written: a lone surrogate (valid JSON, not valid UTF-8) shown as its escape."""
    return raw.encode("utf-8", "backslashreplace").decode("utf-8") if _LONE_SURROGATE.search(raw) else raw


def _record(record, where: str, reading: Reading) -> Item:
    """One JSONL line or CSV row (already decoded) as an item."""
    if not isinstance(record, dict):
        return Item(where, where, error=InputError(f"{where}: expected an object with 'id' and 'text'"))
    raw_id = record.get("id")
    article_id = _printable_id(str(raw_id).strip()) if raw_id not in (None, "") else where
    try:
        if _LONE_SURROGATE.search(str(raw_id)):
            raise InputError(f"{where}: the id holds a lone surrogate (\\u{ord(_LONE_SURROGATE.search(str(raw_id))[0]):04x}"
                             f"), which is not text: written here as {article_id!r}")
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            raise InputError(f"{where}: no text (each line needs a non-empty 'text')")
        if (bad := _LONE_SURROGATE.search(text)):
            raise InputError(f"{where}: the text holds a lone surrogate (\\u{ord(bad[0]):04x}) at character "
                             f"{bad.start():,}, which is not text")
        if len(text) > reading.max_chars:
            raise InputError(f"{where}: the article has {len(text):,} characters, more than the "
                             f"{reading.max_chars:,} allowed (--max-chars)")
        published = _date(record.get("published"), where) or reading.published
    except InputError as e:
        return Item(article_id, where, error=e)
    title, url = (record.get(k) for k in ("title", "url"))
    url = url or (record.get("source") if str(record.get("source") or "").startswith(("http://", "https://")) else None)
    about = {k: v.strip() for k, v in (("title", title), ("url", url)) if isinstance(v, str) and v.strip()}
    return Item(article_id, where, Article(article_id, text, published, **about))


def _lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) for each line, None for a line longer than `limit` (its rest is read and dropped)."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield number, None
        else:
            yield number, line


def _jsonl(stream: IO[bytes], name: str, reading: Reading) -> Iterator[Item]:
    for number, line in _lines(stream, reading.max_bytes + 1024):
        where = f"{name}:{number}"
        if line is None:
            yield Item(where, where, error=InputError(f"{where}: the line is longer than --max-chars allows"))
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line.decode("utf-8-sig" if number == 1 else "utf-8"))
        except UnicodeDecodeError as e:
            yield Item(where, where, error=InputError(f"{where}: not UTF-8 ({e.reason} at byte {e.start})"))
        except json.JSONDecodeError as e:
            yield Item(where, where, error=InputError(f"{where}: not valid JSON ({e.msg})"))
        except RecursionError:
            yield Item(where, where, error=InputError(f"{where}: JSON nested too deeply"))
        except ValueError as e:  # a number of thousands of digits: Python refuses to convert it
            yield Item(where, where, error=InputError(f"{where}: a value that cannot be read ({str(e)[:80]})"))
        else:
            yield _record(record, where, reading)


def _csv(stream: IO[bytes], name: str, reading: Reading) -> Iterator[Item]:
    # surrogateescape keeps bad bytes as lone surrogates, so one bad row is found and reported, not the file
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    csv.field_size_limit(max(csv.field_size_limit(), reading.max_bytes + 1024))
    rows = csv.DictReader(text)
    if not rows.fieldnames or "text" not in rows.fieldnames:
        yield Item(name, name, error=InputError(f"{name}: a CSV of articles needs a header with a 'text' column "
                                                f"(and 'id', optionally 'published')"))
        return
    try:
        for row in rows:
            where = f"{name}:{rows.line_num}"
            if any(isinstance(v, str) and _has_bad_bytes(v) for v in row.values()):
                yield Item(where, where, error=InputError(f"{where}: not UTF-8"))
            else:
                yield _record(row, where, reading)
    except csv.Error as e:
        where = f"{name}:{rows.line_num}"
        yield Item(where, where, error=InputError(f"{where}: unreadable CSV ({e}); rows after it were not read"))


def read_stream(stream: IO[bytes], name: str, kind: str, reading: Reading | None = None) -> Iterator[Item]:
    """Articles from one JSONL or CSV stream (`kind` "jsonl" or "csv"; an upload, say), read as files of that kind
    are: each line or row one item, `name:line` where it has no id."""
    return (_csv if kind == "csv" else _jsonl)(stream, name, reading or Reading())


def _has_bad_bytes(value: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in value)


def front_matter(text: str) -> tuple[str, dict[str, str]]:
    """The text without a leading '---' block of 'key: value' lines, and those values ('published: 2025-03-08')."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return text, {}
    values = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep:
            values[key.strip().lower()] = value.strip().strip("'\"")
    return text[match.end():], values


def open_regular(path: Path) -> IO[bytes]:
    """A regular file opened for reading; an InputError for a FIFO, a device, a socket or a folder (a FIFO would
    block for ever, /dev/zero never ends). Opened without blocking and checked on the open file, not the name."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = "a FIFO" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) \
                else "a folder" if stat.S_ISDIR(mode) else "a socket" if stat.S_ISSOCK(mode) else "a special file"
            raise InputError(f"{path}: {kind}, not a regular file: only files are read as articles")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _read_capped(path: Path, reading: Reading) -> bytes:
    """The bytes of a regular file, refused past what an article can take (counted while reading: a file can grow
    after its size was asked, and a link to /dev/zero has none)."""
    with open_regular(path) as stream:
        data = stream.read(reading.max_bytes + 1)
    if len(data) > reading.max_bytes:
        raise InputError(f"{path}: more than {reading.max_bytes:,} bytes, more than an article of --max-chars "
                         f"{reading.max_chars:,} can take")
    return data


def _text_file(path: Path, article_id: str, reading: Reading) -> Item:
    where = str(path)
    try:
        text, meta = front_matter(decode(_read_capped(path, reading), where))
        if not text.strip():
            raise InputError(f"{where}: the article is empty")
        if len(text) > reading.max_chars:
            raise InputError(f"{where}: the article has {len(text):,} characters, more than the "
                             f"{reading.max_chars:,} allowed (--max-chars)")
        published = _date(meta.get("published") or meta.get("date"), where)
        if published is None and reading.published_from_name:
            named = _NAMED_DATE.search(path.name)
            published = _date(named.group(1), where) if named else None
    except OSError as e:
        return Item(article_id, where, error=InputError(f"{where}: cannot read ({e.strerror or e})"))
    except InputError as e:
        return Item(article_id, where, error=e)
    return Item(article_id, where, Article(article_id, text, published or reading.published))


def _file(path: Path, article_id: str, reading: Reading) -> Iterator[Item]:
    if path.suffix.lower() in (".jsonl", ".csv"):
        try:
            with open_regular(path) as stream:
                yield from (_jsonl if path.suffix.lower() == ".jsonl" else _csv)(stream, str(path), reading)
        except OSError as e:
            yield Item(article_id, str(path), error=InputError(f"{path}: cannot read ({e.strerror or e})"))
        except InputError as e:
            yield Item(article_id, str(path), error=e)
        return
    yield _text_file(path, article_id, reading)


def _stdin(stream: IO[bytes], reading: Reading) -> Iterator[Item]:
    buffered = stream if hasattr(stream, "peek") else io.BufferedReader(stream)
    head = buffered.peek(64)[:64].lstrip()[:1]
    if head == b"{":
        yield from _jsonl(buffered, "stdin", reading)
        return
    data = buffered.read(reading.max_bytes + 1)
    try:
        if len(data) > reading.max_bytes:
            raise InputError(f"stdin: more than an article of --max-chars {reading.max_chars:,} can take")
        text, meta = front_matter(decode(data, "stdin"))
        if len(text) > reading.max_chars:
            raise InputError(f"stdin: the article has {len(text):,} characters, more than the "
                             f"{reading.max_chars:,} allowed (--max-chars)")
        published = _date(meta.get("published"), "stdin") or reading.published
    except InputError as e:
        yield Item("stdin", "stdin", error=e)
    else:
        yield Item("stdin", "stdin", Article("stdin", text, published))


def directory_files(path: Path, skip: Iterable[Path] = (),
                    on_skip: Callable[[Path, str], None] | None = None) -> list[Path]:
    """The article files of a directory, in name order: text files, not hidden, not the run's own files, not a
    README or LICENSE; JSONL and CSV only where no text article sits beside them (a corpus often keeps its
    articles both ways: name the JSONL to read it)."""
    skipped = set(skip)
    said = on_skip or (lambda p, why: None)
    found = []
    for p in sorted(path.rglob("*")):
        if any(part.startswith(".") for part in p.relative_to(path).parts) or p.is_dir():
            continue
        if not p.is_file():
            said(p, "not a regular file (a FIFO, a device or a broken link)")
            continue
        if p.resolve() in skipped:
            continue
        if p.suffix.lower() not in TEXT_SUFFIXES:
            said(p, f"not a text file ({', '.join(TEXT_SUFFIXES)})")
        elif p.stem.lower().split(".")[0] in NOT_ARTICLES:
            said(p, "not an article (README, LICENSE and the like: name it to read it)")
        else:
            found.append(p)
    folders_with_text = {p.parent for p in found if p.suffix.lower() in (".txt", ".md")}
    for p in [p for p in found if p.suffix.lower() in (".jsonl", ".csv") and p.parent in folders_with_text]:
        said(p, "a table of articles beside text articles (likely the same ones): name it to read it")
        found.remove(p)
    return found


def iter_items(inputs: Iterable[str], reading: Reading | None = None, *, stdin: IO[bytes] | None = None,
               skip: Iterable[str | Path] = (), on_skip: Callable[[Path, str], None] | None = None) -> Iterator[Item]:
    """Articles from paths ('-' for stdin). `skip` names files never read as input: the run's own output and
    cache, which may sit inside an input directory. `on_skip(path, why)` hears of each file a directory holds that
    is not an article."""
    reading = reading or Reading()
    skipped = {Path(s).resolve() for s in skip}
    for spec in inputs:
        if spec == "-":
            yield from _stdin(stdin or sys.stdin.buffer, reading)
            continue
        path = Path(spec)
        if path.is_dir():
            files = directory_files(path, skipped, on_skip)
            if not files:
                yield Item(str(path), str(path), error=InputError(f"{path}: the directory holds no text files"))
            for file in files:
                yield from _file(file, file.relative_to(path).with_suffix("").as_posix(), reading)
        elif path.exists():
            yield from _file(path, path.stem, reading)
        else:
            yield Item(path.stem or spec, spec, error=InputError(f"{spec}: no such file or directory"))


def count_inputs(inputs: Iterable[str], skip: Iterable[str | Path] = ()) -> int | None:
    """How many articles the inputs hold, counted cheaply (for the progress bar); None for standard input."""
    skipped = {Path(s).resolve() for s in skip}
    total = 0
    for spec in inputs:
        if spec == "-":
            return None
        path = Path(spec)
        files = directory_files(path, skipped) if path.is_dir() else [path]
        for file in files:
            if file.suffix.lower() in (".jsonl", ".csv") and file.is_file():
                with file.open("rb") as lines:
                    total += sum(1 for line in lines if line.strip()) - (file.suffix.lower() == ".csv")
            else:
                total += 1
    return total
