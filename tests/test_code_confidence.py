"""Code's own confidence: when no model decides, a fact ships verified only where code's calibrated confidence in
its reading reaches the threshold fitted on dev, and the checker passes it."""

import datetime as dt
import json
import shutil

import numpy as np
import pytest
from conftest import CORPUS, ROOT

from extractor.decide import code_features_of, facts
from extractor.errors import ConfigError
from extractor.evaluation.calibrate import _code_verify
from extractor.model.arbiter import CodeCalibration, Regression, find_code
from extractor.pipeline import Extractor
from extractor.reading.article import ReadArticle
from extractor.reading.context import contexts
from extractor.reading.reading import read_counts

LIST = ("Overnight the enemy sent 40 drones toward the capital. One of the drones hit a warehouse, the mayor said. "
        "Air defence shot down 35 drones. The strike killed two guards, police said.")


def decided(text: str, code: CodeCalibration | None = None):
    read = ReadArticle(text)
    found = read_counts(read)
    return read, facts(read, found, contexts(read, found), code=code)


def test_the_features_say_how_code_read_each_fact():
    read, kept = decided(LIST)
    by_text = dict(zip([f.count.mention.text for f in kept], code_features_of(read, kept)))
    assert by_text["One"]["one"] and by_text["One"]["member_of"] and by_text["One"]["sentence_opening"]
    assert by_text["35"]["how_predicate"] and by_text["35"]["in_clause"] and by_text["35"]["role_cued"]
    assert by_text["40"]["how_cue"] and "in_clause" not in by_text["40"]  # "sent": no role word in its clause
    assert by_text["two"]["category_casualties"] and "restates" not in by_text["two"]
    read, kept = decided("The clashes killed about 20 fighters, the army said. Later, as many as 20 fighters were "
                         "reported killed, a medic said.")
    assert [("restates" in x) for x in code_features_of(read, kept)] == [False, True]  # the same count, told again


def test_a_fact_code_is_unsure_of_is_unconfirmed_and_says_why():
    unsure_of_one = CodeCalibration(Regression({"one": -5.0}, 3.0), verify=0.9)
    _, kept = decided(LIST, unsure_of_one)
    by_text = {f.count.mention.text: f for f in kept}
    assert "code's calibrated confidence 0.12 is below 0.90" == by_text["One"].unconfirmed
    assert by_text["40"].unconfirmed is None and by_text["40"].probability == pytest.approx(0.953, abs=1e-3)
    _, alone = decided(LIST)  # no code calibration: code's facts stand confirmed, with no probability
    assert all(f.unconfirmed is None and f.probability is None for f in alone)
    assert [f.decision for f in alone] == [f.decision for f in kept]  # confidence changes no fact, only verified


def test_a_fact_of_category_other_is_not_weighed():
    never = CodeCalibration(Regression({}, -5.0), verify=0.5)
    _, kept = decided("Rescuers evacuated 120 residents from the town. Shelling killed four soldiers.", never)
    assert [(f.decision[0], f.unconfirmed is None) for f in kept] == [("other", True), ("casualties", False)]


def test_verify_is_the_lowest_threshold_precise_enough_that_keeps_most_right_facts():
    p = np.array([0.99] * 80 + [0.95] * 10 + [0.9] * 10)
    right = [1] * 79 + [0] + [1] * 10 + [1] * 5 + [0] * 5  # 94 right of 100
    verify, measured = _code_verify(p, right, 94)
    assert verify == pytest.approx(0.91) and measured["precision_at_verify"] == 0.989 and measured["precision_reached"]
    # never reached: the most precise threshold that still keeps 70% of the right facts
    right = [1] * 78 + [0] * 2 + [1] * 10 + [1] * 5 + [0] * 5  # 93 right of 100
    verify, measured = _code_verify(p, right, 93)
    assert verify == pytest.approx(0.91) and not measured["precision_reached"]
    assert (measured["precision_at_verify"], measured["verified_at_verify"]) == (0.978, 90)
    verify, _ = _code_verify(p, right, 200)  # no threshold keeps 70%: every fact the checker passes verifies
    assert verify == 0.0


def test_a_code_calibration_round_trips_and_a_broken_one_is_refused(tmp_path):
    code = CodeCalibration(Regression({"one": -1.25, "restates": -0.5}, 2.0), 0.85, {"rows": 3})
    assert CodeCalibration.from_json(code.to_json()) == code
    path = tmp_path / "code.json"
    path.write_text(code.to_json())
    assert find_code(path) == code
    path.write_text("{}")
    with pytest.raises(ConfigError, match="not a code calibration file"):
        find_code(path)


def test_no_model_says_code_confidence_decided_and_marks_the_unsure_facts(monkeypatch):
    shipped = find_code()
    assert shipped is not None and 0 <= shipped.verify < 1 and shipped.measured["articles"] >= 30
    unsure_of_one = CodeCalibration(Regression({"one": -5.0}, 3.0), verify=0.9)
    monkeypatch.setattr("extractor.pipeline.find_code", lambda: unsure_of_one)
    extractor = Extractor(use_model=False)
    assert extractor.policy == ("code alone (no model): verified means code's calibrated confidence reaches 0.90 "
                                "and the checker passed it")
    result = extractor.extract(LIST, article_id="a", published=dt.date(2025, 5, 2))
    unsure = {f.start for f in result.checks if f.rule == "unconfirmed"}
    assert unsure and all(row.verified == (row.start not in unsure) for row in result.facts)


def test_a_calibration_whose_checker_alone_was_precise_enough_says_so():
    checker_enough = CodeCalibration(Regression({"one": -5.0}, 3.0), verify=0.0)
    assert checker_enough.means.startswith("the checker passed it (where code's confidence was fitted, the checker "
                                           "alone was precise enough")
    _, kept = decided(LIST, checker_enough)
    assert all(f.unconfirmed is None for f in kept)


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the gold articles are read from {CORPUS}")
def test_calibrate_code_fits_on_the_gold_it_is_given(tmp_path):
    from click.testing import CliRunner

    from extractor.cli import main

    gold = tmp_path / "gold"
    gold.mkdir()
    for article in ("009", "023", "110", "111", "119", "126"):  # dev articles
        shutil.copy(ROOT / "eval" / "gold" / f"{article}.json", gold)
    out = tmp_path / "code.json"
    answer = CliRunner().invoke(main, ["calibrate", "--code", "--gold", str(gold), "-o", str(out)])
    assert answer.exit_code == 0, answer.output
    fitted = json.loads(out.read_text())
    assert fitted["measured"]["articles"] == 6 and fitted["measured"]["rows"] > 20
    assert find_code(out).regression.weights and "code calibration written" in answer.output
