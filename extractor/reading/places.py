"""Where a count happened: the one village (town, camp) the article names, where the count's sentence mentions one
bare ("a village in Sagaing Region"); else the place entity or "X region" phrase its predicate is tied to (in, near,
over, at), else the nearest in the sentence, then in the paragraph, then the first the article names (its lead's, or the place a
later paragraph gives the attack: on dev 0.594 of matched facts against 0.547 for the lead's alone), then the
dateline; never where weapons were launched from, never where a speaker is."""

from __future__ import annotations

import bisect
import itertools
import re

from ..schemas.vocab import (
    LOCATIVE_PREPOSITIONS,
    MONTHS,
    ORIGIN_PREPOSITIONS,
    PLACE_NOUNS,
    STRONG_PREPOSITIONS,
    STRUCK_VERBS,
    TIED_PREPOSITIONS,
    WEEKDAYS,
    words,
)
from .sources import Sources
from .spans import Words, distinct, paragraph_of, words_at

_PLACE_NOUN = words(PLACE_NOUNS)
_STRUCK = words(STRUCK_VERBS)
_DATELINE = re.compile(r"\A\s*([A-Z][A-Z'’. -]{1,40}?(?:,\s*[A-Z][A-Za-z'’. -]{1,30}?)?|[A-Z][A-Za-z'’. -]{1,40}?)\s*"
                       r"(?:\([^)]{1,40}\)\s*)?"
                       r"(?:[:—–]\s*|-\s*(?=[A-Z])|\n)")


def _name_span(head, lines: list[int]) -> tuple[int, int] | None:
    """The words of a place headed by a token: "Kharkiv", "the Odesa region" → "Odesa region", "Gaza Strip",
    "the region of Kharkiv" → "region of Kharkiv"."""
    doc = head.doc
    tokens = [t for t in head.subtree if t.dep_ in ("compound", "amod", "nmod", "det", "poss", "case") or t.i == head.i
              or (t.head.i == head.i and t.dep_ == "prep" and t.lower_ == "of")
              or (t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.i == head.i)
              or (t.dep_ == "compound" and t.head.dep_ == "pobj")]
    tokens = [t for t in tokens if not t.is_punct and _line(lines, t) == _line(lines, head)]
    if not tokens:
        return None  # a stray quote mark the recogniser took for a place: no words to name
    start, end = min(t.i for t in tokens), max(t.i for t in tokens)
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].pos_ == "ADJ"
                           and not doc[start].text[:1].isupper()):
        start += 1
    return doc[start].idx, doc[end].idx + len(doc[end])


def _line(lines: list[int], token) -> int:
    """The line a token stands on (`lines`: where the article's line breaks are): a place's words never run onto the
    next line of a list."""
    return bisect.bisect_left(lines, token.idx)


_NOT_PLACES = ("PERSON", "ORG", "NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "EVENT",
               "WORK_OF_ART", "LAW", "LANGUAGE", "PRODUCT")
_CALENDAR = words("|".join(name.capitalize() for name in MONTHS + WEEKDAYS) + "|Christmas|Easter|Ramadan")


# A settlement the article names by its kind ("Ywa Thit Village", "the village of Kan Gyi") and a bare mention of
# that kind ("a village in Sagaing Region", "raiding the village"): with one such name in the article, it is that one.
_SETTLEMENTS = "village|town|camp"
_NAMED_SETTLEMENT = re.compile(rf"\b((?:[A-Z][\w'’-]+\s+){{1,4}}(?:{_SETTLEMENTS.title()}|{_SETTLEMENTS}))\b"
                               rf"|\b(?:{_SETTLEMENTS})\s+of\s+((?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+){{0,3}})")
_LEADING_WORD = re.compile(r"(?:(?:The|A|An|This|That|In|On|At|Near|From|To|Of)\s+)+")
_BARE_SETTLEMENT = re.compile(rf"\b(?:a|the|this|that)\s+({_SETTLEMENTS})\b(?!\s+of\s+[A-Z])", re.IGNORECASE)


def _settlements(text: str) -> dict[str, Words]:
    """Each kind of settlement the article names exactly one of, with its first mention."""
    named: dict[str, dict[str, Words]] = {}
    for m in _NAMED_SETTLEMENT.finditer(text):
        group = 1 if m.group(1) else 2
        start, words = m.start(group), m.group(group)
        lead = _LEADING_WORD.match(words) if group == 1 else None  # "In Kyauk Village": a sentence's first word
        if lead:
            start, words = start + lead.end(), words[lead.end():]
        if group == 1 and len(words.split()) < 2:
            continue
        kind = (words.split()[-1] if group == 1 else text[m.start():m.start(group)].split()[0]).lower()
        named.setdefault(kind, {}).setdefault(" ".join(words.lower().split()), Words(words, start, start + len(words)))
    return {kind: next(iter(names.values())) for kind, names in named.items() if len(names) == 1}


_NOT_NAMES = ("DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT")


def _is_place(token) -> bool:
    """A place name after a locative preposition: a place entity, a capitalised name the recogniser missed (a
    village), or a place noun that a name or an adjective makes one ("the Kharkiv region", "Pakistani territory",
    "regime-controlled areas")."""
    if token.ent_type_ in ("GPE", "LOC", "FAC"):
        return True
    if _PLACE_NOUN.fullmatch(token.text):
        return any(t.dep_ in ("compound", "amod", "nmod") for t in token.children)
    # the recogniser takes many a town for a person or a people ("in Kherson", "in Beryslav"): after "in" or
    # "near", a capitalised name is a place
    refused = _NOT_NAMES if token.head.lower_ in STRONG_PREPOSITIONS else _NOT_PLACES
    return token.text[:1].isupper() and token.pos_ in ("PROPN", "NOUN") and token.ent_type_ not in refused \
        and not _CALENDAR.fullmatch(token.text)


def _places_in(sentence, lines: list[int]) -> list[tuple[object, tuple[int, int]]]:
    """(head token, span) of each place a locative preposition ties to something in a sentence: "in Kharkiv", "over
    the Volgograd region", "near the town of Chuguiv". A country that acts ("Russia launched"), owns ("Russia's
    rocket") or describes ("US forces") is not a place anything happened in."""
    found = []
    for token in sentence:  # its own tokens only: a scan of the whole doc per sentence grows with the square
        attacked = token.dep_ == "dobj" and _STRUCK.fullmatch(token.head.text) and (
            token.ent_type_ in ("GPE", "LOC", "FAC") or _PLACE_NOUN.fullmatch(token.text))
        if not attacked and (token.dep_ != "pobj" or token.head.lower_ not in LOCATIVE_PREPOSITIONS):
            continue
        head = token
        # "the town of Chuguiv": the name is the place
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        named = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if _PLACE_NOUN.fullmatch(head.text) and named is not None and _is_place(named):
            head = named
        if not _is_place(head):
            continue
        if head.head.lower_ == "of" and not _PLACE_NOUN.fullmatch(head.head.head.text):
            continue  # "the bodies of Ukrainians"
        if (span := _name_span(head, lines)) is not None:
            found.append((head, span))
    return sorted(found, key=lambda f: f[1][0])


def _tied(head) -> str | None:
    """The preposition a place hangs from ("in" of "in Kharkiv"), if any."""
    token = head
    for _ in range(3):
        if token.dep_ == "pobj":
            return token.head.lower_
        if token.dep_ not in ("compound", "conj", "appos", "amod", "nmod", "poss"):
            return None
        token = token.head
    return None


class Places:
    """The places of an article, read once per sentence; each count's place found in time linear in the sentence
    (a sentence of thousands of clauses joined by commas must not cost counts × places)."""

    def __init__(self, doc, sources: Sources):
        self.doc, self.text = doc, sources.text
        self.sentences = sources.sentences
        self.lines = [m.start() for m in re.finditer("\n", self.text)]
        self.by_sentence = [_places_in(s, self.lines) for s in self.sentences]
        spans = sorted(span for sentence in sources.by_sentence for _, _, span in sentence)
        # whether a source's words hold a place, by binary search: the furthest end among the spans starting before it
        self.source_starts = [a for a, _ in spans]
        self.source_reach = list(itertools.accumulate((b for _, b in spans), max))
        self.dateline = self._dateline()
        self.settlements = _settlements(self.text)
        self._settlement_cache: dict[int, Words | None] = {}
        self._usable_cache: dict[tuple[int, bool], list[tuple[object, tuple[int, int]]]] = {}
        self._candidates_cache: dict[tuple[int, bool], list[Words]] = {}
        self._last_usable: dict[bool, list[int]] = {}  # per sentence, the last sentence up to it with a place
        self._first: dict[bool, int | None] = {}  # the first sentence with a place
        self._tree: dict[int, tuple[dict[int, int], dict[int, int]]] = {}  # per sentence, entry and exit times
        self._positions_cache: dict[int, list[int] | None] = {}  # by id of a cached list of usable places

    def _dateline(self) -> Words | None:
        match = _DATELINE.match(self.text)
        if match and match.group(1).strip():
            return Words(match.group(1).strip(), match.start(1), match.start(1) + len(match.group(1).strip()))
        return None

    def _usable(self, k: int, munitions: bool) -> list[tuple[object, tuple[int, int]]]:
        if (k, munitions) in self._usable_cache:
            return self._usable_cache[k, munitions]
        found = []
        for head, span in self.by_sentence[k]:
            before = bisect.bisect_right(self.source_starts, span[0])
            if before and self.source_reach[before - 1] >= span[1]:
                continue  # "Ukraine's Air Force said": where the speaker is, not where it happened
            if munitions and _tied(head) in ORIGIN_PREPOSITIONS:
                continue  # "launched from Yemen": where the weapons came from
            found.append((head, span))
        self._usable_cache[k, munitions] = found
        return found

    def candidates(self, k: int, munitions: bool) -> list[Words]:
        """The places of the sentence, and of the paragraph and the lead when it names none, and the dateline."""
        if (k, munitions) not in self._candidates_cache:
            here = [words_at(self.text, *span) for _, span in self._usable(k, munitions)]
            lead = next(([words_at(self.text, *span) for _, span in found] for j in range(min(3, len(self.sentences)))
                         if (found := self._usable(j, munitions))), [])
            self._candidates_cache[k, munitions] = distinct(
                here + lead[:2] + ([self.dateline] if self.dateline else []))
        return self._candidates_cache[k, munitions]

    def _times(self, k: int) -> tuple[dict[int, int], dict[int, int]]:
        """Entry and exit times of a depth-first walk of sentence k's tree: a is an ancestor of b when a's interval
        holds b's, asked in constant time instead of climbing b's heads (a comma-joined sentence can be thousands
        deep)."""
        if k not in self._tree:
            enter, leave, clock = {}, {}, 0
            stack = [(self.sentences[k].root, False)]
            while stack:
                token, done = stack.pop()
                if done:
                    leave[token.i] = clock
                    continue
                enter[token.i] = clock
                clock += 1
                stack.append((token, True))
                stack.extend((child, False) for child in reversed(list(token.children)))
            self._tree[k] = enter, leave
        return self._tree[k]

    def _nearest_tied(self, k: int, here, positions: list[int], number, predicate):
        """The usable place of sentence k nearest the number among those the predicate governs through a tying
        preposition ("killed ... in Kharkiv"), looking outward from the number; None when there is none."""
        if predicate is None:
            return None
        enter, leave = self._times(k)
        if predicate.i not in enter:
            return None
        low, high = enter[predicate.i], leave[predicate.i]

        def tied(place) -> bool:
            head = place[0]
            return (head == predicate or low < enter.get(head.i, -1) < high) and (
                _tied(head) or "in") in TIED_PREPOSITIONS

        right = bisect.bisect_left(positions, number.i)
        left = right - 1
        while left >= 0 or right < len(here):
            # the nearer side first; on a tie the earlier place, as min() over article order picks it
            if right >= len(here) or (left >= 0 and number.i - positions[left] <= positions[right] - number.i):
                if tied(here[left]):
                    return here[left]
                left -= 1
            else:
                if tied(here[right]):
                    return here[right]
                right += 1
        return None

    def _before_in_paragraph(self, k: int, munitions: bool) -> Words | None:
        """The last place named earlier in sentence k's paragraph."""
        if munitions not in self._last_usable:
            last, found = [], -1
            for j in range(len(self.sentences)):
                found = j if self._usable(j, munitions) else found
                last.append(found)
            self._last_usable[munitions] = last
        j = self._last_usable[munitions][k - 1] if k else -1
        paragraph = paragraph_of(self.text, self.sentences[k].start_char)
        if j < 0 or self.sentences[j].start_char < paragraph[0]:
            return None
        return words_at(self.text, *self._usable(j, munitions)[-1][1])

    def for_count(self, k: int, number, predicate, munitions: bool) -> Words | None:
        sentence = self.sentences[k]
        if self.settlements and (named := self._settlement_of(k)) is not None:
            return named  # "a village in Sagaing Region": the one village the article names
        here = self._usable(k, munitions)
        positions = self._positions(k, here) if here else None
        if here and _line(self.lines, sentence[0]) != _line(self.lines, sentence[-1]):
            # a list over lines: "47 … over the Bryansk region,\n42 - over the Kaluga region"
            line = _line(self.lines, number)
            on_line = [p for p in _around(here, positions, number.i) if _line(self.lines, p[0]) == line]
            if on_line and len(on_line) < len(here):
                here, positions = on_line, _ordered([p[0].i for p in on_line])
        if here:
            if positions is not None:
                tied = self._nearest_tied(k, here, positions, number, predicate)
                head, span = tied or _nearest(here, positions, number)
            else:  # heads out of article order (a name that spans words): the plain way, rare and small
                enter, leave = self._times(k)
                tied = [p for p in here if predicate is not None and (p[0] == predicate or (
                    predicate.i in enter and enter[predicate.i] < enter.get(p[0].i, -1) < leave[predicate.i]))
                        and (_tied(p[0]) or "in") in TIED_PREPOSITIONS]
                head, span = min(tied or here, key=lambda p: abs(p[0].i - number.i))
            return words_at(self.text, *span)
        if (before := self._before_in_paragraph(k, munitions)) is not None:
            return before
        first = self._first_usable(munitions)  # the lead's place, else the first the article names
        return words_at(self.text, *self._usable(first, munitions)[0][1]) if first is not None else self.dateline

    def _settlement_of(self, k: int) -> Words | None:
        """The settlement the article names once, when sentence k mentions one of its kind bare (read once per
        sentence: a sentence can hold thousands of counts)."""
        if k not in self._settlement_cache:
            sentence = self.sentences[k]
            bare = _BARE_SETTLEMENT.search(self.text, sentence.start_char, sentence.end_char)
            self._settlement_cache[k] = self.settlements.get(bare.group(1).lower()) if bare else None
        return self._settlement_cache[k]

    def _first_usable(self, munitions: bool) -> int | None:
        """The first sentence with a usable place (found once per article)."""
        if munitions not in self._first:
            self._first[munitions] = next((j for j in range(len(self.sentences)) if self._usable(j, munitions)), None)
        return self._first[munitions]

    def _positions(self, k: int, here) -> list[int] | None:
        """The token positions of the usable places' heads, when they stand in article order (else None)."""
        key = id(here)
        if key not in self._positions_cache:
            self._positions_cache[key] = _ordered([p[0].i for p in here])
        return self._positions_cache[key]


def _around(here, positions: list[int] | None, i: int, most: int = 8):
    """The places nearest token i on either side (all of them when their heads are out of order): a line holds few,
    and a list of thousands of lines must not be walked once per count."""
    if positions is None:
        return here
    at = bisect.bisect_left(positions, i)
    return here[max(0, at - most):at + most]


def _ordered(positions: list[int]) -> list[int] | None:
    return positions if all(a <= b for a, b in zip(positions, positions[1:])) else None


def _nearest(here, positions: list[int], number):
    """The place nearest the number (heads in article order); on a tie the earlier one."""
    right = bisect.bisect_left(positions, number.i)
    if right == 0:
        return here[0]
    if right == len(here) or number.i - positions[right - 1] <= positions[right] - number.i:
        return here[right - 1]
    return here[right]
