"""Mention-anchored labelling: code finds every count in an article and reads what its words say; the model answers
one short question per count; code decides the fact, and the two readings together decide whether it is verified.

Code knows the number (its words, span and value: extractor.numbers), whether it counts weapons, people or other
things (the noun after it: extractor.cues), the weapon class that noun names, and the role words around it. The
model labels the same count from its sentence alone, without seeing code's reading: where both say the same, the
fact is right 95% of the time on the gold set; where they differ, about half the time (eval/RESULTS.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..assemble import category_of
from ..reading.cues import (
    class_before,
    counts_people,
    cues_after,
    noun_after,
    role_cues,
    sentence_span,
    weapon_class_in,
)
from ..reading.numbers import Mention, find_mentions
from ..schemas import HEADLINE_ROLES, LABELS, PEOPLE_LABELS, WEAPON_LABELS

MUNITION_ROLES, CASUALTY_ROLES = HEADLINE_ROLES["munitions"], HEADLINE_ROLES["casualties"]
_ROLE_OF_LABEL = {"shot_down": "intercepted"}
_HARM = ("killed", "injured", "killed_or_injured", "missing")  # not "captured": prisoners are exchanged

_WINDOW = 300  # characters either side of the number at most: a run-on "sentence" stays a short question

Counts = Literal["weapons", "people", "things"]
Decision = tuple[str, str, str | None]  # category, role, weapon class (munitions only)

# Nouns for munitions that name no class: the class is the one named last before them in the sentence, else
# "other". "projectiles" and "launches" from Gaza or Lebanon are rockets (labelling conventions).
_UNNAMED_MUNITIONS = re.compile(
    r"^(?:\w+\s+)?(?:munitions|projectiles?|launches|devices|explosions?|mines|ordnance|warheads|"
    r"means\s+of\s+(?:enemy\s+)?air\s+attack)\b", re.IGNORECASE)
_ROCKET_FRONTS = re.compile(r"\b(?:Gaza|Lebanon|Hamas|Hezbollah|Islamic\s+Jihad)\b")
_ROCKET_NOUNS = re.compile(r"\b(?:projectiles?|launches)\b", re.IGNORECASE)
# Words after a number that do not name what it counts: a verb ("Fifteen were destroyed", "14 fell short") or a
# pronoun-like word ("12 others", "one of them"). Then the count's sentence says what it is.
_NO_NOUN = re.compile(r"^(?:$|\w+ed\b|(?:fell|hit|struck|shot|were|was|are|is|have|has|had|will|would|could|"
                      r"did|do|does|also|then|reportedly|others?|more|of|out|each|among|who|which|that|in|on)\b)",
                      re.IGNORECASE)
# A noun phrase naming two weapon classes ("missiles and drones", not "drones and two missiles") counts a mixed
# total.
_MIXED = re.compile(r"\s*(?:and|or|&)\s+(\w+(?:\s+\w+)?)", re.IGNORECASE)


@dataclass(frozen=True)
class Candidate:
    """A count in the article and what code reads around it."""

    mention: Mention
    noun: str  # the words right after the number ("Shahed drones", "people", "were destroyed")
    counts: Counts | None  # what the number counts, when code can tell ("things": a noun naming neither)
    weapon_class: str | None  # the class the words name, for weapons
    cue: Decision | None  # what the cue words alone say (the rules-only label)
    cue_in_clause: bool  # the cue stands in the number's own clause, not only earlier in its sentence
    spared: bool = False  # people freed, exchanged, rescued, displaced…: not casualties, whatever else is said

    @property
    def labels(self) -> tuple[str, ...]:
        """The answers that fit what the number counts."""
        return {"weapons": WEAPON_LABELS, "people": PEOPLE_LABELS}.get(self.counts, LABELS)


def _weapon_class(article: str, m: Mention, noun: str) -> str | None:
    named = weapon_class_in(noun)
    if named:
        after_noun = m.end + len(noun_after(article, m.end))
        mixed = _MIXED.match(article, after_noun, after_noun + 30)
        if mixed and not find_mentions(mixed.group(1)) and weapon_class_in(mixed.group(1)) not in (None, named):
            return "other"  # "21 missiles and drones": one total of two classes
        return named
    if _UNNAMED_MUNITIONS.match(noun):
        if _ROCKET_NOUNS.search(noun) and _ROCKET_FRONTS.search(article):
            return "rocket"
        return class_before(article, m.start) or "other"
    return None


def _cues(article: str, m: Mention, roles) -> tuple[dict[str, int], bool]:
    clause = role_cues(article, m.start, m.end, roles, sentence=False)
    if clause:
        return clause, True
    return role_cues(article, m.start, m.end, roles), False


def _cue_label(article: str, m: Mention, noun: str, named: str | None, people: bool) -> tuple[Decision | None, bool]:
    """(category, role, class) from the cue words alone, or None when they say nothing we score; and whether the
    deciding cue stands in the number's clause."""
    munition_cues, m_clause = _cues(article, m, MUNITION_ROLES)
    casualty_cues, c_clause = _cues(article, m, CASUALTY_ROLES)
    if (named or munition_cues) and role_cues(article, m.start, m.end, ("astray",), sentence=False):
        return None, True  # "14 fell short", "11 landed in the sea": neither a hit nor an interception
    if named or (munition_cues and not people and not casualty_cues):
        role = min(munition_cues, key=munition_cues.get) if munition_cues else "launched"
        # With no noun ("Fifteen were destroyed"), the class may be named in the sentence before.
        return ("munitions", role, named or class_before(article, m.start, sentences=2) or "other"), m_clause
    deployed = people and role_cues(article, m.start, m.end, ("deployed",), sentence=False)
    if people and not casualty_cues and not deployed:
        casualty_cues = cues_after(article, m.start, m.end, CASUALTY_ROLES)  # "31 soldiers and three … were killed"
    if casualty_cues and (c_clause or not deployed) and (people or _NO_NOUN.match(noun)):
        return ("casualties", min(casualty_cues, key=casualty_cues.get), None), c_clause
    if people and (deployed or role_cues(article, m.start, m.end, ("deployed",))):
        return ("forces", "deployed", None), bool(deployed)
    return None, False


def candidates(article: str) -> list[Candidate]:
    """Every count of the article (not years, dates, times, measures, money, percentages or weapon names)."""
    found = []
    for m in find_mentions(article):
        if m.kind != "count":
            continue
        noun = noun_after(article, m.end).strip()
        named = _weapon_class(article, m, noun)
        people = counts_people(noun)
        # "72 apartments", "four townships", "13 Houthi targets": neither weapons nor people, so no fact.
        things = not named and not people and not _NO_NOUN.match(noun)
        spared = (not named and bool(role_cues(article, m.start, m.end, ("spared",), sentence=False))
                  and not role_cues(article, m.start, m.end, _HARM, sentence=False)) or _part_of_spared(article, m, found)
        cue, in_clause = (None, False) if things or spared else _cue_label(article, m, noun, named, people)
        counts: Counts | None = (
            "weapons" if named else "people" if people or spared else "things" if things
            else ("weapons" if cue[0] == "munitions" else "people") if cue else None)
        found.append(Candidate(m, noun, counts, named or (cue[2] if cue else None), cue, in_clause, spared))
    return found


def _part_of_spared(article: str, m: Mention, found: list[Candidate]) -> bool:
    """A sub-count of people freed or exchanged is freed too: "33 Israelis are being freed — including eight who are
    dead" (bodies returned, not a death toll)."""
    before = found[-1] if found else None
    return (before is not None and before.spared and m.start - before.mention.end < 200
            and bool(_SUBCOUNT.search(article, before.mention.end, m.start)))


def sentence_with_mark(article: str, candidate: Candidate) -> str:
    """The number's sentence with the number marked ⟦like this⟧: what the model reads."""
    m = candidate.mention
    start, end = sentence_span(article, m.start, m.end)
    start, end = max(start, m.start - _WINDOW), min(end, m.end + _WINDOW)  # a text with no full stops
    return " ".join(f"{article[start:m.start]}⟦{m.text}⟧{article[m.end:end + 1]}".split())


_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DATE_WORDS = re.compile(
    rf"\b(?:(?:on|late\s+on|early\s+on)\s+)?{_WEEKDAY}\b|\b(?:overnight|last\s+night|yesterday|this\s+morning)\b|"
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b|\b\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?\b|"
    rf"\bin\s+{_MONTH}(?:\s+\d{{4}})?\b|\bChristmas(?:\s+(?:Day|morning|Eve))?\b")
_PLACE_WORDS = re.compile(
    rf"\b(?:in|near|over|across|around|outside|within|at|from|to)\s+(?:the\s+)?(?!{_MONTH}\b|{_WEEKDAY}\b|Christmas\b)"
    r"([A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|region|oblast|province|district|city|town|village|governorate|state|"
    r"county|area))*)")
_SOURCE_WORDS = re.compile(
    r"\baccording\s+to\s+(?:the\s+)?([^,.;:“”\"]{3,60}?)(?=\s*[,.;:“”\"]|\s+(?:said|which|who)\b|$)"
    r"|((?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|of|the|for|and|de|air|force|forces|ministry|military|"
    r"army|police|officials?|defen[cs]e|general|staff|command|spokesman|spokesperson|governor|authorities|agency))*)"
    r"\s+(?:said|says|reported|reports|told|announced|claimed|stated|mentioned|noted|added)\b"
    r"|\b(?:said|says|reported|told)\s+(?:the\s+)?([A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|of|the|for))*)")
_NOT_A_SOURCE = re.compile(r"^(?:It|He|She|They|We|I|The|This|That|There|A|An)$")


def _nearest(found: list[tuple[int, str]], at: int) -> str | None:
    return min(found, key=lambda f: abs(f[0] - at))[1] if found else None


def context(article: str, candidate: Candidate) -> dict[str, str | None]:
    """When, where and who says so, as words of the number's sentence: the nearest date, place and source phrases
    (None where the sentence states none). Code reads them; assembly anchors them and resolves the date."""
    m = candidate.mention
    start, end = sentence_span(article, m.start, m.end)
    sentence = article[start:end + 1]
    dates = [(start + d.start(), d.group(0)) for d in _DATE_WORDS.finditer(sentence)]
    places = [(start + p.start(1), p.group(1)) for p in _PLACE_WORDS.finditer(sentence)]
    sources = []
    for found in _SOURCE_WORDS.finditer(sentence):
        words = next(g for g in found.groups() if g)
        if not _NOT_A_SOURCE.match(words.strip()):
            sources.append((start + found.start(), words.strip()))
    return {"date": _nearest(dates, m.start), "place": _nearest(places, m.start), "source": _nearest(sources, m.start)}


def decide(article: str, candidate: Candidate, repair: str | None = None) -> Decision | None:
    """The fact a count states: code's reading of its words. The model's first label does not change it (as a
    verdict it is right less often than code, and where code read nothing its labels were right 2 times in 9:
    eval/RESULTS.md); it decides whether the fact ships verified (`unconfirmed`). `repair`: the checker found code's
    reading wrong and the model, asked again with the finding, gave this label; then it stands."""
    return label_decision(article, candidate, repair) if repair else candidate.cue


def label_decision(article: str, candidate: Candidate, label: str) -> Decision | None:
    """What the model's label alone says, with the weapon class code read."""
    role = _ROLE_OF_LABEL.get(label, label)
    category = category_of(role)
    if category == "munitions":
        return category, role, candidate.weapon_class or class_before(article, candidate.mention.start) or "other"
    return None if category == "other" else (category, role, None)


def unconfirmed(article: str, candidate: Candidate, label: str | None, decision: Decision) -> str | None:
    """Why a fact cannot ship verified though the checker passes it, or None. With a model, a fact is confirmed when
    code's reading of the words and the model's label, given without knowing that reading, say the same (on the gold
    set, agreement is what makes a fact trustworthy: eval/RESULTS.md); a repaired fact, which only the model read
    that way, is not."""
    if label is None:
        return None  # no model asked: the checker alone decides
    said = label_decision(article, candidate, label)
    if candidate.cue != decision:
        return f"only the model read it as {decision[1]}"
    if said != decision:
        return f"the model labelled it {label}, the words say {decision[1]}"
    return None


_SUBCOUNT = re.compile(r"\b(?:including|among\s+them|among\s+whom|of\s+whom|of\s+them)\b", re.IGNORECASE)


def subcounts(article: str, decisions: list[tuple[Candidate, Decision]]) -> list[tuple[Candidate, Decision]]:
    """A casualty count introduced by "including", "among them", "of whom" after another one shares its role, unless
    its own clause states one: "35 killed … Among them are two children" → killed 2."""
    settled: list[tuple[Candidate, Decision]] = []
    for candidate, decision in decisions:
        before = settled[-1] if settled else None
        if (before is not None and decision[0] == before[1][0] == "casualties" and not candidate.cue_in_clause
                and _SUBCOUNT.search(article, before[0].mention.end, candidate.mention.start)
                and candidate.mention.start - before[0].mention.end < 200):
            decision = before[1]
        settled.append((candidate, decision))
    return settled


def restated(decisions: list[tuple[Candidate, Decision]]) -> list[tuple[Candidate, Decision]]:
    """Drop a count that repeats an earlier one with the same label and numbers: the same count stated twice is one
    fact, at its first occurrence."""
    seen, kept = set(), []
    for candidate, decision in decisions:
        r = candidate.mention.reading
        key = (*decision, r.value, r.low, r.high)
        if key in seen:
            continue
        seen.add(key)
        kept.append((candidate, decision))
    return kept
