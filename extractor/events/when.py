"""When an event happened, as far as its words tell: the dates its rows give, whether they are stale, and the day
undated date words still name (a weekday, a month and day without a year), for merging events across articles."""

from __future__ import annotations

import datetime as dt
import re

from ..reading.dates import resolve
from ..schemas import FactRow, Result
from ..schemas.vocab import WEEKDAYS


def event_dates(rows: list[FactRow]) -> list[dt.date]:
    """The dates an event's rows give: those finer than a month; else, where every row is dated, the months or years.
    A month or a year beside rows with no date is a period's ("since April 2023"), not the day of the others."""
    fine = [row.date for row in rows if row.date and row.date_precision not in ("month", "year")]
    return fine or ([row.date for row in rows] if all(row.date for row in rows) else [])


def no_day(rows: list[FactRow]) -> bool:
    """Whether an event's dates name no day, only months or years ("in April 2023"): an incident's day is not known
    from them (its date is the month's first), and in a report with no publication date they are as often the war's
    or the campaign's start, read into the lead, as the event's."""
    return not any(row.date and row.date_precision not in ("month", "year") for row in rows)


_WEEKDAY = re.compile(rf"\b({'|'.join(WEEKDAYS)})\b", re.IGNORECASE)
_ANY_YEAR = dt.date(2024, 12, 31)  # a publication date to read a month and day by (a leap year: 29 February too)


def named_days(result: Result) -> dict[str, tuple[str, int | tuple[int, int]]]:
    """Each event's first date words that name a day though they give no date (the article has no publication date):
    ("calendar", (month, day)) for a day without its year ("June 29"), ("weekday", 0-6) for a day of the week ("on
    Tuesday"). Words relative to an unknown day ("overnight", "today") name none."""
    x = result.extraction
    named: dict[str, tuple[str, int | tuple[int, int]]] = {}
    for context in [*x.attacks, *x.casualties, *x.deployments, *x.other] if x else []:
        event_id = f"{result.article_id}#{context.event}"
        if context.date is None or event_id in named:
            continue
        words = context.date.text
        day, _, precision = resolve(words, _ANY_YEAR)
        weekday = _WEEKDAY.search(words)
        if day is not None and precision == "day" and resolve(words, None)[2] == "day":
            named[event_id] = ("calendar", (day.month, day.day))
        elif weekday:
            named[event_id] = ("weekday", WEEKDAYS.index(weekday.group(1).lower()))
    return named


def on_named_day(named: tuple[str, int | tuple[int, int]] | None, date: dt.date, within: int = 0) -> bool:
    """Whether a date is the day some date words name: the month and day within one (a night over two dates; the year
    unknown), or the day of the week itself (within `within` days of it: to rule a date out, a night over two days
    and an outlet a day off are not proof enough)."""
    if named is None:
        return False
    if named[0] == "weekday":
        return any((date + dt.timedelta(days=k)).weekday() == named[1] for k in range(-within, within + 1))
    month, day = named[1]
    for year in (date.year - 1, date.year, date.year + 1):
        try:
            if abs((dt.date(year, month, day) - date).days) <= 1:
                return True
        except ValueError:  # 29 February in a year without one
            continue
    return False
