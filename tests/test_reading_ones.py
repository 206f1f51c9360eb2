"""Counts of one and the casualty statements they stand in (issue 23; sentences invented for these tests, in the
shapes news reports write them): each person named with "a"/"an" whom a casualty verb governs, in whatever voice or
construction, counts one; a person named for another reason counts nothing."""

import pytest

from extractor.decide import facts
from extractor.reading.article import ReadArticle
from extractor.reading.context import contexts
from extractor.reading.reading import read_counts

KILLED = ("casualties", "killed", None)
INJURED = ("casualties", "injured", None)
CAPTURED = ("casualties", "captured", None)
MISSING = ("casualties", "missing", None)


def decided(text: str) -> dict:
    read = ReadArticle(text)
    found = read_counts(read)
    return {f.count.mention.text: f.decision for f in facts(read, found, contexts(read, found))}


@pytest.mark.parametrize("text, words, role", [
    # a second subject whose verb the sentence leaves out ("and a pilot [was] hurt")
    ("A farmer died in the raid and a herder hurt.", "a herder", INJURED),
    ("A guard was shot dead and four others wounded at the gate.", "four", INJURED),
    ("Two pilots were wounded and a mechanic killed when the hangar was hit.", "a mechanic", KILLED),
    # the people a "with" clause adds, with their own participle
    ("The headman was murdered, with six of his relatives abducted by the raiders.", "six", CAPTURED),
    ("Gunmen stormed the village, where the chief was killed with three members of his household abducted by the "
     "raiders.", "three", CAPTURED),
])
def test_a_subject_whose_verb_is_left_out_takes_its_own_participle(text, words, role):
    assert decided(text)[words] == role


def test_what_a_strike_left_a_person_is_what_befell_them():
    got = decided("The rocket left a cyclist dead and a pensioner hurt.")
    assert got["a cyclist"] == KILLED and got["a pensioner"] == INJURED


@pytest.mark.parametrize("text, words, role", [
    ("A cyclist was hurt when the shell landed.", "A cyclist", INJURED),  # any noun a harm verb befell is a person
    ("A pensioner was shot dead near his gate.", "A pensioner", KILLED),
    ("A cleric was found dead in a ditch.", "A cleric", KILLED),
    ("A Chadian was kidnapped on the road to the mine.", "A Chadian", CAPTURED),  # a people's name is a person
    ("Raiders seized a trader and a miner at the market.", "a trader", CAPTURED),
    ("The blast claimed the life of a courier.", "a courier", KILLED),
    ("The shelling took the life of a retired teacher.", "a retired teacher", KILLED),
    ("A lawmaker went missing after the raid.", "A lawmaker", MISSING),
    ("Villagers found a herder's body by the well.", "a herder", KILLED),  # whose body it is died
])
def test_a_person_whom_a_casualty_statement_names_is_a_count_of_one(text, words, role):
    assert decided(text).get(words) == role


@pytest.mark.parametrize("text", [
    "A spokesman for the governor said the night was calm.",
    "A doctor at the clinic told reporters that the wards were full.",
    "An engineer was sent to inspect the bridge.",
    "A tank was captured near the river and a drone went missing.",
    "A resident was quoted as saying the sirens sounded twice.",
    "Gunmen sprayed a trader's shop with bullets and a judge's car was burned.",  # whose things they are
    "A sniper shot a guard in the morning and a second was wounded at noon.",  # "a second" is one more, not a count
])
def test_a_person_named_for_another_reason_counts_nothing(text):
    assert not [words for words, decision in decided(text).items() if decision[0] == "casualties"]


def test_the_whole_a_part_is_taken_from_is_not_what_befell_the_part():
    got = decided("Rescuers retrieved two of the remains of the six slain herders on Friday.")
    assert got.get("six") is None  # the six were slain (told before), two sets of remains were retrieved


@pytest.mark.parametrize("text, words, role", [
    ("Those wounded included a cook and two drivers.", "a cook", INJURED),  # who the casualties include
    ("The dead include a student.", "a student", KILLED),
    ("Among the injured was a volunteer medic.", "a volunteer medic", INJURED),
    ("One of the wounded died on the way to the clinic.", "One", KILLED),  # what befell one of a group
    ("A driver was taken to the hospital after the mortar fell.", "A driver", INJURED),  # in care: hurt
    ("A woman was rushed to hospital with burns.", "A woman", INJURED),
    ("A boy was hit by shrapnel in the yard.", "A boy", INJURED),
])
def test_who_the_casualties_include_and_who_is_hurt_in_other_words(text, words, role):
    assert decided(text).get(words) == role


def test_who_did_the_harm_is_no_casualty_of_it():
    got = decided("A guard was shot and wounded by a sniper on the wall.")
    assert got["A guard"] == INJURED and got.get("a sniper") is None
    # whose death it was is no doer, though "by" names the death
    assert decided("The riots were set off by the death of a prisoner on a hunger strike.")["a prisoner"] == KILLED


def test_a_number_written_with_a_is_no_count_of_one():
    read = ReadArticle("Five guards died and a dozen wounded, while a hundred fled.")
    assert [m.text for m in read.ones] == []
    assert decided("Five guards died and a dozen wounded.")["a dozen"] == INJURED


def test_a_person_the_parse_hangs_on_the_place_a_sentence_opens_with_is_the_subject_of_its_verb():
    # the parse reads "a 36-year-old man" as an apposition of Kherson, and "sustained" as having no subject
    text = "In the centre of Kherson, a 36-year-old man sustained a back injury and was hospitalised."
    assert decided(text) == {"a 36-year-old man": INJURED}
    assert decided("In Bucha, a town near Kyiv, five people were killed.") == {"five": KILLED}  # a place described


@pytest.mark.parametrize("text, words", [
    ("A woman was in serious condition after the attack.", "A woman"),
    ("A man in critical condition was taken to hospital after the strike.", "A man"),
])
def test_a_person_in_a_serious_condition_is_hurt(text, words):
    assert decided(text) == {words: INJURED}
    assert decided("The economy is in critical condition, a minister said.") == {}  # no person
