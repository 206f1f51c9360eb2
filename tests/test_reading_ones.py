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
])
def test_a_subject_whose_verb_is_left_out_takes_its_own_participle(text, words, role):
    assert decided(text)[words] == role


def test_what_a_strike_left_a_person_is_what_befell_them():
    got = decided("The rocket left a cyclist dead and a pensioner hurt.")
    assert got["a cyclist"] == KILLED and got["a pensioner"] == INJURED
