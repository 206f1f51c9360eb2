"""The review page and its corrections API as a FastAPI router, for any app to mount.

    app.include_router(review_router(review_of_job), prefix="/review/{job_id}")   # the service: one review a job
    app.include_router(review_router(lambda: review))                             # `extractor review`

`get_review` is a FastAPI dependency: it may take the path's parameters (job_id) and raise HTTPException(404).
(No `from __future__ import annotations` here: FastAPI reads these signatures, local names included, at run time.)"""

from typing import Annotated, Callable

from fastapi import APIRouter, Body, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from ..errors import InputError
from .review import FORMAT, Review
from .state import ArticleReview


def review_router(get_review: Callable[..., Review]) -> APIRouter:
    router = APIRouter()
    TheReview = Annotated[Review, Depends(get_review)]

    @router.get("/", response_class=HTMLResponse, summary="The review page")
    def page(request: Request, review: TheReview) -> HTMLResponse:
        return HTMLResponse(review.page(api=request.url.path.rstrip("/")))

    @router.get("/reviews", summary="Every saved review (the corrections file the page downloads)")
    def reviews(review: TheReview) -> dict:
        return {"format": FORMAT, "title": review.title, "key": review.key,
                "reviews": [r.model_dump(mode="json") for r in review.reviews().values()]}

    @router.put("/reviews/{article_id:path}", summary="Save the review of one article")
    def save(article_id: str, body: Annotated[ArticleReview, Body()], review: TheReview) -> dict:
        if body.article_id != article_id:
            raise HTTPException(422, f"the body reviews {body.article_id!r}, the path names {article_id!r}")
        if article_id not in review.articles:
            raise HTTPException(404, f"{article_id}: not among these results")
        try:
            saved, checks = review.save(body)
        except InputError as error:
            raise HTTPException(409, str(error)) from None
        return {"review": saved.model_dump(mode="json"), "checks": checks}

    @router.get("/export.zip", summary="Gold files (eval/gold format) of the reviews marked done")
    def export(review: TheReview) -> Response:
        return Response(review.export_zip(), media_type="application/zip",
                        headers={"Content-Disposition": 'attachment; filename="gold.zip"'})

    return router
