"""An article read once: its text, every number in it, its parse, its counts, and where its clauses and sentences
break. Every stage (reading, context, decisions, the checker) takes this one object, so no stage scans the raw
text again: each of these is found once, when first asked for (the numbers at once, since refusing an article with
too many counts needs no parse)."""

from __future__ import annotations

import bisect
import re
from functools import cached_property

from .mentions import counts_of_one, find_counts
from .numbers import Mention, find_mentions
from .parse import parse

# Where a clause ends: the words of one number's statement rarely cross these.
_CLAUSE_END = re.compile(r"[.;:!?\n()\u2014]|,|\bwhile\b|\bwhereas\b|\bbut\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?:[.!?]|(?<![,;])\n)(?=\s|$)")
_GOES_ON = re.compile(r"[,;]\s*\n$")  # a line that ends in a comma or semicolon: the list goes on below it
# The full stops of an initialism ("U.S. troops", "the U.N. mission") end neither a clause nor a sentence, unless
# a line ends there.
_INITIALISM_STOP = re.compile(r"(?<=\b[A-Z])\.(?=[A-Z]\.)|(?<=\b[A-Z]\.[A-Z])\.(?=[ \t]+\S)")
_JOINER = re.compile(r"\b(?:and|or)\s+(?:another\s+|a\s+further\s+|further\s+)?$", re.IGNORECASE)


class ReadArticle:
    """One article's text and what was found in it. Positions are Python string indices into `text`."""

    def __init__(self, text: str):
        self.text = text
        self.mentions: tuple[Mention, ...] = tuple(find_mentions(text))  # every number, whatever it is
        self._found: dict[tuple[str, int, int, int], tuple[tuple[int, int], ...]] = {}  # by spans_of

    @cached_property
    def doc(self):
        """spaCy's parse (shared with any other reader of the same text through the parse cache)."""
        return parse(self.text)

    @cached_property
    def places(self):
        """Who says what (reading.sources.Sources) and where (reading.places.Places) in the parse, read once for the
        counts' contexts and for the places the article names."""
        from .places import Places  # places reads sources, which read the parse: nothing of theirs reads this
        from .sources import Sources
        return Places(self.doc, Sources(self.doc, self.text))

    @cached_property
    def ones(self) -> tuple[Mention, ...]:
        """The counts of one the parse finds ("a man", "an elderly woman")."""
        return tuple(counts_of_one(self.doc))

    @cached_property
    def counts(self) -> tuple[Mention, ...]:
        """The numbers that count, the counts of one, and the measures that may be facts of category other."""
        return tuple(find_counts(self.mentions, self.ones))

    @cached_property
    def _initialisms(self) -> frozenset[int]:
        """Where the full stops inside initialisms stand."""
        return frozenset(m.start() for m in _INITIALISM_STOP.finditer(self.text))

    @cached_property
    def _clause_breaks(self) -> tuple[list[int], list[int]]:
        breaks = [(m.start(), m.end()) for m in _CLAUSE_END.finditer(self.text) if m.start() not in self._initialisms]
        # Where "and"/"or" joins another count ("killed and 17 injured"): a clause break between two statements.
        for m in self.mentions:
            joined = _JOINER.search(self.text, max(0, m.start - 30), m.start)
            if m.kind == "count" and joined:
                breaks.append((joined.start(), joined.start()))
        breaks.sort()
        return [a for a, _ in breaks], sorted(b for _, b in breaks)

    @cached_property
    def _sentence_breaks(self) -> tuple[list[int], list[int]]:
        breaks = [(m.start(), m.end()) for m in _SENTENCE_END.finditer(self.text) if m.start() not in self._initialisms]
        return [a for a, _ in breaks], [b for _, b in breaks]

    def spans_of(self, pattern: re.Pattern, start: int, end: int) -> tuple[tuple[int, int], ...]:
        """Where the pattern matches within text[start:end], kept: reading, deciding and checking each ask of the
        same clause and sentence for every count in it."""
        key = (pattern.pattern, pattern.flags, start, end)  # (a Pattern's own hash reads its whole compiled code)
        if key not in self._found:
            self._found[key] = tuple(m.span() for m in pattern.finditer(self.text, start, end))
        return self._found[key]

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The clause around the words at start–end: from the previous clause break to the next one (two binary
        searches, so reading every count of an article stays linear in its length)."""
        starts, ends = self._clause_breaks
        before = bisect.bisect_right(ends, start)
        after = bisect.bisect_left(starts, end)
        return ends[before - 1] if before else 0, starts[after] if after < len(starts) else len(self.text)

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """From the end of the previous sentence to the end of this one."""
        starts, ends = self._sentence_breaks
        before = bisect.bisect_right(ends, start)
        left = ends[before - 1] if before else 0
        if start > 0 and (self.text[start - 1] in ".!?" or self.text[start - 1] == "\n" and not _GOES_ON.search(
                self.text, max(0, start - 3), start)):
            left = start  # a number right after a line break ("…fatalities\n65 civilians") opens its sentence
        after = bisect.bisect_left(starts, end)
        return left, starts[after] if after < len(starts) else len(self.text)

    def __repr__(self) -> str:
        return f"ReadArticle({len(self.text):,} characters, {len(self.mentions)} numbers)"
