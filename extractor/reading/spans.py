"""The words of a count's context (its date, place or source) as they stand in the article, and the helpers the
context readers share."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Words:
    """Words of the article at their span."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class DateWords(Words):
    """Date words and the words that date the statement of their sentence ("overnight …, officials said Friday"):
    relative words count from the day the statement was made, not from publication."""

    said_on: str | None = None


@dataclass(frozen=True)
class OfficeWords(Words):
    """A territory a speaker holds office in ("the governor of the Mykolaiv region said …"), taken as the place of the
    counts they tell of: the speaker's words, not the event's, so the count is not placed apart from the lead's."""


def same_text(words_: Words) -> str:
    """What two options that say the same thing share: their words, whatever their case and spacing."""
    return " ".join(words_.text.lower().split())


def distinct(candidates: list[Words]) -> list[Words]:
    """Each text once, the first kept: what _options would keep of them, so it need not walk thousands."""
    chosen: dict[str, Words] = {}
    for words_ in candidates:
        chosen.setdefault(same_text(words_), words_)
    return list(chosen.values())


def nearest_first(k: int, count: int, reach: int) -> list[int]:
    """The sentences within `reach` of sentence k (of `count`), k first, then the nearest, the one before first:
    where the options a model is offered for a count of sentence k are looked for."""
    return sorted(range(max(0, k - reach), min(count, k + reach + 1)), key=lambda j: (abs(j - k), j > k))


BEYOND_MOST = 40  # sentences beyond looked at for one count: one speaker told in every line must not cost lines²


def beyond(k: int, holding: list[int], reach: int) -> Iterator[int]:
    """The sentences of `holding` (sorted) further than `reach` from sentence k, nearest first (the one before first),
    at most BEYOND_MOST: where a count's options are looked for once those near it are too few. Only the sentences
    holding any are walked, so a long article with few costs each count little."""
    before, after = bisect.bisect_right(holding, k - reach - 1) - 1, bisect.bisect_left(holding, k + reach + 1)
    for _ in range(BEYOND_MOST):
        if before < 0 and after >= len(holding):
            return
        if after >= len(holding) or before >= 0 and k - holding[before] <= holding[after] - k:
            yield holding[before]
            before -= 1
        else:
            yield holding[after]
            after += 1


def filled(found: list[Words], more: Iterable[list[Words]], most: int) -> list[Words]:
    """`found`, then the words of `more` (lists, nearest first) not among them, until there are `most` texts."""
    chosen = {same_text(w) for w in found}
    added = []
    for words_ in itertools.chain.from_iterable(more):
        if len(chosen) >= most:
            break
        if (key := same_text(words_)) not in chosen:
            chosen.add(key)
            added.append(words_)
    return found + added


def words_at(text: str, start: int, end: int) -> Words:
    return Words(text[start:end], start, end)


def up(token, most: int = 24):
    """A token and its heads, nearest first, to a bound: a parse of text without full stops can chain thousands."""
    return itertools.islice(itertools.chain([token], token.ancestors), most)


def paragraph_of(text: str, char: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, char) + 1
    end = text.find("\n", char)
    return start, len(text) if end < 0 else end


def next_paragraph(text: str, end: int) -> tuple[int, int]:
    """The paragraph after the one ending at `end`, past any blank lines between them (many pages set paragraphs
    apart by an empty line); at the article's end, the empty span there."""
    at = end
    while at < len(text) and not text[at].strip():
        at += 1
    return paragraph_of(text, at) if at < len(text) else (len(text), len(text))


def quoted(text: str, char: int) -> bool:
    """Whether the character stands inside a quotation of its paragraph: a speaker's own words."""
    before = text[paragraph_of(text, char)[0]:char]
    return before.count("\u201c") > before.count("\u201d") or before.count('"') % 2 == 1
