"""The HTTP API: `create_app(extractor, config)` builds the FastAPI app around one shared Extractor (one model
server for every request), the sqlite job store and the runner that works the jobs.

    POST /v1/extract                 one article → its result (?view=facts: its facts rows)
    POST /v1/jobs                    many articles (JSON array, JSONL, CSV, or a file upload) → 202, a job
    GET  /v1/jobs                    the caller's jobs, newest first
    GET  /v1/jobs/{id}               state, counts, tokens, times
    GET  /v1/jobs/{id}/results       the records as JSONL, streamed as they are written (?view=facts, ?format=csv,
                                     ?offset=N to resume, ?follow=false for what there is now)
    GET  /v1/jobs/{id}/events        the job's incidents so far (`extractor events`), JSONL or ?format=csv
    POST /v1/jobs/{id}/retry-failed  redo the articles with error records
    DELETE /v1/jobs/{id}             cancel
    GET  /healthz, GET /metrics      the model server and the queue; Prometheus text
    GET  /openapi.json, GET /docs    the schema, and the page for people (served offline)

Every route but the documentation takes the caller through `auth.caller` (key, rate limit); bodies are limited in
size by `guards.BodyLimit`; errors are schemas.service.ApiError."""

from __future__ import annotations

import asyncio
import contextlib
import functools
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Annotated, Iterable, Literal

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from fastapi_offline import FastAPIOffline
from pydantic import TypeAdapter, ValidationError
from starlette.exceptions import HTTPException

from ..events import csv_rows as events_csv
from ..pipeline import Article, Extractor
from ..runs.inputs import Reading
from ..schemas import FactRow, Result
from ..schemas.service import ApiError, ArticleIn, FieldError, Health, IsoDate, JobStatus
from .auth import Auth, caller
from .errors import error_response, invalid, on_http_error, on_invalid
from .guards import BodyLimit
from .jobs import IdempotencyConflict, JobStore
from .metrics import Metrics, RequestMetrics
from .runner import Runner
from . import bodies, streams
from .security import FailedKeys, Sessions, allowed_hosts, guard

JSONL = bodies.JSONL


@dataclass(frozen=True)
class ServiceConfig:
    db: Path  # the sqlite job store
    keys: tuple[str, ...] = ()  # API keys; none: loopback only
    concurrency: int = 8  # articles of jobs in flight at once
    max_article_bytes: int = 1 << 20  # the body of POST /v1/extract
    max_job_bytes: int = 64 << 20  # the body of POST /v1/jobs
    requests_per_minute: int = 600  # per key; 0: no limit
    max_queued_jobs: int = 100  # unfinished jobs; more are refused with 503
    max_queued_jobs_per_key: int = 20  # unfinished jobs of one key; more are refused with 429
    allowed_hosts: tuple[str, ...] = ()  # Host names besides loopback's that requests may name
    failed_keys_per_minute: int = 10  # wrong keys one client may send; beyond, 429


@dataclass
class Service:
    """What the routes work with (request.app.state.service, set when the app starts)."""

    extractor: Extractor
    config: ServiceConfig
    store: JobStore
    runner: Runner
    metrics: Metrics


def service(request: Request) -> Service:
    return request.app.state.service


Owner = Annotated[str, Depends(caller)]
JobId = Annotated[str, PathParam(max_length=100, description="The id POST /v1/jobs answered with.")]


def _documented(*codes: int, extra: dict | None = None) -> dict:
    """The error answers a route can give, for the OpenAPI document (every route can give 401, 403 and 429)."""
    meaning = {400: "The body cannot be read", 401: "No valid API key", 403: "Not from loopback (no keys configured)",
               404: "No such job for this key", 409: "The job was cancelled", 413: "The body is too large",
               415: "The body is not of a type this route reads", 422: "Bad input: the fields at fault are named",
               429: "Over this key's rate (see Retry-After)", 503: "Too many unfinished jobs (see Retry-After)"}
    answers = {code: {"model": ApiError, "description": meaning[code]} for code in (401, 403, 429, *codes)}
    return {**answers, **(extra or {})}


def _record(why: str) -> dict:
    return {"model": Result, "description": f"{why}: the article's error record"}


def _body(content: dict) -> dict:
    return {"requestBody": {"required": True, "content": content}}


ARTICLE = {"$ref": "#/components/schemas/ArticleIn"}
api = APIRouter()


# ---- one article ---------------------------------------------------------------------------------------------

FAILED = {"timeout": 504, "internal": 500, "time_budget": 503}  # an error record's HTTP status; else 502


@api.post("/v1/extract", response_model=Result | list[FactRow],
          openapi_extra=_body({"application/json": {"schema": ARTICLE}}),
          responses=_documented(413, 415, 422, extra={500: _record("An internal error"),
                                                      502: _record("The model server failed"),
                                                      503: _record("Its work ran past the time budget"),
                                                      504: _record("The model server timed out")}))
async def extract(request: Request, owner: Owner, view: Literal["result", "facts"] = "result") -> Response:
    """Extract one article now: the result as `extractor extract` writes it, or with ?view=facts its facts rows.
    When the model server fails, the answer is 502 (504 on a timeout) with the article's error record."""
    s = service(request)
    bodies.json_only(request)
    body = bodies.utf8(await request.body())
    try:
        article = await asyncio.to_thread(ArticleIn.model_validate_json, body)  # a megabyte: off the event loop
    except ValidationError as e:
        raise invalid(e.errors(include_input=False)) from None
    bodies.within(article.text, s.extractor.settings.max_chars, ("text",))
    result = await s.runner.run_now(Article(article.id or "article", article.text, article.published),
                                    gone=request.is_disconnected)
    s.metrics.article(result, "extract")
    if result.status == "error":
        if result.error.error_class == "input":
            return error_response(422, result.error.message, [FieldError(field="text", message=result.error.message)])
        return Response(result.model_dump_json(), FAILED.get(result.error.error_class, 502),
                        media_type="application/json")
    if view == "facts":
        return Response(_FACTS.dump_json(result.facts), media_type="application/json")
    return Response(result.model_dump_json(), media_type="application/json")


_FACTS = TypeAdapter(list[FactRow])
# ---- jobs ----------------------------------------------------------------------------------------------------

JOB_BODY = _body({
    "application/json": {"schema": {"type": "array", "items": ARTICLE, "minItems": 1}},
    JSONL: {"schema": {"type": "string", "description": "JSONL: one article a line, as `extractor extract` reads "
                                                        "it ({\"id\", \"text\", \"published\"})"}},
    "text/csv": {"schema": {"type": "string", "description": "CSV with a header: text, and optionally id and "
                                                            "published"}},
    "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {"file": {
        "type": "string", "format": "binary", "description": "A .jsonl or .csv file of articles"}}}},
})
CREATED = {"description": "The job, queued", "headers": {"Location": {"description": "The job's URL",
                                                                      "schema": {"type": "string"}}}}


@api.post("/v1/jobs", status_code=202, response_model=JobStatus, openapi_extra=JOB_BODY,
          responses={202: CREATED, **_documented(400, 413, 415, 422, 503)})
async def submit(request: Request, owner: Owner, published: Annotated[IsoDate | None, Query(
        description="Publication date (ISO) of the articles that give none")] = None) -> JSONResponse:
    """Submit many articles as one job; collect the records later (GET .../results) or as they come.

    A JSON array is checked whole: a 422 names the article and field at fault, and nothing is queued. A JSONL or
    CSV body (or an uploaded .jsonl/.csv file, field `file`) is read as `extractor extract` reads such a file: a
    line that cannot be an article becomes that article's error record, and the others go on. In every form, an
    article whose id an earlier one has becomes an error record naming the first (ids name the records)."""
    s = service(request)
    if len(s.store.unfinished(owner)) >= s.config.max_queued_jobs_per_key:  # one key cannot lock the others out
        raise HTTPException(429, f"this key has {s.config.max_queued_jobs_per_key} unfinished jobs already; wait for "
                            f"one to finish", headers={"Retry-After": "30"})
    if len(s.store.unfinished()) >= s.config.max_queued_jobs:
        raise HTTPException(503, f"{s.config.max_queued_jobs} jobs are already waiting; try again later",
                            headers={"Retry-After": "30"})
    reading = Reading(published=published, max_chars=s.extractor.settings.max_chars)
    items = await bodies.job_items(request, reading)
    if not items:
        raise RequestValidationError([{"loc": ("body",), "msg": "the job has no articles"}])
    try:
        job_id = s.store.create(owner, items, await bodies.idempotency(request))
    except IdempotencyConflict as conflict:
        raise HTTPException(422, f"Idempotency-Key {str(conflict)[:60]!r} was used with another request; use a new "
                            f"key for a new job") from None
    s.runner.wake()
    return JSONResponse(s.store.status(job_id).model_dump(mode="json"), 202, headers={"Location": f"/v1/jobs/{job_id}"})


def _owned(s: Service, job_id: str, owner: str) -> JobStatus:
    status = s.store.status(job_id, owner)
    if status is None:  # another key's job is as absent as one that never was
        raise HTTPException(404, f"no job {job_id!r} for this key")
    return status


@api.get("/v1/jobs", response_model=list[JobStatus], responses=_documented(422))
async def list_jobs(request: Request, owner: Owner,
                    limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[JobStatus]:
    """The caller's jobs, newest first."""
    return service(request).store.jobs(owner, limit)


@api.get("/v1/jobs/{job_id}", response_model=JobStatus, responses=_documented(404, 422))
async def job(request: Request, owner: Owner, job_id: JobId) -> JobStatus:
    """The job's state; counts done, failed and pending; tokens; when it was created, started and finished."""
    return _owned(service(request), job_id, owner)


@api.post("/v1/jobs/{job_id}/retry-failed", status_code=202, response_model=JobStatus,
          responses={202: CREATED, **_documented(404, 409, 422)})
async def retry_failed(request: Request, owner: Owner, job_id: JobId) -> JSONResponse:
    """Redo the articles that have error records: the records are dropped and written again when redone."""
    s = service(request)
    if _owned(s, job_id, owner).state == "cancelled":
        raise HTTPException(409, "the job was cancelled; submit its articles again")
    if s.store.retry_failed(job_id):
        s.runner.wake(job_id)
    return JSONResponse(s.store.status(job_id).model_dump(mode="json"), 202, headers={"Location": f"/v1/jobs/{job_id}"})


@api.delete("/v1/jobs/{job_id}", response_model=JobStatus, responses=_documented(404, 422))
async def cancel(request: Request, owner: Owner, job_id: JobId) -> JobStatus:
    """Cancel the job: its pending articles are not extracted (those in flight are stopped); the records written
    so far stay readable. A finished job is left as it is."""
    s = service(request)
    _owned(s, job_id, owner)
    if s.store.cancel(job_id):
        s.runner.cancel(job_id)
    return s.store.status(job_id)


@api.get("/v1/jobs/{job_id}/results", response_class=StreamingResponse, responses={
    200: {"description": "JSONL (the results, or the facts rows) or CSV (the facts rows)",
          "content": {JSONL: {"schema": {"type": "string"}}, "text/csv": {"schema": {"type": "string"}}}},
    **_documented(404, 422)})
async def results(request: Request, owner: Owner, job_id: JobId,
                  view: Annotated[Literal["result", "facts"], Query(description="result: one record a line, as "
                                  "`extractor extract` writes; facts: one row per number")] = "result",
                  format: Annotated[Literal["jsonl", "csv"], Query(description="csv: the facts view as CSV")] = "jsonl",
                  offset: Annotated[int, Query(ge=0, le=2**53, description="Lines already read (CSV: rows, not "
                                    "counting the header); the stream goes on after them")] = 0,
                  follow: Annotated[bool, Query(description="Keep the stream open until the job is finished")] = True,
                  order: Annotated[Literal["written", "input"], Query(description="written: as the records are "
                                   "written (soonest first); input: in the order the articles were sent (a stream "
                                   "waits for the next one)")] = "written",
                  ) -> StreamingResponse:
    """The job's records in the order they were written, streamed as they are written until the job is finished
    (or, with follow=false, what there is now). Resume a broken stream with ?offset= the lines you had: in the
    result view after a retry-failed that may repeat a few lines, never skip one; in the facts view it is exact."""
    s = service(request)
    _owned(s, job_id, owner)
    records = functools.partial(streams.records, s.store, job_id, follow=follow, order=order)
    start = 0 if order == "written" else -1  # the seq, or the position, before the first record
    if format == "csv":
        return StreamingResponse(streams.csv_rows(records, start, offset), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": f'attachment; filename="{job_id}-facts.csv"'})
    lines = streams.result_lines(records, start + offset) if view == "result" else streams.fact_lines(
        records, start, offset)
    return StreamingResponse(lines, media_type=JSONL)


@api.get("/v1/jobs/{job_id}/events", response_class=StreamingResponse, responses={
    200: {"description": "The incidents of the job's results so far, as `extractor events` writes them",
          "content": {JSONL: {"schema": {"type": "string"}}, "text/csv": {"schema": {"type": "string"}}}},
    **_documented(404, 422)})
async def job_events(request: Request, owner: Owner, job_id: JobId,
                     format: Annotated[Literal["jsonl", "csv"], Query(description="csv: ACLED-like columns")] = "jsonl",
                     ) -> StreamingResponse:
    """The job's articles' events merged into incidents (one country, within a day, within 25 km), each with every
    claim; from the records written so far."""
    s = service(request)
    _owned(s, job_id, owner)
    lines = [line async for _, line in streams.records(s.store, job_id, 0, follow=False)]
    found = await asyncio.to_thread(streams.incidents_of, lines)  # CPU work (and the gazetteer's first load)
    if format == "csv":
        return StreamingResponse(iter(list(events_csv(found))), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": f'attachment; filename="{job_id}-events.csv"'})
    return StreamingResponse(iter([i.model_dump_json() + "\n" for i in found]), media_type=JSONL)


# ---- the service itself --------------------------------------------------------------------------------------

@api.get("/healthz", summary="Liveness: the process answers (open: a load balancer probes it without a key)")
async def healthz() -> dict:
    """Always {"status": "ok"} while the service runs; it says nothing else to an unknown caller."""
    return {"status": "ok"}


@api.get("/readyz", response_model=Health, responses={503: {
    "model": Health, "description": "The model server does not answer"}})
async def readyz(request: Request) -> JSONResponse:
    """Readiness (open, like /healthz): whether the model server answers, and the queue's size; 503 when the model
    is down. The model server's address is for /metrics' readers, not here."""
    s = service(request)
    model = "not used"
    if s.extractor.use_model:
        model = "up" if await _model_answers(s.extractor) else "down"
    health = Health(status="degraded" if model == "down" else "ok", model=model,
                    queued_jobs=len(s.store.unfinished()), pending_articles=s.store.pending_articles(),
                    in_flight=len(s.runner.in_flight))
    return JSONResponse(health.model_dump(), 503 if model == "down" else 200)


async def _model_answers(extractor: Extractor) -> bool:
    import openai  # loaded when a model is asked, not with the service

    client = extractor.backend.aclient(extractor.settings.mode).client
    try:
        await client.with_options(timeout=2.0, max_retries=0).models.list()
    except openai.APIError:  # refused, timed out, or an error status: it does not answer as it should
        return False
    return True


@api.get("/metrics", response_class=Response, responses={
    200: {"description": "Prometheus text format", "content": {"text/plain": {"schema": {"type": "string"}}}},
    **_documented()})
async def metrics(request: Request, owner: Owner) -> Response:
    """Requests by route and status, latency, articles by outcome, tokens, queue depth (Prometheus text)."""
    s = service(request)
    s.metrics.queued_jobs.set(len(s.store.unfinished()))
    s.metrics.queue_depth.set(s.store.pending_articles())
    s.metrics.in_flight.set(len(s.runner.in_flight))
    return Response(s.metrics.render(), media_type=Metrics.content_type)


# ---- the app -------------------------------------------------------------------------------------------------

def create_app(extractor: Extractor, config: ServiceConfig, *, routers: Iterable[APIRouter] = ()) -> FastAPI:
    """The service around `extractor` (shared by every request; the caller closes it). `routers` are mounted
    behind the same key check and rate limit (their routes can take `auth.caller` to learn the owner, and
    `service(request).store` for jobs)."""
    metrics = Metrics()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        store = JobStore(config.db)
        runner = Runner(store, extractor, config.concurrency, on_record=lambda r: metrics.article(r, "job"))
        app.state.service = Service(extractor, config, store, runner, metrics)
        if extractor.use_model:  # start the embedded model's server now, not on the first request
            await asyncio.to_thread(extractor.backend.aclient, extractor.settings.mode)
        working = asyncio.create_task(runner.run())
        try:
            yield
        finally:
            working.cancel()
            await asyncio.gather(working, return_exceptions=True)
            await extractor.backend.aclose()
            store.close()

    app = FastAPIOffline(title="extractor", version=version("extractor"), lifespan=lifespan,
                         description="Verified numeric facts from news articles about armed conflict. Send "
                                     "`Authorization: Bearer <key>` on every request.")
    app.state.auth = Auth(config.keys, config.requests_per_minute)
    app.state.sessions, app.state.failed_keys = Sessions(), FailedKeys(config.failed_keys_per_minute)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_invalid)
    app.add_middleware(BodyLimit, limits={"/v1/extract": (config.max_article_bytes, "--max-article-bytes"),
                                          "/v1/jobs": (config.max_job_bytes, "--max-job-bytes")})
    app.add_middleware(RequestMetrics, metrics=metrics)  # it counts the 413s too
    guard(app, allowed_hosts(config.allowed_hosts))  # outermost: a foreign Host or a cross-site write goes no further
    app.include_router(api)
    for router in routers:
        app.include_router(router, dependencies=[Depends(caller)])
    _document(app)
    return app


def _document(app: FastAPI) -> None:
    """The models that routes read themselves (so the key check comes before the body) go in the OpenAPI
    components too."""
    generate = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = generate()
            schema.setdefault("components", {}).setdefault("schemas", {})["ArticleIn"] = ArticleIn.model_json_schema()
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi


__all__ = ["Service", "ServiceConfig", "create_app", "service"]
