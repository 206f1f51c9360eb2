"""The rule-based checker: deterministic code (no model) that cross-validates every number against the article.

It works on facts-view rows, each with the path of the field it came from, so one checker serves results
(`extraction.attacks[0].munitions[1]`) and gold files (`facts[3]`) alike. Each finding names its rule, a severity,
the path, a message a person understands, and the evidence span. A fact is verified when no error touches it."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import partial
from typing import Callable, Iterable

from .budget import check as check_budget
from .reading.cues import (
    PEOPLE_RE,
    ROLE_RE,
    class_before,
    cues_after,
    noun_after,
    role_cues,
    weapon_class_in,
)
from .reading.article import ReadArticle
from .reading.numbers import Reading, read_quantity
from .schemas import HEADLINE_ROLES, FactRow, Finding
from .schemas.vocab import GROUP_WORDS

_ROLES_OF = {category: HEADLINE_ROLES[category] for category in ("munitions", "casualties")}
_PARTS = ("intercepted", "jammed", "hit")
_PARTITIVE_TOTAL = re.compile(r"\bof\s+(?:the|these|those)\s+$", re.IGNORECASE)
_GROUP = re.compile(rf"(?:{GROUP_WORDS})\b", re.IGNORECASE)
_OF_WHOLE = re.compile(r"\s+(?:out\s+)?of\s+(?:the\s+|these\s+|those\s+)?", re.IGNORECASE)  # "six out of ten"


@dataclass(frozen=True)
class Fact:
    path: str
    row: FactRow
    date_end: dt.date | None = None


def _finding(rule: str, fact: Fact, message: str, severity: str = "error") -> Finding:
    return Finding(rule=rule, severity=severity, path=fact.path, message=message,
                   start=fact.row.start, end=fact.row.end)


def _fmt(x: float | None) -> str:
    return "null" if x is None else f"{x:g}"


def _stated(row: FactRow) -> str:
    if row.value is None and row.low is not None:
        return f"{_fmt(row.low)}–{_fmt(row.high)}"
    return _fmt(row.value)


# ---- rules on one fact -------------------------------------------------------------------------------------------

def _reading_of(read: ReadArticle, row: FactRow) -> Reading | None:
    """What the fact's words state, read as the extractor reads them: a count of one is 1, not an age within it."""
    if any((m.start, m.end) == (row.start, row.end) for m in read.ones):
        return Reading(value=1.0)
    return read_quantity(row.text)


def grounded(fact: Fact, read: ReadArticle, published: dt.date | None) -> Iterable[Finding]:
    row = fact.row
    if row.start is None or row.end is None:
        yield _finding("grounded", fact, f"the words {row.text!r} are not in the article")
        return
    if read.text[row.start:row.end] != row.text:
        yield _finding("grounded", fact, f"the article has {read.text[row.start:row.end]!r} at {row.start}–{row.end}, "
                                         f"not {row.text!r}")
        return
    if read.text[row.start - 1:row.start].isalnum() or read.text[row.end:row.end + 1].isalnum():
        yield _finding("grounded", fact, f"the span {row.start}–{row.end} of {row.text!r} lies inside a word "
                                         f"({read.text[max(0, row.start - 8):row.end + 8]!r})")
        return
    reading = _reading_of(read, row)
    if reading is None:
        yield _finding("grounded", fact, f"the words {row.text!r} state no number")
        return
    said = (reading.value, reading.low, reading.high)
    if said != (row.value, row.low, row.high):
        yield _finding("grounded", fact, f"{row.text!r} reads as {_stated(reading)}, not {_stated(row)}")
    for flag in ("approximate", "lower_bound", "upper_bound"):
        if getattr(reading, flag) and not getattr(row, flag):
            yield _finding("grounded", fact, f"{row.text!r} is hedged ({flag}) but the fact is not")
        elif getattr(row, flag) and not getattr(reading, flag):
            # A hedge can stand apart from the number ("150,000. The estimated number…"): worth a look, not wrong.
            yield _finding("grounded", fact, f"the fact is {flag} but {row.text!r} states no such hedge", "warning")


def range_order(fact: Fact, read: ReadArticle, published: dt.date | None) -> Iterable[Finding]:
    row = fact.row
    if row.low is not None and row.high is not None:
        if row.low > row.high:
            yield _finding("range_order", fact, f"the range runs backwards: low {_fmt(row.low)} > high {_fmt(row.high)}")
        elif row.value is not None and not row.low <= row.value <= row.high:
            yield _finding("range_order", fact, f"value {_fmt(row.value)} lies outside {_fmt(row.low)}–{_fmt(row.high)}")
    elif (row.low is None) != (row.high is None):
        yield _finding("range_order", fact, "a range needs both low and high")


def date_order(fact: Fact, read: ReadArticle, published: dt.date | None) -> Iterable[Finding]:
    date = fact.row.date
    if date is not None and published is not None and date > published:
        yield _finding("date_order", fact, f"dated {date}, after the article's publication on {published}")
    if date is not None and fact.date_end is not None and fact.date_end < date:
        yield _finding("date_order", fact, f"the date range ends ({fact.date_end}) before it starts ({date})")


def words_match_role(fact: Fact, read: ReadArticle, published: dt.date | None) -> Iterable[Finding]:
    row = fact.row
    roles = _ROLES_OF.get(row.category)
    if not roles or row.role not in roles or row.start is None or read.text[row.start:row.end] != row.text:
        return
    if _PARTITIVE_TOTAL.search(read.text, max(0, row.start - 40), row.start):
        return  # "99% of the 300 or so munitions were shot down": the verb is about the part, not this total
    cues = role_cues(read, row.start, row.end, roles)
    if not cues:
        return
    nearest = min(cues, key=cues.get)
    if row.role not in cues and row.role in cues_after(read, row.start, row.end, roles):
        # "captured a village; a dozen defenders, whose fate remained unknown": the words after it say the role
        yield _finding("words_match_role", fact, f"labelled {row.role} as the words after {row.text!r} say; those "
                                                 f"before say {nearest}", "warning")
    elif row.role not in cues:
        yield _finding("words_match_role", fact, f"labelled {row.role}, but the words around {row.text!r} say "
                                                 f"{nearest} ({', '.join(sorted(cues))})")
    elif nearest != row.role:
        yield _finding("words_match_role", fact, f"labelled {row.role}; the nearest words to {row.text!r} say "
                                                 f"{nearest}", "warning")


# "two shells fired by the rebels struck a school": the launch verb describes the count's noun; what befell the
# count is the verb after the agent
_FIRED_BY = re.compile(r"[^,.;:]{0,40}?\b(?:fired|launched)\s+by\b(?P<after>[^,.;:]{0,40})", re.IGNORECASE)


def fired_by_then_befell(fact: Fact, read: ReadArticle, published: dt.date | None) -> Iterable[Finding]:
    """A count whose noun is followed by "fired by X" and then a verb of another munitions role ("two bombs fired
    by the militia struck a market") is what that verb says of it, not a count launched."""
    row = fact.row
    if row.category != "munitions" or row.role != "launched" or row.end is None \
            or read.text[row.start:row.end] != row.text:
        return
    by = _FIRED_BY.match(read.text, row.end, read.sentence(row.start, row.end)[1])
    if not by:
        return
    after = by.group("after")
    said = [role for role in _ROLES_OF["munitions"] if role != "launched" and ROLE_RE[role].search(after)]
    if said:
        yield _finding("fired_by_then_befell", fact, f"{row.text!r} is the subject of a verb of {said[0]} after "
                                                     f"'fired by': it is not counted as launched")


def part_not_launched(fact: Fact, read: ReadArticle, published: dt.date | None) -> Iterable[Finding]:
    """A part of a whole stated right after it ("six out of ten rockets were intercepted", "29 of the 30 drones")
    is what befell some of them: the whole is what was launched, never the part."""
    row = fact.row
    if row.category != "munitions" or row.role != "launched" or row.end is None \
            or read.text[row.start:row.end] != row.text:
        return
    of = _OF_WHOLE.match(read.text, row.end)
    whole = of and next((m for m in read.mentions if m.kind == "count" and m.start == of.end()), None)
    if whole:
        yield _finding("part_not_launched", fact, f"{row.text!r} is a part of the {whole.text} stated after it: "
                                                  f"the whole was launched, not the part")


def words_match_class(fact: Fact, read: ReadArticle, published: dt.date | None) -> Iterable[Finding]:
    row = fact.row
    if row.start is None or read.text[row.start:row.end] != row.text:
        return
    noun = noun_after(read.text, row.end)
    named = weapon_class_in(noun)
    if row.category == "munitions":
        if named and row.weapon_class not in (named, "other"):
            yield _finding("words_match_class", fact,
                           f"labelled {row.weapon_class}, but the words say {row.text}{noun.rstrip()!s} ({named})")
        elif not named and PEOPLE_RE.match(noun.strip()):
            yield _finding("words_match_class", fact, f"labelled munitions, but {row.text}{noun.rstrip()} are people")
        elif not named and (before := class_before(read, row.start)) and row.weapon_class not in (before, "other"):
            # "39 drones were shot down, including 19 in the Rostov region": a bare count takes the weapon
            # named last before it in its sentence
            yield _finding("words_match_class", fact, f"labelled {row.weapon_class}, but {row.text!r} names no "
                                                      f"weapon and the last one named before it is a {before}")
    elif row.category == "casualties" and _GROUP.match(noun.strip()):
        # "nine villagers of two families died": the families are where the dead came from, not two deaths
        yield _finding("words_match_class", fact, f"labelled casualties, but {row.text}{noun.rstrip()} counts a "
                                                  f"group of people, not people")
    elif row.category in ("casualties", "forces") and named and not PEOPLE_RE.search(noun):
        yield _finding("words_match_class", fact,
                       f"labelled {row.category}, but {row.text}{noun.rstrip()} are munitions ({named})")


# The most one statement plausibly counts: above it a number is a misreading ("1,000,000,000,000 missiles"), so it
# never ships verified. War-long totals run high (over a million artillery rounds supplied), so the ceilings are far
# above any count in the gold set. Pass other ceilings to check().
CEILINGS = {"munitions": 10_000_000, "casualties": 10_000_000, "forces": 10_000_000}


def plausible(fact: Fact, read: ReadArticle, published: dt.date | None, ceilings: dict[str, float] = CEILINGS) -> Iterable[Finding]:
    row, ceiling = fact.row, ceilings.get(fact.row.category)
    if row.category in ceilings:  # munitions, people and forces come whole: "2.5 missiles" is a misreading
        for name in ("value", "low", "high"):
            amount = getattr(row, name)
            if amount is not None and not float(amount).is_integer():
                yield _finding("plausible", fact, f"{row.text!r} reads as {_fmt(amount)} {row.subject or row.category}"
                                                  f", but {row.category} are counted whole")
                break
    amount = _amount(row, high=True)
    if ceiling is not None and amount is not None and amount > ceiling:
        yield _finding("plausible", fact, f"{row.text!r} reads as {_fmt(amount)}, more than any one statement of "
                                          f"{row.category} plausibly counts ({_fmt(ceiling)})")


# ---- rules across facts ------------------------------------------------------------------------------------------

def _amount(row: FactRow, high: bool) -> float | None:
    """The most (high=True) or least a fact states."""
    if row.value is not None:
        return row.value
    return row.high if high else row.low


def parts_within_total(facts: list[Fact], read: ReadArticle, published: dt.date | None) -> Iterable[Finding]:
    """For one weapon class, source and date, intercepted + jammed + hit ≤ launched. A launch count opens an
    attack; the parts that follow it in the text, up to the next launch count, are its parts. (Each side reports
    its own interceptions, so another source's counts are another attack.) A total stated as a floor or an
    estimate ("more than 70", "about 40") bounds nothing, so it is not checked."""
    groups: dict[tuple, list[Fact]] = defaultdict(list)
    for f in sorted((f for f in facts if f.row.category == "munitions" and f.row.start is not None),
                    key=lambda f: f.row.start):
        groups[(f.row.weapon_class, _normal(f.row.source), f.row.date)].append(f)
    for ordered in groups.values():
        attacks: list[tuple[Fact, list[Fact]]] = []
        for f in ordered:
            if f.row.role == "launched":
                attacks.append((f, []))
            elif f.row.role in _PARTS and attacks:
                attacks[-1][1].append(f)
        for launched, parts in attacks:
            total = _amount(launched.row, high=True)
            if not parts or total is None or launched.row.lower_bound or launched.row.approximate:
                continue
            amounts = [_amount(p.row, high=False) or 0 for p in parts]
            if sum(amounts) > total:
                worst = max(range(len(parts)), key=lambda i: amounts[i])
                stated = " + ".join(f"{p.row.role} {_fmt(a)}" for p, a in zip(parts, amounts))
                yield _finding("parts_within_total", parts[worst],
                               f"{stated} = {_fmt(sum(amounts))} exceeds the {_fmt(total)} "
                               f"{launched.row.weapon_class} launched ({launched.row.text!r})")


def _normal(words: str | None) -> str:
    return re.sub(r"[^a-z]+", " ", (words or "").lower()).strip()


def _who(row: FactRow) -> str:
    return _normal(row.subject)


def casualty_consistency(facts: list[Fact], read: ReadArticle, published: dt.date | None) -> Iterable[Finding]:
    groups: dict[tuple, list[Fact]] = defaultdict(list)
    for f in facts:
        if f.row.category in ("casualties", "forces"):
            groups[(_who(f.row), f.row.date, f.row.source)].append(f)
    for group in groups.values():
        totals = [f for f in group if f.row.role == "killed_or_injured" and not f.row.lower_bound]
        if len(totals) == 1 and not totals[0].row.approximate:
            ceiling = _amount(totals[0].row, high=True)
            for f in group:
                amount = _amount(f.row, high=False)
                if f.row.role in ("killed", "injured") and ceiling is not None and amount is not None \
                        and amount > ceiling:
                    yield _finding("casualty_consistency", f, f"{f.row.role} {_fmt(amount)} exceeds the "
                                   f"{_fmt(ceiling)} killed or injured ({totals[0].row.text!r})")
        deployed = [f for f in group if f.row.category == "forces" and f.row.role == "deployed"]
        lost = sum(_amount(f.row, high=False) or 0 for f in group if f.row.role in ("killed", "killed_or_injured"))
        if len(deployed) == 1 and (force := _amount(deployed[0].row, high=True)) and lost > force:
            yield _finding("casualty_consistency", deployed[0], f"{_fmt(lost)} {_who(deployed[0].row)} killed or "
                           f"injured, more than the {_fmt(force)} deployed", "warning")


def duplicate(facts: list[Fact], read: ReadArticle, published: dt.date | None) -> Iterable[Finding]:
    seen: dict[tuple[int, int], Fact] = {}
    for f in facts:
        if f.row.start is None:
            continue
        key = (f.row.start, f.row.end)
        if key in seen:
            yield _finding("duplicate", f, f"the number {f.row.text!r} at {key[0]}–{key[1]} was already extracted "
                                           f"as {seen[key].path}")
        else:
            seen[key] = f


def _is_count_of_interest(read: ReadArticle, start: int, end: int) -> bool:
    if read.text[end:end + 1] == "-":
        return False  # "one-way", "64-year-old", "nine-story": a compound adjective, not a count
    noun = noun_after(read.text, end).strip()
    if weapon_class_in(noun) or PEOPLE_RE.match(noun):
        return True
    return bool(role_cues(read, start, end, [*ROLE_RE]))


def coverage(facts: list[Fact], read: ReadArticle, published: dt.date | None) -> Iterable[Finding]:
    # the facts' spans by start, with the furthest end so far: a mention is covered when a span starting before its
    # end reaches past its start (found by bisection: an article may hold thousands of counts and facts)
    covered = sorted((f.row.start, f.row.end) for f in facts if f.row.start is not None)
    starts, reach = [a for a, _ in covered], list(itertools.accumulate((b for _, b in covered), max))
    for m in read.mentions:
        before = bisect.bisect_left(starts, m.end)
        if m.kind != "count" or (before and reach[before - 1] > m.start):
            continue
        if _is_count_of_interest(read, m.start, m.end):
            yield Finding(rule="coverage", severity="warning", path="", start=m.start, end=m.end,
                          message=f"{m.text!r} ({read.text[m.start:m.end + 25].strip()}…) looks like a count that "
                                  f"no fact captured")


FACT_RULES: list[Callable] = [grounded, range_order, date_order, plausible, words_match_role, part_not_launched,
                              fired_by_then_befell, words_match_class]
SET_RULES: list[Callable] = [parts_within_total, casualty_consistency, duplicate, coverage]


def check(facts: list[Fact], article: str | ReadArticle, published: dt.date | None = None,
          ceilings: dict[str, float] | None = None) -> list[Finding]:
    """Every finding about these facts of one article (its text, or the article as the extractor read it), in rule
    order."""
    read = article if isinstance(article, ReadArticle) else ReadArticle(article)
    rules = [partial(plausible, ceilings=ceilings) if rule is plausible and ceilings else rule for rule in FACT_RULES]
    findings = []
    for rule in rules:
        check_budget()
        findings += [x for f in facts for x in rule(f, read, published)]
    findings += [x for rule in SET_RULES for x in rule(facts, read, published)]
    return findings


def errors_by_path(findings: Iterable[Finding]) -> set[str]:
    return {f.path for f in findings if f.severity == "error"}


# ---- what the checker reads: results and gold files --------------------------------------------------------------

def result_facts(result, located=None) -> list[Fact]:
    """The facts of a result, from its rows (`located`: those already made, schemas.located_rows)."""
    from .schemas import located_rows

    return [Fact(at.path, at.row, at.context.date.end_date if at.context.date else None)
            for at in (located if located is not None else located_rows(result))]


def verify(result, article: str | ReadArticle, unconfirmed: dict[tuple[int, int], str] | None = None):
    """The result with the checker's findings and each fact's `verified` set — the one place it is set: a fact is
    verified when no error touches it and nothing leaves it unconfirmed (`unconfirmed`: why, by the fact's span; the
    deciding stage's verdict on the model's answer). Set in place: the caller's result is its own, just made (a deep
    copy cost as much as checking it)."""
    from .schemas import located_rows

    if result.extraction is None:
        return result
    located = list(located_rows(result))  # each row made once: checked, then marked verified or not
    result.checks = check(result_facts(result, located), article, result.published)
    bad = errors_by_path(result.checks)
    for at in located:
        why = (unconfirmed or {}).get((at.row.start, at.row.end))
        at.fact.verified = at.path not in bad and why is None
        if why:
            result.checks.append(Finding(rule="unconfirmed", severity="warning", path=at.path, start=at.row.start,
                                         end=at.row.end, message=f"{at.row.text!r}: {why}, so it is unverified"))
    return result


def gold_facts(document: dict) -> list[Fact]:
    """The facts of a gold file (eval/GUIDE.md): rows of the facts view without article_id and verified."""
    return [Fact(f"facts[{i}]", FactRow(article_id=document["article_id"], verified=False, **fact))
            for i, fact in enumerate(document.get("facts", []))]
