"""What a question offers a model to choose among, beside code's own pick (sentences invented for these tests): the
places the sentences around a count mention, tied to the event or not, and the speakers named around it; up to eight
options, lettered A to H in the question and in the schema its answer is decoded under."""

import json

from extractor.model.prompting import label_messages
from extractor.schemas.label import OPTION_LETTERS, restricted
from test_context import context_of


def offered_places(text: str, number: str) -> list[str]:
    return [w.text for w in context_of(text, number).places]


def test_a_site_the_sentence_before_mentions_is_offered_though_nothing_ties_it_to_the_count():
    text = "The Al-Nour displacement center was hit before dawn. Twelve people were killed, medics said."
    assert context_of(text, "Twelve").place is None  # code ties no place to the count
    assert offered_places(text, "Twelve") == ["Al-Nour displacement center"]


def test_places_described_rather_than_named_are_offered():
    text = "Violence in the southern provinces has killed more than 3,000 people since 2004, rights groups said."
    assert offered_places(text, "more than 3,000") == ["southern provinces"]


def test_each_name_that_shares_a_plural_place_noun_is_offered():
    text = ("Airstrikes killed 20 people in Arvel township’s Kyi Pauk village and Brisk township’s Leik Kya and Yae "
            "Htwet villages in Corran region on Friday.")
    offered = offered_places(text, "20")
    assert "Leik Kya" in offered and "Yae Htwet villages" in offered


def test_places_described_in_the_plural_are_offered():
    text = "Raids in the northern territories have killed 40 people this year, the ministry said."
    assert offered_places(text, "40") == ["northern territories"]
    text = "Shelling hit several towns overnight. Two civilians were killed, officials said."
    assert offered_places(text, "Two") == []  # how many places, not which


def test_the_names_between_joins_are_offered_but_not_the_sides_of_a_fight_or_days():
    text = ("Gunmen attacked a patrol between Markoye and Tokabangou on Tuesday. Four soldiers were killed, a "
            "source said. Fighting between Dorland and Estavia went on between Friday and Sunday.")
    offered = offered_places(text, "Four")
    assert "Markoye and Tokabangou" in offered
    assert not any(" and " in o for o in offered if o != "Markoye and Tokabangou")


def test_a_speaker_of_the_sentence_after_is_offered_beside_code_s_pick():
    text = "Nine soldiers died in the ambush, the army said. The state governor said the toll was higher."
    ctx = context_of(text, "Nine")
    assert ctx.source.text == "army"
    assert [w.text for w in ctx.sources] == ["army", "state governor"]


def test_eight_options_at_most_each_with_its_letter_in_the_question_and_the_schema():
    towns = ["Arvel", "Brisk", "Corran", "Dunmore", "Elsby", "Farrow", "Gilton", "Harwick", "Ilsham", "Jarrow"]
    text = " ".join(f"A drone hit a house in the town of {town}." for town in towns) + " Three people were wounded, rescuers said."
    offered = offered_places(text, "Three")
    assert len(offered) == len(OPTION_LETTERS) == 8
    assert offered[-1] == "Jarrow"  # the nearest first: the farthest are left out
    mark = dict(number="Three", noun="people", weapon=False, sources=(), places=tuple(offered), finding=None)
    question = label_messages("Three people were wounded.", [mark], ("place",))[-1]["content"]
    assert "H) Jarrow" in question and "I)" not in question
    schema = json.dumps(restricted(("injured", "other"), places=len(offered)).model_json_schema())
    assert '"H"' in schema and '"I"' not in schema


def test_a_count_is_offered_the_date_words_of_the_sentences_around_it():
    text = ("On Monday, drones hit the port. Three people were wounded, officials said on Tuesday. "
            "The army said on Wednesday that two more had died.")
    ctx = context_of(text, "Three")
    assert ctx.date.text == "On Monday"  # code's pick: the event's date carried, not the statement's
    assert [w.text for w in ctx.dates] == ["On Monday", "on Tuesday", "on Wednesday"]


def test_a_calibration_that_lets_the_model_decide_dates_takes_its_option():
    from extractor.decide import _context
    from extractor.model.arbiter import Calibration, Regression
    from extractor.schemas.label import MentionLabel

    text = "On Monday, drones hit the port. Three people were wounded, officials said on Tuesday."
    ctx = context_of(text, "Three")
    answer = MentionLabel(label="injured", date="B")  # the model picks "on Tuesday"
    never, sure = Regression({}, -5.0), Regression({}, 5.0)
    code_keeps = Calibration("m", "p", never, never, never, 0.5, 0.9)
    model_decides = Calibration("m", "p", never, never, never, 0.5, 0.9, date=sure, dates="arbiter")
    sentence = (text.index("Three"), len(text))  # the count's
    assert _context(ctx, answer, code_keeps, sentence)[2].text == "On Monday"
    assert _context(ctx, answer, model_decides, sentence)[2].text == "on Tuesday"
    again = Calibration.from_json(model_decides.to_json())
    assert again.decides("date") and again.date == sure
    older = model_decides.to_json().replace('"dates": "arbiter",', "")  # a calibration written before dates
    assert not Calibration.from_json(older).decides("date")
