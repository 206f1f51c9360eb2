"""What happened, by whom, to whom (extractor/reading/actors.py), on sentences written for these tests."""

import pytest

from extractor.reading.actors import kind_named, what
from extractor.reading.parse import parse


def sides(text: str, k: int = 0):
    doc = parse(text)
    sentences = list(doc.sents)
    found = what(sentences, k, text.rfind("\n", 0, sentences[k].start_char) + 1)
    return (found.kind[1] if found.kind else None, found.attacker.text if found.attacker else None,
            found.attacked.text if found.attacked else None)


@pytest.mark.parametrize("text, expected", [
    ("Russian forces launched 90 drones at Ukraine overnight.", ("Air/drone strike", "Russian forces", None)),
    ("Two people were killed by Russian shelling in Kherson.",
     ("Shelling/artillery/missile attack", "Russian", None)),
    ("The RSF drone strike killed 43 worshippers in El Fasher.", ("Air/drone strike", "RSF", "worshippers")),
    ("Israeli troops opened fire on civilians near the aid site, killing 27.",
     ("Attack", "Israeli troops", "civilians")),
    ("Gunmen abducted 20 students in Kaduna state.", ("Abduction/forced disappearance", "Gunmen", "students")),
    ("A suicide bomber killed 12 people outside the court.", ("Suicide bomb", "suicide bomber", None)),
    ("Clashes between the army and rebels left 9 dead.", ("Armed clash", None, None)),
])
def test_a_sentence_names_its_kind_of_violence_and_its_sides_as_written(text, expected):
    assert sides(text) == expected


def test_a_place_is_never_the_attacked_and_a_sentence_naming_nothing_gives_nothing():
    assert sides("Russia launched an attack on Kyiv, killing 4.") == (None, "Russia", None)
    assert sides("Four people died on Tuesday.") == (None, None, None)
    assert kind_named("the weather was mild") is None


def test_sides_carry_within_a_paragraph_never_across_one():
    text = "Russian forces shelled the town. Four people were killed.\nThree more died in hospital."
    assert sides(text, 1)[1] == "Russian forces"
    assert sides(text, 2)[1] is None


def test_a_results_events_carry_their_kind_and_sides_and_a_total_over_time_is_an_event_of_its_own():
    import datetime as dt

    from extractor.pipeline import Extractor
    from extractor.settings import Settings

    text = ("Russian forces launched 40 drones at Odesa overnight, killing 2 civilians. "
            "Since February 2022, 12,000 civilians have been killed in Ukraine, the UN says.")
    result = Extractor(Settings(use_model=False)).extract(text, article_id="a", published=dt.date(2025, 3, 7))
    event_of = {row.text: row.event_id for row in result.facts}
    assert event_of["40"] == event_of["2"] != event_of["12,000"]
    [strike] = [e for e in result.extraction.events if f"a#{e.id}" == event_of["40"]]
    assert (strike.sub_event_type, strike.actor1.text) == ("Air/drone strike", "Russian forces")
    assert text[strike.actor1.start:strike.actor1.end] == "Russian forces"


@pytest.mark.parametrize("words, over_time", [
    ("More than 900 people have been killed in the last five years of the revolt", True),
    ("Over the past three days, 40", True),
    ("Within a week, the army fired 700", True),
    ("For the whole month the rate stood at 85", True),
    ("The ministry said the total number of dead had climbed to 3,100", True),
    ("According to the latest official figures, 14", True),
    ("Some 2,000 fighters have died in the ensuing conflict", True),
    ("A drone strike on the market killed 6", False),
    ("In the past 24 hours, strikes killed 31", False),
    ("A total of 12", False),  # how many the one strike killed
])
def test_words_of_a_span_of_time_make_a_count_a_total_over_it(words, over_time):
    from extractor.reading.actors import cumulative
    assert cumulative(words) is over_time
