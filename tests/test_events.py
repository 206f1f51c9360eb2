"""From facts to incidents: places on the map (offline), each article's events, and one incident across the
articles that report it (sentences written for these tests)."""

import datetime as dt
import json

import pytest

from extractor.cli import main
from extractor.events import incidents
from extractor.events.gazetteer import gazetteer, km_between
from extractor.pipeline import Extractor
from extractor.settings import Settings

pytestmark = pytest.mark.slow  # the gazetteer's first load reads a million place names (~5 s)


@pytest.fixture(scope="module")
def places():
    return gazetteer()


def test_a_place_resolves_to_its_geonames_entry_by_any_of_its_names(places):
    bakhmut = places.resolve("Artemivsk")
    assert (bakhmut.name, bakhmut.country, bakhmut.geo_precision) == ("Bakhmut", "UA", 1)
    assert bakhmut.admin1.startswith("UA.") and 48 < bakhmut.latitude < 49
    region = places.resolve("the Kharkiv region")
    assert (region.name, region.geo_precision) == ("Kharkiv", 3)
    assert places.resolve("Gaza Strip").country == "PS" and places.resolve("Sudan").geo_precision == 3


def test_regions_by_their_admin1_name_countries_by_their_peoples_name_and_never_a_town_inside_another_name(places):
    amhara = places.resolve("Amhara region")
    assert (amhara.country, amhara.admin1, amhara.geo_precision) == ("ET", "ET.46", 3) and amhara.latitude
    assert places.resolve("Borno state").country == "NG"  # the state, not Borna in Saxony
    assert places.resolve("Red Sea").country is None  # not the town of Red
    assert places.resolve("Lebanon border").country == "LB" and places.resolve("Israeli side").country == "IL"
    gaza = places.resolve("Gaza")
    assert (gaza.country, gaza.admin1, gaza.geo_precision) == ("PS", "PS.GZ", 1) and gaza.admin1_name == "Gaza Strip"
    assert places.resolve("Gaza Strip").admin1 == "PS.GZ"
    # a list of places in one country, and a country named within the words, are that country
    assert places.resolve("the Kyiv and Kirovohrad regions").country == "UA"
    assert places.resolve("Houthi-controlled area of Yemen").country == "YE"
    assert places.resolve("Gaza envelope").country != "MZ"  # not Mozambique's Gaza province
    # part of a place is placed at it; a capital at the capital of the country the words or the article name
    eastern = places.resolve("eastern Kyiv")
    assert (eastern.name, eastern.geo_precision) == ("Kyiv", 2)
    assert places.resolve("north-eastern Nigeria").country == "NG"  # not Niger
    assert places.resolve("Ukraine's capital").name == places.resolve("the Ukrainian capital").name == "Kyiv"
    assert places.resolve("the capital", ["SD"]).name == "Khartoum" and places.resolve("the capital").country is None


def test_a_town_s_own_nouns_its_camps_places_within_another_and_its_other_spelling_are_the_town(places):
    assert places.resolve("Gaza City").country == "PS"  # the city, not the region of Gaza (Mozambique's province)
    assert places.resolve("Kharkiv city").geo_precision == 1 and places.resolve("the Kharkiv region").geo_precision == 3
    nuseirat = places.resolve("Nuseirat")
    assert places.resolve("Nuseirat camp").geonameid == places.resolve("Gaza's Nuseirat camp").geonameid == \
        nuseirat.geonameid
    assert places.resolve("Hodeidah").geonameid == places.resolve("Hodeida").geonameid is not None
    assert places.resolve("Lebanon border").country == "LB" and places.resolve("Red Sea").country is None


def test_a_settlement_named_only_by_its_country_is_in_that_country_not_a_namesake_town_abroad(places):
    for words in ("Mali village", "central Mali village", "Mali town"):
        place = places.resolve(words)
        assert (place.country, place.geo_precision) == ("ML", 3), words  # not Mali in Guinea, nor Mary in Turkmenistan
    assert places.resolve("Djibouti city").geo_precision == 1  # after "city" the name is the city's own
    assert places.resolve("Kuwait City").country == "KW" and places.resolve("Kharkiv village").country == "UA"


def test_a_name_that_matches_nothing_stays_as_written_and_namesakes_follow_the_articles_country(places):
    nowhere = places.resolve("Qwertyvale")
    assert (nowhere.written, nowhere.geonameid, nowhere.country) == ("Qwertyvale", None, None)
    assert places.resolve("Rafah", ["EG"]).country == "EG" and places.resolve("Rafah", ["PS"]).country == "PS"
    # and the article's regions choose among namesakes within a country: Khotin in Sumy, not in Chernivtsi
    assert places.resolve_all(["Khotin", "Sumy region"])["Khotin"].admin1 == "UA.21"
    assert places.resolve_all(["Khotin", "Chernivtsi region"])["Khotin"].admin1 == "UA.03"  # Khotyn there


def result(text: str, article_id: str, published: dt.date, extractor=Extractor(Settings(use_model=False))):
    return extractor.extract(text, article_id=article_id, published=published)


DAY = dt.date(2025, 6, 14)


def test_two_outlets_on_one_strike_are_one_incident_with_both_claims_and_their_range():
    one = result("Three people were killed in Kharkiv on Friday, the governor said.", "a", DAY)
    two = result("At least 5 people were killed in Kharkiv on Friday, the mayor said.", "b", DAY)
    [incident] = incidents([one, two])
    assert incident.articles == ["a", "b"] and incident.country == "UA" and incident.event_date == dt.date(2025, 6, 13)
    [killed] = [s for s in incident.summary if s.role == "killed"]
    assert (killed.low, killed.high, killed.claims) == (3, 5, 2) and incident.fatalities == 3
    assert {c.source for c in incident.claims} == {"governor", "mayor"}


def test_no_merge_across_countries_or_dates_more_than_a_day_apart_and_an_unplaced_event_says_so():
    kharkiv = result("Shelling killed 4 civilians in Kharkiv on Friday.", "a", DAY)
    later = result("Shelling killed 4 civilians in Kharkiv on Tuesday.", "b", DAY + dt.timedelta(days=5))
    abroad = result("Shelling killed 4 civilians in Kharkiv on Friday.", "c", DAY)
    abroad.extraction.casualties[0].place.text = "Khartoum"  # the same day, another country
    unplaced = result("Four soldiers were killed.", "d", DAY)
    found = incidents([kharkiv, later, abroad, unplaced])
    assert sorted(len(i.articles) for i in found) == [1, 1, 1, 1]
    [alone] = [i for i in found if i.articles == ["d"]]
    assert alone.country is None and "country unknown" in alone.notes[0]


def test_reports_a_day_apart_never_chain_into_an_incident_spanning_more_than_a_day():
    days = [result(f"Shelling killed {n + 3} people in Kharkiv on June {14 + n}.", f"d{n}", DAY + dt.timedelta(days=n))
            for n in (0, 1, 2)]  # 14 and 15 June are within a day, and 15 and 16, but not 14 and 16
    found = incidents(days)
    assert len(found) == 2 and all((i.claims[-1].value - i.claims[0].value) <= 1 for i in found)


def test_a_report_placed_only_at_its_country_joins_the_one_town_incident_it_can_be_and_never_chains_two():
    town = result("Four people were killed in Kyiv on Friday when a drone hit a block of flats.", "a", DAY)
    vague = result("Russia launched 430 drones at Ukraine on Friday.", "b", DAY)
    [incident] = incidents([town, vague])
    assert incident.articles == ["a", "b"]
    other_town = result("Six people were killed in Odesa on Friday when a drone hit a market.", "c", DAY)
    found = incidents([town, vague, other_town])
    assert sorted(i.articles for i in found) == [["a"], ["b"], ["c"]]  # Kyiv or Odesa? neither, never both


def test_an_undated_report_joins_the_incident_at_its_place_whose_numbers_agree_most_and_never_a_tie():
    friday = result("A missile strike killed 3 people and wounded 13 in Odesa on Friday.", "a", DAY)
    monday = result("A drone strike killed 3 people and wounded 27 in Odesa on Monday.", "b", DAY + dt.timedelta(days=3))
    undated = result("A missile strike killed three people and wounded 13 in Odesa, officials said.", "c", None)
    found = incidents([friday, monday, undated])
    assert sorted(i.articles for i in found) == [["a", "c"], ["b"]]  # 3 killed fits both; 13 wounded only Friday's
    one_number = result("A missile strike killed 3 people in Odesa, officials said.", "d", None)
    assert sorted(i.articles for i in incidents([friday, one_number])) == [["a"], ["d"]]  # one number is no proof
    twice = result("A strike killed 3 people and wounded 13 in Odesa on Monday.", "e", DAY + dt.timedelta(days=3))
    assert ["c"] in [i.articles for i in incidents([friday, twice, undated])]  # two incidents agree as much: neither
    also_undated = result("Three people were killed and 13 wounded in Odesa, the governor said.", "f", None)
    assert [sorted(i.articles) for i in incidents([undated, also_undated])] == [["c", "f"]]
    elsewhere = result("A missile strike killed three people and wounded 13 in Kharkiv.", "e", None)
    assert sorted(i.articles for i in incidents([friday, elsewhere])) == [["a"], ["e"]]


def test_reports_of_a_village_the_map_does_not_hold_are_one_incident_by_its_words_within_a_day():
    one = result("An airstrike killed 22 people in Oe Htein Kwin village on Monday.", "a", DAY)
    two = result("Junta jets killed 20 students in Sagaing region's Oe Htein Kwin on Monday.", "b", DAY)
    later = result("An airstrike killed 5 people in Oe Htein Kwin village on Monday.", "c", DAY + dt.timedelta(days=7))
    assert sorted(i.articles for i in incidents([one, two, later])) == [["a", "b"], ["c"]]
    undated = result("An airstrike killed 22 people and wounded 40 in Oe Htein Kwin, officials said.", "d", None)
    dated = result("An airstrike killed 22 people and wounded 40 in Oe Htein Kwin on Monday.", "e", DAY)
    assert sorted(i.articles for i in incidents([dated, undated])) == [["e", "d"]]  # two numbers agree there


def test_the_command_writes_incidents_as_jsonl_or_acled_like_csv_and_refuses_mixed_results(tmp_path):
    from click.testing import CliRunner

    one = result("Russia fired 6 missiles at Odesa on Friday; 2 people were killed in Odesa.", "a", DAY)
    two = result("Two people were killed in Odesa on Friday.", "b", DAY)
    results = tmp_path / "results.jsonl"
    results.write_text(one.model_dump_json() + "\n" + two.model_dump_json() + "\n")
    csv = CliRunner().invoke(main, ["events", str(results), "--csv"])
    assert csv.exit_code == 0, csv.output
    header, *rows = csv.output.splitlines()
    assert header.startswith("event_id,event_date,event_type,sub_event_type,actor1,actor2,country,admin1,location")
    assert len(rows) == 1 and "Shelling/artillery/missile attack" in rows[0] and ",UA," in rows[0]
    assert rows[0].split(",")[4] == "Russia" and "Odes" in rows[0].split(",")[7]  # actor1; admin1 by its name
    jsonl = CliRunner().invoke(main, ["events", str(results)])
    assert json.loads(jsonl.output)["articles"] == ["a", "b"]
    two.model = "another-model"
    results.write_text(one.model_dump_json() + "\n" + two.model_dump_json() + "\n")
    mixed = CliRunner().invoke(main, ["events", str(results)])
    assert mixed.exit_code == 1 and "made different ways" in mixed.output and "another-model" in mixed.output


def test_an_event_is_placed_at_its_most_precise_place():
    from extractor.events.merge import _finest
    from extractor.schemas.incidents import GeoPlace

    country = GeoPlace(written="Ethiopia", country="ET", geonameid=337996, geo_precision=3)
    region = GeoPlace(written="Amhara region", country="ET", admin1="ET.46", latitude=12.6, longitude=37.5,
                      geo_precision=3)
    town = GeoPlace(written="Bahir Dar", country="ET", geonameid=342884, latitude=11.6, longitude=37.4, geo_precision=1)
    unresolved = GeoPlace(written="the area")
    assert _finest([unresolved, country, region]) is region and _finest([region, town, country]) is town
    assert _finest([unresolved, country]) is country and _finest([]) is None


def test_a_country_s_part_named_for_its_admin1_is_that_admin1(places):
    south = places.resolve("southern Israel")
    assert (south.country, south.admin1, south.geo_precision) == ("IL", "IL.01", 3) and south.latitude
    assert places.resolve("western Sudan").admin1 is None  # Sudan has no "Western" admin1: the country
    assert places.resolve("central Mexico").country == "MX"


def test_an_article_s_unresolved_places_take_its_country_said_to_be_inferred_and_never_a_sea(places):
    found = places.resolve_all(["Qwertyvale", "Kharkiv", "Kharkiv", "Kyiv", "Red Sea"])
    assert (found["Qwertyvale"].country, found["Qwertyvale"].geo_precision, found["Qwertyvale"].inferred) == (
        "UA", 3, True)
    assert not found["Kharkiv"].inferred and found["Red Sea"].country is None
    # no country when the article's places split evenly between two
    assert places.resolve_all(["Qwertyvale", "Kharkiv", "Moscow"])["Qwertyvale"].country is None
    # a short form of a place the article names in full is that place
    assert places.resolve_all(["Strip", "Gaza Strip"])["Strip"].admin1 == "PS.GZ"


def test_a_town_only_in_a_country_the_article_never_names_is_a_namesake_not_the_place(places):
    assert places.resolve("Banjska").country == "BG"  # alone: the one town of that name GeoNames holds
    found = places.resolve_all(["Banjska", "Kosovo", "Kosovo", "neighbouring Serbia"])
    assert found["Banjska"].country == "XK" and found["Banjska"].inferred
    # towns of one country support each other, whatever other countries the article names
    found = places.resolve_all(["Kupyansk", "Chuguiv", "Volgograd region", "Moscow"])
    assert found["Kupyansk"].country == found["Chuguiv"].country == "UA"


def test_an_event_whose_place_does_not_resolve_is_placed_at_the_article_s_country():
    text = ("Shelling killed 4 civilians in Kharkiv on Friday.\n"
            "On 2 June, 3 soldiers were killed in Qwertyvale.")
    found = incidents([result(text, "a", DAY)])
    [village] = [i for i in found if i.place and i.place.written == "Qwertyvale"]
    assert village.country == "UA" and village.place.inferred and "inferred" in village.notes[0]


def test_an_event_with_no_place_of_its_own_is_placed_at_the_article_s_country():
    text = "Shelling killed 4 civilians in Kharkiv on Friday.\nOn 2 June, 3 soldiers were killed, the army said."
    read = result(text, "a", DAY)
    for group in read.extraction.casualties:
        if group.subject == "soldiers":
            group.place = None  # a fact whose place no one read
    found = incidents([read])
    assert {i.country for i in found} == {"UA"}
    [unplaced] = [i for i in found if i.place.inferred]
    assert unplaced.place.geo_precision == 3 and unplaced.place.latitude is None
    alone = incidents([result("On 2 June, 3 soldiers were killed.", "b", DAY)])
    assert alone[0].country is None  # no place in the article: no country to infer


def test_an_unmapped_village_in_an_article_on_one_region_is_placed_in_that_region(places):
    found = places.resolve_all(["Qwertyvale", "Sumy region", "Sumy region", "Kharkiv"])
    assert (found["Qwertyvale"].country, found["Qwertyvale"].admin1) == ("UA", found["Sumy region"].admin1)
    # on the map where a region named as such is: at its seat, ACLED's precision 3
    assert km_between(found["Qwertyvale"], found["Sumy region"]) < 1 and found["Qwertyvale"].geo_precision == 3
    assert found["Qwertyvale"].inferred
    even = places.resolve_all(["Qwertyvale", "Sumy region", "Kharkiv"])
    assert even["Qwertyvale"].country == "UA" and even["Qwertyvale"].admin1 is None  # no region holds most
    assert even["Qwertyvale"].latitude is None  # a country is no point on the map


def test_a_border_named_for_another_country_is_on_the_article_s_side_of_it(places):
    found = places.resolve_all(["Kharkiv region", "Kharkiv", "Russian border", "Kupyansk"])
    assert found["Russian border"].country == "UA" and found["Russian border"].inferred
    assert found["Russian border"].admin1 == "UA.07"  # the article's region
    alone = places.resolve_all(["Russian border", "Belgorod", "Russia"])  # an article about Russia: its own border
    assert alone["Russian border"].country == "RU"


def test_a_region_is_placed_at_its_seat_as_acled_places_it_not_at_its_largest_town(places):
    amhara = places.resolve("Amhara region")
    assert (amhara.country, amhara.admin1, amhara.geo_precision) == ("ET", "ET.46", 3)
    assert abs(amhara.latitude - 11.59) < 0.1 and abs(amhara.longitude - 37.39) < 0.1  # Bahir Dar, not Gondar
    south = places.resolve("southern Israel")
    assert south.admin1 == "IL.01" and abs(south.latitude - 31.25) < 0.1  # Beersheba, not the larger Ashdod
