"""Code's reading of each count from the parse of its sentence: what it counts, the predicate that governs it, and
what that says (sentences written for these tests)."""

import pytest
from extractor.schemas import PEOPLE_LABELS, WEAPON_LABELS

from extractor.pipeline import Extractor
from extractor.reading.article import ReadArticle
from extractor.reading.parse import parse
from extractor.reading.reading import _armed, read_counts


def read(text: str) -> dict:
    return {c.mention.text: c for c in read_counts(ReadArticle(text))}


def cue(text: str, number: str):
    return read(text)[number].cue


def test_counts_are_counts_with_what_their_noun_says():
    text = ("Overnight Russia launched 64 Shahed drones and two missiles at Odesa; air defence shot down 51 of the "
            "drones, 16 miles from the coast. A 45-year-old man and three children were killed.")
    found = read(text)
    assert "16" not in found and "45" not in found  # a distance and an age are not counts
    assert (found["64"].counts, found["64"].weapon_class) == ("weapons", "drone")
    assert (found["two"].counts, found["two"].weapon_class) == ("weapons", "missile")
    assert found["three"].counts == "people" and found["three"].labels == PEOPLE_LABELS
    assert found["51"].labels == WEAPON_LABELS and found["51"].cue == ("munitions", "intercepted", "drone")


@pytest.mark.parametrize("text, number, expected", [
    ("At least 35 people were killed in the strike.", "At least 35", ("casualties", "killed", None)),
    ("The shelling killed 12 civilians.", "12", ("casualties", "killed", None)),
    ("Three gunmen killed five villagers on Monday.", "five", ("casualties", "killed", None)),
    ("Around 3,000 soldiers have been either killed or injured.", "Around 3,000",
     ("casualties", "killed_or_injured", None)),
    ("Eleven drones did not reach their targets because of jamming.", "Eleven", ("munitions", "jammed", "drone")),
    ("The strikes caused 434 casualties, including 321 fatalities and 113 injuries.", "113",
     ("casualties", "injured", None)),
    ("The enemy shelled the village with artillery (two explosions).", "two", ("munitions", "hit", "artillery")),
    ("The army said the death toll rose to 30.", "30", ("casualties", "killed", None)),
    ("Three suicide bombers then tried to enter the compound.", "Three", ("forces", "deployed", None)),
    ("The IDF says 99% of the 300 or so Iranian munitions were shot down.", "300 or so",
     ("munitions", "launched", "other")),
])
def test_the_predicate_says_what_happened(text, number, expected):
    assert cue(text, number) == expected


def test_who_did_it_is_not_a_casualty_and_a_statement_of_nothing_is_no_fact():
    assert cue("Three gunmen killed five villagers on Monday.", "Three") is None
    # those who attacked are a force, by whichever voice the sentence says it
    assert cue("The post was attacked by 50 militants, killing 3 soldiers.", "50") == ("forces", "deployed", None)
    assert cue("No one was killed, officials said.", "one") is None
    assert cue("Belarus could accommodate the deployment of ten or more missiles.", "ten or more") == (
        "munitions", "other", "missile")  # planned, not launched: munitions/other (conventions)
    assert cue("The army plans to send 10,000 troops to the border.", "10,000") is None
    assert cue("As many as 60,000 troops may have been killed.", "As many as 60,000") == (
        "casualties", "killed", None)  # an estimate of the past is a fact


def test_counts_of_one_are_casualties_the_parse_reads_so():
    found = read("A 67-year-old woman and a 52-year-old man died, he said. A local official told AFP that an "
                 "elderly woman was wounded.")
    assert found["A 67-year-old woman"].cue == found["a 52-year-old man"].cue == ("casualties", "killed", None)
    assert found["an elderly woman"].cue == ("casualties", "injured", None)
    assert found["A local official"].cue is None  # a speaker, not a casualty
    found = read("A paramilitary ranger was killed near the border. A man suffered a shrapnel wound in his arm, and "
                 "a woman sustained a concussion.")
    assert found["A paramilitary ranger"].cue == ("casualties", "killed", None)
    assert found["A man"].cue == found["a woman"].cue == ("casualties", "injured", None)
    assert "a dozen" not in read("They shot down a dozen drones.") or cue(
        "They shot down a dozen drones.", "a dozen")[0] == "munitions"


def test_whom_only_the_living_undergo_are_people_whatever_the_noun():
    found = read("Six Abu Sayyaf bandits and a marine were killed in a firefight. Gunmen ambushed the patrol, killing "
                 "two officers and four customs inspectors. A day earlier three Armenians died.")
    assert found["Six"].counts == "people" and found["Six"].cue == ("casualties", "killed", None)
    assert found["four"].cue == found["three"].cue == ("casualties", "killed", None)
    found = read("Troops destroyed five tanks and seized 12 trucks. The army said three armoured vehicles were hit.")
    assert found["five"].counts != "people" and found["12"].counts != "people" and found["three"].counts != "people"


def test_a_count_of_one_counts_its_person_and_losing_ones_life_is_dying():
    extracted = Extractor(use_model=False).extract(
        "A 71-year-old woman and a 45-year-old man died, the governor wrote. Officials said a border guard had "
        "lost his life.")
    killed = [f.text for f in extracted.facts if f.role == "killed"]
    assert killed == ["A 71-year-old woman", "a 45-year-old man", "a border guard"]  # two people, not one restated


def test_a_list_over_lines_keeps_its_verb_past_a_dash_and_an_aside():
    found = read("38 drones were destroyed over the Pskov region,\n21 - over the Tver region,\n19 - over the "
                 "Smolensk region, including 12 allegedly flying toward Smolensk,\n9 - over Ryazan region,\n"
                 "5 - over Penza region.")
    assert {n: c.cue for n, c in found.items()} == {n: ("munitions", "intercepted", "drone")
                                                     for n in ("38", "21", "19", "12", "9", "5")}


def test_armed_people_and_a_force_s_size_are_forces():
    assert cue("Police encircled about 40 armed gunmen near the church.", "about 40") == (
        "forces", "deployed", None)
    assert cue("Border troops repelled a band of between 12 and 18 armed saboteurs.", "between 12 and 18") == (
        "forces", "deployed", None)
    assert cue("The breakaway fighters total about 3,100, a research group says.", "about 3,100") == (
        "forces", "deployed", None)
    assert cue("Police killed five armed men.", "five") == ("casualties", "killed", None)  # harmed: casualties
    assert cue("Talks between the two nuclear-armed neighbours stalled.", "two") is None
    assert _armed(parse("Armed men stormed the post.")[1])  # "armed" the text's first word: nothing before it


def test_shot_dead_and_among_the_dead_or_wounded():
    assert cue("Gunmen shot dead a teacher in Kandahar.", "a teacher") == ("casualties", "killed", None)
    assert cue("Police said a boy was among the dead.", "a boy") == ("casualties", "killed", None)
    assert cue("Two soldiers were among the wounded.", "Two") == ("casualties", "injured", None)


def test_facts_of_category_other():
    assert cue("The IDF said 99% of the rockets were intercepted.", "99")[:2] == ("other", "percent")
    assert cue("Hezbollah fired an average of 40 rockets daily.", "40")[:2] == ("other", "rate_per_day")
    assert cue("Russians shelled the town 21 times over the past day.", "21")[:2] == ("other", "attacks")
    assert cue("Soldiers occupied the village for two days.", "two")[:2] == ("other", "duration_days")
    assert cue("Ukraine and Russia swapped 116 prisoners on Saturday.", "116")[:2] == ("other", "prisoners_exchanged")
    assert cue("The strike damaged 26 buildings.", "26")[:2] == ("other", "buildings_damaged")
    assert cue("There are 72 apartments in the block.", "72") is None  # nothing damaged them
    assert cue("Of the rockets fired, 14 fell short in Gaza.", "14") == ("munitions", "other", "rocket")


def test_a_sub_count_names_its_total():
    found = read_counts(ReadArticle("At least 35 people were killed, including two children."))
    assert found[1].part_of == 0 and found[1].cue == ("casualties", "killed", None)


def test_the_prompt_offers_exactly_the_labels_of_the_vocabulary():
    """The labels the instructions explain are the ones the answer's grammar allows (schemas/vocab.py LABELS), and
    every worked example answers with one of them."""
    import re
    import tomllib

    from extractor.model.prompting import _read
    from extractor.schemas import LABELS

    explained = re.findall(r"^- (\w+):", _read("label_system.j2"), re.MULTILINE)
    assert sorted(explained) == sorted(LABELS) and len(explained) == len(set(explained))
    examples = tomllib.loads(_read("label_examples.toml"))["example"]
    answered = {mark["label"] for example in examples for mark in example["marks"]}
    assert answered == set(LABELS)  # every label shown at work once at least
    for example in examples:  # each worked passage marks ⟦1⟧…⟦n⟧, one per answer, in order
        assert re.findall(r"⟦(\d+)⟧", example["passage"]) == [str(k) for k in range(1, len(example["marks"]) + 1)]
