"""The review page of a job, at /review/{job_id}: the same page and corrections API as `extractor review`
(extractor.review), over the job's articles and records, with the corrections kept per job beside the job store.

A browser cannot send a bearer key, so with keys configured a reviewer signs in once at /login: the key goes in a
form body (never a URL, so never an access log) and comes back as an HttpOnly, SameSite=Strict cookie that the key
check accepts like the header."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from markupsafe import escape
from starlette.exceptions import HTTPException

from ..review import CorrectionStore, Review
from ..review.routes import review_router
from .auth import COOKIE, caller


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
<label>API key <input type="password" name="key" autocomplete="current-password" required></label>
<button>Sign in</button></form>"""


def login_routes() -> APIRouter:
    """Sign a browser in: the key in a form body, back as a cookie (not behind the key check)."""
    router = APIRouter(tags=["review"])

    @router.get("/login", response_class=HTMLResponse, summary="A form to sign a browser in with an API key")
    def form(next: str = "/") -> HTMLResponse:
        return HTMLResponse(_LOGIN.format(next=escape(next if next.startswith("/review/") else "/")))

    @router.post("/login", summary="Sign a browser in: sets an HttpOnly cookie holding the key")
    def sign_in(request: Request, key: Annotated[str, Form()], next: Annotated[str, Form()] = "/") -> RedirectResponse:
        if request.app.state.auth.required and request.app.state.auth.owner(key) is None:
            raise HTTPException(401, "not a key of this service")
        target = next if next.startswith("/review/") else "/docs"
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(COOKIE, key, httponly=True, samesite="strict", secure=request.url.scheme == "https")
        return response

    return router
