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


def test_the_plural_of_a_noun_for_one_person_counts_people_in_a_list():
    assert cues("Among the dead were a driver and two paramedics.")["two"] == KILLED
    assert cues("A girl and three adults were hurt by the blast.")["three"] == INJURED
    assert cues("Four fishermen were wounded off the coast.")["Four"] == INJURED
    assert cues("Two large explosions were heard over the port.")["Two"][0] == "munitions"  # an adjective is no person


def test_a_count_of_one_among_a_group_the_participle_names_takes_its_role():
    assert cues("A boy was among five people wounded in the raid.")["A boy"] == INJURED


def test_a_count_of_one_hospitalised_with_wounds_is_injured():
    found = cues("A 30-year-old woman was hospitalised with shrapnel wounds on Sunday.")
    assert found["A 30-year-old woman"] == INJURED


def test_a_clause_that_says_who_a_person_was_does_not_hide_what_befell_them():
    assert cues("A volunteer who was handing out bread was killed on the bridge.")["A volunteer"] == KILLED


def test_a_number_between_commas_after_a_noun_for_one_person_is_an_age():
    found = cues("A local shopkeeper, 58, was wounded on the market street.")
    assert "58" not in found and found["A local shopkeeper"] == INJURED


def test_a_number_word_opening_a_headline_or_sentence_with_a_participle_counts_people():
    found = cues("Six dead, 14 hurt as rockets strike the port")
    assert found["Six"] == KILLED and found["14"] == INJURED  # not rockets that hit: "as" ends the noun phrase
    assert cues("Five wounded as drones hit the suburbs")["Five"] == INJURED
    assert cues("Shelling went on all night. Thirty remain missing.")["Thirty"] == ("casualties", "missing", None)


def test_people_taken_to_hospital_are_injured():
    assert cues("Nine were hospitalised after the blast, two in a grave state.")["Nine"] == INJURED


def test_a_noun_that_says_what_befell_its_count_outweighs_a_force_standing_near_it():
    found = cues("During the sweep the troops unearthed four remains of militants, the colonel said.")
    assert found["four"] == KILLED


def test_a_force_s_size_written_into_its_name_is_a_force_deployed_whatever_befell_it():
    deployed = ("forces", "deployed", None)
    assert cues("Two guards died when a 40-member convoy drove onto a mine.")["40"] == deployed
    assert cues("Fighting with the 200-strong company left three dead.")["200"] == deployed


def test_fighters_n_in_number_are_a_force():
    assert cues("The insurgents were thought to be nine in number.")["nine"] == ("forces", "deployed", None)
    assert cues("The shelters were ten in number.")["ten"] is None


def test_munitions_handed_over_are_not_launched():
    found = cues("Last spring Poland delivered 4,000 shells and 90 drones to the front.")
    assert found["4,000"] == ("munitions", "other", "artillery") and found["90"] == ("munitions", "other", "drone")


def test_a_denied_loss_or_toll_is_no_fact():
    assert cues("The ministry denied that 60 marines had been killed.")["60"] is None
    assert cues("Officials denied losing eight of the jets.")["eight"] is None


def test_sent_to_hell_is_killed():
    assert cues("In the raid, 14 insurgents were sent to hell by the troops.")["14"] == KILLED


def test_a_part_of_the_stated_whole_takes_the_whole_s_class():
    found = cues("Gunners downed 35 of the 40 drones over the river.")
    assert found["35"] == ("munitions", "intercepted", "drone") and found["40"] == ("munitions", "launched", "drone")


def test_who_received_wounds_is_injured():
    assert cues("Later that night a guard received shrapnel wounds at the depot.")["a guard"] == INJURED
    assert cues("A guard received a parcel at the depot.")["A guard"] is None  # a parcel is no wound


def test_dead_or_wounded_and_killed_and_wounded_are_one_count_of_both():
    both = ("casualties", "killed_or_injured", None)
    assert cues("The fighting left 80 people dead or wounded.")["80"] == both
    assert cues("The barrage killed and wounded 35 people in the town.")["35"] == both


def test_two_verbs_each_with_its_own_count_state_two_roles():
    found = cues("The car bomb killed 6 and injured 19 near the gate.")
    assert found["6"] == KILLED and found["19"] == INJURED


def test_people_held_in_captivity_are_captured_and_those_back_from_it_are_not():
    assert cues("Some 90 people remain in captivity in the tunnels.")["Some 90"] == ("casualties", "captured", None)
    assert cues("Forty soldiers came home from captivity on Friday.")["Forty"] != ("casualties", "captured", None)


def test_a_lone_number_is_read_with_the_sentence_that_tells_what_it_counts():
    text = ("The war in numbers.\n412. Total soldiers of the alliance killed since the landing, according to the "
            "command.\n1,230. The number of militiamen wounded in the spring offensive.")
    found = cues(text)
    assert found["412"] == KILLED and found["1,230"] == INJURED
    assert cues("Floors of the tower: 12. Lifts: 4.").get("12") is None  # no sentence tells what it counts
