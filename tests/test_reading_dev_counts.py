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
