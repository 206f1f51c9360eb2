"""The rules-only extractor: the crude baseline of the eval, no model at all. The number reader finds the counts;
the noun right after each number and the role words in its clause (extractor.cues) say what it counts. It is kept
crude on purpose (issue 6 defines it so): the pipeline's own reading of the words, without the model, is the `code`
arm (extractor.mentions), which shows how much of the pipeline's gain is code and how much is the model."""

from __future__ import annotations

import datetime as dt

from ..reading.article import ReadArticle
from ..reading.cues import (
    PEOPLE_RE,
    class_before,
    noun_after,
    role_cues,
    weapon_class_in,
)
from ..schemas import HEADLINE_ROLES, FactRow

_MUNITION_ROLES = HEADLINE_ROLES["munitions"]
_CASUALTY_ROLES = HEADLINE_ROLES["casualties"]


def _label(read: ReadArticle, start: int, end: int) -> tuple[str, str, str | None] | None:
    """(category, role, weapon class) for a count, or None when its words say nothing we score."""
    noun = noun_after(read.text, end).strip()
    named = weapon_class_in(noun)
    people = bool(PEOPLE_RE.match(noun))
    munition_cues = role_cues(read, start, end, _MUNITION_ROLES)
    casualty_cues = role_cues(read, start, end, _CASUALTY_ROLES)
    if named or (munition_cues and not people and not casualty_cues):
        role = min(munition_cues, key=munition_cues.get) if munition_cues else "launched"
        return "munitions", role, named or class_before(read, start) or "other"
    if casualty_cues and (people or not noun or noun.split()[0].lower() in ("others", "more", "of")):
        return "casualties", min(casualty_cues, key=casualty_cues.get), None
    if people and role_cues(read, start, end, ("deployed",)):
        return "forces", "deployed", None
    return None


def extract_rows(article_id: str, article: str, published: dt.date | None = None) -> list[FactRow]:
    rows = []
    read = ReadArticle(article)  # its numbers only: the baseline never parses
    for m in read.mentions:
        if m.kind != "count":
            continue
        label = _label(read, m.start, m.end)
        if label is None:
            continue
        category, role, weapon_class = label
        r = m.reading
        rows.append(FactRow(
            article_id=article_id, category=category, role=role, weapon_class=weapon_class, weapon=None,
            subject=noun_after(article, m.end).strip() or None, value=r.value, low=r.low, high=r.high,
            approximate=r.approximate, lower_bound=r.lower_bound, upper_bound=r.upper_bound, date=None,
            date_precision=None, location=None, source=None, text=m.text, start=m.start, end=m.end, verified=False))
    return rows
