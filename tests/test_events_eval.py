"""Events and places scored against their gold (extractor/evaluation/events.py), on an article written for this test."""

import datetime as dt

import pytest

from extractor.evaluation.events import _bcubed, figures_of, read_event_gold, same_side, score_article
from extractor.events.gazetteer import gazetteer
from extractor.pipeline import Extractor
from extractor.settings import Settings

TEXT = ("Russian forces shelled Kherson on Friday, killing 3 civilians. "
        "Separately, 2 soldiers were killed in Kharkiv on Tuesday.")


def test_bcubed_rewards_the_gold_grouping_and_charges_both_kinds_of_error():
    assert _bcubed([("a", "x"), ("a", "x"), ("b", "y")]) == (3, 3)  # perfect: sums of 1 per item
    precision, recall = _bcubed([("a", "x"), ("a", "x"), ("b", "x")])  # all lumped together
    assert recall == 3 and precision == pytest.approx(2 / 3 + 2 / 3 + 1 / 3)
    precision, recall = _bcubed([("a", "x"), ("a", "y")])  # one event split in two
    assert precision == 2 and recall == 1


def test_sides_agree_by_name_or_by_the_peoples_name():
    assert same_side("Russia", "Russian forces") and same_side("the Houthis", "Houthi militias")
    assert same_side("RSF", "the RSF") and not same_side("Russia", "Ukrainian forces")


@pytest.mark.slow  # the gazetteer's first load
def test_an_article_is_scored_on_its_grouping_places_kinds_and_sides():
    result = Extractor(Settings(use_model=False)).extract(TEXT, article_id="t", published=dt.date(2025, 6, 14))
    facts = {row.text: row for row in result.facts}
    three, two = facts["3"], facts["2"]
    gold_facts = {"article_id": "t", "published": "2025-06-14", "facts": [
        {k: v for k, v in row.model_dump().items() if k not in ("article_id", "verified", "title", "url", "event_id")}
        for row in (three, two)]}
    events = {"article_id": "t", "events": [
        {"id": "e1", "facts": [[three.start, three.end]], "sub_event_type": "Shelling/artillery/missile attack",
         "actor1": "Russia", "actor2": "civilians"},
        {"id": "e2", "facts": [[two.start, two.end]], "sub_event_type": None, "actor1": None, "actor2": None}],
        "places": [{"written": three.location, "country": "UA", "admin1": "UA.08", "latitude": 46.6354,
                    "longitude": 32.6169},
                   {"written": two.location, "country": "UA", "admin1": "UA.07", "latitude": 49.98,
                    "longitude": 36.25}]}
    tally = score_article(events, gold_facts, result, gazetteer())
    tally["articles"] = 1
    figures = figures_of(tally)
    assert figures["events B-cubed F1"] == 1.0 and figures["matched facts"] == 2
    assert figures["country"] == figures["admin1"] == figures["within 25 km"] == 1.0
    assert figures["sub-event type"] == figures["actor1"] == figures["actor2"] == 1.0
    events["events"] = [{"id": "e1", "facts": [[three.start, three.end], [two.start, two.end]]}]  # gold: one event
    assert figures_of(score_article(events, gold_facts, result, gazetteer()))["events B-cubed precision"] == 1.0
    assert figures_of(score_article(events, gold_facts, result, gazetteer()))["events B-cubed recall"] == 0.5


def test_the_repositorys_event_gold_covers_every_gold_fact_and_place_once():
    from extractor.evaluation.evaluate import read_gold
    from extractor.checkfiles import GOLD

    gold = read_gold(GOLD)
    events = read_event_gold()
    assert len(events) == 40
    for article_id, document in events.items():
        facts = gold[article_id]["facts"]
        spans = sorted(tuple(span) for event in document["events"] for span in event["facts"])
        assert spans == sorted((f["start"], f["end"]) for f in facts), article_id
        assert {p["written"] for p in document["places"]} == {f["location"] for f in facts if f["location"]}


def test_agreement_between_two_labellings_counts_their_grouping_and_places_apart():
    from extractor.evaluation.events import agreement

    one = {"x": {"events": [{"id": "e1", "facts": [[0, 1], [2, 3]]}, {"id": "e2", "facts": [[4, 5]]}],
                 "places": [{"written": "Kyiv", "country": "UA", "admin1": "UA.12"}]}}
    same = agreement(one, one)
    assert same["events B-cubed F1"] == 1.0 and same["country"] == same["admin1"] == 1.0
    two = {"x": {"events": [{"id": "a", "facts": [[0, 1], [2, 3], [4, 5]]}],
                 "places": [{"written": "Kyiv", "country": "UA", "admin1": "UA.13"}]}}
    apart = agreement(one, two)
    assert apart["events B-cubed recall"] == 1.0 and apart["events B-cubed precision"] < 1.0
    assert (apart["country"], apart["admin1"]) == (1.0, 0.0)


@pytest.mark.slow  # the gazetteer's first load
def test_a_place_is_scored_as_the_map_resolves_it_among_all_the_article_s_places():
    text = ("Shelling killed 3 civilians in Qwertyvale on Friday. Separately, 2 soldiers were killed in Kharkiv "
            "on Tuesday.")  # invented: a village GeoNames does not hold, and a city
    result = Extractor(Settings(use_model=False)).extract(text, article_id="t", published=dt.date(2025, 6, 14))
    three = {row.text: row for row in result.facts}["3"]
    assert three.location == "Qwertyvale"
    gold_facts = {"article_id": "t", "published": "2025-06-14", "facts": [  # gold holds only the village's fact
        {k: v for k, v in three.model_dump().items() if k not in ("article_id", "verified", "title", "url",
                                                                  "event_id")}]}
    events = {"article_id": "t", "events": [{"id": "e1", "facts": [[three.start, three.end]]}],
              "places": [{"written": "Qwertyvale", "country": "UA", "admin1": None}]}
    # on the map the village takes the article's country, which its other fact's place (Kharkiv) gives
    assert figures_of(score_article(events, gold_facts, result, gazetteer()))["country"] == 1.0


def test_events_gold_is_read_beside_the_facts_gold_folder(tmp_path):
    from extractor.checkfiles import GOLD
    from extractor.evaluation.events import EVENT_GOLD, event_gold_beside

    assert event_gold_beside(GOLD) == EVENT_GOLD  # eval/gold → eval/events
    (tmp_path / "gold").mkdir()
    assert event_gold_beside(tmp_path / "gold") is None  # no events gold: nothing to score
    (tmp_path / "events").mkdir()
    assert event_gold_beside(tmp_path / "gold") == tmp_path / "events"


def test_the_fresh_dev_events_gold_covers_every_gold_fact_and_place_once():
    from extractor.checkfiles import GOLD
    from extractor.evaluation.evaluate import read_gold, read_splits
    from extractor.evaluation.events import event_gold_beside

    fresh = GOLD.parent / "fresh" / "gold"
    gold, splits = read_gold(fresh), read_splits(fresh)
    events = read_event_gold(event_gold_beside(fresh))
    assert sorted(events) == sorted(aid for aid, split in splits.items() if split == "dev")
    for article_id, document in events.items():
        facts = gold[article_id]["facts"]
        spans = sorted(tuple(span) for event in document["events"] for span in event["facts"])
        assert spans == sorted((f["start"], f["end"]) for f in facts), article_id
        assert {p["written"] for p in document["places"]} == {f["location"] for f in facts if f["location"]}
