"""The reading modules one by one, on sentences written for these tests: the article read once (article.py), the
counts of one (mentions.py), the words of a clause (cues.py) and what the parse says of a count (structure.py)."""

import pytest

from extractor.reading.article import ReadArticle
from extractor.reading.cues import (
    class_before,
    counts_people,
    cues_after,
    noun_after,
    role_cues,
    weapon_class_in,
)
from extractor.reading.structure import structure


def at(read: ReadArticle, words: str) -> tuple[int, int]:
    start = read.text.index(words)
    return start, start + len(words)


# ---- the article read once ------------------------------------------------------------------------------------------

def test_a_sentence_runs_from_the_end_of_the_one_before_and_a_clause_stops_at_a_comma_or_a_joined_count():
    read = ReadArticle("Russia fired 40 drones. Air defence shot down 31, while 17 were jammed and 4 hit homes.")
    start, end = read.sentence(*at(read, "31"))
    assert read.text[start:end].strip() == "Air defence shot down 31, while 17 were jammed and 4 hit homes"
    start, end = read.clause(*at(read, "17"))
    assert read.text[start:end].strip() == "17 were jammed"  # "and 4" opens another statement
    assert [m.text for m in read.mentions] == ["40", "31", "17", "4"]


def test_counts_of_one_are_found_where_no_number_stands_and_only_for_people():
    read = ReadArticle("A man and an elderly woman were killed, and a drone was shot down. A 45-year-old man was hurt.")
    assert [m.text for m in read.ones] == ["A man", "an elderly woman", "A 45-year-old man"]
    assert all(m.reading.value == 1 for m in read.ones)
    counts = [m.text for m in read.counts]
    assert "a drone" not in counts and "A man" in counts and "45" not in counts  # an age is no count


def test_a_count_of_one_the_parse_hangs_on_a_place_is_found_but_one_beside_a_persons_name_is_not():
    # the parse reads "Kharkiv, a … man" and "… Center, a man" as appositions; a place or a hospital is no person named
    read = ReadArticle("In the centre of Kharkiv, a 52-year-old man suffered a leg injury and was taken to hospital. "
                       "The wounded included a girl taken to Soroka Medical Center, a man in his 70s in fair condition "
                       "sent to Rambam Hospital and two others. Olena Petrenko, a 60-year-old woman, said the shelling "
                       "went on all night.")
    assert [m.text for m in read.ones] == ["a 52-year-old man", "a girl", "a man"]


def test_the_numbers_are_searched_for_once_however_often_a_stage_asks():
    read = ReadArticle("Five people were killed.")
    assert read.counts is read.counts and read.doc is read.doc  # found once, kept


# ---- the words of a number's clause -----------------------------------------------------------------------------------

def test_role_words_in_the_clause_come_first_and_the_sentence_opens_a_list():
    read = ReadArticle("Russia launched 170 drones, 120 missiles and 30 rockets, and 9 people were killed.")
    assert "launched" in role_cues(read, *at(read, "120"), ("launched", "killed"))  # the verb that opened the list
    assert role_cues(read, *at(read, "120"), ("launched",), sentence=False) == {}  # not in its own clause
    assert set(role_cues(read, *at(read, "9"), ("launched", "killed"))) == {"killed"}


def test_the_verb_after_a_list_that_is_the_subject():
    read = ReadArticle("At least 31 soldiers and three auxiliaries were killed.")
    assert set(cues_after(read, *at(read, "31"), ("killed", "injured"))) == {"killed"}


def test_a_bare_count_takes_the_weapon_named_last_before_it_even_a_sentence_back():
    read = ReadArticle("Ukraine sent 16 drones at the city. Fifteen were destroyed over the sea.")
    start, _ = at(read, "Fifteen")
    assert class_before(read, start) is None
    assert class_before(read, start, sentences=2) == "drone"


@pytest.mark.parametrize("words, noun", [
    (" of the drones were shot down", "drones"),
    (" Shahed drones and missiles", "Shahed drones"),
    (" “Shahed” drones", "Shahed  drones"),
])
def test_the_noun_after_a_number(words, noun):
    text = "51" + words
    assert noun_after(text, 2).strip() == noun


def test_a_class_is_named_only_when_exactly_one_is_and_people_are_people():
    assert weapon_class_in("ballistic missiles") == "missile"
    assert weapon_class_in("missiles and drones") is None  # two classes: a mixed total, decided by the reader
    assert counts_people("regime soldiers") and counts_people("civilians") and not counts_people("tanks")


# ---- what the parse says of one count -------------------------------------------------------------------------------

def parsed(text: str, number: str):
    read = ReadArticle(text)
    start, end = at(read, number)
    return structure(read.doc.char_span(start, end, alignment_mode="expand"))


def test_the_noun_and_the_predicate_that_governs_it():
    s = parsed("Air defence shot down 51 of the drones.", "51")
    assert s.noun.text == "drones" and s.predicate.text == "shot" and "shot down" in s.phrase and not s.negated


def test_a_negated_or_planned_predicate_says_no_fact():
    assert parsed("The missiles did not hit 12 buildings.", "12").negated
    assert parsed("Russia plans to send 3,000 soldiers.", "3,000").hypothetical


def test_a_sub_count_names_its_total_and_a_toll_gives_its_count_to_the_subject():
    s = parsed("The strike killed 35 people, including two children.", "two")
    assert s.part_of is not None and s.part_of.text == "people"
    s = parsed("The death toll rose to 30.", "30")
    assert s.predicate.text == "rose" and "toll" in s.path_words


def test_a_list_over_lines_ending_in_commas_is_one_sentence_and_each_line_keeps_its_place():
    from extractor import Extractor
    from extractor.settings import Settings

    text = ("The ministry said: 47 drones were destroyed over the Pskov region,\n42 - over the Kaluga region,\n"
            "and 7 - over the Oryol region.\nFive people were hurt.\n3 more were killed.")
    read = ReadArticle(text)
    assert read.sentence(text.index("42"), text.index("42") + 2)[0] < text.index("47")  # the list goes on
    assert read.sentence(text.index("3 more"), text.index("3 more") + 1)[0] == text.index("3 more")  # a new line
    rows = {row.text: row for row in Extractor(Settings(use_model=False)).extract(text, article_id="x").facts}
    assert [(rows[n].role, rows[n].location) for n in ("42", "7")] == [("intercepted", "Kaluga region"),
                                                                       ("intercepted", "Oryol region")]
    assert "\n" not in rows["47"].location
