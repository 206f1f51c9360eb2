"""A regional official speaks for a territory: "the governor of the X region said four drones were shot down there"
places the four in the X region, when their sentence names no other place."""

from test_context import place

from extractor.pipeline import Extractor


def test_a_governor_tells_of_the_region_they_govern():
    text = ("KYIV - Ukraine's air force said on Sunday it downed 20 of 25 drones launched overnight.\n\n"
            "The governor of the Zhytomyr region said four of the drones were shot down there.")
    assert place(text, "four") == "Zhytomyr region"
    assert place(text, "20") != "Zhytomyr region"


def test_a_regional_name_before_the_title_is_the_territory():
    text = ("Russia struck Ukraine overnight with drones and missiles, officials said.\n\n"
            "Two people were wounded, Sumy Governor Ivan Kovalenko said on Telegram.")
    assert place(text, "Two") == "Sumy"


def test_a_place_the_sentence_names_stays_before_the_officials():
    text = ("The governor of the Odesa region said three civilians were killed in Izmail on Tuesday.")
    assert place(text, "three") == "Izmail"


def test_a_national_body_is_not_a_territory_and_a_rank_is_not_a_place():
    assert place("Ukraine's air force said 12 drones were downed.", "12") is None
    assert place("Lieutenant Colonel Ivan Petrenko said two soldiers were killed.", "two") is None


def test_a_governor_telling_the_lead_again_for_their_region_is_one_fact():
    extracted = Extractor(use_model=False).extract(
        "Ukraine's air force said on Friday it shot down one of three missiles fired overnight.\n\n"
        "Oleh Marchenko, the governor of the Poltava region, said the air force had shot down one missile over his "
        "region, and that nobody was hurt.")
    intercepted = [f.text for f in extracted.facts if f.role == "intercepted"]
    assert intercepted == ["one"]


def test_where_a_speaker_is_is_not_the_finer_place_of_the_lead():
    text = ("At least three people were killed in gunfights in several districts of Mizoram over the past day, "
            "officials said on Monday.\n\n"
            "Officials in Aizawl said that gangs traded fire through the night at Tlangpui, in Kolasib district.")
    assert place(text, "At least three") == "Tlangpui"


def test_where_a_speaker_is_places_a_count_whose_sentence_names_no_other_place():
    assert place("Officials in Lviv said two people were killed.", "two") == "Lviv"


def test_a_town_before_a_governors_title_is_the_territory_whatever_the_recogniser_took_it_for():
    text = ("Drones were downed over several regions overnight, the air force said.\n\n"
            "Khmelnytskyi Governor also said the air force had shot down seven drones above his region.")
    assert place(text, "seven") == "Khmelnytskyi"
