"""Counts the dev split showed code misreading, as general rules (sentences invented for these tests): a part taken
"of" a stated whole, and drones "knocked out"."""

from extractor.reading.article import ReadArticle
from extractor.reading.reading import read_counts


def cues(text: str) -> dict[str, tuple]:
    return {c.mention.text: c.cue for c in read_counts(ReadArticle(text))}


def test_a_part_of_a_stated_whole_takes_the_whole_s_class_and_the_whole_was_launched():
    found = cues("Air defence shot down 29 of 30 missiles launched overnight.")
    assert found["29"] == ("munitions", "intercepted", "missile")
    assert found["30"] == ("munitions", "launched", "missile")
    found = cues("Only 12 out of 40 drones were intercepted.")
    assert found["12"] == ("munitions", "intercepted", "drone")
    assert found["40"] == ("munitions", "launched", "drone")


def test_drones_knocked_out_were_intercepted():
    found = cues("The army said five attack drones had been knocked out over the capital.")
    assert found["five"] == ("munitions", "intercepted", "drone")


def test_a_person_with_injuries_or_who_suffered_them_is_a_count_of_one_injured():
    found = cues("A woman with bruised wounds of both legs walked to the trauma centre by herself.")
    assert found["A woman"] == ("casualties", "injured", None)
    found = cues("Two victims were counted, among them a man who suffered a shrapnel wound in the arm.")
    assert found["a man"] == ("casualties", "injured", None)
    found = cues("A woman with two children went to the shelter.")
    assert found["A woman"] is None  # company is not an injury


def test_a_neighbour_in_a_list_of_casualties_is_a_count_of_one():
    found = cues("Her husband and a neighbour were wounded by the shelling.")
    assert found["a neighbour"] == ("casualties", "injured", None)


def test_a_person_named_with_an_ordinal_is_one_more_of_a_count_not_a_count_of_one():
    found = cues("Saboteurs killed four soldiers in one raid and a fifth soldier was shot dead in another.")
    assert "a fifth soldier" not in found and found["four"] == ("casualties", "killed", None)
    assert "a second soldier" not in cues("The remains of a second soldier killed in 2014 are still held in Gaza.")


def test_a_unit_s_name_and_an_age_written_as_one_word_are_not_counts():
    found = cues("Units including the 160 TA regiment searched the forest. The 8 Jat regiment found the group.")
    assert "160" not in found and "8" not in found
    found = cues("Russia massed 12 battalion tactical groups and two battalions near the border.")
    assert found["12"] == found["two"] == ("forces", "deployed", None)  # units counted, in the plural
    assert "39" not in cues("The officer, 39-yearold Lieutenant Colonel Arif, was killed with his men.")


def test_the_first_person_of_a_list_the_parse_hangs_apart_is_still_a_count_of_one():
    found = cues("A farmer, his wife and a neighbour were wounded.")
    assert found["A farmer"] == found["a neighbour"] == ("casualties", "injured", None)
