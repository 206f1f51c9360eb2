"""Where an article's places alone do not settle a country or region (extractor/events/gazetteer.py): the words
around them do. Sentences written for these tests."""

import datetime as dt

import pytest

from extractor.events.gazetteer import gazetteer, place_hints, places_named
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


def test_words_that_merely_begin_like_a_country_name_none_but_its_people_s_words_do():
    places = gazetteer()
    for words in ("children under the age of 13", "grenades thrown at the police", "the presidential palace guard",
                  "Roman Mykhailov, a spokesman"):
        assert places.resolve_all(["Qwertyvale"], [words])["Qwertyvale"].country is None
    assert places.resolve_all(["Qwertyvale"], ["Chilean soldiers"])["Qwertyvale"].country == "CL"
    assert places.resolve_all(["Qwertyvale"], ["Yemenis in the city"])["Qwertyvale"].country == "YE"
    assert places.resolve_all(["Qwertyvale"], ["Lebanese soldiers"])["Qwertyvale"].country == "LB"
    assert places.resolve_all(["Qwertyvale"], ["the Philippine army"])["Qwertyvale"].country == "PH"


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


def test_an_article_whose_facts_are_all_at_unmapped_villages_takes_the_country_and_region_its_other_places_name():
    text = ("Gunmen killed 6 farmers in Qwertyvale on Tuesday, officials said.\n\n"
            "Fighters have raided several settlements near Kismayo this year, and the army sent more troops to "
            "Kismayo last month.")
    result = Extractor(Settings(use_model=False)).extract(text, article_id="t", published=dt.date(2025, 6, 14))
    assert [row.location for row in result.facts] == ["Qwertyvale"]
    assert result.extraction.places_named == ["Qwertyvale", "Kismayo"]  # in order, each once
    found = gazetteer().resolve_all(["Qwertyvale"], place_hints(result), places_named(result))
    place = found["Qwertyvale"]
    assert (place.country, place.admin1, place.inferred) == ("SO", "SO.09", True)  # Lower Juba, Kismayo's region


def test_the_places_an_article_names_come_after_its_facts_places_and_before_its_speakers():
    places = gazetteer()
    named = ["Somalia", "Qwertyvale", "Kismayo"]
    found = places.resolve_all(["Qwertyvale"], ["Kenyan troops"], named)
    assert (found["Qwertyvale"].country, found["Qwertyvale"].admin1) == ("SO", "SO.09")  # a country named as such
    # says nothing of the region
    assert places.resolve_all(["Qwertyvale", "Kharkiv"], (), named)["Qwertyvale"].country == "UA"
    found = places.resolve_all(["Qwertyvale", "Somalia"], (), named)  # the facts name the country, not the region
    assert (found["Qwertyvale"].country, found["Qwertyvale"].admin1) == ("SO", "SO.09")
    found = places.resolve_all(["Qwertyvale"], (), ["Kismayo", "Baidoa"])  # two regions: no telling which
    assert (found["Qwertyvale"].country, found["Qwertyvale"].admin1) == ("SO", None)


def test_a_place_the_article_names_two_ways_counts_once_for_its_region():
    named = ["El Fasher", "North Darfur State", "Bahri city", "Bahri"]  # Bahri twice: still one place
    found = gazetteer().resolve_all(["Qwertyvale"], (), named)
    assert (found["Qwertyvale"].country, found["Qwertyvale"].admin1) == ("SD", "SD.55")
