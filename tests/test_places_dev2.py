"""Where a count happened, on sentences written for these tests: the error classes read on dev (eval/GUIDE.md,
"Places and sources")."""

from test_places import place


def test_a_town_the_recogniser_takes_for_a_person_is_still_a_place():
    # the small model tags "Zaporizhzhia" a person in these sentences; GeoNames knows the town
    text = ("Moscow keeps up its air war, officials in Ukraine said.\n"
            "Russian troops attacked Zaporizhzhia with nine glide bombs at dawn.\n"
            "Regional officials later said 21 people were hurt.")
    assert place(text, "21") == "Zaporizhzhia"
    assert place("The strike on Zaporizhzhia wounded 6 residents.", "6") == "Zaporizhzhia"


def test_the_object_of_an_attack_noun_is_where_it_happened():
    assert place("Four people died in the shelling of Kherson overnight.", "Four") == "Kherson"
    assert place("The bodies of 5 Ukrainians were returned.", "5") is None  # "of" a people is no place
