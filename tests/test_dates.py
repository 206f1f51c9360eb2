import datetime as dt

import pytest

from extractor.reading.dates import resolve

PUBLISHED = dt.date(2024, 12, 27)  # a Friday


@pytest.mark.parametrize("words, expected", [
    ("on Thursday", (dt.date(2024, 12, 26), None, "day")),
    ("Friday", (dt.date(2024, 12, 27), None, "day")),
    ("Christmas morning", (dt.date(2024, 12, 25), None, "day")),
    ("Christmas Eve", (dt.date(2024, 12, 24), None, "day")),  # the day before
    ("New Year's Eve", (dt.date(2023, 12, 31), None, "day")),  # the last one on or before publication
    ("on November 21", (dt.date(2024, 11, 21), None, "day")),
    ("21 December", (dt.date(2024, 12, 21), None, "day")),
    ("24 or 25 August", (dt.date(2024, 8, 24), None, "day")),  # a span of days is dated at its first
    ("5 and 6 December 2023", (dt.date(2023, 12, 5), None, "day")),
    ("December 30", (dt.date(2023, 12, 30), None, "day")),  # never after publication
    ("yesterday", (dt.date(2024, 12, 26), None, "day")),
    ("overnight", (dt.date(2024, 12, 26), None, "day")),  # the night ending on publication day (GUIDE.md)
    ("overnight Thursday", (dt.date(2024, 12, 25), None, "day")),  # the night into Thursday begins on Wednesday
    ("overnight on Friday", (dt.date(2024, 12, 26), None, "day")),
    ("overnight into Friday", (dt.date(2024, 12, 26), None, "day")),
    ("on the night of Wednesday to Thursday", (dt.date(2024, 12, 25), None, "day")),  # the day the night begins on
    ("overnight Wednesday into Thursday", (dt.date(2024, 12, 25), None, "day")),
    ("two days ago", (dt.date(2024, 12, 25), None, "day")),
    ("over the past day", (dt.date(2024, 12, 26), None, "day")),  # a daily report covers the day before
    ("in the last 24 hours", (dt.date(2024, 12, 26), None, "day")),
    ("today", (dt.date(2024, 12, 27), None, "day")),
    ("this afternoon", (dt.date(2024, 12, 27), None, "day")),
    ("last evening", (dt.date(2024, 12, 26), None, "day")),
    ("over the weekend", (dt.date(2024, 12, 21), dt.date(2024, 12, 22), "week")),  # the last one begun by Friday
    ("last week", (dt.date(2024, 12, 16), dt.date(2024, 12, 22), "week")),
    ("last month", (dt.date(2024, 11, 1), None, "month")),  # a period, dated at its start (GUIDE.md)
    ("earlier this month", (dt.date(2024, 12, 1), None, "month")),
    ("last year", (dt.date(2023, 1, 1), None, "year")),
    ("earlier this year", (dt.date(2024, 1, 1), None, "year")),
    ("in August", (dt.date(2024, 8, 1), None, "month")),
    ("since April 2023", (dt.date(2023, 4, 1), None, "month")),
    ("in 2022", (dt.date(2022, 1, 1), None, "year")),
    ("2024-03-08", (dt.date(2024, 3, 8), None, "day")),
    ("at dawn", (None, None, None)),
])
def test_resolve_against_publication(words, expected):
    assert resolve(words, PUBLISHED) == expected


def test_relative_words_need_a_publication_date():
    assert resolve("on Thursday", None) == (None, None, None)
    assert resolve("21 March 2022", None) == (dt.date(2022, 3, 21), None, "day")
