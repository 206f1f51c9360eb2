"""A number that stands alone as its sentence ("793."), as "by the numbers" lists write them: the sentence after it
says what it counts ("Total coalition soldiers killed since the war began"), so the two are read as one statement."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from .article import ReadArticle
from .numbers import Mention

if TYPE_CHECKING:
    from .reading import Count

_WINDOW = 300  # the most characters of the telling sentence read

# What the sentence after a lone number says it is: "The estimated number of", "The total of", "Total".
TOLD_AFTER = re.compile(r"[.\s]*(?:the\s+)?(?:[\w-]+\s+){0,5}?(?:number|total|count|toll|tally|estimates?)\s+of\s+"
                        r"(?:the\s+)?(?:number\s+of\s+)?|[.\s]*total\s+", re.IGNORECASE)


def described_after(read: ReadArticle, m: Mention, span) -> Count | None:
    """A number that stands alone as its sentence, told by the sentence after it ("793. Total coalition soldiers
    killed since the war began."; "by the numbers" lists): read as the statement the two make together ("793
    coalition soldiers killed since the war began"); None for any other number."""
    start, end = read.sentence(m.start, m.end)
    if end - start > len(m.text) + 8 or read.text[start:end].strip(" \t\n\"“”'‘’.") != m.text:
        return None
    told = TOLD_AFTER.match(read.text, end, end + _WINDOW)
    if told is None:
        return None
    rest = read.text[told.end():end + _WINDOW].split("\n")[0]
    from .reading import read_counts  # the statement is read as any other (reading.py reads through this module)

    statement = read_counts(ReadArticle(f"{m.text} {rest}"))
    if not statement or statement[0].mention.start != 0:
        return None
    return dataclasses.replace(statement[0], mention=m, part_of=None,
                               tokens=(span.start, span.end) if span is not None else (0, 0))
