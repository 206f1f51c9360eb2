"""What a reviewer decided about one article, and the gold file it becomes.

The review of an article is the list of its facts, each with a status: open (not looked at yet), accepted,
corrected, rejected, or added (a fact the extraction missed). The facts carry the fields of a gold file
(eval/GUIDE.md: the facts view without article_id and verified), so the gold document is the facts that were not
rejected. An article is exported when the reviewer marks it done; a done review has no open fact left."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

from ..check import Fact, check
from ..schemas import ROLES, FactRow, Finding, WeaponClass

Status = Literal["open", "accepted", "corrected", "rejected", "added"]
_LABEL = re.compile(r"^[a-z][a-z0-9_]*$")

# A fact of a gold file: every field of the facts view but those the file does not carry (the article's, once for
# the file; what the checker decides; the event grouping, which is gold of its own).
GoldFact = create_model(
    "GoldFact", __config__=ConfigDict(extra="forbid"),
    **{name: (info.annotation, info) for name, info in FactRow.model_fields.items()
       if name not in ("article_id", "verified", "title", "url", "event_id")})


class ReviewedFact(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Status
    origin: int | None = Field(None, ge=0, description="The fact's index in the result's facts view; null for an "
                                                       "added fact.")
    fact: GoldFact  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _a_fact_the_gold_set_can_hold(self):
        if self.status == "added" and self.origin is not None:
            raise ValueError("an added fact has no origin in the extraction")
        if self.origin is None and self.status not in ("added", "rejected"):
            raise ValueError("a fact with no origin in the extraction is one the reviewer added")
        if self.status in ("open", "rejected"):
            return self  # the extraction's own fact, or one that will not be gold: the reviewer asserts nothing
        f = self.fact
        if f.category == "other":
            if not _LABEL.match(f.role):
                raise ValueError(f"{f.role!r}: the role of an 'other' fact is a snake_case label such as 'displaced'")
        elif f.role not in ROLES[f.category]:
            raise ValueError(f"{f.role!r} is not a {f.category} role ({', '.join(ROLES[f.category])})")
        if f.category == "munitions" and f.weapon_class not in WeaponClass.__args__:
            raise ValueError(f"munitions need a weapon class ({', '.join(WeaponClass.__args__)})")
        if f.category != "munitions" and f.weapon_class is not None:
            raise ValueError("only munitions have a weapon class")
        if f.value is None and (f.low is None or f.high is None):
            raise ValueError("a fact states a value, or a range with low and high")
        if (f.date is None) != (f.date_precision is None):
            raise ValueError("a date needs its precision (day, week, month, year), and a precision its date")
        if f.start is None or f.end is None:
            raise ValueError("a fact needs the span of its words in the article")
        return self


class ArticleReview(BaseModel):
    """One article as reviewed: what the browser sends, the store keeps and the export reads."""

    model_config = ConfigDict(extra="forbid")

    article_id: str
    text_sha256: str | None = Field(None, description="The text the spans point into.")
    done: bool = Field(False, description="The reviewer has read the whole article: it is exported as gold, with "
                       "only the facts a person accepted, corrected or added (untouched ones are left out, counted).")
    reviewer: str = ""
    notes: str = ""
    facts: list[ReviewedFact] = Field(default_factory=list)
    updated_at: dt.datetime | None = Field(None, description="Set by the store when saved.")

    def kept(self) -> list[GoldFact]:  # type: ignore[valid-type]
        """The facts a person confirmed (accepted, corrected or added), in text order: gold is what was reviewed,
        so marking an article reviewed never accepts a fact nobody looked at."""
        facts = [f.fact for f in self.facts if f.status in ("accepted", "corrected", "added")]
        return sorted(facts, key=lambda f: (f.start, f.end))

    def counts(self) -> dict[str, int]:
        """How many facts a person accepted, corrected, rejected, added, and left untouched."""
        counted = {status: sum(f.status == status for f in self.facts) for status in Status.__args__}
        counted["untouched"] = counted.pop("open")
        return counted


def spans_problems(review: ArticleReview, text: str) -> list[str]:
    """Facts whose words are not at their span in this text (the browser takes spans from the text itself, so this
    only happens to a review written elsewhere or for another text)."""
    return [f"fact {i}: the article has {text[f.fact.start:f.fact.end]!r} at {f.fact.start}–{f.fact.end}, not "
            f"{f.fact.text!r}" for i, f in enumerate(review.facts)
            if f.fact.start is not None and text[f.fact.start:f.fact.end] != f.fact.text]


def review_checks(review: ArticleReview, text: str, published: dt.date | None) -> list[Finding]:
    """The checker on the facts that stand, with paths `facts[i]` into the review's own list."""
    facts = [Fact(f"facts[{i}]", FactRow(article_id=review.article_id, verified=False, **f.fact.model_dump()))
             for i, f in enumerate(review.facts) if f.status != "rejected"]
    return check(facts, text, published)


def gold_document(review: ArticleReview, published: dt.date | None, model: str | None = None) -> dict:
    """The gold file of a reviewed article (eval/GUIDE.md), with a `review` block saying what the review changed. A
    part whose total the reviewer rejected is a part of nothing the file holds: its `part_of` is null."""
    kept = review.kept()
    starts = {f.start for f in kept}
    facts = [f.model_copy(update={"part_of": None}) if f.part_of is not None and f.part_of not in starts else f
             for f in kept]
    return {
        "article_id": review.article_id,
        "source_url": None,
        "published": published.isoformat() if published else None,
        "labeller": review.reviewer or "extractor review",
        "notes": review.notes,
        "facts": [f.model_dump(mode="json") for f in facts],
        "review": {"reviewed_at": review.updated_at.isoformat() if review.updated_at else None, "model": model,
                   **review.counts()},
    }
