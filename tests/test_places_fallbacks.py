"""Where an article's places alone do not settle a country or region (extractor/events/gazetteer.py): the words
around them do. Sentences written for these tests."""

import datetime as dt

import pytest

from extractor.events.gazetteer import gazetteer, place_hints
from extractor.pipeline import Extractor
from extractor.settings import Settings

pytestmark = pytest.mark.slow  # the gazetteer's first load


def test_a_place_read_with_its_possessive_is_the_place():
    place = gazetteer().resolve("Kharkiv’s")
    assert (place.country, place.admin1, place.geo_precision, place.written) == ("UA", "UA.07", 1, "Kharkiv’s")
    assert gazetteer().resolve("Amhara's").admin1 == gazetteer().resolve("Amhara region").admin1


def test_an_admin1_is_found_by_the_spelling_the_news_uses():
    assert gazetteer().resolve("Gezira State").admin1 == "SD.38"  # GeoNames: Al Jazirah
    assert gazetteer().resolve("North Darfur").admin1 == gazetteer().resolve("Northern Darfur").admin1


def test_a_river_lies_in_the_article_s_country_but_a_sea_in_none():
    found = gazetteer().resolve_all(["Qwerty River", "Colombia", "Colombia", "southern Red Sea"])
    assert found["Qwerty River"].country == "CO" and found["Qwerty River"].inferred
    assert found["southern Red Sea"].country is None


def test_an_article_whose_places_name_no_country_takes_the_one_its_speakers_and_sides_name():
    places = gazetteer()
    assert places.resolve_all(["Qwertyvale"])["Qwertyvale"].country is None  # invented: no village of that name
    found = places.resolve_all(["Qwertyvale"], ["the Philippine army", "soldiers"])
    assert found["Qwertyvale"].country == "PH" and found["Qwertyvale"].inferred
    found = places.resolve_all(["Qwertyvale"], ["a spokesman of the Benue State Police Command"])
    assert (found["Qwertyvale"].country, found["Qwertyvale"].admin1) == ("NG", "NG.26")
    assert places.resolve_all(["Kharkiv"], ["Russian forces"])["Kharkiv"].country == "UA"  # places come first


def test_a_result_s_hints_are_its_speakers_counted_people_and_sides():
    text = "Gunmen killed 4 Cameroonian soldiers in Qwertyvale on Friday, the army said."
    result = Extractor(Settings(use_model=False)).extract(text, article_id="t", published=dt.date(2025, 6, 14))
    assert any("Cameroonian" in words for words in place_hints(result))


def test_a_sea_named_after_its_noun_or_in_a_list_is_no_country_s():
    found = gazetteer().resolve_all(["Gulf of Qwerty", "the Qwerty Sea and the Gulf of Asdf", "Yemen", "Yemen"])
    assert found["Gulf of Qwerty"].country is None and found["the Qwerty Sea and the Gulf of Asdf"].country is None


def test_a_bare_direction_with_a_region_noun_is_a_part_of_the_article_s_country():
    found = gazetteer().resolve_all(["the southern provinces", "Narathiwat"])
    assert found["the southern provinces"].country == "TH"  # not Malawi's Southern Region


def test_a_small_foreign_namesake_is_dropped_when_the_article_s_other_places_share_one_country():
    found = gazetteer().resolve_all(["Beirut", "Tyre", "Shama"])
    assert found["Shama"].country == "LB" and found["Shama"].inferred  # not Ghana's Shama Junction
    assert gazetteer().resolve_all(["Kharkiv", "Beirut", "Shama"])["Shama"].country == "GH"  # two: no telling
