"""Every error the service answers has one shape (schemas.service.ApiError): a stable code, a sentence, and for
bad input the fields at fault. Nothing of the request is echoed but the names of its fields."""

from __future__ import annotations

from typing import Iterable

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException

from ..schemas.service import ApiError, FieldError

CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         406: "not_acceptable", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
         422: "invalid_input", 429: "rate_limited", 500: "internal", 502: "bad_gateway", 503: "unavailable",
         504: "gateway_timeout"}


def error_response(status: int, message: str, fields: Iterable[FieldError] = (),
                   headers: dict[str, str] | None = None) -> JSONResponse:
    body = ApiError(error=CODES.get(status, "error"), message=message, fields=list(fields))
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def field_name(loc: Iterable) -> str:
    """('body', 3, 'text') → '[3].text'; ('query', 'offset') → 'offset'; () → 'body'."""
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:]
    name = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts).lstrip(".")
    return name or "body"


def invalid(errors: Iterable[dict], prefix: tuple = ("body",)) -> RequestValidationError:
    """pydantic's errors (of a body the route parsed itself) as the request's validation error."""
    return RequestValidationError([dict(e, loc=prefix + tuple(e.get("loc", ()))) for e in errors])


async def on_http_error(request: Request, error: HTTPException) -> JSONResponse:
    headers = error.headers
    if error.status_code == 405:  # Starlette names the methods of the first route of that path only
        headers = {**(headers or {}), "Allow": ", ".join(_methods(request))}
    return error_response(error.status_code, str(error.detail), headers=headers)


def _methods(request: Request) -> list[str]:
    """Every method some route takes at this path."""
    path = request.url.path
    return sorted({method for route in request.app.routes if isinstance(route, APIRoute)
                   and route.path_regex.match(path) for method in route.methods})


async def on_invalid(request: Request, error: RequestValidationError) -> JSONResponse:
    fields = [FieldError(field=field_name(e.get("loc", ())), message=str(e.get("msg", "invalid")).removeprefix(
        "Value error, ")) for e in error.errors()]
    return error_response(422, "; ".join(f"{f.field}: {f.message}" for f in fields) or "invalid input", fields)
