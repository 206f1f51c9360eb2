"""The number reader: how news writes numbers.

Reads digits with separators ("3,000", "3 000"), decimals and scale words ("1.5 million", "12k"), word numbers
("eight", "twenty-one", "a dozen"), ranges ("between 10,000 and 12,000", "10,000-12,000", "10,000 to 12,000",
"13 or 14") and
hedges ("around", "at least", "or more", "up to"). `find_mentions` lists every numeric mention of an article with its
span, and tells years, dates, times, ordinals, percentages, money, measures ("16 miles", "90 days", "39-year-old")
and weapon names ("Kh-101", "Su-34") apart from counts.
Shared by alignment, the checker and the rules-only arm, so they all read a number the same way.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from typing import Literal

from ..schemas.vocab import MONTH_ABBREVIATIONS, MONTHS, PERSON_WORDS

# "rate", "times" and "duration" are measures that can still be facts of category other ("an average of 40 rockets
# daily", "shelled 21 times", "occupied the village for two days").
Kind = Literal["count", "year", "date", "time", "ordinal", "percent", "money", "weapon", "measure", "rate", "times",
               "duration"]

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_SHORT_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000}

_HEDGES_BEFORE = {
    "approximate": ["about", "around", "approximately", "approximate", "nearly", "almost", "some", "roughly", "an estimated",
                    "estimated", "close to", "circa", "over a", "just over", "just under"],
    "lower_bound": ["at least", "more than", "over", "no fewer than", "no less than", "not fewer than", "not less than",
                    "upwards of", "in excess of", "beyond"],
    "upper_bound": ["up to", "as many as", "as high as", "fewer than", "less than", "at most", "under", "no more than",
                    "not more than"],
}
# "just over"/"over a" are approximate-ish phrasings of 'over'; keep 'over' itself a lower bound as the
# labelling conventions say, and let the longer phrase win where it occurs.
_HEDGES_BEFORE["approximate"] = [h for h in _HEDGES_BEFORE["approximate"] if h not in ("over a", "just over", "just under")]
_HEDGES_AFTER = {"approximate": ["or so"], "lower_bound": ["or more", "plus", "and more"]}

_WORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES], key=len, reverse=True))
# "a dozen", "two dozen", "half a dozen": twelve times the word before (a multiplier, not a number of its own).
_DOZEN = rf"(?:half\s+a|a|{'|'.join(sorted(_UNITS, key=len, reverse=True))})\s+dozen"
_WORD_ATOM = rf"(?:{_DOZEN}|a\s+(?:hundred|thousand|million)(?:(?:\s+and\s+|[\s-]+)(?:{_WORD}))*|(?:{_WORD})(?:(?:\s+and\s+|[\s-]+)(?:{_WORD}))*)"
# Scientific notation ("3.2e+04") is one number, never two counts.
_DIGIT_ATOM = r"(?:\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?!\d)|\d+)(?:\.\d+)?(?:[eE][+-]?\d{1,3}(?![\w.]))?"
_SCALE = r"(?:\s*(?:million|billion|thousand|hundred)\b|(?:k|mn|bn|m)\b)"
_ATOM = rf"(?:{_DIGIT_ATOM}{_SCALE}?|(?<![\w-]){_WORD_ATOM}\b)"


def _alternation(phrases: list[str]) -> str:
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))


_BEFORE = _alternation([p for ps in _HEDGES_BEFORE.values() for p in ps])
_AFTER = _alternation([p for ps in _HEDGES_AFTER.values() for p in ps])

MENTION_RE = re.compile(
    rf"""
    (?<![\w.,:/])
    (?:(?P<hedge>{_BEFORE})\s+)?
    (?:
        (?:between|from)\s+(?P<low1>{_ATOM})\s+(?:and|to|-|–|—)\s+(?P<high1>{_ATOM})
      | (?P<low2>{_ATOM})\s*(?:-|–|—|\bto\b|\bor\b)\s*(?P<high2>{_ATOM})
      | (?P<atom>{_ATOM})
    )
    (?:\s+(?P<after>{_AFTER})\b(?!\s+than\b))?   # "7 and more than 200" is two numbers
    (?!(?!(?:st|nd|rd|th)\b)\w)   # not inside a longer word, but "3rd" is a mention (an ordinal)
    """,
    re.IGNORECASE | re.VERBOSE,
)

_WEAPON_RE = re.compile(r"\b[A-Z][A-Za-z]{0,6}-\d+[A-Za-z]*\b")
_MONTHS = "|".join(MONTHS + MONTH_ABBREVIATIONS)
_DATE_BEFORE = re.compile(rf"(?:\b(?:{_MONTHS})\.?\s*)$", re.IGNORECASE)
# "In May 12 people were killed": a month after "in" is a month, and the number after it a count ("on May 12")
_IN_MONTH = re.compile(rf"\bin\s+(?:{_MONTHS})\s+$", re.IGNORECASE)
_DATE_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b", re.IGNORECASE)
_ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th)\b", re.IGNORECASE)
_TIME_AFTER = re.compile(r"^(?::\d{2}|\.\d{2}\s*(?:[ap]\.?m\b\.?)|\s*(?:a\.m\.|p\.m\.|am\b|pm\b|GMT\b|UTC\b|hours\b|"
                         r"hrs\b))", re.IGNORECASE)  # "9:40", "8.50am", "10 p.m."
_PERCENT_AFTER = re.compile(r"^\s*(?:%|percent\b|per\s+cent\b)", re.IGNORECASE)
_MONEY_BEFORE = re.compile(r"(?:[$€£¥₴₽]|\bUSD|\bEUR|\bUAH)\s*$")
# A unit after the number makes it a measure, not a count of things: "16 miles", "90 days", "39-year-old",
# "a nine-story building", "fired 12 times", "a 48-hour mourning".
_MEASURE_AFTER = re.compile(
    r"^(?:\s*|-)(?:km|kms|kilomet(?:er|re)s?|miles?|mi|met(?:er|re)s?|feet|ft|yards?|square|sq|hectares?|acres?|"
    r"tons?|tonnes?|kg|kilograms?|pounds?|lbs?|mm|cm|millimet(?:er|re)s?|mph|knots|degrees?|"
    r"seconds?|minutes?|hours?|days?|weeks?|months?|yearolds?|years?|decades?|centur(?:y|ies)|"
    r"times|stor(?:e)?y|stor(?:e)?ys|floors?)\b"
    r"|^-(?:way|sided|fold|off|time|party)\b", re.IGNORECASE)  # part of a compound word: "one-way attack drones"
# A date written in digits: "2025-03-05", "05/03/2025", "5.3.2025" (no count in it)
_NUMERIC_DATE = re.compile(r"(?<![\d.,/-])(?:(?:19|20)\d\d-\d{1,2}-\d{1,2}|\d{1,2}([./])\d{1,2}\1(?:19|20)?\d\d)(?![\d/-]|\.\d)")
# A verb of change before "from 40 to 52": two tolls, the earlier and the later
_CHANGED = re.compile(r"\b(?:rose|risen|rising|rises|climb\w*|increas\w*|jump\w*|grew|grown|went\s+up|gone\s+up|"
                      r"soar\w*|surg\w*|fell|fallen|falling|dropp\w*|declin\w*|decreas\w*|revised(?:\s+\w+)?|"
                      r"raised|lowered)\s+$", re.IGNORECASE)
# A rate is not a count of things: "an average of 40 rockets daily", "1,000 per day".
_RATE_BEFORE = re.compile(r"\b(?:average\s+of|averaging|rate\s+of)\s+$", re.IGNORECASE)
_RATE_AFTER = re.compile(r"(?:\s+(?!and\b|or\b)[\w-]+)?\s+(?:per\s+(?:day|week|month|hour)|daily|each\s+day|"
                         r"a\s+day(?!\s+(?:earlier|before|later|after|ago)))\b",  # not "25 a day earlier"
                         re.IGNORECASE)
_MONEY_AFTER = re.compile(r"^\s*(?:dollars|euros|pounds|hryvnias|rubles|roubles)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    """What a number's words state."""

    value: float | None = None
    low: float | None = None
    high: float | None = None
    approximate: bool = False
    lower_bound: bool = False
    upper_bound: bool = False


@dataclass(frozen=True)
class Mention:
    """A numeric mention in an article: its words, span, reading and what kind of number it is."""

    text: str
    start: int
    end: int
    reading: Reading
    kind: Kind


def atom_value(words: str) -> float | None:
    """The value of one number written in digits or words: '3,000' → 3000, 'twenty-one' → 21, '1.5 million'."""
    s = words.strip().lower()
    m = re.fullmatch(rf"({_DIGIT_ATOM})\s*(million|billion|thousand|hundred|k|mn|bn|m)?", s)
    if m:
        number = float(re.sub(r"[,\u00a0\u202f ]", "", m.group(1)))
        scale = m.group(2)
        if scale:
            number *= _SCALES.get(scale) or _SHORT_SCALES[scale]
        return number
    dozen = re.fullmatch(r"(half\s+a|a|\w+)\s+dozen", s)
    if dozen:
        times = {"a": 1.0, "half a": 0.5}.get(" ".join(dozen.group(1).split()), _UNITS.get(dozen.group(1)))
        return None if times is None else times * 12
    s = re.sub(r"^a\s+(?=hundred|thousand|million)", "", s)  # "a hundred" is one hundred
    tokens = [t for t in re.split(r"[\s-]+", s) if t and t != "and"]
    if not tokens or any(t not in _UNITS and t not in _TENS and t not in _SCALES for t in tokens):
        return None
    total, current = 0, 0
    for t in tokens:
        if t in _UNITS:
            current += _UNITS[t]
        elif t in _TENS:
            current += _TENS[t]
        elif t == "hundred":
            current = (current or 1) * 100
        else:
            total += (current or 1) * _SCALES[t]
            current = 0
    return float(total + current)


def _hedge_flags(before: str | None, after: str | None) -> dict[str, bool]:
    flags = {"approximate": False, "lower_bound": False, "upper_bound": False}
    for phrase, table in ((before, _HEDGES_BEFORE), (after, _HEDGES_AFTER)):
        if phrase:
            said = " ".join(phrase.lower().split())
            for flag, phrases in table.items():
                if said in phrases:
                    flags[flag] = True
    return flags


def _reading(m: re.Match) -> Reading | None:
    flags = _hedge_flags(m.group("hedge"), m.group("after"))
    low_words, high_words = m.group("low1") or m.group("low2"), m.group("high1") or m.group("high2")
    if low_words and high_words:
        low, high = atom_value(low_words), atom_value(high_words)
        if low is None or high is None:
            return None
        return Reading(low=low, high=high, **flags)
    value = atom_value(m.group("atom"))
    return None if value is None else Reading(value=value, **flags)


# An age: "aged 18 to 20", "children as young as 10", "Aung Mya, 61, and her son".
# (the second of a pair too, "between the ages of 8 and 12", "aged between 3 and 14", but not "aged 60 and 12 others")
_AGE_BEFORE = re.compile(r"\b(?:(?:aged|ages?\s+of|as\s+(?:young|old)\s+as)\s+|ages\s+of\s+\d{1,3}\s+(?:and|to)\s+|"
                         r"(?:aged|ages\s+of)\s+between\s+\d{1,3}\s+and\s+)$", re.IGNORECASE)
# A name or a noun for one person right before the number and a comma: "Aung Mya, 61,", "a local resident, 62,".
_NAME_BEFORE = re.compile(rf"(?:\b[A-Z][a-z'’-]+|(?i:\b(?:{PERSON_WORDS})\b)),\s+$")
_NUMBERED_BEFORE = re.compile(r"\b(?:No|Nos|Number)\.?\s*$|#\s*$")
# A unit's name: a number, a name and one regiment ("army's 8 Jat regiment", "160 TA regiment"), or a number and
# one capitalised unit ("the 72 Brigade"); a count of units says them in the plural ("two battalions", "12 battalion
# tactical groups").
_UNIT_NAME_AFTER = re.compile(r"(?:\s+(?:[A-Z][\w.’'-]*\s+){1,3}|\s+(?=(?-i:[A-Z])))(?:regiment|battalion|brigade|"
                              r"division|corps|squadron|platoon)\b(?!\s+(?:tactical|groups?|units?)\b)", re.IGNORECASE)


def _kind(text: str, start: int, end: int, reading: Reading, weapon_spans: list[tuple[int, int]]) -> Kind:
    inside = bisect.bisect_right(weapon_spans, (start, math.inf)) - 1  # the last weapon name starting at or before
    if inside >= 0 and weapon_spans[inside][0] <= start < weapon_spans[inside][1]:
        return "weapon"
    before, after = text[max(0, start - 12):start], text[end:end + 16]
    words = text[start:end]
    if _PERCENT_AFTER.match(after):
        return "percent"
    if words.strip().isdigit() and (_NUMBERED_BEFORE.search(before) or _UNIT_NAME_AFTER.match(text, end, end + 60)):
        return "ordinal"  # a name's number, not a count: "Light Infantry Battalion No. 373", "8 Jat regiment"
    if _MONEY_BEFORE.search(before) or _MONEY_AFTER.match(after):
        return "money"
    if _AGE_BEFORE.search(text, max(0, start - 30), start) or (
            _NAME_BEFORE.search(before) and re.fullmatch(r"\d{1,3}", words.strip()) and after[:1] in (",", ")")):
        return "measure"  # an age, not a count
    if _TIME_AFTER.match(after):
        return "time"
    if _RATE_BEFORE.search(text, max(0, start - 20), start) or _RATE_AFTER.match(text, end, end + 60):
        return "rate"
    if _MEASURE_AFTER.match(after):
        said = _MEASURE_AFTER.match(after).group(0)
        unit = said.strip(" -").lower()
        if said.startswith("-"):
            return "measure"  # part of a compound: "39-year-old", "a nine-story building"
        if unit == "times":
            return "times"
        if unit.rstrip("s") in ("day", "week", "month", "year", "decade"):
            return "duration"
        return "measure"
    if re.fullmatch(r"\d+", words.strip()) and re.match(r"/\d", after):
        return "weapon"  # "Shahed 131/136 drones": two models' numbers, not a count
    day_after_month = _DATE_BEFORE.search(before) and not (_IN_MONTH.search(before) and re.match(r"\s+[a-z]", after))
    if re.fullmatch(r"\d{1,2}(?:\s*[-–—]\s*\d{1,2})?", words.strip()) and day_after_month:
        return "date"  # "on October 5–8": a span of days
    if reading.value is not None and re.fullmatch(r"\d{1,2}", words.strip()):
        if day_after_month or _DATE_AFTER.match(after):
            return "date"
        if _ORDINAL_AFTER.match(after):
            return "ordinal"
    if re.fullmatch(r"(?:19|20)\d\d", words.strip()):
        return "year"
    return "count"


# A run of text without spaces that is an address, a file name or a code, not prose: "https://…/3815870-civilian",
# "www.example.com/2024", "drones-1727606857.html", "id=12345"; a slug is three hyphens or more between words
# ("russia-launched-almost-900-bombs"), which no age ("39-year-old") or weapon ("Kh-101") has.
_ADDRESS = re.compile(r"://|^www\.|\.(?:html?|php|aspx?|pdf|jpe?g|png)\b|[A-Za-z][^/?=_]*[/?=_]|[/?=_][^/?=_]*[A-Za-z]")
_SLUG_WORD = re.compile(r"[A-Za-z]+")


def _in_address(text: str, start: int, end: int) -> bool:
    """Whether the number is part of a URL, a slug, a file name or a code: digits there count nothing."""
    left = max(text.rfind(c, 0, start) for c in " \n\t\r(<[\"'") + 1
    right = min((i for i in (text.find(c, end) for c in " \n\t\r)>]\"'|") if i >= 0), default=len(text))
    run = text[left:right]
    if len(run) == end - start:
        return False
    slug = run.count("-") >= 3 and sum(1 for part in run.split("-") if _SLUG_WORD.fullmatch(part)) >= 3
    return slug or bool(_ADDRESS.search(run))


def find_mentions(text: str) -> list[Mention]:
    """Every numeric mention in `text`, in order, each with its exact span (text[start:end] == mention.text). A
    number inside a URL, a slug or a code is a mention of kind "address": no count."""
    weapon_spans = [(w.start(), w.end()) for w in _WEAPON_RE.finditer(text)]
    numeric_dates = [(d.start(), d.end()) for d in _NUMERIC_DATE.finditer(text)]
    mentions = []
    for found in MENTION_RE.finditer(text):
        for m in _apart(text, found):
            reading = _reading(m)
            if reading is None:
                continue
            start, end = m.span()
            # Weapon designators ("Kh-101", "S-300") contain digits: keep the number, mark its kind.
            kind = "address" if _in_address(text, start, end) else "date" if any(
                a <= start < b for a, b in numeric_dates) else _kind(text, start, end, reading, weapon_spans)
            mentions.append(Mention(text[start:end], start, end, reading, kind))
    return mentions


def _apart(text: str, m: re.Match) -> list[re.Match]:
    """A toll that changed "from 40 to 52" is two counts, the earlier and the later, not a range."""
    if m.group("low1") is None or not _CHANGED.search(text, max(0, m.start() - 30), m.start()):
        return [m]
    found = [MENTION_RE.match(text, m.start(group), m.end(group)) for group in ("low1", "high1")]
    return [f for f in found if f is not None]


def read_quantity(words: str) -> Reading | None:
    """What the words of one quantity state ('around 3,000' → value 3000, approximate), or None if they state
    no number. Words around the number ('78 missiles') are ignored."""
    words = words.strip()
    m = MENTION_RE.fullmatch(words)
    if m:
        return _reading(m)
    mentions = find_mentions(words)
    return mentions[0].reading if mentions else None
