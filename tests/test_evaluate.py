import datetime as dt
import json

import pytest
from conftest import ROOT
from extractor.schemas import FactRow

from extractor.evaluation.evaluate import evaluate, key, match, prf, score_article


def row(category="munitions", role="launched", weapon_class="drone", value=10, start=0, end=2, **fields) -> FactRow:
    base = dict(article_id="a", category=category, role=role,
                weapon_class=weapon_class if category == "munitions" else None, weapon=None, subject="drones",
                value=value, low=None, high=None, approximate=False, lower_bound=False, upper_bound=False,
                date=None, date_precision=None, location=None, source=None, text=str(value), start=start, end=end,
                verified=False)
    base.update(fields)
    return FactRow(**base)


def test_prf_by_hand():
    assert prf(2, 1, 1) == {"precision": 2 / 3, "recall": 2 / 3, "f1": 2 / 3, "tp": 2, "fp": 1, "fn": 1}
    assert prf(0, 0, 0)["f1"] is None and prf(0, 3, 0)["precision"] == 0


def test_the_key_is_category_role_class_and_numbers():
    assert key(row()) == key(row(subject="Shahed drones", start=50, end=52))
    assert key(row()) != key(row(role="intercepted"))
    assert key(row()) != key(row(weapon_class="missile"))
    assert key(row(value=None, low=10, high=12)) != key(row(value=10))
    assert key(row("casualties", "killed", None, 5)) == key(row("casualties", "killed", "drone", 5))  # class ignored


def test_small_article_by_hand():
    gold = [row(value=78), row(role="intercepted", value=59), row("casualties", "injured", value=8)]
    predicted = [row(value=78), row(role="launched", value=59), row("casualties", "injured", value=8),
                 row("casualties", "killed", value=3)]
    s = score_article("a", gold, predicted)
    # matched: 78 launched, 8 injured; missed: 59 intercepted; spurious: 59 launched, 3 killed
    assert (s.counts[("headline", "tp")], s.counts[("headline", "fp")], s.counts[("headline", "fn")]) == (2, 2, 1)
    assert s.counts[("category:munitions", "tp")] == 1 and s.counts[("category:munitions", "fp")] == 1
    assert s.counts[("role:munitions/intercepted", "fn")] == 1


def test_ties_and_duplicates_match_one_to_one_preferring_overlap():
    gold = [row(value=5, start=10, end=11), row(value=5, start=40, end=41)]
    predicted = [row(value=5, start=40, end=41), row(value=5, start=40, end=41), row(value=5, start=90, end=91)]
    pairs = match(gold, predicted)
    assert len(pairs) == 2
    assert {predicted[j].start for i, j in pairs if i == 1} == {40}  # the overlapping one pairs with its own span
    s = score_article("a", gold, predicted)
    assert (s.counts[("headline", "tp")], s.counts[("headline", "fp")]) == (2, 1)  # a duplicate is spurious


def test_other_facts_are_scored_apart():
    gold = [row("other", "displaced", value=2000), row(value=4)]
    predicted = [row("other", "families_displaced", value=2000)]
    s = score_article("a", gold, predicted)
    assert s.counts[("other", "tp")] == 1 and s.counts[("headline", "fn")] == 1
    assert s.counts[("headline", "tp")] == 0


def test_empty_articles_and_missing_predictions():
    result = evaluate({"a": {"article_id": "a", "facts": []},
                       "b": {"article_id": "b", "facts": [row().model_dump(exclude={"article_id", "verified"})]}},
                      {"z": [row()]}, reps=50)
    headline = result.cell("headline")
    assert (headline["tp"], headline["fp"], headline["fn"], headline["recall"]) == (0, 0, 1, 0)
    assert result.figures["articles_without_gold"] == ["z"]


def test_attributes_grounding_verified_and_intervals():
    gold_rows = [row(value=v, start=v, end=v + 2, source="the air force", date=dt.date(2024, 1, 1))
                 for v in (10, 20, 30)]
    documents = {"a": {"article_id": "a",
                       "facts": [r.model_dump(exclude={"article_id", "verified"}) for r in gold_rows]}}
    predicted = {"a": [row(value=10, start=10, end=12, source="Air Force", date=dt.date(2024, 1, 1), verified=True),
                       row(value=20, start=None, end=None, source="officials", verified=True),
                       row(value=99, verified=True)]}
    result = evaluate(documents, predicted, reps=50)
    f = result.figures
    assert f["matched_pairs"] == 2 and f["grounding_rate"] == 0.5
    assert f["attributes"]["source"] == 0.5 and f["attributes"]["date"] == 0.5
    assert f["verified"] == {"facts": 3, "precision": pytest.approx(2 / 3), "recall": 1.0}
    assert f["cells"]["headline"]["f1_ci95"] is None  # one article: no interval to resample


def test_date_where_gold_dates_counts_only_the_facts_gold_gives_a_date():
    from extractor.evaluation.evaluate import DATED

    gold_rows = [row(value=10, start=10, end=12, date=dt.date(2024, 1, 1)),
                 row(value=20, start=20, end=22, date=dt.date(2024, 1, 2)),
                 row(value=30, start=30, end=32)]  # undated in gold
    documents = {"a": {"article_id": "a",
                       "facts": [r.model_dump(exclude={"article_id", "verified"}) for r in gold_rows]}}
    predicted = {"a": [row(value=10, start=10, end=12, date=dt.date(2024, 1, 1)),
                       row(value=20, start=20, end=22),  # gold's date missed
                       row(value=30, start=30, end=32)]}  # rightly undated
    f = evaluate(documents, predicted, reps=10).figures
    assert f["attributes"]["date"] == pytest.approx(2 / 3)  # over every matched fact
    assert f["attributes"][DATED] == 0.5  # over the two gold dates


def test_intervals_come_from_resampling_the_articles():
    documents, predicted = {}, {}
    for i in range(6):  # articles the prediction gets right and wrong in turn
        gold = row(article_id=f"a{i}", value=10, start=10, end=12)
        documents[f"a{i}"] = {"article_id": f"a{i}", "facts": [gold.model_dump(exclude={"article_id", "verified"})]}
        predicted[f"a{i}"] = [row(article_id=f"a{i}", value=10 if i % 2 else 11, start=10, end=12)]
    f1 = evaluate(documents, predicted, reps=200).cell("headline")
    low, high = f1["f1_ci95"]
    assert 0 <= low < f1["f1"] == 0.5 < high <= 1


def test_two_labellers_agreement_is_one_gold_folder_scored_against_the_other(tmp_path):
    from click.testing import CliRunner

    from extractor.cli import main
    from extractor.evaluation.evaluate import evaluate, read_gold, read_predictions
    gold = ROOT / "eval" / "gold"
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    for name in ("131.json", "132.json"):
        (first / name).write_text((gold / name).read_text())
        document = json.loads((gold / name).read_text())
        document["facts"] = document["facts"][1:]  # the second labeller missed one fact in each
        (second / name).write_text(json.dumps(document))
    scored = evaluate(read_gold(second), read_predictions([first]), reps=10)
    cell = scored.cell("headline")
    assert cell["fn"] == 0 and cell["fp"] >= 1 and 0 < cell["f1"] < 1
    outcome = CliRunner().invoke(main, ["eval", str(first), str(second)])
    assert outcome.exit_code == 0, outcome.output


def test_reach_says_which_gold_facts_and_answers_the_questions_leave_within_a_models_reach():
    from extractor.conversation import Article
    from extractor.evaluation.reach import reach

    text = "Russia launched 40 drones at Odesa, the air force said. Three people died."
    drones, three = text.index("40"), text.index("Three")
    facts = [
        row(start=drones, end=drones + 2, value=40, source="the air force", location="Kharkiv"),
        row(category="casualties", role="killed", weapon_class=None, value=3, start=three, end=three + 5,
            source="the mayor"),
    ]
    gold = {"a": {"article_id": "a", "facts": [f.model_dump(exclude={"article_id", "verified"}) for f in facts]}}
    figures = reach(gold, [Article("a", text)], {"a": "dev"})["dev"]
    assert figures["gold facts"] == 2 and figures["candidate recall"] == figures["asked recall"] == 1.0
    assert figures["role offered"] == 1.0 and figures["source offered"] == 0.5  # no "mayor" among the options
    assert figures["location offered"] == 0.5  # Odesa is offered, Kharkiv is not; gold "no place" always is


def test_parts_are_scored_where_gold_is_labelled_with_them():
    # "35 killed, including 12 children, three of them infants": 12 is a part of 35, 3 of 12
    total, children, infants = (row("casualties", "killed", value=v, start=s, end=s + 2)
                                for v, s in ((35, 0), (12, 20), (3, 40)))
    gold = [total, children.model_copy(update={"part_of": 0}), infants.model_copy(update={"part_of": 20})]
    labelled = {"a": {"article_id": "a", "facts": [r.model_dump(exclude={"article_id", "verified"}) for r in gold]}}
    # the reader points the infants at the wrong total, and finds the children's total by a span of its own
    predicted = {"a": [total.model_copy(update={"start": 0, "end": 9}), children.model_copy(update={"part_of": 0}),
                       infants.model_copy(update={"part_of": 0})]}
    parts = evaluate(labelled, predicted, reps=10).figures["part_of"]
    assert parts == {"pairs": 3, "right": pytest.approx(2 / 3), "gold_parts": 2, "found": 1}
    unlabelled = {"a": {"article_id": "a", "facts": [{k: v for k, v in r.model_dump(exclude={"article_id", "verified"})
                                                      .items() if k != "part_of"} for r in gold]}}
    assert evaluate(unlabelled, predicted, reps=10).figures["part_of"]["pairs"] == 0  # not labelled: not scored
