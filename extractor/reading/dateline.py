"""The dateline that opens a wire report ("KYIV, Ukraine (AP) —", "KYIV, Aug. 26 (Reuters) --", "Gaza:"): the place
the report was filed from and, where it is written, the day. Neither is an event's own: the place is the article's
last resort for a count's place (reading/places.py), and the day dates the article, not an event (conventions: a
dateline is publication)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..schemas.vocab import MONTH_NAME
from .spans import Words

_DATELINE = re.compile(
    r"\A\s*(?P<place>[A-Z][A-Z'’. -]{1,40}?(?:,\s*[A-Z][A-Za-z'’. -]{1,30}?)?|[A-Z][A-Za-z'’. -]{1,40}?)\s*"
    r"(?:\[[A-Za-z'’. -]{2,30}\]\s*)?"  # its country in brackets: "Manila [Philippines], November 4 (ANI):"
    rf"(?:,\s*(?P<day>{MONTH_NAME}\s+\d{{1,2}}(?:,\s*\d{{4}})?)\s*)?"  # the day it was filed
    r"(?:,?\s*\([^)]{1,60}\)\s*)?"  # the agency: "(AP)", "(Reuters)", ", (UrduPoint / Pakistan Point News - …)"
    r"(?:--|[:—–]\s*|(?<=\s)-\s*(?=[A-Z])|-\s+(?=[A-Z])|\n)")  # a hyphen apart from its words: not "Al-Nour"

# A sentence's end inside what looks like a place ("Shells fell before dawn. The Al-Nour centre …"), or ending it
# ("Gunmen attacked a village in May.\n"): the article's own words, not a dateline ("St. Petersburg -" ends no
# sentence)
_SENTENCE_END = re.compile(r"[a-z]{2}\.(?:\s|$)")
# A place's name is capitalised but for its particles ("Bosnia and Herzegovina", "Rio de Janeiro", "Ras al-Ain"): a
# short first line of lower-case words is a headline or a sentence ("Russian strikes kill two in Kharkiv\n")
_LOWER_WORD = re.compile(r"(?<![\w'’-])(?!(?:of|and|de|del|da|do|la|le|el|al|ad|an|on|the|upon)\b)[a-z]+")


@dataclass(frozen=True)
class Dateline:
    place: Words  # "KYIV", "KYIV, Ukraine"
    day: Words | None  # "Aug. 26"
    end: int  # where the article's own words begin


def read_dateline(text: str) -> Dateline | None:
    """The article's dateline, else None."""
    match = _DATELINE.match(text)
    if not match or not match.group("place").strip() or _SENTENCE_END.search(match.group("place")) \
            or len(_LOWER_WORD.findall(match.group("place"))) > 1:
        return None
    place = match.group("place").strip()
    day = Words(match.group("day"), match.start("day"), match.end("day")) if match.group("day") else None
    return Dateline(Words(place, match.start("place"), match.start("place") + len(place)), day, match.end())
