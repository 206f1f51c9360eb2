"""Alignment: put words at their exact span in the article.

Exact match first; then a match tolerant of case, whitespace, quotes and dashes; when the words occur more than
once, the occurrence nearest the fact's other words wins. Words that cannot be found are marked unaligned and get
no span. A quantity is then snapped to the numeric mention it falls in, so its text, span and reading come from
the number reader rather than from the model."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from ..reading.numbers import Mention, Reading, read_quantity

_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
})


@dataclass(frozen=True)
class Located:
    start: int
    end: int
    alignment: str  # "exact" or "fuzzy"


class Folded:
    """The article folded for tolerant search, with a map from each folded character back to the original."""

    def __init__(self, text: str):
        chars, index = [], []
        previous_space = False
        for i, ch in enumerate(text):
            if ch.isspace():
                if previous_space:
                    continue
                chars.append(" ")
                previous_space = True
            else:
                chars.append(ch.translate(_FOLD).lower())
                previous_space = False
            index.append(i)
        self.text = "".join(chars)
        self.index = index

    @staticmethod
    def fold(words: str) -> str:
        return " ".join(words.translate(_FOLD).lower().split())


def _bounded(words: str) -> str:
    """A pattern for `words` that never matches inside a longer word or number ('20' not in '2024')."""
    pattern = re.escape(words)
    if words[:1].isalnum():
        pattern = r"(?<![\w])" + pattern
    if words[-1:].isalnum():
        pattern += r"(?![\w])"
    return pattern


def occurrences(article: str, words: str, folded: Folded | None = None) -> list[Located]:
    """Every place `words` stand in the article: exact ones if any, else tolerant ones."""
    words = words.strip()
    if not words:
        return []
    exact = [Located(m.start(), m.end(), "exact") for m in re.finditer(_bounded(words), article)]
    if exact:
        return exact
    folded = folded or Folded(article)
    needle = Folded.fold(words)
    return [
        Located(folded.index[m.start()], folded.index[m.end() - 1] + 1, "fuzzy")
        for m in re.finditer(_bounded(needle), folded.text)
    ]


def anchors(article: str, context: Iterable[str | None], folded: Folded | None = None) -> list[int]:
    """Offsets of the fact's other words (subject, weapon, source, date, place), to choose among repeats."""
    found = []
    for words in context:
        if words and len(words.strip()) > 2:
            found += [o.start for o in occurrences(article, words, folded)]
    return found


def nearest(candidates: list[Located], near: list[int], taken: set[tuple[int, int]] = frozenset()) -> Located | None:
    """The candidate closest to the fact's context; spans already given to another fact lose ties."""
    if not candidates:
        return None

    def distance(c: Located) -> tuple[bool, int, int]:
        gap = min((abs(c.start - a) for a in near), default=0)
        return ((c.start, c.end) in taken, gap, c.start)

    return min(candidates, key=distance)


@dataclass(frozen=True)
class AlignedQuantity:
    text: str
    start: int | None
    end: int | None
    alignment: str
    reading: Reading | None


def align_quantity(
    article: str,
    words: str,
    mentions: list[Mention],
    near: list[int],
    taken: set[tuple[int, int]] = frozenset(),
    folded: Folded | None = None,
) -> AlignedQuantity:
    """Find a number's words, then take the whole numeric mention they fall in ('3,000' → 'around 3,000').
    If the words are not in the text, a mention stating the same number may stand in for them (fuzzy)."""
    said = read_quantity(words)
    located = nearest(occurrences(article, words, folded), near, taken)
    if located:
        inside = [m for m in mentions if m.start < located.end and located.start < m.end]
        if len(inside) == 1:
            m = inside[0]
            exact = located.alignment == "exact" and m.start <= located.start and located.end <= m.end
            return AlignedQuantity(m.text, m.start, m.end, "exact" if exact else "fuzzy", m.reading)
        text = article[located.start:located.end]
        return AlignedQuantity(text, located.start, located.end, located.alignment, read_quantity(text))
    if said is not None:
        same = [m for m in mentions if (m.reading.value, m.reading.low, m.reading.high) == (said.value, said.low, said.high)]
        by_value = nearest([Located(m.start, m.end, "fuzzy") for m in same], near, taken)
        if by_value:
            m = next(m for m in same if m.start == by_value.start)
            return AlignedQuantity(m.text, m.start, m.end, "fuzzy", m.reading)
    return AlignedQuantity(words, None, None, "unaligned", said)
