"""Mention-anchored labelling: what code reads around each count, the question the model gets, and how code decides."""

from extractor.schemas import PEOPLE_LABELS, WEAPON_LABELS

from extractor.model.prompting import label_messages
from extractor.reading.mentions import (
    candidates,
    decide,
    restated,
    sentence_with_mark,
    subcounts,
    unconfirmed,
)

TEXT = ("Overnight Russia launched 64 Shahed drones and two missiles at Odesa; air defence shot down 51 of the drones, "
        "16 miles from the coast. A 45-year-old man and three children were killed. The 18 one-way attack drones "
        "hit 12 houses.")


def by_text(article: str) -> dict:
    return {c.mention.text: c for c in candidates(article)}


def test_candidates_are_counts_with_what_their_noun_says():
    found = by_text(TEXT)
    assert "16" not in found and "45" not in found  # a distance and an age are not counts
    assert "one" not in found  # "one-way" is part of a word
    assert not by_text("Hezbollah fired an average of 40 rockets daily.")  # a rate is not a count
    assert (found["64"].counts, found["64"].weapon_class) == ("weapons", "drone")
    assert (found["two"].counts, found["two"].weapon_class) == ("weapons", "missile")
    assert found["three"].counts == "people" and found["three"].labels == PEOPLE_LABELS
    assert found["51"].labels == WEAPON_LABELS and found["51"].weapon_class == "drone"
    assert found["12"].counts == "things" and found["12"].cue is None  # houses are neither weapons nor people


def test_a_total_of_two_classes_is_a_mixed_class_and_gaza_projectiles_are_rockets():
    assert by_text("The Houthis fired 21 missiles and drones.")["21"].weapon_class == "other"
    assert by_text("Militants in Gaza fired 104 projectiles.")["104"].weapon_class == "rocket"
    assert by_text("The army fired 104 projectiles.")["104"].weapon_class != "rocket"


def test_the_model_reads_the_sentence_with_the_number_marked_after_a_shared_prefix():
    c = by_text(TEXT)["51"]
    sentence = sentence_with_mark(TEXT, c)
    assert "shot down ⟦51⟧ of the drones" in sentence and sentence.startswith("Overnight")
    one, two = label_messages(sentence, "51", c.noun), label_messages("Another ⟦3⟧ rockets.", "3", "rockets")
    assert one[:-1] == two[:-1] and one[-1] != two[-1]  # only the last turn differs: the server reuses the rest
    assert one[-1]["content"].endswith("What happened to the ⟦51⟧ drones?")
    assert "checker" in label_messages(sentence, "51", c.noun, "a finding")[-1]["content"]


def test_code_decides_and_the_model_only_confirms_unless_a_repair_asked_it_again():
    c = by_text(TEXT)["51"]  # "shot down 51 of the drones": the role word is in the clause
    assert c.cue == ("munitions", "intercepted", "drone")
    assert decide(TEXT, c) == c.cue  # code's reading decides
    assert "model labelled it launched" in unconfirmed(TEXT, c, "launched", c.cue)
    assert unconfirmed(TEXT, c, "shot_down", c.cue) is None  # code and model read it alike
    assert unconfirmed(TEXT, c, None, c.cue) is None  # no model asked: the checker alone decides
    repaired = decide(TEXT, c, repair="launched")  # the checker flagged it and the model answered again
    assert repaired == ("munitions", "launched", "drone") and "only the model" in unconfirmed(TEXT, c, "launched", repaired)
    text = "The shelling hit a school. Among them are two children, the mayor said."
    two = by_text(text)["two"]
    assert two.cue is None and two.counts == "people" and decide(text, two) is None
    houses = by_text(TEXT)["12"]
    assert houses.counts == "things" and houses.cue is None  # houses are neither weapons nor people


def test_a_restated_count_is_one_fact_at_its_first_occurrence():
    text = "Russia launched 40 drones. Officials repeated that Russia launched 40 drones overnight."
    decided = [(c, decide(text, c)) for c in candidates(text)]
    kept = restated(decided)
    assert len(decided) == 2 and len(kept) == 1 and kept[0][0].mention.start == text.index("40")


def test_a_sub_count_shares_the_role_of_the_count_it_belongs_to():
    text = "Three people were killed and eight injured, including one child."
    decided = [(c, d) for c in candidates(text) if (d := decide(text, c)) is not None]
    settled = {c.mention.text: d for c, d in subcounts(text, decided)}
    assert settled["eight"][1] == settled["one"][1] == "injured" and settled["Three"][1] == "killed"


def test_people_freed_or_exchanged_are_not_casualties():
    c = by_text("Ukraine and Russia traded almost 200 prisoners of war.")["almost 200"]
    assert c.spared and c.cue is None and decide("", c) is None
