"""The learned reader: a regression over the parse's features that may overrule code's hand rules where it is sure,
learned on dev and compared with the rules end to end, out of fold."""

import json

import pytest
from conftest import CORPUS, ROOT

from extractor.errors import ConfigError
from extractor.evaluation import learn_reader
from extractor.cli.evaluation import ARM_NAMES
from extractor.evaluation.arms import ARMS, make_arm
from extractor.evaluation.evaluate import evaluate, read_gold, read_splits
from extractor.model.backend import Backend
from extractor.pipeline import Extractor
from extractor.reading import learned
from extractor.reading.article import ReadArticle
from extractor.reading.learned import CLASSES, NONE, Reader
from extractor.reading.reading import read_counts
from extractor.settings import Settings

TEXT = ("Air defence shot down 51 drones overnight, the air force said. The strike killed three people in Kharkiv "
        "and damaged 12 buildings.")


def reader(leaning: dict[str, dict[str, float]], threshold: float = 0.5, uses_rules: bool = True) -> Reader:
    """A reader that leans to the classes given when the features given are present."""
    return Reader({c: 0.0 for c in CLASSES}, {c: leaning.get(c, {}) for c in CLASSES}, threshold, uses_rules)


def roles(counts) -> dict[str, tuple | None]:
    return {c.mention.text: c.cue for c in counts}


def test_a_reader_overrules_the_rules_only_where_it_is_sure():
    read = ReadArticle(TEXT)
    rules = read_counts(read)
    assert roles(rules)["51"] == ("munitions", "intercepted", "drone") and roles(rules)["three"][:2] == (
        "casualties", "killed")
    # sure that whatever counts weapons was launched: the drones are relabelled, with the class code reads
    sure = reader({"launched": {"counts=weapons": 10.0}}).read(read, rules)
    assert roles(sure)["51"] == ("munitions", "launched", "drone")
    assert next(c for c in sure if c.mention.text == "51").how == "learned"
    assert roles(sure)["three"] == roles(rules)["three"]  # not sure of the people: the rules' reading stands
    # the same leaning, but the reader must be surer than it is
    assert roles(reader({"launched": {"counts=weapons": 1.0}}, threshold=0.9).read(read, rules)) == roles(rules)


def test_a_reader_that_says_none_drops_headline_facts_and_leaves_facts_of_category_other():
    read = ReadArticle(TEXT)
    rules = read_counts(read)
    assert roles(rules)["12"][0] == "other"  # buildings damaged
    nothing = reader({NONE: {"log_value": 100.0}}).read(read, rules)
    assert roles(nothing)["51"] is None and roles(nothing)["three"] is None
    assert roles(nothing)["12"] == roles(rules)["12"]


def test_a_reader_round_trips_and_a_bad_file_is_a_config_error(tmp_path):
    one = reader({"killed": {"predicate=kill": 2.5}}, threshold=0.7, uses_rules=False)
    path = tmp_path / "reader.json"
    path.write_text(one.to_json())
    assert learned.load(path, always=True) == one
    assert learned.load(path) == one  # it decides (as written), so it reads
    path.write_text(json.dumps({**json.loads(one.to_json()), "decides": False}))
    assert learned.load(path) is None and learned.load(path, always=True) is not None
    path.write_text("{not json")
    with pytest.raises(ConfigError, match="not a reader file"):
        learned.load(path)


def test_a_reader_that_decides_changes_the_facts_and_the_result_says_so(tmp_path):
    path = tmp_path / "reader.json"
    path.write_text(reader({NONE: {"log_value": 100.0}}).to_json())
    plain = Extractor(use_model=False).extract(TEXT)
    relabelled = Extractor(Settings(use_model=False, reader=path)).extract(TEXT)
    headline = [f for f in plain.facts if f.category != "other"]
    assert headline and not [f for f in relabelled.facts if f.category != "other"]
    assert "learned reader" in relabelled.policy and "learned reader" not in plain.policy


def test_the_shipped_reader_reads_only_if_it_beat_the_rules_on_dev():
    shipped = learned.load(always=True)
    measured = shipped.measured
    assert shipped.decides == (measured["lower_bound_of_difference"] > 0)
    assert (learned.load() is not None) == shipped.decides
    assert (Extractor(use_model=False).reader is not None) == shipped.decides
    # the learned arm scores it whether or not it decides, beside the rules, and the command line offers it
    arm = make_arm("learned", Backend(Settings(use_model=False)))
    assert arm.extractor.reader == shipped and "learned reader" in arm.extractor.policy
    assert set(ARM_NAMES) == set(ARMS)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs ../shared/corpus")
def test_learning_compares_with_the_rules_end_to_end_out_of_fold(monkeypatch):
    monkeypatch.setattr(learn_reader, "STRENGTHS", (0.3,))
    monkeypatch.setattr(learn_reader, "THRESHOLDS", (0.0, 0.9))
    monkeypatch.setattr(learn_reader, "BOOTSTRAP", 200)
    gold_path = ROOT / "eval" / "gold"
    splits = read_splits(gold_path)
    gold = {aid: doc for aid, doc in read_gold(gold_path).items() if splits.get(aid) == "dev"}
    gold = dict(sorted(gold.items())[:8])
    text = lambda aid: (CORPUS / f"{aid}.txt").read_text(encoding="utf-8")  # noqa: E731
    fitted = learn_reader.learn(gold, text)
    m = fitted.measured
    # the rules' figure is what code alone scores on the same articles
    extractor = Extractor(use_model=False)
    predicted = {aid: list(extractor.extract(text(aid), article_id=aid, published=doc.get("published")).facts)
                 for aid, doc in gold.items()}
    assert m["rules_f1"] == round(evaluate(gold, predicted, reps=10).figures["cells"]["headline"]["f1"], 4)
    assert len(m["out_of_fold"]) == 4 and m["articles"] == 8 and m["relabelled"] > 0
    assert fitted.decides == (m["lower_bound_of_difference"] > 0)
    assert sum(m["labels"].values()) == m["counts"] and set(fitted.intercepts) <= set(CLASSES)
    # the threshold 0 reader reads every count in place of the rules: it relabels at least what the 0.9 one does
    table = {key.rsplit("threshold ", 1)[1]: v for key, v in m["out_of_fold"].items() if "without" in key}
    assert table["0.0"]["relabelled"] >= table["0.9"]["relabelled"]
