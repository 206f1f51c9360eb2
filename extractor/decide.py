"""Deciding the facts: from code's reading of each count (extractor.reading) and the model's answers to the questions
about them, which counts are facts, with what label, what each is part of, and which the model confirms.

Code's reading decides the fact. The model's first label does not change it (as a verdict it is right less often
than code, and where code read nothing its labels were right 2 times in 9: eval/RESULTS.md); it decides whether the
fact ships verified (`unconfirmed`). A repair — the checker found code's reading wrong and the model, asked again
with the finding, gave a label — stands."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .reading.cues import class_before
from .reading.reading import Count, Decision
from .schemas.vocab import LABEL_ROLES, category_of

_SUBCOUNT = re.compile(r"\b(?:including|among\s+them|among\s+whom|of\s+whom|of\s+them)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Fact:
    """A count decided to be a fact: its index among the article's counts, its label, and the total it is part of."""

    index: int
    count: Count
    decision: Decision
    part_of: int | None = None  # the index of the total's count


def decide(article: str, count: Count, repair: str | None = None) -> Decision | None:
    """The fact a count states: code's reading, or a repair's label."""
    return label_decision(article, count, repair) if repair else count.cue


def label_decision(article: str, count: Count, label: str) -> Decision | None:
    """What the model's label alone says, with the weapon class code read."""
    role = LABEL_ROLES.get(label, label)
    category = category_of(role)
    if category == "munitions":
        return category, role, count.weapon_class or class_before(article, count.mention.start) or "other"
    return None if category == "other" else (category, role, None)


def unconfirmed(article: str, count: Count, label: str | None, decision: Decision) -> str | None:
    """Why a fact cannot ship verified though the checker passes it, or None. With a model, a fact is confirmed when
    code's reading of the words and the model's label, given without knowing that reading, say the same; a repaired
    fact, which only the model read that way, is not. A fact of category other is not asked about."""
    if label is None or decision[0] == "other":
        return None  # no model asked: the checker alone decides
    said = label_decision(article, count, label)
    if count.cue != decision:
        return f"only the model read it as {decision[1]}"
    if said != decision:
        return f"the model labelled it {label}, the words say {decision[1]}"
    return None


def facts(article: str, counts: list[Count], repairs: dict[int, str] | None = None,
          places: list[str | None] | None = None) -> list[Fact]:
    """The facts among the counts, in article order: sub-counts share their total's label unless their own clause
    states one ("35 killed … Among them are two children" → killed 2), and a count stated twice is one fact."""
    repairs = repairs or {}
    decided: list[Fact] = []
    for i, count in enumerate(counts):
        decision = decide(article, count, repairs.get(i))
        shares = _total(article, counts, decided, i, near=False)
        if shares is not None and shares.decision[0] in ("casualties", "other") and not count.cue_in_clause \
                and (decision is None or decision[0] == shares.decision[0]):
            decision = shares.decision
        total = _total(article, counts, decided, i, near=True)
        if decision is not None:
            part_of = total.index if total is not None and total.decision[0] == decision[0] else None
            decided.append(Fact(i, count, decision, part_of))
    return _restated(decided, places or [None] * len(counts))


def _total(article: str, counts: list[Count], decided: list[Fact], i: int, near: bool) -> Fact | None:
    """The fact this count is part of: the one the parse names, else the fact just before it when "including",
    "among them" or "of whom" stands between them (`near`: right before this count, in the same sentence)."""
    count = counts[i]
    if count.part_of is not None:
        return next((f for f in decided if f.index == count.part_of), None)
    before = decided[-1] if decided else None
    if before is None or count.mention.start - before.count.mention.end > 200:
        return None
    if not near:
        return before if _SUBCOUNT.search(article, before.count.mention.end, count.mention.start) else None
    between = article[before.count.mention.end:count.mention.start]
    close = _SUBCOUNT.search(article, max(before.count.mention.end, count.mention.start - 60), count.mention.start)
    if close and not re.search(r"[.!?]\s|\n", between):  # "… 35 killed, including two children"
        return before
    return None


def _restated(decided: list[Fact], places: list[str | None]) -> list[Fact]:
    """Drop a count that repeats an earlier one with the same label and numbers: the same count stated twice is one
    fact, at its first occurrence. Small numbers recur for different things ("one civilian … one soldier"): they
    repeat only with the same noun in the same place."""
    seen, kept = set(), []
    for fact in decided:
        r = fact.count.mention.reading
        small = (r.value or r.high or 0) < 10
        key = (*fact.decision, r.value, r.low, r.high,
               (_noun_key(fact.count.head or fact.count.noun), places[fact.index]) if small else None)
        if key in seen:
            continue
        seen.add(key)
        kept.append(fact)
    return kept


def _noun_key(noun: str) -> str:
    words = re.findall(r"[a-z]+", noun.lower())
    return words[-1].rstrip("s") if words else ""
