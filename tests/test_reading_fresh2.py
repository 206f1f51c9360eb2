"""Reading errors found on the fresh dev reports g401–g706, fixed as rules that hold beyond their wording (sentences
written for these tests)."""

from extractor.decide import facts
from extractor.pipeline import Extractor
from extractor.reading.article import ReadArticle
from extractor.reading.context import contexts
from extractor.reading.dateline import read_dateline
from extractor.reading.reading import read_counts


def decided(text: str) -> dict[str, tuple | None]:
    """Each count's words and the fact code decides for it (None: no fact)."""
    read = ReadArticle(text)
    found = read_counts(read)
    chosen = {f.count.mention.text: f.decision for f in facts(read, found, contexts(read, found))}
    return {c.mention.text: chosen.get(c.mention.text) for c in found}


def nouns(text: str) -> dict[str, str]:
    return {c.mention.text: c.noun for c in read_counts(ReadArticle(text))}


def test_a_dateline_is_not_what_the_number_counts():
    assert nouns("PESHAWAR: Three policemen were shot dead at a checkpoint on Monday.")["Three"] == "policemen"
    text = "Lagos [Nigeria], March 2 (ANI/WAM): Four villagers were killed by gunmen, police said."
    assert nouns(text)["Four"] == "villagers"
    assert read_dateline(text).place.text == "Lagos"
    # a label that is no dateline still says what its number counts
    assert decided("Overview\nSoldiers killed so far: 14")["14"] == ("casualties", "killed", None)


def test_military_personnel_stationed_somewhere_are_a_force():
    assert decided("Roughly 1,200 French military personnel remain in the country.")["Roughly 1,200"] == (
        "forces", "deployed", None)
    assert decided("Nine military personnel were killed in the ambush.")["Nine"] == ("casualties", "killed", None)


def test_soldiers_brought_home_were_exchanged():
    assert decided("The president said 95 of the army's soldiers had been brought home.")["95"] == (
        "other", "prisoners_exchanged", None)


def test_targets_shot_down_are_munitions():
    assert decided("Air defences shot down 14 targets over the region.")["14"] == ("munitions", "intercepted", "other")
    assert decided("The jets destroyed 13 militant targets near the port.")["13"] == ("other", "targets_struck", None)


def test_one_family_counts_no_one():
    found = decided("At least nine people from one family were killed in the strike.")
    assert found["At least nine"] == ("casualties", "killed", None) and found["one"] is None


def test_a_span_of_days_and_a_pair_of_models_are_no_counts():
    found = decided("Monitors said 40 civilians were killed in the town between March 3–6.")
    assert found["40"] == ("casualties", "killed", None) and "3–6" not in found
    assert "131" not in decided("The army attacked the port with Shahed 131/136 drones overnight.")



def test_a_bombs_weight_is_no_count():
    found = decided("A fighter jet dropped two 250-kg bombs and one 500-pound bomb on the market.")
    assert "250" not in found and "500" not in found


def test_a_person_among_the_casualties_is_what_their_own_words_say_befell_them():
    extracted = Extractor(use_model=False).extract(
        "A rocket hit a bus stop in the north, rescuers said. The casualties included a teenager in serious "
        "condition taken to a clinic in Haifa.")
    assert [(f.text, f.role) for f in extracted.facts] == [("a teenager", "injured")]


def test_bombs_are_of_the_class_told_of_before_them_but_a_plane_s_bombs_are_other():
    assert decided("The plane took off from the air base, dropping one 300-pound bomb on the village.")["one"] == \
        ("munitions", "launched", "other")
    assert decided("A drone dropped two bombs on the trench.")["two"] == ("munitions", "launched", "other")
    text = "Artillery shells hit the camp last week.\nOn June 17, two bombs fell on a house in the camp."
    assert decided(text)["two"] == ("munitions", "hit", "artillery")
    text = "Russia struck the city with glide bombs.\nThe mayor spoke.\nLater, one of the bombs hit a school."
    assert decided(text)["one"] == ("munitions", "hit", "glide_bomb")
    assert decided("Two car bombs exploded in the market, killing 12 people.")["Two"] is None


def test_people_a_harm_describes_are_not_who_reports_when_the_parse_makes_them_its_subject():
    text = ("Two soldiers were killed and three others injured in an attack in the Khyber district, Dawn reported on "
            "Thursday.")
    assert decided(text)["three"] == ("casualties", "injured", None)
    assert decided("Two witnesses told reporters they saw the car.")["Two"] is None


def test_missiles_aimed_at_or_targeting_a_ship_were_launched():
    text = "The rebels fired six missiles. Three were aimed at the tanker, with three others likely targeting a freighter."
    assert decided(text)["three"] == ("munitions", "launched", "missile")


def test_a_count_of_one_its_own_words_describe_as_harmed_is_a_casualty_however_the_list_is_parsed():
    text = ("The wounded included a girl in critical condition taken to the city hospital, a man in his 50s in serious "
            "condition sent to a clinic, and two others in moderate condition.")
    assert decided(text)["a man"] == ("casualties", "injured", None)


def test_a_body_found_with_wounds_is_a_death_not_an_injury():
    assert decided("The body of a man was found with gunshot wounds.")["a man"] == ("casualties", "killed", None)
    assert decided("A man was found with gunshot wounds.")["A man"] == ("casualties", "injured", None)


def test_a_count_of_one_whose_death_or_injury_a_noun_names_is_a_casualty():
    assert decided("The attack resulted in the death of a civilian.")["a civilian"] == ("casualties", "killed", None)
    assert decided("Police confirmed the killing of a farmer.")["a farmer"] == ("casualties", "killed", None)
    assert decided("The strike caused the injury of a soldier.")["a soldier"] == ("casualties", "injured", None)
