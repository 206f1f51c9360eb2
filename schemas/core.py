"""Building blocks every fact carries: a Quantity and the words it came from, a date, a place, a source.

Spans (`start`, `end`, `alignment`) are set by code (extractor.align), never trusted from a model.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Alignment = Literal["exact", "fuzzy", "unaligned"]
DatePrecision = Literal["day", "week", "month", "year"]


class Anchored(BaseModel):
    """Words quoted from the article, with where they stand in it."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The words exactly as they stand in the article.")
    start: int | None = Field(default=None, ge=0, description="Character offset: article[start:end] == text. Set by code.")
    end: int | None = Field(default=None, ge=0)
    alignment: Alignment | None = Field(
        default=None,
        description="exact: found verbatim; fuzzy: found ignoring case, whitespace, quotes and dashes "
        "(text is then replaced by the article's own words); unaligned: not found, no span. Null before alignment.",
    )

    @model_validator(mode="after")
    def _span_is_ordered(self):
        if (self.start is None) != (self.end is None):
            raise ValueError("start and end are set together")
        if self.start is not None and self.end < self.start:
            raise ValueError("end is before start")
        return self


class Quantity(Anchored):
    """A number as the article states it: 'around 3,000', 'between 10,000 and 12,000', 'ten or more', 'eight'."""

    value: float | None = Field(default=None, description="The number, or null when only a range is stated.")
    low: float | None = Field(default=None, description="Lower end of a stated range.")
    high: float | None = Field(default=None, description="Upper end of a stated range.")
    approximate: bool = Field(default=False, description="about, around, some, nearly, roughly, an estimated")
    lower_bound: bool = Field(default=False, description="at least, more than, over, or more")
    upper_bound: bool = Field(default=False, description="up to, as many as, fewer than")
    part_of: int | None = Field(default=None, description="The start of the span of the total this count is part of "
                                "(\"35 killed, including two children\": the two are part of the 35), else null.")


class DateRef(Anchored):
    """When a fact happened, as written ('Christmas morning', 'on Thursday'), resolved where the article allows."""

    date: dt.date | None = Field(default=None, description="ISO date, the start of the period.")
    end_date: dt.date | None = Field(default=None, description="End of the period for a date range.")
    precision: DatePrecision | None = None


class Place(Anchored):
    """Where the counted event happened, as written ('Nikopol', 'the Odesa region')."""


class Source(Anchored):
    """Who states the number: 'Ukraine's military intelligence (GUR)', 'local officials'."""


class Actor(Anchored):
    """A side in an event, as written: who attacked ('Russian forces', 'the RSF') or who was attacked ('civilians')."""
