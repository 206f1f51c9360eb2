"""Deciding the facts from code's reading and the model's labels."""

from extractor.decide import facts, unconfirmed
from extractor.reading.reading import read_counts


def decided(text: str) -> dict:
    found = read_counts(text)
    return {f.count.mention.text: f for f in facts(text, found)}, found


def test_a_sub_count_shares_its_totals_role_and_names_it():
    got, found = decided("Three people were killed and eight injured, including one child.")
    assert got["eight"].decision[1] == got["one"].decision[1] == "injured" and got["Three"].decision[1] == "killed"
    assert got["one"].part_of == [c.mention.text for c in found].index("eight")
    got, _ = decided("The shelling killed 35 people. Among them are two children, the mayor said.")
    assert got["two"].decision == ("casualties", "killed", None) and got["two"].part_of is None  # another sentence


def test_a_count_stated_twice_is_one_fact_but_small_numbers_of_other_things_are_not():
    got, _ = decided("Russia launched 40 drones. Officials repeated that Russia launched 40 drones overnight.")
    assert len(got) == 1
    text = "Shelling wounded one civilian in Beryslav. In Kherson, shelling wounded one civilian."
    assert len(facts(text, read_counts(text), places=["Beryslav", "Kherson"])) == 2


def test_code_decides_and_the_model_only_confirms():
    text = "Air defence shot down 51 drones."
    [count] = read_counts(text)
    assert unconfirmed(text, count, "shot_down", count.cue) is None  # both read it alike
    assert "model labelled it launched" in unconfirmed(text, count, "launched", count.cue)
    assert unconfirmed(text, count, None, count.cue) is None  # no model asked: the checker decides
    assert "only the model" in unconfirmed(text, count, "launched", ("munitions", "launched", "drone"))
