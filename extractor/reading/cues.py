"""The words around a number that say what it counts: weapon-class nouns and role verbs.

Shared by assembly (the noun after a number sets the weapon class), the checker (words that contradict a
label) and the rules-only extractor. Patterns are matched case-insensitively on word boundaries."""

from __future__ import annotations

import re
from typing import Iterable

from ..schemas.vocab import CLASS_WORDS, PEOPLE_WORDS, PERSON_WORDS, ROLE_WORDS
from .article import ReadArticle


def _compile(pattern: str) -> re.Pattern:
    return re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)


CLASS_RE = {name: _compile(p) for name, p in CLASS_WORDS.items()}
ROLE_RE = {name: _compile(p) for name, p in ROLE_WORDS.items()}
PEOPLE_RE = _compile(PEOPLE_WORDS)
# The plural of a noun for one person ("paramedics", "adults", "fishermen"): people too, so the plural list
# need not repeat the singular one; and people named for a cause they hold ("secessionists", "loyalists").
_PERSONS = re.compile(rf"\b(?:(?:{PERSON_WORDS})(?:s|es)|\w{{2,}}men|\w{{4,}}ists)\b",
                      re.IGNORECASE)


def counts_people(noun: str) -> bool:
    """Whether a noun phrase after a number names people ("civilians", "regime soldiers", "casualties"), in its
    first three words."""
    first = " ".join(noun.split()[:3])
    return bool(PEOPLE_RE.search(first) or _PERSONS.search(first))


def weapon_class_in(words: str | None) -> str | None:
    """The weapon class the words name, when exactly one class is named."""
    if not words:
        return None
    named = {name for name, pattern in CLASS_RE.items() if pattern.search(words)}
    return named.pop() if len(named) == 1 else None


_NOUN_END = re.compile(
    r"[,;:()\u2014\u2013]|(?<!\b[A-Z])(?<!\b[A-Z]\.[A-Z])\.|"  # not the full stops of "U.S. troops"
    r"\s\d|\b(?:and|while|in|on|at|from|by|with|were|was|have|has|had|are|is|that|which|"
    r"who|to|into|for|near|across|during|since|after|before|over|as|when|amid|because)\b|"
    r"\ba\s+(?:day|week|month|year)\s+(?:earlier|before|ago)\b", re.IGNORECASE)  # "from 25 a day earlier"


def noun_after(article: str, end: int, width: int = 40) -> str:
    """The noun phrase right after a number, where "78 missiles" names its class: up to the next punctuation,
    preposition, verb or number. A partitive "of the" or "(out) of N" is read through ("51 of the drones", "29 of
    30 missiles")."""
    rest = re.sub(r"[\"“”„«»]", " ", article[end:end + width])  # 363 “Shahed“ drones
    partitive = re.match(r"\s+(?:out\s+)?of\s+(?:(?:the|these|those)(?:\s+\d[\d,]*)?|them|\d[\d,]*|two|three|four|"
                         r"five|six|seven|eight|nine|ten|eleven|twelve|a\s+dozen)\b", rest,
                         re.IGNORECASE)  # "29 of 30 missiles", "35 of the 40 drones"
    if partitive:
        rest = rest[partitive.end():]
    calibre = _CALIBRE.match(rest)  # "14 122mm rockets": the calibre is part of the noun, not another number
    if calibre:
        return calibre.group(0) + _NOUN_END.split(rest[calibre.end():], maxsplit=1)[0]
    # "18 ballistic and cruise missiles": two kinds of one noun, read through their "and"
    joined = _JOINED.match(rest)
    if joined and not weapon_class_in(joined.group(1)):
        after = _NOUN_END.split(rest[joined.end():], maxsplit=1)[0]
        if weapon_class_in(after):
            return joined.group(0) + after
    return _NOUN_END.split(rest, maxsplit=1)[0]


_JOINED = re.compile(r"\s+([\w-]+)\s+(?:and|or)\s+")


# a calibre or a bomb's weight: "14 122mm rockets", "one 300-pound bomb", "two 500-kg bombs"
_CALIBRE = re.compile(r"\s+\d+(?:\.\d+)?\s?-?(?:mm|cm|millimet(?:er|re)|pounds?|lbs?|kg|kilograms?)\b",
                      re.IGNORECASE)


_OF_TOTAL = re.compile(r"\b(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
                       r"(?:out\s+)?of\s+$", re.IGNORECASE)


def total_of_part(article: str, start: int) -> bool:
    """Whether the number at `start` is the whole a part is taken from: the 30 of "shot down 29 of 30 missiles"."""
    return _OF_TOTAL.search(article, max(0, start - 30), start) is not None


# ---- the words of a number's clause and sentence ---------------------------------------------------------------

def _cues_in(read: ReadArticle, span: tuple[int, int], start: int, end: int, roles: Iterable[str]) -> dict[str, int]:
    spans = []
    for role in roles:
        for a, b in read.spans_of(ROLE_RE[role], *span):
            if not (a < end and start < b):
                spans.append((a, b, role))
    cues: dict[str, int] = {}
    for a, b, role in spans:
        if any(a2 <= a and b <= b2 and (b2 - a2) > (b - a) for a2, b2, _ in spans):
            continue
        distance = start - b if b <= start else a - end
        cues[role] = min(distance, cues.get(role, distance))
    return cues


# How far from a number its words are looked for: a sentence runs longer only when the text has no full stops, and
# then the words far away say nothing of this number (and reading every number stays linear).
_REACH = 400


def role_cues(read: ReadArticle, start: int, end: int, roles: Iterable[str], sentence: bool = True) -> dict[str, int]:
    """Roles whose words stand in the number's clause (else, with `sentence`, earlier in its sentence), each with
    its distance from the number. Shorter phrases inside a longer cue, like "killed" in "killed or injured", belong
    to the longer one."""
    roles = list(roles)
    clause = read.clause(start, end)
    clause = (max(clause[0], start - _REACH), min(clause[1], end + _REACH))
    cues = _cues_in(read, clause, start, end, roles)
    if not cues and sentence:
        # A list or a sub-count takes the verb that opened its sentence: "launched 170 drones, 120 ballistic
        # missiles and 30 cruise missiles", "killed 35, including two children".
        begins = max(read.sentence(start, end)[0], start - _REACH)
        cues = _cues_in(read, (begins, max(begins, clause[0])), start, end, roles)
    return cues


def cues_after(read: ReadArticle, start: int, end: int, roles: Iterable[str]) -> dict[str, int]:
    """Roles whose words follow the number later in its sentence: the verb of a list that is the sentence's subject
    ("At least 31 soldiers and three auxiliaries were killed")."""
    return _cues_in(read, (end, min(read.sentence(start, end)[1], end + _REACH)), start, end, list(roles))


def class_before(read: ReadArticle, start: int, sentences: int | None = 1, dropping: bool = False) -> str | None:
    """The weapon class named last before a number in its sentence ("39 drones …, including 19 in Rostov"), in
    the sentences before it when `sentences` > 1 ("… 16 Ukrainian drones. Fifteen were destroyed …"), or anywhere
    before it when None; `dropping`: not aircraft nor drones, which drop what the number counts ("a plane dropped two
    bombs")."""
    left = read.sentence(start, start)[0] if sentences else 0
    for _ in range((sentences or 1) - 1):
        left = read.sentence(max(0, left - 2), max(0, left - 2))[0]
    named = [(m.end(), name) for name, pattern in CLASS_RE.items() for m in pattern.finditer(read.text, left, start)
             if not (dropping and name in ("aircraft", "drone"))]
    return max(named)[1] if named else None
