"""A facility named for the town it serves (an airport, a port, a border crossing) is near that town: the town's
admin1 and coordinates at ACLED's precision 2 (extractor/events/gazetteer.py). Names chosen for these tests."""

import pytest

from extractor.events.gazetteer import gazetteer

pytestmark = pytest.mark.slow  # the gazetteer's first load


def test_an_airport_is_near_the_town_it_is_named_for():
    town, airport = gazetteer().resolve("Kharkiv"), gazetteer().resolve("the Kharkiv International Airport")
    assert (airport.country, airport.admin1, airport.geo_precision) == (town.country, town.admin1, 2)
    assert (airport.latitude, airport.longitude, airport.written) == (
        town.latitude, town.longitude, "the Kharkiv International Airport")


def test_a_port_or_crossing_of_a_known_town_is_near_it():
    assert gazetteer().resolve("Hodeidah port").admin1 == gazetteer().resolve("Hodeidah").admin1
    assert gazetteer().resolve("the Rafah crossing").geo_precision == 2


def test_a_facility_of_no_known_town_is_not_placed_by_the_facility_s_noun():
    assert gazetteer().resolve("Qwertyvale airport").country is None
    assert gazetteer().resolve("Sudan port").geo_precision == 3  # a country's, not a town's: not near a town


def test_a_camp_is_found_whoever_it_shelters():
    camp = gazetteer().resolve("Nuseirat camp")
    for written in ("the Nuseirat refugee camp", "Nuseirat displacement camp", "Nuseirat IDP camp"):
        place = gazetteer().resolve(written)
        assert (place.name, place.admin1, place.geo_precision, place.written) == (
            camp.name, "PS.GZ", camp.geo_precision, written)
    assert gazetteer().resolve("Qwertyvale refugee camp").country is None
