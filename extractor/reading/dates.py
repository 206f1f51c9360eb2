"""Resolve the words of a date ('on Thursday', 'Christmas morning', 'November 21', 'in August') against the
article's publication date. Deterministic: what cannot be resolved keeps its words and no date."""

from __future__ import annotations

import datetime as dt
import re

from ..errors import InputError
from ..schemas.vocab import MONTH_NUMBERS, PUBLICATION_YEARS, WEEKDAYS

_MONTHS = MONTH_NUMBERS
_WEEKDAYS = {d: i for i, d in enumerate(WEEKDAYS)}
_HOLIDAYS = {"christmas": (12, 25), "new year": (1, 1), "new year's": (1, 1), "new year’s": (1, 1)}
_DAYS_AGO = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))

Resolved = tuple[dt.date | None, dt.date | None, str | None]  # date, end_date, precision


def _not_after(day: dt.date, published: dt.date) -> dt.date:
    """A day-and-month without a year is the latest such day on or before publication."""
    return day if day <= published else day.replace(year=day.year - 1)


YEARS = PUBLICATION_YEARS


def publication_date(value: object, where: str) -> dt.date | None:
    """A publication date from a date, a datetime or an ISO string ('2025-03-08', '2025-03-08T10:00:00Z'), or None;
    an InputError naming `where` for anything else or a year outside YEARS."""
    if value is None or value == "":
        return None
    date = value.date() if isinstance(value, dt.datetime) else value if isinstance(value, dt.date) else None
    if isinstance(value, str):
        try:
            date = dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            date = None
    if date is None:
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:40] + "…"
        raise InputError(f"{where}: 'published' is not an ISO date such as 2024-12-27: {shown}")
    if not YEARS[0] <= date.year <= YEARS[1]:
        raise InputError(f"{where}: 'published' {date} is not a plausible publication date (years {YEARS[0]}–"
                         f"{YEARS[1]})")
    return date


# A news report's numbers are news: dated by their words more than a week before the article's publication, the date
# is more likely the background's ("since the campaign began on March 15", "the war that began in April 2023") than
# the day of the toll. Such a stale event still merges by its date; left alone, or with its own article's events only
# (dated by the same background), it is merged as an undated one (by its numbers, at its place), and its incident's
# date is another event's. Toll updates come within days, inside a week.
# And a lead with no date words of its own is not dated by such words either (reading.context).
STALE_DAYS = 7


def resolve(words: str, published: dt.date | None) -> Resolved:
    """The date the words name, its end for a period, and its precision; nothing where the words, resolved against
    the publication date, would leave the calendar."""
    try:
        return _resolve(words, published)
    except (OverflowError, ValueError):  # "on Thursday" before 0001-01-01, or after 9999-12-31
        return None, None, None


def resolve_dated(words, published: dt.date | None) -> Resolved:
    """A count's date words (reading.spans.Words) resolved: relative ones ("overnight", "yesterday") count from the day
    their sentence says the statement was made ("…, officials said Friday"), when it names one; else from
    publication."""
    anchor = published
    said_on = getattr(words, "said_on", None)  # reading.spans.DateWords
    if said_on and published is not None:
        day, _, precision = resolve(said_on, published)
        anchor = day if day is not None and precision == "day" else published
    return resolve(words.text, anchor)


_ANY_DAY = dt.date(2024, 12, 31)  # a publication date to read relative words by, where only their kind matters


def relative(words: str) -> bool:
    """Whether date words name a day only relative to another ("overnight", "on Thursday"), not on the calendar."""
    return resolve(words, None) == (None, None, None) and resolve(words, _ANY_DAY)[0] is not None


def precision(words: str) -> str | None:
    """How finely date words name their date: "day", "week", "month" or "year" (None: no date)."""
    return resolve(words, _ANY_DAY)[2]


def _resolve(words: str, published: dt.date | None) -> Resolved:
    s = " ".join(words.lower().split())
    m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", s)
    if m:
        return dt.date(*map(int, m.groups())), None, "day"
    # a span of days ("24 or 25 August", "5 and 6 December") is dated at its first
    s = re.sub(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s*(?:or|and|to|-|–)\s*\d{{1,2}}(?:st|nd|rd|th)?"
               rf"(?=\s+(?:of\s+)?(?:{_MONTH_RE})\b)", r"\1", s)
    m = re.search(rf"\b(?:({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?|(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE}))\b"
                  rf"(?:,?\s+(\d{{4}}))?", s)
    if m:
        month = _MONTHS[m.group(1) or m.group(4)]
        day = int(m.group(2) or m.group(3))
        year = m.group(5)
        try:
            if year:
                return dt.date(int(year), month, day), None, "day"
            if published:
                return _not_after(dt.date(published.year, month, day), published), None, "day"
        except ValueError:
            return None, None, None
        return None, None, "day"
    m = re.search(rf"\b({_MONTH_RE})\s+(\d{{4}})\b", s)
    if m:
        return dt.date(int(m.group(2)), _MONTHS[m.group(1)], 1), None, "month"
    m = re.search(r"\b(?:19|20)\d\d\b", s)
    if m and not re.search(rf"\b({_MONTH_RE})\b", s):
        return dt.date(int(m.group(0)), 1, 1), None, "year"
    if published is None:
        return None, None, None
    # "the night of Sunday to Monday", "overnight Sunday into Monday": the night is dated by the day it begins on
    night_from = re.search(r"\b(?:night\s+(?:of|from)|overnight(?:\s+from)?)\s+(\w+day)\s+(?:to|into)\s+\w+day\b", s)
    night_of = re.search(r"\bovernight\s+(?:on\s+|into\s+)?(\w+day)\b", s)
    if night_from and night_from.group(1) in _WEEKDAYS:
        return published - dt.timedelta(days=(published.weekday() - _WEEKDAYS[night_from.group(1)]) % 7), None, "day"
    if night_of and night_of.group(1) in _WEEKDAYS:  # "overnight Thursday": the night into Thursday, from Wednesday
        back = (published.weekday() - _WEEKDAYS[night_of.group(1)]) % 7 + 1
        return published - dt.timedelta(days=back), None, "day"
    if re.search(r"\b(today|this morning|this afternoon|this evening|tonight|overnight|last night|last evening)\b", s):
        back = 1 if re.search(r"\b(overnight|last night|last evening)\b", s) else 0  # the night ending on publication
        return published - dt.timedelta(days=back), None, "day"
    m = re.search(rf"\b(\d+|{'|'.join(_DAYS_AGO)})\s+days?\s+ago\b", s)
    if m:  # "two days ago"
        return published - dt.timedelta(days=int(_DAYS_AGO.get(m.group(1), m.group(1)))), None, "day"
    if re.search(r"\byesterday\b|\b(?:past|last)\s+(?:day|24\s+hours)\b", s):  # a daily report's day: the one before
        return published - dt.timedelta(days=1), None, "day"
    for name, weekday in _WEEKDAYS.items():
        if re.search(rf"\b{name}\b", s):
            back = (published.weekday() - weekday) % 7
            return published - dt.timedelta(days=back), None, "day"
    for name, (month, day) in _HOLIDAYS.items():
        if re.search(rf"\b{re.escape(name)}\b", s):
            if re.search(r"\beve\b", s):  # "Christmas Eve", "New Year's Eve": the day before
                before = dt.date(2001, month, day) - dt.timedelta(days=1)
                month, day = before.month, before.day
            return _not_after(dt.date(published.year, month, day), published), None, "day"
    if re.search(r"\bweekend\b", s):  # the last weekend that began on or before publication: from its Saturday
        saturday = published - dt.timedelta(days=(published.weekday() - 5) % 7)
        return saturday, saturday + dt.timedelta(days=1), "week"
    if re.search(r"\b(this|last|past) week\b", s):
        start = published - dt.timedelta(days=published.weekday() + (7 if "last" in s else 0))
        return start, start + dt.timedelta(days=6), "week"
    m = re.search(r"\b(this|last) (month|year)\b", s)
    if m:  # a period dated at its start (eval/GUIDE.md, Dates): "last month" from the 1st of the month before
        back = m.group(1) == "last"
        if m.group(2) == "year":
            return dt.date(published.year - back, 1, 1), None, "year"
        first = published.replace(day=1)
        return (first - dt.timedelta(days=1)).replace(day=1) if back else first, None, "month"
    m = re.search(rf"\b({_MONTH_RE})\b", s)
    if m:
        first = dt.date(published.year, _MONTHS[m.group(1)], 1)
        return (first if first <= published else first.replace(year=first.year - 1)), None, "month"
    return None, None, None
