"""One line of result JSONL per input, and one row of the facts view per number."""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterator, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from .core import Quantity
from .events import Category, Context, Extraction
from .vocab import ERROR_CLASSES

ErrorClass = Literal[ERROR_CLASSES]


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
    title: str | None = Field(None, description="The article's title, where its input gave one.")
    url: str | None = Field(None, description="Where the article was published, where its input gave it.")
    model: str | None = None
    backend: str | None = Field(None, description="Scheme, host and port of the endpoint; never credentials.")
    prompt_version: str | None = None
    policy: str | None = Field(None, description="What decided the facts: code alone, code with the model's "
                               "agreement, or a calibration for the model (extractor.model.arbiter).")
    schema_version: str
    usage: Usage = Field(default_factory=Usage)
    latency_s: float | None = None
    attempts: Attempts = Field(default_factory=Attempts)
    extraction: Extraction | None = None
    checks: list[Finding] = Field(default_factory=list, description="The checker's findings on the extraction.")
    repairs: list[RepairRound] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list, description="What the pipeline dropped or could not place.")
    error: ErrorInfo | None = None

    @property
    def facts(self) -> list["FactRow"]:
        """The facts view of this result: one row per number, in the order of the extraction (none for an error)."""
        return [at.row for at in located_rows(self)]


class FactRow(BaseModel):
    """The facts view: a public contract read by evaluation scripts outside this repository.
    Add fields if you must; never rename one or change its meaning."""

    article_id: str = Field(description="The article's id: a JSONL or CSV row's id, else the file's name.")
    category: Category = Field(
        description="What is counted: munitions (weapons launched at a target), casualties (people), forces "
                    "(troops, units, equipment deployed), or other (attacks, buildings, displaced, percentages…).")
    role: str = Field(description="What happened to what is counted. Munitions: launched, intercepted, jammed, hit, "
                      "other; casualties: killed, injured, killed_or_injured, missing, captured, other; forces: "
                      "deployed, other; other: a short snake_case label (attacks, rescued, displaced…).")
    weapon_class: str | None = Field(description="Munitions only: missile, drone, rocket, glide_bomb, artillery, "
                                     "aircraft, or other (a mixed total); else null.")
    weapon: str | None = Field(description="The weapon's name as written ('Shahed', 'Kh-101'), else null.")
    subject: str | None = Field(description="Who or what is counted, as written ('drones', 'civilians').")
    value: float | None = Field(description="The number stated; null for a range (see low and high).")
    low: float | None = Field(description="A range's lower end ('between 10 and 12': 10), else null.")
    high: float | None = Field(description="A range's upper end, else null.")
    approximate: bool = Field(description="The number is hedged as approximate ('about', 'around', 'some').")
    lower_bound: bool = Field(description="The number is a floor ('at least', 'more than', 'over').")
    upper_bound: bool = Field(description="The number is a ceiling ('up to', 'at most', 'fewer than').")
    date: dt.date | None = Field(description="The date of the event the number belongs to (a period's start), "
                                 "resolved against the publication date; null when the article gives none.")
    date_precision: str | None = Field(description="day, week, month or year when date is set, else null.")
    location: str | None = Field(description="Where, as written: the most specific place the article ties to the "
                                 "number, else null.")
    source: str | None = Field(description="Who states the number, as written ('Ukraine's Air Force'), else null.")
    text: str = Field(description="The exact words of the number with its hedge, as they stand in the article.")
    start: int | None = Field(description="Where text starts in the article (a Python string index): "
                              "article[start:end] == text.")
    end: int | None = Field(description="Where text ends in the article (exclusive).")
    verified: bool = Field(description="The checker found nothing wrong with it (and, with a model, the model "
                           "agreed as the policy requires): it ships verified.")
    part_of: int | None = Field(None, description="The start of the total's span when this count is part of another "
                                "(a sum over killed skips rows with part_of set), else null. Added in schema 2.0.")
    title: str | None = Field(None, description="The article's title, where its input gave one. Added in schema 2.1.")
    url: str | None = Field(None, description="Where the article was published, where its input gave it. Added in "
                            "schema 2.1.")
    event_id: str | None = Field(None, description="The event this number belongs to: '<article_id>#e1', "
                                 "'<article_id>#e2'… (the facts of one strike, attack, clash or toll report within "
                                 "the article share it; `extractor events` merges events across articles). Added in "
                                 "schema 2.2.")


# ---- the facts view of a result ------------------------------------------------------------------------------

def _row(result: Result, context: Context, quantity: Quantity, *, category: str, role: str, verified: bool,
         subject: str | None, weapon_class: str | None = None, weapon: str | None = None) -> FactRow:
    date = context.date
    return FactRow(
        article_id=result.article_id, category=category, role=role, weapon_class=weapon_class, weapon=weapon,
        subject=subject, value=quantity.value, low=quantity.low, high=quantity.high,
        approximate=quantity.approximate, lower_bound=quantity.lower_bound, upper_bound=quantity.upper_bound,
        date=date.date if date else None, date_precision=date.precision if date else None,
        location=context.place.text if context.place else None,
        source=context.source.text if context.source else None,
        text=quantity.text, start=quantity.start, end=quantity.end, verified=verified, part_of=quantity.part_of,
        title=result.title, url=result.url,
        event_id=f"{result.article_id}#{context.event}" if context.event else None,
    )


class Located(NamedTuple):
    path: str  # where the fact sits in the result: 'extraction.attacks[0].munitions[1]'
    context: Context  # its date, place and source
    fact: Any  # the schema object that carries `verified`
    row: FactRow


def located_rows(result: Result) -> Iterator[Located]:
    """Each row with the path of the fact it came from, its context and the fact object itself."""
    extraction = result.extraction
    if extraction is None:
        return
    for i, attack in enumerate(extraction.attacks):
        for j, m in enumerate(attack.munitions):
            yield Located(f"extraction.attacks[{i}].munitions[{j}]", attack, m, _row(
                result, attack, m.quantity, category="munitions", role=m.role, verified=m.verified,
                subject=m.subject, weapon_class=m.weapon_class, weapon=m.weapon))
    for i, report in enumerate(extraction.casualties):
        for j, c in enumerate(report.counts):
            yield Located(f"extraction.casualties[{i}].counts[{j}]", report, c, _row(
                result, report, c.quantity, category="casualties", role=c.role, verified=c.verified,
                subject=report.subject))
    for i, d in enumerate(extraction.deployments):
        yield Located(f"extraction.deployments[{i}]", d, d, _row(
            result, d, d.quantity, category="forces", role=d.role, verified=d.verified, subject=d.subject))
    for i, o in enumerate(extraction.other):
        yield Located(f"extraction.other[{i}]", o, o, _row(
            result, o, o.quantity, category="other", role=o.label, verified=o.verified, subject=o.subject))
