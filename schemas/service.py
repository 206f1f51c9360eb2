"""What the HTTP service (extractor.service) takes and answers, beside Result and FactRow: one article in, a job's
status, the health check and the error body. The OpenAPI document is generated from these models."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from .result import Usage
from .vocab import PUBLICATION_YEARS as YEARS

JobState = Literal["queued", "running", "done", "cancelled"]
_ISO_DATE = re.compile(r"\s*(\d{4}-\d{2}-\d{2})")


def _iso_date(value):
    """As the command line reads a 'published' field: the date an ISO text starts with ("2025-03-08T10:00:00Z" is
    8 March 2025). Nothing else: a number is not a date (pydantic alone would read 0 as 1 January 1970)."""
    match = _ISO_DATE.match(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError("not an ISO date such as 2024-12-27")
    date = dt.date.fromisoformat(match.group(1))
    if not YEARS[0] <= date.year <= YEARS[1]:
        raise ValueError(f"not a plausible publication date (years {YEARS[0]}–{YEARS[1]})")
    return date


# The years a publication date may have, said in the document too.
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date),
                    Field(json_schema_extra={"pattern": r"^(18\d\d|19\d\d|20\d\d|21\d\d|2200)-"})]


class ArticleIn(BaseModel):
    """One article: its text, and optionally an id (echoed as the result's article_id) and a publication date."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The article's text (at most the service's --max-chars characters).",
                      json_schema_extra={"pattern": r"\S"})  # not blank (checked below, where the message is said)
    id: str | None = Field(None, min_length=1, max_length=256, description="Default: 'article' for /v1/extract, "
                           "'body:N' for the N-th article of a job.")
    published: IsoDate | None = Field(None, description="ISO date, used to resolve 'on Thursday'; a timestamp's "
                                      "date part is taken.")

    @field_validator("text")
    @classmethod
    def _not_empty(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("the article is empty")
        return text


class JobStatus(BaseModel):
    id: str = Field(description="Random and not guessable; only the key that made the job can read it.")
    state: JobState
    total: int = Field(description="Articles in the job.")
    done: int = Field(description="Articles with a result.")
    failed: int = Field(description="Articles with an error record (POST .../retry-failed redoes them).")
    pending: int = Field(description="Articles without a record yet.")
    outcomes: dict[str, int] = Field(description="Records by outcome: 'ok' or the error class.")
    usage: Usage = Field(description="Model tokens spent on the job's records.")
    created: dt.datetime
    started: dt.datetime | None = None
    finished: dt.datetime | None = Field(None, description="When the last article got its record (or the job "
                                         "was cancelled).")


class Health(BaseModel):
    status: Literal["ok", "degraded"] = Field(description="degraded: the model server does not answer.")
    model: Literal["up", "down", "not used"]
    backend: str | None = Field(None, description="Scheme, host and port of the model server; never credentials.")
    queued_jobs: int = Field(description="Jobs not finished (queued or running).")
    pending_articles: int = Field(description="Articles of those jobs still without a record.")
    in_flight: int = Field(description="Articles of jobs being extracted now.")


class FieldError(BaseModel):
    field: str = Field(description="Where in the request: 'text', 'published', '[3].text' (the 4th article), "
                       "'offset', 'body'.")
    message: str


class ApiError(BaseModel):
    """Every error the service answers: a stable code, a sentence, and for bad input the fields at fault."""

    error: str = Field(description="unauthorized, forbidden, not_found, conflict, too_large, invalid_input, "
                       "rate_limited, unavailable, ...")
    message: str
    fields: list[FieldError] = Field(default_factory=list)
