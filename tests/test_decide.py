"""Deciding the facts from code's reading and the model's labels."""

from extractor.decide import facts
from extractor.reading.context import contexts
from extractor.reading.article import ReadArticle
from extractor.reading.reading import read_counts
from extractor.schemas import MentionLabel


def decided(text: str, answers=None) -> dict:
    read = ReadArticle(text)
    found = read_counts(read)
    return {f.count.mention.text: f for f in facts(read, found, contexts(read, found), answers)}, found


def test_a_sub_count_shares_its_totals_role_and_names_it():
    got, found = decided("Three people were killed and eight injured, including one child.")
    assert got["eight"].decision[1] == got["one"].decision[1] == "injured" and got["Three"].decision[1] == "killed"
    assert got["one"].part_of == [c.mention.text for c in found].index("eight")
    got, found = decided("The shelling killed 35 people. Among them are two children, the mayor said.")
    assert got["two"].decision == ("casualties", "killed", None)  # the next sentence refers back to the total
    assert got["two"].part_of == [c.mention.text for c in found].index("35")


def test_a_count_stated_twice_is_one_fact_but_small_numbers_of_other_things_are_not():
    got, _ = decided("Russia launched 40 drones. Officials repeated that Russia launched 40 drones overnight.")
    assert len(got) == 1
    got, _ = decided("Shelling wounded one civilian in Beryslav. In Kherson, shelling wounded one civilian.")
    text = "Shelling wounded one civilian in Beryslav. In Kherson, shelling wounded one civilian."
    read = ReadArticle(text)
    found = read_counts(read)
    assert len(facts(read, found, contexts(read, found))) == 2  # another place: another fact


def test_code_decides_and_the_model_only_confirms():
    text = "Air defence shot down 51 drones."
    agree, _ = decided(text, {0: MentionLabel(label="shot_down")})
    assert agree["51"].unconfirmed is None  # both read it alike
    disagree, _ = decided(text, {0: MentionLabel(label="launched")})
    assert disagree["51"].decision == ("munitions", "intercepted", "drone")  # code's reading decides
    assert "model labelled it launched" in disagree["51"].unconfirmed
    alone, _ = decided(text)
    assert alone["51"].unconfirmed is None  # no model asked: the checker decides


def test_a_models_place_never_makes_one_count_told_twice_two_facts():
    from test_arbiter import calibration  # a calibration that trusts the model's places

    text = ("Russia struck several towns overnight. Shelling killed two civilians in Avdiivka on Monday. Officials "
            "said on Tuesday that shelling killed two civilians.")
    read = ReadArticle(text)
    found = read_counts(read)
    assert len(facts(read, found, contexts(read, found))) == 1  # code: told twice, one fact
    answers = {0: MentionLabel(label="killed", place="B"), 1: MentionLabel(label="killed", place="none")}
    got = facts(read, found, contexts(read, found), answers, calibration(place_trust=5.0, places="arbiter"))
    assert len(got) == 1 and got[0].place.text == "Avdiivka"  # the model's places, and still one fact


def test_the_lead_s_toll_claimed_again_by_a_source_whatever_it_calls_the_people_is_one_fact():
    text = ("Two fighters of the alliance have been killed in an attack near the town.\n"
            "The group claimed the attack in a statement, saying two members of the alliance had been killed.")
    got, _ = decided(text)
    assert list(got) == ["Two"]
    # a hedge of its own is another statement, and so is a part of another count
    text = ("Two fighters of the alliance have been killed in an attack near the town.\n"
            "Local media said at least two civilians had been killed.")
    assert len(decided(text)[0]) == 2
    text = ("Two fighters of the alliance have been killed in an attack near the town.\n"
            "Medics said they saw the bodies of five people, including two children.")
    assert "two" in decided(text)[0]
    # people the words tell of anew
    text = ("Two fighters of the alliance have been killed in an attack near the town.\n"
            "Medics said two civilians were also killed.")
    assert len(decided(text)[0]) == 2
