"""One incident across articles: rules that join what outlets word differently (sentences written for these tests)."""

import datetime as dt

import pytest

from extractor.events import incidents
from extractor.pipeline import Extractor
from extractor.settings import Settings

pytestmark = pytest.mark.slow  # the gazetteer's first load reads a million place names (~5 s)

FRIDAY = dt.date(2025, 6, 13)


def result(text: str, article_id: str, published: dt.date | None, extractor=Extractor(Settings(use_model=False))):
    return extractor.extract(text, article_id=article_id, published=published)


def test_an_undated_report_naming_the_day_joins_that_day_s_incident_on_one_number_and_no_other_day_s():
    friday = result("A missile strike killed 4 people in Odesa on Friday.", "a", FRIDAY + dt.timedelta(days=1))
    said_friday = result("A missile strike on Friday killed four people in Odesa, officials said.", "b", None)
    said_monday = result("A missile strike on Monday killed four people in Odesa, officials said.", "c", None)
    by_date = result("Officials said four people died in Odesa on June 13 after a missile strike.", "d", None)
    no_day = result("A missile strike killed four people in Odesa, officials said.", "e", None)
    found = sorted(sorted(i.articles) for i in incidents([friday, said_friday, said_monday, by_date, no_day]))
    assert found == [["a", "b", "d"], ["c"], ["e"]]  # one number and no day named is no proof
    elsewhere = result("A missile strike on Friday killed four people in Kharkiv, officials said.", "f", None)
    assert sorted(i.articles for i in incidents([friday, elsewhere])) == [["a"], ["f"]]


def test_a_village_off_the_map_spelled_two_ways_is_one_place_when_its_words_are_a_letter_apart():
    one = result("An airstrike killed 9 people in Zolma Dreth Kwa village on Friday.", "a", FRIDAY)
    two = result("Jets killed 11 villagers in Zolmah Dreth Kwe on Friday, residents said.", "b", FRIDAY)
    other = result("An airstrike killed 9 people in Porva Dreth Kwa village on Friday.", "c", FRIDAY)
    assert sorted(i.articles for i in incidents([one, two, other])) == [["a", "b"], ["c"]]


def test_an_undated_report_at_a_town_joins_the_incident_reported_only_at_its_country_on_the_day_it_names():
    country = result("Gunmen killed 26 villagers in central Mali on Sunday, officials said.", "a",
                     dt.date(2025, 6, 16))  # a Monday: Sunday is 15 June
    town = result("Gunmen killed 26 villagers near Bankass on Sunday, the mayor said.", "b", None)
    other_day = result("Gunmen killed 26 villagers near Bankass on Tuesday, the mayor said.", "c", None)
    assert sorted(sorted(i.articles) for i in incidents([country, town, other_day])) == [["a", "b"], ["c"]]
