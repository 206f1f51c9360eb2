"""The words around a number that say what it counts: weapon-class nouns and role verbs.

Shared by assembly (the noun after a number sets the weapon class), the checker (words that contradict a
label) and the rules-only extractor. Patterns are matched case-insensitively on word boundaries."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Iterable

from ..schemas.vocab import CLASS_WORDS, PEOPLE_WORDS, ROLE_WORDS
from .numbers import find_mentions


def _compile(pattern: str) -> re.Pattern:
    return re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)


CLASS_RE = {name: _compile(p) for name, p in CLASS_WORDS.items()}
ROLE_RE = {name: _compile(p) for name, p in ROLE_WORDS.items()}
PEOPLE_RE = _compile(PEOPLE_WORDS)


def counts_people(noun: str) -> bool:
    """Whether a noun phrase after a number names people ("civilians", "regime soldiers", "casualties"), in its
    first three words."""
    return bool(PEOPLE_RE.search(" ".join(noun.split()[:3])))


def weapon_class_in(words: str | None) -> str | None:
    """The weapon class the words name, when exactly one class is named."""
    if not words:
        return None
    named = {name for name, pattern in CLASS_RE.items() if pattern.search(words)}
    return named.pop() if len(named) == 1 else None


_NOUN_END = re.compile(
    r"[,.;:()\u2014\u2013]|\s\d|\b(?:and|while|in|on|at|from|by|with|were|was|have|has|had|are|is|that|which|"
    r"who|to|into|for|near|across|during|since|after|before|over)\b", re.IGNORECASE)


def noun_after(article: str, end: int, width: int = 40) -> str:
    """The noun phrase right after a number, where "78 missiles" names its class: up to the next punctuation,
    preposition, verb or number. A partitive "of the" is read through ("51 of the drones")."""
    rest = re.sub(r"[\"“”„«»]", " ", article[end:end + width])  # 363 “Shahed“ drones
    partitive = re.match(r"\s+of\s+(?:the|them|these|those)\b", rest, re.IGNORECASE)
    if partitive:
        rest = rest[partitive.end():]
    return _NOUN_END.split(rest, maxsplit=1)[0]


# ---- where a number's words are: its clause and its sentence ---------------------------------------------------

# Where a clause ends: the words of one number's statement rarely cross these.
_CLAUSE_END = re.compile(r"[.;:!?\n()\u2014]|,|\bwhile\b|\bwhereas\b|\bbut\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?\n](?=\s|$)")
_JOINER = re.compile(r"\b(?:and|or)\s+(?:another\s+|a\s+further\s+|further\s+)?$", re.IGNORECASE)


class _Breaks:
    """Where an article's clauses and sentences break, found once: each number's clause and sentence is then two
    binary searches, so reading every count of an article stays linear in its length."""

    def __init__(self, article: str):
        clause = [(m.start(), m.end()) for m in _CLAUSE_END.finditer(article)]
        # Where "and"/"or" joins another count ("killed and 17 injured"): a clause break between two statements.
        for m in find_mentions(article):
            joined = _JOINER.search(article, max(0, m.start - 30), m.start)
            if m.kind == "count" and joined:
                clause.append((joined.start(), joined.start()))
        clause.sort()
        self.clause_starts = [a for a, _ in clause]
        self.clause_ends = sorted(b for _, b in clause)
        sentence = [(m.start(), m.end()) for m in _SENTENCE_END.finditer(article)]
        self.sentence_starts = [a for a, _ in sentence]
        self.sentence_ends = [b for _, b in sentence]
        self.length = len(article)


@lru_cache(maxsize=16)
def _breaks(article: str) -> _Breaks:
    return _Breaks(article)


def _clause(article: str, start: int, end: int) -> tuple[int, int]:
    """The clause around a number: from the previous clause break to the next one."""
    breaks = _breaks(article)
    before = bisect.bisect_right(breaks.clause_ends, start)
    left = breaks.clause_ends[before - 1] if before else 0
    after = bisect.bisect_left(breaks.clause_starts, end)
    right = breaks.clause_starts[after] if after < len(breaks.clause_starts) else breaks.length
    return left, right


def sentence_span(article: str, start: int, end: int) -> tuple[int, int]:
    """From the end of the previous sentence to the end of this one."""
    breaks = _breaks(article)
    before = bisect.bisect_right(breaks.sentence_ends, start)
    left = breaks.sentence_ends[before - 1] if before else 0
    if article[start - 1:start] in (".", "!", "?", "\n") and start > 0:
        left = start  # a number right after a line break ("…fatalities\n65 civilians") opens its sentence
    after = bisect.bisect_left(breaks.sentence_starts, end)
    return left, breaks.sentence_starts[after] if after < len(breaks.sentence_starts) else breaks.length


def _cues_in(article: str, span: tuple[int, int], start: int, end: int, roles: Iterable[str]) -> dict[str, int]:
    spans = []
    for role in roles:
        for m in ROLE_RE[role].finditer(article, *span):
            if not (m.start() < end and start < m.end()):
                spans.append((m.start(), m.end(), role))
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


def role_cues(article: str, start: int, end: int, roles: Iterable[str], sentence: bool = True) -> dict[str, int]:
    """Roles whose words stand in the number's clause (else, with `sentence`, earlier in its sentence), each with
    its distance from the number. Shorter phrases inside a longer cue, like "killed" in "killed or injured", belong
    to the longer one."""
    roles = list(roles)
    clause = _clause(article, start, end)
    clause = (max(clause[0], start - _REACH), min(clause[1], end + _REACH))
    cues = _cues_in(article, clause, start, end, roles)
    if not cues and sentence:
        # A list or a sub-count takes the verb that opened its sentence: "launched 170 drones, 120 ballistic
        # missiles and 30 cruise missiles", "killed 35, including two children".
        begins = max(sentence_span(article, start, end)[0], start - _REACH)
        cues = _cues_in(article, (begins, max(begins, clause[0])), start, end, roles)
    return cues


def cues_after(article: str, start: int, end: int, roles: Iterable[str]) -> dict[str, int]:
    """Roles whose words follow the number later in its sentence: the verb of a list that is the sentence's subject
    ("At least 31 soldiers and three auxiliaries were killed")."""
    return _cues_in(article, (end, min(sentence_span(article, start, end)[1], end + _REACH)), start, end, list(roles))


def class_before(article: str, start: int, sentences: int = 1) -> str | None:
    """The weapon class named last before a number in its sentence ("39 drones …, including 19 in Rostov"), or in
    the sentences before it when `sentences` > 1 ("… 16 Ukrainian drones. Fifteen were destroyed …")."""
    left = sentence_span(article, start, start)[0]
    for _ in range(sentences - 1):
        left = sentence_span(article, max(0, left - 2), max(0, left - 2))[0]
    named = [(m.end(), name) for name, pattern in CLASS_RE.items() for m in pattern.finditer(article, left, start)]
    return max(named)[1] if named else None
