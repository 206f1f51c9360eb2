"""One line of result JSONL per input, and one row of the facts view per number."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .events import Extraction

ErrorClass = Literal["input", "transport", "rate_limit", "timeout", "invalid_output", "internal"]


class Usage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0

    def __add__(self, other: "Usage") -> "Usage":
        return Usage(**{k: getattr(self, k) + getattr(other, k) for k in Usage.model_fields})


class Attempts(BaseModel):
    """Both loops, counted apart: transport retries (timeouts, 429, 5xx) and validation re-asks."""

    requests: int = Field(0, description="HTTP requests sent to the model, every retry and re-ask included.")
    transport_retries: int = 0
    validation_reasks: int = 0
    repairs: int = Field(0, description="Rounds in which the checker's findings went back to the model.")
    cache_hits: int = Field(0, description="Answers served from the response cache (no request, no tokens).")

    def __add__(self, other: "Attempts") -> "Attempts":
        return Attempts(**{k: getattr(self, k) + getattr(other, k) for k in Attempts.model_fields})


class Finding(BaseModel):
    """One thing the checker found: which rule, how bad, where (the field's path and the evidence span), and why."""

    rule: str
    severity: Literal["error", "warning"]
    path: str = Field(description="The fact it concerns, e.g. 'extraction.attacks[0].munitions[1]'; '' for the article.")
    message: str
    start: int | None = None
    end: int | None = None


class RepairRound(BaseModel):
    """One round in which the checker's errors went back to the model."""

    errors_before: int
    errors_after: int | None = Field(None, description="Errors in the repaired answer; null when the round failed.")
    kept: bool = Field(False, description="The repaired answer replaced the earlier one (it had fewer errors).")


class ErrorInfo(BaseModel):
    error_class: ErrorClass
    message: str


class Result(BaseModel):
    model_config = ConfigDict(extra="forbid")

    article_id: str
    status: Literal["ok", "error"] = "ok"
    text_sha256: str | None = None
    published: dt.date | None = None
    model: str | None = None
    backend: str | None = Field(None, description="Scheme, host and port of the endpoint; never credentials.")
    prompt_version: str | None = None
    schema_version: str
    usage: Usage = Field(default_factory=Usage)
    latency_s: float | None = None
    attempts: Attempts = Field(default_factory=Attempts)
    extraction: Extraction | None = None
    checks: list[Finding] = Field(default_factory=list, description="The checker's findings on the extraction.")
    repairs: list[RepairRound] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list, description="What the pipeline dropped or could not place.")
    error: ErrorInfo | None = None


class FactRow(BaseModel):
    """The facts view: a public contract read by evaluation scripts outside this repository.
    Add fields if you must; never rename one or change its meaning."""

    article_id: str
    category: Literal["munitions", "casualties", "forces", "other"]
    role: str
    weapon_class: str | None
    weapon: str | None
    subject: str | None
    value: float | None
    low: float | None
    high: float | None
    approximate: bool
    lower_bound: bool
    upper_bound: bool
    date: dt.date | None
    date_precision: str | None
    location: str | None
    source: str | None
    text: str
    start: int | None
    end: int | None
    verified: bool
