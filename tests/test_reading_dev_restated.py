"""A lead's count told again further down is one fact (dev: "A … ranger was killed" in the lead, then "One ranger
died"; the lead is the first sentence), unless its sentence names another place."""

from extractor.decide import facts
from extractor.reading.article import ReadArticle
from extractor.reading.context import contexts
from extractor.reading.reading import read_counts


def kept(text: str) -> list[str]:
    read = ReadArticle(text)
    found = read_counts(read)
    return [f.count.mention.text for f in facts(read, found, contexts(read, found))]


def test_a_small_count_of_the_lead_told_again_further_down_is_one_fact():
    text = ("A guard was killed and four more guards were hurt by a mine near Kandahar on Monday.\n"
            "Officials said the guards were on patrol in Panjwai district when the mine went off. One guard died and "
            "four others were badly hurt.")
    assert kept(text)[:2] == ["A guard", "four"] and "One" not in kept(text)  # "One guard" is the lead's guard


def test_outside_the_lead_or_placed_apart_a_small_count_is_still_its_own():
    text = "Shelling hit the region.\nTwo soldiers were killed in Beryslav.\nIn Kherson, two soldiers were killed."
    assert kept(text) == ["Two", "two"]  # not the lead: another place is another fact
    text = "Shelling wounded two civilians in Beryslav.\nIn Kherson, shelling wounded two civilians."
    assert kept(text) == ["two", "two"]  # a sentence that names another place tells of another event


def test_others_told_again_after_the_lead_are_the_lead_s_count():
    text = ("A guard was killed and four more guards were hurt by a mine near Kandahar on Monday.\n"
            "Officials said the guards were on patrol in Panjwai district when the mine went off. One guard died and "
            "four others were badly hurt.")
    assert kept(text) == ["A guard", "four"]
    text = "A police officer was killed in the village.\nPolice took two hurt officers away. One of them died on arrival."
    assert kept(text) == ["A police officer", "two"]
