"""Where a count happened, on sentences written for these tests: the error classes read on dev (eval/GUIDE.md,
"Places and sources")."""

from extractor.reading.scale import TOWN, scale
from test_context import place


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


def test_the_one_camp_named_however_often_shortened_is_the_camp_a_described_mention_means():
    text = ("Mortar rounds struck a crowded displaced persons (IDP) camp in the Tor district on Sunday, killing three "
            "children.\nThe shells landed near the mosque of the Bala Noor IDP camp, residents said.\n"
            "Aid workers said the Bala Noor camp holds 4,000 people, and the IDP camp has no shelter.")
    assert place(text, "three") == "Bala Noor IDP camp"


def test_a_settlement_said_to_be_another_is_not_the_one_named():
    text = ("Soldiers burned the village of Kan Taw on Monday.\n"
            "In a nearby village in the Tor district, gunmen killed 7 farmers.")
    assert place(text, "7") == "Tor district"


def test_a_settlement_s_kind_written_before_its_name_makes_it_a_town():
    assert scale("Sitio Bud Kaha") == scale("Kibbutz Nir Oz") == TOWN


def test_a_region_with_its_own_name_is_the_place_not_the_country_after_its_of():
    assert place("Militants killed 6 soldiers in the Tor district of northern Kashmir.", "6") == "Tor district"
    assert place("Fighting went on in the Kursk region of Russia, where 40 soldiers died.", "40") == "Kursk region"
    assert place("Shelling killed 3 people in the city of Kherson.", "3") == "Kherson"  # the noun vouches for a name


def test_a_count_tied_to_the_event_told_before_takes_that_event_s_place():
    text = ("Insurgents shelled the Tor district on Friday, the army said.\n"
            "On Saturday a bus was ambushed near Kan Taw as it left the market.\n"
            "Six of its passengers were killed in the attack, officials said.")
    assert place(text, "Six") == "Kan Taw"
    text = ("Insurgents shelled the Tor district on Friday, the army said.\n"
            "On Saturday a bus was ambushed near Kan Taw as it left the market.\n"
            "Since January, 600 people have fled their homes.")
    assert place(text, "600") == "Tor district"  # no event referred back to: the lead's place


def test_where_munitions_were_launched_in_is_not_where_they_were_downed():
    text = "Four drones fired by the rebels in Yemen over the Red Sea were downed by a destroyer."
    assert place(text, "Four") == "Red Sea"
    # a casualty count keeps the place it happened in
    assert place("Rebels fired rockets in Yemen, killing 3 people.", "3") == "Yemen"


def test_munitions_downed_above_a_place_were_downed_there():
    assert place("Nine missiles were downed above Syria, the army said.", "Nine") == "Syria"


def test_a_country_gives_way_to_the_one_province_named_next_when_nothing_finer_is():
    text = ("A bomb killed 4 soldiers in southern Thailand on Monday.\n"
            "The patrol was driving in Yala province when the device went off.")
    assert place(text, "4") == "Yala province"
    text = ("A bomb killed 4 soldiers in southern Thailand on Monday.\n"
            "The patrol was driving near Bannang Sata in Yala province when the device went off.")
    assert place(text, "4") == "Bannang Sata"  # the region only says where the town is


def test_a_place_said_to_be_another_and_a_sea_beyond_a_country_are_no_finer_place():
    text = ("Gunmen killed 9 police officers in central Mexico on Friday.\n"
            "In 2019 gunmen ambushed a patrol in the neighbouring state of Michoacan.")
    assert place(text, "9") == "central Mexico"
    text = "Jets struck 7 rebel sites in Yemen on Friday.\nThe rebels have attacked ships in the Red Sea."
    assert place(text, "7") == "Yemen"


def test_a_country_whose_things_are_struck_is_where():
    text = ("Talks stalled in Geneva on Monday.\n"
            "Moscow has sent waves of drones to weaken Ukraine's air defences. On Sunday it fired 40 drones.")
    assert place(text, "40") == "Ukraine"
    text = "Talks stalled in Geneva on Monday.\nOvernight strikes on Ukraine's power grid wounded 5 workers."
    assert place(text, "5") == "Ukraine"
    text = "Talks stalled in Geneva on Monday.\nUkraine's army said 5 soldiers were wounded."
    assert place(text, "5") == "Geneva"  # a country that only owns the speaker is no place


def test_where_the_people_counted_live_is_where():
    text = "Fighting spread across the Tor district.\nSince March, 4,000 north Dalan residents have fled their homes."
    assert place(text, "4,000") == "north Dalan"
    assert place("Shelling hit Tor district.\nThree Kan Taw villagers were killed.", "Three") == "Kan Taw"


def test_a_road_named_by_the_towns_it_joins_is_the_place():
    text = ("Gunmen killed 12 travellers in northern Niger on Sunday.\n"
            "The bus was attacked on the road between the towns of Tahoua and Konni.")
    assert place(text, "12") == "road between the towns of Tahoua and Konni"


def test_its_territory_is_the_country_whose_body_says_so():
    text = "Talks stalled in Geneva.\nChad's army said rebels fired 12 rockets against its territory on Friday."
    assert place(text, "12") == "Chad"
    text = "Talks stalled in Geneva.\nChad's army said Sudan's rebels fired 12 rockets against its territory."
    assert place(text, "12") == "Geneva"  # two countries: whose territory is not said


def test_a_bare_name_gives_way_to_the_town_where_the_next_paragraph_says_the_event_was():
    text = ("Rebels killed 4 soldiers on Monday in Basilan, the army said.\n"
            "The renewed fighting broke out at dawn in Sitio Lantawan as troops searched for hostages.")
    assert place(text, "4") == "Sitio Lantawan"
    text = ("Rebels killed 4 soldiers on Monday in Basilan, the army said.\n"
            "Troops later rested in Sitio Lantawan.")
    assert place(text, "4") == "Basilan"  # a town named for something else: the bare name may be a city around it
