import json
import datetime as dt

import pytest
from conftest import example
from extractor.schemas import FactRow

from extractor.check import Fact, check, errors_by_path, gold_facts
from extractor.reading.cues import noun_after

ODESA = example("odesa-overnight-attack")
DONETSK = example("donetsk-shelling")
PUBLISHED = dt.date(2025, 3, 8)


def fact(article: str, text: str, category: str, role: str, weapon_class: str | None = None, *, nth: int = 0,
         path: str | None = None, **fields) -> Fact:
    """A correct fact for the nth occurrence of `text`, its value read the way a labeller would."""
    start = -1
    for _ in range(nth + 1):
        start = article.index(text, start + 1)
    row = dict(article_id="a", category=category, role=role, weapon_class=weapon_class, weapon=None,
               subject=None, value=None, low=None, high=None, approximate=False, lower_bound=False,
               upper_bound=False, date=None, date_precision=None, location=None, source=None, text=text,
               start=start, end=start + len(text), verified=False)
    row.update(fields)
    return Fact(path or f"{text}@{start}", FactRow(**row))


def odesa_facts() -> list[Fact]:
    return [
        fact(ODESA, "64", "munitions", "launched", "drone", value=64, path="launched_drones"),
        fact(ODESA, "three", "munitions", "launched", "missile", value=3, path="launched_missiles"),
        fact(ODESA, "51", "munitions", "intercepted", "drone", value=51, path="intercepted_drones"),
        fact(ODESA, "two", "munitions", "intercepted", "missile", value=2, path="intercepted_missiles"),
        fact(ODESA, "nine", "munitions", "jammed", "drone", value=9, path="jammed_drones"),
        fact(ODESA, "at least four", "casualties", "killed", value=4, lower_bound=True, path="killed"),
        fact(ODESA, "17", "casualties", "injured", value=17, path="injured"),
        fact(ODESA, "two", "casualties", "injured", value=2, nth=1, path="children"),
    ]


def errors(findings, rule=None):
    return [f for f in findings if f.severity == "error" and (rule is None or f.rule == rule)]


def replace(f: Fact, **fields) -> Fact:
    return Fact(f.path, f.row.model_copy(update=fields))


def test_correct_facts_have_no_errors():
    findings = check(odesa_facts(), ODESA, PUBLISHED)
    assert errors(findings) == []


@pytest.mark.parametrize("change, rule", [
    (dict(value=65), "grounded"),                                     # a changed digit
    (dict(text="46", start=None, end=None, value=46), "grounded"),    # a number not in the text
    (dict(role="intercepted"), "words_match_role"),                   # "with 64 Shahed drones" is a launch
    (dict(weapon_class="missile"), "words_match_class"),              # "64 Shahed drones" are drones
    (dict(date=dt.date(2025, 3, 9), date_precision="day"), "date_order"),
])
def test_each_mistake_is_an_error_on_the_fact_it_concerns(change, rule):
    facts = odesa_facts()
    facts[0] = replace(facts[0], **change)
    found = errors(check(facts, ODESA, PUBLISHED))
    assert [f.rule for f in found] == [rule] and found[0].path == "launched_drones"
    assert found[0].message
    assert (found[0].start is None) == ("start" in change)  # the evidence span is the fact's own, when it has one


def test_a_dropped_hedge_is_an_error_and_an_added_one_a_warning():
    facts = odesa_facts()
    facts[5] = replace(facts[5], lower_bound=False)
    assert [f.rule for f in errors(check(facts, ODESA))] == ["grounded"]
    facts = odesa_facts()
    facts[6] = replace(facts[6], approximate=True)
    found = check(facts, ODESA)
    assert errors(found) == [] and any(f.rule == "grounded" and f.severity == "warning" for f in found)


def test_parts_may_not_exceed_their_total():
    facts = odesa_facts()
    facts[4] = replace(facts[4], value=14)  # 51 + 14 > 64 (and "nine" no longer reads as 14)
    found = errors(check(facts, ODESA), "parts_within_total")
    assert [f.path for f in found] == ["intercepted_drones"]
    assert "intercepted 51 + jammed 14 = 65 exceeds the 64 drone launched ('64')" in found[0].message


def test_another_sources_counts_are_another_attack():
    text = ("Russia launched 37 drones overnight, Ukraine's air force said, and 33 were shot down. "
            "Russia's defence ministry said it intercepted 16 Ukrainian drones, and destroyed 15 more.")
    ours = dict(weapon_class="drone", source="Ukraine's air force")
    theirs = dict(weapon_class="drone", source="Russia's defence ministry")
    facts = [fact(text, "37", "munitions", "launched", value=37, **ours),
             fact(text, "33", "munitions", "intercepted", value=33, **ours),
             fact(text, "16", "munitions", "intercepted", value=16, **theirs),
             fact(text, "15", "munitions", "intercepted", value=15, **theirs)]
    assert errors(check(facts, text)) == []
    same_source = [facts[0], facts[1], replace(facts[2], **ours)]
    assert [f.rule for f in errors(check(same_source, text))] == ["parts_within_total"]


def test_ranges_must_be_ordered():
    wounded = fact(DONETSK, "between 12 and 15", "casualties", "injured", low=12, high=15)
    assert errors(check([wounded], DONETSK)) == []
    reversed_ = replace(wounded, low=15, high=12)
    assert {f.rule for f in errors(check([reversed_], DONETSK))} == {"range_order", "grounded"}


def test_role_words_for_casualties_and_the_nearest_verb():
    killed = fact(DONETSK, "seven", "casualties", "killed", value=7)
    wounded = fact(DONETSK, "between 12 and 15", "casualties", "injured", low=12, high=15)
    assert errors(check([killed, wounded], DONETSK)) == []
    swapped = [replace(killed, role="injured"), replace(wounded, role="killed")]
    # both roles' words stand in the clause, so a swap is a warning on the nearest verb, not an error
    assert {(f.rule, f.severity) for f in check(swapped, DONETSK) if f.rule == "words_match_role"} == {
        ("words_match_role", "warning")}


def test_people_are_not_munitions_and_munitions_not_people():
    troops = fact(DONETSK, "around 40,000", "munitions", "launched", "other", value=40000, approximate=True)
    assert [f.rule for f in errors(check([troops], DONETSK))] == ["words_match_class"]
    shells = fact(DONETSK, "more than 300", "casualties", "killed", value=300, lower_bound=True)
    assert "words_match_class" in [f.rule for f in errors(check([shells], DONETSK))]


def test_the_same_span_twice_is_a_duplicate():
    killed = fact(ODESA, "at least four", "casualties", "killed", value=4, lower_bound=True, path="a")
    again = Fact("b", killed.row)
    assert [(f.rule, f.path) for f in errors(check([killed, again], ODESA))] == [("duplicate", "b")]


def test_killed_may_not_exceed_killed_or_injured():
    text = "Officials said 30 soldiers were killed or wounded. Of those, 40 soldiers died."
    total = fact(text, "30", "casualties", "killed_or_injured", value=30, subject="soldiers")
    part = fact(text, "40", "casualties", "killed", value=40, subject="soldiers")
    assert [f.rule for f in errors(check([total, part], text))] == ["casualty_consistency"]


def test_coverage_warns_about_counts_no_fact_captured():
    found = check(odesa_facts()[:1], ODESA)
    missed = {ODESA[f.start:f.end] for f in found if f.rule == "coverage"}
    assert {"three", "51", "nine", "17"} <= missed
    assert "2022" not in missed and "101" not in missed  # a year and a weapon name are not counts
    assert all(f.severity == "warning" for f in found)


def test_noun_after_reads_the_noun_phrase_only():
    assert noun_after("11 others injured in artillery shelling", 2).strip() == "others injured"
    assert noun_after("51 of the drones and", 2).strip() == "drones"
    assert noun_after("three Kh-101 cruise missiles, Ukraine", 5).strip() == "Kh-101 cruise missiles"


def test_gold_files_are_read_as_facts():
    document = {"article_id": "odesa", "facts": [
        {"category": "munitions", "role": "launched", "weapon_class": "drone", "weapon": "Shahed",
         "subject": "Shahed drones", "value": 64, "low": None, "high": None, "approximate": False,
         "lower_bound": False, "upper_bound": False, "date": None, "date_precision": None, "location": None,
         "source": None, "text": "64", "start": ODESA.index("64"), "end": ODESA.index("64") + 2}]}
    [f] = gold_facts(document)
    assert f.path == "facts[0]" and errors(check([f], ODESA)) == []
    assert errors_by_path(check([replace(f, value=46)], ODESA)) == {"facts[0]"}


def test_an_implausible_count_is_an_error_and_a_ceiling_can_be_set():
    text = "Russia fired 1,000,000,000,000 missiles and 3.2e+04 drones at the city."
    start = text.index("1,000")
    fact = Fact("facts[0]", FactRow(article_id="a", category="munitions", role="launched", weapon_class="missile",
                                    weapon=None, subject="missiles", value=1e12, low=None, high=None,
                                    approximate=False, lower_bound=False, upper_bound=False, date=None,
                                    date_precision=None, location=None, source=None, text="1,000,000,000,000",
                                    start=start, end=start + 17, verified=False))
    assert [f.rule for f in check([fact], text) if f.severity == "error"] == ["plausible"]
    drones = text.index("3.2e+04")
    read = Fact("facts[1]", fact.row.model_copy(update=dict(weapon_class="drone", subject="drones", value=32000,
                                                            text="3.2e+04", start=drones, end=drones + 7)))
    assert [f for f in check([read], text) if f.severity == "error"] == []
    assert [f.rule for f in check([read], text, ceilings={"munitions": 1000}) if f.severity == "error"] == ["plausible"]


def _row(article: str, text: str, role: str, category: str = "casualties", **fields):
    from extractor.reading.numbers import read_quantity
    start, said = article.index(text), read_quantity(text)
    values = dict(article_id="a", category=category, role=role, weapon_class=None, weapon=None, subject=None,
                  value=said.value if said else 1, low=None, high=None, approximate=said.approximate if said else False,
                  lower_bound=False, upper_bound=False, date=None, date_precision=None, location=None, source=None,
                  text=text, start=start, end=start + len(text), verified=False)
    return Fact("facts[0]", FactRow(**{**values, **fields}))


def test_a_count_of_one_is_read_by_the_extractors_own_reader_not_refused_as_no_number():
    article = "A civilian was killed in Kherson. A 64-year-old woman was injured."
    assert errors_by_path(check([_row(article, "A civilian", "killed")], article)) == set()
    # the age inside it is not the number: the count is one
    assert errors_by_path(check([_row(article, "A 64-year-old woman", "injured", value=1)], article)) == set()


def test_fate_unknown_after_the_count_is_missing_though_captured_stands_before_it():
    article = "Russian forces captured a village; a dozen defenders, whose fate remained unknown, were in it."
    findings = check([_row(article, "a dozen", "missing")], article)
    assert [f.severity for f in findings if f.rule == "words_match_role"] == ["warning"]


def test_a_count_of_discrete_things_that_is_not_whole_is_an_error():
    article = "Russia launched 2.5 missiles at Kyiv, and 12.5% of the city lost power."
    [error] = [f for f in check([_row(article, "2.5", "launched", "munitions", weapon_class="missile")], article)
               if f.severity == "error"]
    assert error.rule == "plausible" and "counted whole" in error.message
    percent = _row(article, "12.5%", "percent", "other", value=12.5)
    assert errors_by_path(check([percent], article)) == set()  # a percentage may be a fraction


def test_counts_in_the_checkers_summary_agree_with_their_nouns(tmp_path):
    from click.testing import CliRunner

    from extractor.cli import main
    (tmp_path / "a1.txt").write_text("Russia launched 37 drones.", encoding="utf-8")
    row = dict(category="munitions", role="launched", weapon_class="drone", weapon=None, subject="drones", value=38,
               low=None, high=None, approximate=False, lower_bound=False, upper_bound=False, date=None,
               date_precision=None, location=None, source=None, text="37", start=16, end=18)
    (tmp_path / "a1.json").write_text(json.dumps({"article_id": "a1", "published": None, "facts": [row]}))
    said = CliRunner().invoke(main, ["check", str(tmp_path / "a1.json"), "--articles", str(tmp_path)]).output
    assert "1 fact, 1 error" in said and "1 errors" not in said


@pytest.mark.parametrize("article, number", [
    ("Only seven out of twelve rockets that headed for the towns were shot down last week.", "seven"),
    ("The navy said it had downed 18 of the 20 drones over the sea.", "18"),
])
def test_a_part_of_a_stated_whole_is_never_what_was_launched(article, number):
    part = fact(article, number, "munitions", "launched", "rocket" if "rockets" in article else "drone",
                value=float({"seven": 7}.get(number, number)))
    assert "part_not_launched" in [f.rule for f in errors(check([part], article))]
    whole = fact(article, "twelve" if "twelve" in article else "20", "munitions", "launched",
                 "rocket" if "rockets" in article else "drone", value=12.0 if "twelve" in article else 20.0)
    assert errors(check([whole], article), "part_not_launched") == []  # the whole was launched
    shot = replace(part, role="intercepted")
    assert errors(check([shot], article), "part_not_launched") == []


def test_a_casualty_count_of_families_counts_groups_not_people():
    shelled = ("Shelling struck the market town on Friday. At least nine villagers from two families died in the "
               "strike, and 14 households lost their homes.")
    families = fact(shelled, "two", "casualties", "killed", value=2)
    households = fact(shelled, "14", "casualties", "killed", value=14)
    villagers = fact(shelled, "At least nine", "casualties", "killed", value=9, lower_bound=True)
    assert [f.rule for f in errors(check([families], shelled))] == ["words_match_class"]
    assert [f.rule for f in errors(check([households], shelled))] == ["words_match_class"]
    assert errors(check([villagers], shelled)) == []


def test_a_count_fired_by_someone_that_then_struck_was_not_counted_as_launched():
    shelled = ("Officials said three rockets fired by the militia landed near the clinic on Monday. The militia "
               "launched 20 rockets fired by its new launchers, the army said.")
    struck = fact(shelled, "three", "munitions", "launched", "rocket", value=3)
    assert [f.rule for f in errors(check([struck], shelled))] == ["fired_by_then_befell"]
    launched = fact(shelled, "20", "munitions", "launched", "rocket", value=20)
    assert "fired_by_then_befell" not in [f.rule for f in errors(check([launched], shelled))]
