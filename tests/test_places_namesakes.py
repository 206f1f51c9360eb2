"""A small town GeoNames holds in another region of the article's country is only a namesake when everything else
the article names there lies in the one region it names (extractor/events/gazetteer.py). Places chosen for these
tests."""

import pytest

from extractor.events.gazetteer import gazetteer

pytestmark = pytest.mark.slow  # the gazetteer's first load


def test_a_small_town_of_another_region_is_a_namesake_in_an_article_on_one_region():
    # GeoNames' only Pauktaws are villages near Yangon; this article is all about Rakhine state
    found = gazetteer().resolve_all(["Rakhine state", "Pauktaw township"], (), ["Rakhine state", "Sittwe",
                                                                                "Pauktaw township"])
    place = found["Pauktaw township"]
    assert (place.country, place.admin1, place.inferred) == ("MM", "MM.01", True)


def test_a_town_of_another_region_stays_when_the_article_names_other_regions_too():
    found = gazetteer().resolve_all(["Sumy region", "Beryslav"], (), ["Sumy region", "Poltava region", "Beryslav"])
    assert (found["Beryslav"].admin1, found["Beryslav"].inferred) == ("UA.08", False)  # Kherson's


def test_a_town_stays_where_the_article_names_no_region_as_such():
    found = gazetteer().resolve_all(["Sittwe", "Pauktaw"])  # two towns: nothing says the article is on one region
    assert found["Pauktaw"].admin1 == "MM.17"


def test_a_district_of_a_shared_name_is_the_one_in_the_region_of_the_articles_other_districts():
    # India has two Bijapur districts (Karnataka's, now Vijayapura, and Chhattisgarh's); Sukma lies in Chhattisgarh
    alone = gazetteer().resolve_all(["Bijapur district"])["Bijapur district"]
    beside = gazetteer().resolve_all(["Bijapur district"], (), ["Bijapur district", "Sukma district"])
    assert alone.admin1 == "IN.19"
    assert beside["Bijapur district"].admin1 == "IN.37"


def test_a_region_named_within_a_speakers_words_chooses_among_namesakes():
    found = gazetteer().resolve_all(["Bijapur district"], ["the Chhattisgarh police"])
    assert found["Bijapur district"].admin1 == "IN.37"


def test_a_small_village_of_another_region_is_a_namesake_where_the_articles_words_name_one_region():
    # GeoNames' only Nyaung Gon is a village near Yangon; the article's facts name the village alone, its
    # words the Sagaing region: the village is one of that region's, placed there
    found = gazetteer().resolve_all(["Nyaung Kone village"], (), ["Nyaung Kone village", "northern Sagaing region"])
    place = found["Nyaung Kone village"]
    region = gazetteer().resolve("Sagaing region")
    assert (place.country, place.admin1, place.inferred) == ("MM", "MM.10", True)
    assert (place.latitude, place.longitude) == (region.latitude, region.longitude)  # at the region's seat
    assert gazetteer().resolve_all(["Nyaung Kone village"])["Nyaung Kone village"].admin1 == "MM.17"  # nothing else


def test_a_border_named_for_another_country_does_not_make_the_article_that_countrys():
    assert gazetteer().resolve("the Niger border").country == "NE"  # Niger's, not Nigeria's
    found = gazetteer().resolve_all(["Niger border"] * 3 + ["Yagha province"] * 2)
    assert (found["Yagha province"].country, found["Yagha province"].inferred) == ("BF", False)
    assert (found["Niger border"].country, found["Niger border"].admin1, found["Niger border"].inferred) == (
        "BF", "BF.12", True)  # Burkina Faso's side of it
