"""The review page of a job, at /review/{job_id}: the same page and corrections API as `extractor review`
(extractor.review), over the job's articles and records, with the corrections kept per job beside the job store.

A browser cannot send a bearer key, so with keys configured a reviewer signs in once at /login: the key goes in a
form body (never a URL, so never an access log), with a CSRF token; the browser gets back an HttpOnly,
SameSite=Strict cookie holding a session id that expires (never the key), and POST /logout ends it. Wrong keys are
throttled per client as on the API."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from markupsafe import escape
from starlette.exceptions import HTTPException

from ..review import CorrectionStore, Review
from ..review.routes import review_router
from .auth import COOKIE, LOCAL_OWNER, caller, check_not_throttled, client_of

CSRF_COOKIE = "extractor_csrf"


def _review_of_job(job_id: str, request: Request, owner: Annotated[str, Depends(caller)]) -> Review:
    service = request.app.state.service
    if service.store.status(job_id, owner) is None:
        raise HTTPException(404, f"no job {job_id} of yours")
    records = list(service.store.articles_with_records(job_id))
    texts = {r.article.id: r.article.text for r in records}
    store = CorrectionStore(service.config.db.with_name(service.config.db.name + ".reviews"), scope=job_id)
    return Review([r.result for r in records if r.result is not None], texts.__getitem__, store,
                  title=f"review of job {job_id}")


def review_routes() -> APIRouter:
    """The review page of every job, behind the key check."""
    router = APIRouter(prefix="/review/{job_id}", tags=["review"])
    router.include_router(review_router(_review_of_job))
    return router


_LOGIN = """<!doctype html><meta charset="utf-8"><title>extractor: sign in</title>
<form method="post" action="/login"><input type="hidden" name="next" value="{next}">
<input type="hidden" name="csrf" value="{csrf}">
<label>API key <input type="password" name="key" autocomplete="current-password" required></label>
<button>Sign in</button></form>"""


def login_routes() -> APIRouter:
    """Sign a browser in and out: the key in a form body, back as a session cookie (not behind the key check)."""
    router = APIRouter(tags=["review"])

    @router.get("/login", response_class=HTMLResponse, summary="A form to sign a browser in with an API key")
    def form(next: str = "/") -> HTMLResponse:
        csrf = secrets.token_urlsafe(24)
        page = HTMLResponse(_LOGIN.format(next=escape(next if next.startswith("/review/") else "/"), csrf=csrf))
        page.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict", max_age=3600)
        return page

    @router.post("/login", summary="Sign a browser in: sets an HttpOnly cookie holding a session id")
    def sign_in(request: Request, key: Annotated[str, Form(max_length=4096)],
                csrf: Annotated[str, Form(max_length=200)] = "",
                next: Annotated[str, Form(max_length=2048)] = "/") -> RedirectResponse:
        expected = request.cookies.get(CSRF_COOKIE)
        if not expected or not secrets.compare_digest(expected.encode(), csrf.encode()):
            raise HTTPException(403, "the sign-in form has expired or came from elsewhere: open /login again")
        check_not_throttled(request)
        auth = request.app.state.auth
        owner = auth.owner(key) if auth.required else LOCAL_OWNER
        if owner is None:
            request.app.state.failed_keys.failed(client_of(request))
            raise HTTPException(401, "not a key of this service")
        target = next if next.startswith("/review/") else "/docs"
        response = RedirectResponse(target, status_code=303)
        sessions = request.app.state.sessions
        response.set_cookie(COOKIE, sessions.start(owner), httponly=True, samesite="strict",
                            secure=request.url.scheme == "https", max_age=int(sessions.lifetime_s))
        response.delete_cookie(CSRF_COOKIE)
        return response

    @router.post("/logout", summary="Sign a browser out: its session ends")
    def sign_out(request: Request) -> RedirectResponse:
        request.app.state.sessions.end(request.cookies.get(COOKIE))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(COOKIE)
        return response

    return router
