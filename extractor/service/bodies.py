"""Request bodies into articles: one article as JSON, a job as a JSON array, JSONL, CSV or an uploaded file (read
as `extractor extract` reads files, off the event loop), an Idempotency-Key's digest, and the checks they share
(media type, UTF-8, size)."""

from __future__ import annotations

import asyncio
import hashlib
import io
from typing import Iterable

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import TypeAdapter, ValidationError
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from ..pipeline import Article
from ..runs.inputs import FirstSeen, Item, Reading, read_stream
from ..schemas.service import ArticleIn
from .errors import invalid

JSONL = "application/x-ndjson"

_ARTICLES = TypeAdapter(list[ArticleIn])


def json_only(request: Request) -> None:
    kind = media_type(request)
    if kind not in ("", "application/json"):
        raise HTTPException(415, f"send the article as JSON (Content-Type: application/json), not {kind}")


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def utf8(body: bytes) -> bytes:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise RequestValidationError([{"loc": ("body",), "msg": f"not UTF-8 ({e.reason} at byte {e.start})"}]) from None
    return body


def within(text: str, max_chars: int, loc: tuple) -> None:
    if len(text) > max_chars:
        raise RequestValidationError([{"loc": ("body", *loc), "msg": f"the article has {len(text):,} characters, "
                                       f"more than the {max_chars:,} allowed (--max-chars)"}])


async def idempotency(request: Request) -> tuple[str, str] | None:
    """The Idempotency-Key header (IETF draft) and a digest of the request it came with, or None."""
    key = request.headers.get("idempotency-key")
    if key is None:
        return None
    if not 0 < len(key) <= 255 or not key.isprintable():
        raise HTTPException(400, "Idempotency-Key: 1 to 255 printable characters")
    digest = hashlib.sha256(request.url.query.encode() + b"\0" + request.headers.get("content-type", "").encode()
                            + b"\0" + await request.body()).hexdigest()
    return key, digest


async def job_items(request: Request, reading: Reading) -> list[Item]:
    """The job's articles, read off the event loop (a body can be tens of megabytes)."""
    kind = media_type(request)
    if kind in ("application/json", ""):
        return await asyncio.to_thread(json_articles, utf8(await request.body()), reading)
    if kind in (JSONL, "application/jsonl", "application/x-jsonlines", "text/csv"):
        stream, form = io.BytesIO(await request.body()), "csv" if kind == "text/csv" else "jsonl"
        return await asyncio.to_thread(lambda: distinct(read_stream(stream, "body", form, reading)))
    if kind == "multipart/form-data":
        async with request.form() as form:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise RequestValidationError([{"loc": ("body", "file"), "msg": "upload the articles as the field "
                                               "'file' (a .jsonl or .csv file)"}])
            csv_file = (upload.filename or "").lower().endswith(".csv") or upload.content_type == "text/csv"
            return await asyncio.to_thread(
                lambda: distinct(read_stream(upload.file, "body", "csv" if csv_file else "jsonl", reading)))
    raise HTTPException(415, f"send the articles as application/json (an array), {JSONL}, text/csv or "
                             f"multipart/form-data, not {kind}")


def json_articles(body: bytes, reading: Reading) -> list[Item]:
    try:
        articles = _ARTICLES.validate_json(body)
    except ValidationError as e:
        raise invalid(e.errors(include_input=False)) from None
    items = []
    for i, a in enumerate(articles):
        within(a.text, reading.max_chars, (i, "text"))
        where = f"body:{i + 1}"
        items.append(Item(a.id or where, where, Article(a.id or where, a.text, a.published or reading.published)))
    return distinct(items)


def distinct(items: Iterable[Item]) -> list[Item]:
    """As a batch run does: an id seen before becomes an error record under its own place, naming the first."""
    seen = FirstSeen()
    return [item if (error := seen.repeat(item)) is None else Item(item.where, item.where, error=error)
            for item in items]
