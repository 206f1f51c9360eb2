"""Counts of one and troop counts as rules that hold beyond the nouns and verbs dev happened to use (sentences
invented for these tests): whoever a verb only the living undergo happened to is a person; a person described
beside a name is that named person, not a count; "among those wounded", "beaten to death", "gunned down"; reservists
called up or mobilised are a force."""

from extractor.reading.article import ReadArticle
from extractor.reading.reading import read_counts

KILLED, INJURED = ("casualties", "killed", None), ("casualties", "injured", None)


def cues(text: str) -> dict[str, tuple]:
    return {c.mention.text: c.cue for c in read_counts(ReadArticle(text))}


def test_whoever_a_verb_of_the_living_happened_to_is_a_count_of_one_whatever_the_noun():
    assert cues("A peacekeeper died and two were hurt when the patrol met a mine.")["A peacekeeper"] == KILLED
    assert cues("The second blast wounded a rescuer near the station.")["a rescuer"] == INJURED
    assert cues("A cyclist was injured by falling glass on the avenue.")["A cyclist"] == INJURED


def test_a_quantity_or_a_thing_is_no_count_of_one_even_where_a_verb_of_the_living_governs_it():
    found = cues("In all, a total of nine people were injured across the district.")
    assert "a total" not in found and found["nine"] == INJURED
    assert "a bomb" not in cues("A bomb killed two guards at the gate.")  # the bomb did it, nothing happened to it


def test_a_person_described_beside_a_name_is_that_person_not_a_count_of_one():
    found = cues("Tun Lwin, an elderly fisherman resting by the river, suffered burns to both arms.")
    assert "an elderly fisherman" not in found
    assert cues("An elderly fisherman suffered burns to both arms.")["An elderly fisherman"] == INJURED


def test_among_those_wounded_and_the_ways_of_killing_are_casualty_roles():
    assert cues("A young mother was among those wounded in the square.")["A young mother"] == INJURED
    assert cues("An old man was among those killed at the crossing.")["An old man"] == KILLED
    assert cues("Villagers said a herder was beaten to death by the raiders.")["a herder"] == KILLED
    assert cues("A policeman was gunned down outside the bank on Friday.")["A policeman"] == KILLED


def test_reservists_called_up_or_mobilised_are_a_force_deployed():
    deployed = ("forces", "deployed", None)
    assert cues("The defence ministry has called up 150,000 reservists.")["150,000"] == deployed
    assert cues("Last autumn the junta mobilised 5,000 men for the offensive.")["5,000"] == deployed
