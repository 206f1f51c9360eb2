"""Where a count happened (reading/places.py, reading/scale.py), on sentences written for these tests: the most
specific place the article ties to the count (eval/GUIDE.md, "Places and sources")."""

from extractor.reading.scale import COUNTRY, DISTRICT, NAMED, REGION, TOWN, scale
from test_context import place



def test_a_place_s_words_stop_at_a_clause_or_a_place_hanging_from_it():
    assert place("Rescuers worked in Saltivka, where rescue teams found 4 bodies.", "4") == "Saltivka"
    assert place("Six people died in the Abu Dara camp in Tawil city on Monday.", "Six") == "Abu Dara camp"


def test_a_kind_of_ground_names_no_place_and_a_place_noun_vouches_for_its_name():
    # "open areas" says nothing of where: the place named in the sentence is the count's
    assert place("Forty rockets fell in open areas, officials in Israel said.", "Forty") == "Israel"
    text = "A shell struck a shop in the northern city of Ashkelon, wounding three people."
    assert place(text, "three") == "Ashkelon"
    assert place("Eleven rockets fell into the sea.", "Eleven") == "sea"


def test_a_place_hanging_from_the_number_is_its_own():
    text = "Officials said 30 died in Karvel prison, in southern Peru, 12 in the port city of Callao, on the coast."
    assert place(text, "12") == "Callao"
    assert place(text, "30") == "Karvel prison"


def test_the_one_finer_place_named_next_for_the_event_replaces_a_country_or_region():
    text = ("Gunmen killed nine soldiers in northern Burkina Faso on Monday, the army said.\n"
            "The convoy was ambushed near Namsiguia as it returned to base.")
    assert place(text, "nine") == "Namsiguia"
    text = ("A strike on the Kharkiv region killed two people overnight.\n"
            "The governor said the shells fell on the town of Kupyansk.")
    assert place(text, "two") == "Kupyansk"


def test_the_broad_place_stays_with_two_finer_places_for_munitions_and_for_totals_over_time():
    two = ("Shelling killed two people in the Kharkiv region overnight.\n"
           "One shell fell on Kupyansk. Another hit a house in Balakliia.")
    assert place(two, "two") == "Kharkiv region"  # which town is not known
    # (named together, "the towns of Kupyansk and Balakliia", they are one place: test_reading_unseen)
    launched = "Russia launched 40 drones at the Kharkiv region overnight.\nOne hit a house in the town of Kupyansk."
    assert place(launched, "40") == "Kharkiv region"  # the region-wide attack, not the town one drone hit
    total = "Since the war began, 14,000 people have been killed in Sudan.\nOn Monday shells hit the Abu Shouk camp."
    assert place(total, "14,000") == "Sudan"  # a war-long total is the country's


def test_where_a_speaker_works_is_no_finer_place():
    text = ("Militants killed five soldiers in Mali's Kidal region, said Wassim Nasr.\n"
            "Nasr, a fellow at the Soufan Center in Bamako, counted the bodies.")
    assert place(text, "five") == "Mali's Kidal region"


def test_how_specific_the_words_are():
    assert scale("northern Burkina Faso") == scale("neighbouring Serbia") == scale("Thailand’s") == COUNTRY
    assert scale("Sagaing Region") == scale("Kyiv and Kirovohrad regions") == scale("Lebanon border") == REGION
    assert scale("Kupyansk", "town") == scale("Hnan Khar Village") == scale("Mir Ali area") == TOWN
    assert scale("North Waziristan", "district") == scale("Gangaw Township") == DISTRICT
    assert scale("Sulu") == scale("regime-controlled areas") == NAMED


def test_a_direction_stays_with_the_place_it_names_a_part_of():
    assert place("Militants killed 14 soldiers in northern Afghanistan.", "14") == "northern Afghanistan"
    assert place("Rockets damaged 11 homes in southern Israel.", "11") == "southern Israel"


def test_a_place_that_only_says_where_the_finer_one_is_is_not_another_and_a_district_gives_way_to_a_town():
    text = ("Shelling killed seven people in the Darfur region on Wednesday.\n"
            "Shells hit the Abu Dara camp in Tawil city, witnesses said.")
    assert place(text, "seven") == "Abu Dara camp"  # the city only says where the camp is
    text = ("Militants killed four soldiers in the tribal district of North Waziristan.\n"
            "They attacked a post in the Mir Ali area before dawn.")
    assert place(text, "four") == "Mir Ali area"
    text = "Militants killed four soldiers in the tribal district of North Waziristan.\nThey fled to Kabul."
    assert place(text, "four") == "North Waziristan"  # where they fled is not where it happened


def test_a_region_after_a_preposition_the_parse_left_without_its_object_is_still_the_place():
    text = ("The ministry listed the drones it downed:\n51 drones were downed over the Smolensk region,\n"
            "44 - over the Tver region,\n38 - over Pskov region,\n12 - over Penza region,\n9 - over Kirov region,\n"
            "5 - each over Omsk and Tomsk regions.")
    assert place(text, "38") == "Pskov region" and place(text, "12") == "Penza region"


def test_a_region_named_just_after_a_town_only_says_where_the_town_is():
    text = "A missile attack on a market in the town of Belka, also in the Orel region, injured seven, officials said."
    assert place(text, "seven") == "Belka"
    text = "Another attack took place on Monday in Dori, in the eastern Seno province, killing four auxiliaries."
    assert place(text, "four") == "Dori"
    assert place("Shelling killed 3 people in the Orel region on Monday.", "3") == "Orel region"


def test_a_count_borrowing_the_lead_s_place_keeps_it_broad_once_the_article_names_other_places():
    lead = ("Shelling killed four people in northern Burkina Faso on Monday, the army said.\n"
            "The shells fell near Namsiguia, a village.\n")
    toll = "The conflict has displaced two million people, the UN said.\n"  # names no place: borrows the lead's
    assert place(lead + toll, "two million") == "Namsiguia"  # nothing else named since: the lead event's place
    other = "Separately, troops advanced near Dori and in the town of Gorom-Gorom, residents said.\n"
    assert place(lead + other + toll, "two million") == "northern Burkina Faso"  # the article moved on
    assert place(lead + other + toll, "four") == "Namsiguia"  # the lead's own count keeps its finer place


def test_a_place_of_a_clause_with_its_own_count_is_not_another_count_s():
    # the parse hangs the first clause from the second's verb: "Gaza" is where the 9 fell, not "Israel"
    text = ("Another 30 shells landed in fields in southern Israel, 9 fell short in Gaza, 5 landed in the sea, "
            "the army said.")
    assert place(text, "9") == "Gaza"
    assert place(text, "5") == "sea"
    sirens = "After sirens sounded in northern Israel, about 20 launches toward Israeli territory were identified."
    assert place(sirens, "about 20") == "northern Israel"  # the sirens' clause counts nothing of its own


def test_a_later_paragraph_telling_where_the_event_was_gives_the_finer_place():
    text = ("Gunmen killed seven guards in western Nigeria on Friday, officials said.\n"
            "The government condemned the killings.\n"
            "Police said the group had been active for months.\n"
            "Several gangs operate in the area around Birnin Gwari, where the ambush occurred.")
    assert place(text, "seven") == "Birnin Gwari"
    opening = ("Militants killed nine policemen in a remote part of northern Mali on Monday, officials said.\n"
               "The army sent reinforcements.\n"
               "Aid groups said the fighting had displaced many.\n"
               "The attack on a checkpoint in the town of Boni began before dawn.")
    assert place(opening, "nine") == "Boni"
    other = ("Gunmen killed seven guards in western Nigeria on Friday, officials said.\n"
             "The government condemned the killings.\n"
             "Police said the group had been active for months.\n"
             "Several gangs operate in the area around Birnin Gwari.")
    assert place(other, "seven") == "western Nigeria"  # no word says the event was there


def test_where_a_person_travelled_is_no_place_of_the_count():
    text = ("Gunmen killed five soldiers near the border, the ministry said.\nThe minister urged calm.\n"
            "She arrived in Tbilisi on Tuesday from Yerevan.\n"
            "The clashes took place in the village of Kemerli, in the Qazax district.")
    assert place(text, "five") == "Kemerli"
    assert place("Reinforcements of 300 troops arrived in Kupwara on Monday.", "300") == "Kupwara"  # deployed there


def test_where_the_hurt_were_taken_is_not_where_they_were_hurt():
    text = ("Gunmen opened fire on a patrol in the village of Rudare on Sunday.\n"
            "Officers drove back the attackers and took three wounded colleagues to the hospital in Zvecan.")
    assert place(text, "three") == "Rudare"
    struck = "A drone hit a hospital in Kherson, wounding four nurses."
    assert place(struck, "four") == "Kherson"  # the hospital struck is where


def test_a_relative_place_keeps_its_named_place():
    assert place("Two people were killed in a strike west of Khan Younis.", "Two") == "Khan Younis"
    assert place("Shelling killed three people 10 km north of Kherson.", "three") == "Kherson"
    # a place that only says where another lies is not the event's
    assert place("Militants killed two fighters in Salaheddin province north of Baghdad.", "two") == \
        "Salaheddin province"
    text = ("Near the border, an ambush killed about forty fighters in a convoy, an analyst said.\n"
            "By his account, the convoy was ambushed south of the commune of Anefis.")
    assert place(text, "about forty") == "Anefis"


def test_a_ship_is_a_target_and_the_water_it_sails_is_where():
    text = ("On Friday the rebels fired two missiles out of Yemen toward the tanker MV Star Trader in the Gulf of "
            "Aden, officials said.")
    assert place(text, "two") == "Gulf of Aden"
    timed = ("The barrage, launched at about 8:30 p.m. Monday in Yemen, included 12 drones. The attack was launched "
             "toward shipping lanes in the southern Red Sea.")
    assert place(timed, "12") == "southern Red Sea"  # "at" a time names no target: Yemen is where it was launched


def test_the_one_town_a_casualty_s_sentence_names_beside_its_region_is_its_place():
    assert place("Gunmen killed six villagers in the Mopti region on Sunday in an attack on the village of Brisk, "
                 "the army said.", "six") == "Brisk"
    # two towns named apart: the region stays (named together, "the villages of Brisk and Corran", they are one
    # place); a capital is the city named again, not a finer place; munitions keep the region
    assert place("Gunmen killed six villagers in the Mopti region on Sunday in attacks on Brisk and on the outskirts "
                 "of Corran, the army said.", "six") == "Mopti region"
    assert place("Gunmen killed six villagers in the Mopti region on Sunday in attacks on the villages of Brisk and "
                 "Corran, the army said.", "six") == "Brisk and Corran"
    assert place("Nine people were killed in Tripoli on Monday, the worst day in the Libyan capital this year.",
                 "Nine") == "Tripoli"
    assert place("Drones launched 40 missiles at the Kharkiv region overnight, striking the town of Brisk.",
                 "40") == "Kharkiv region"


def test_an_acronym_no_entity_names_after_a_weak_preposition_is_a_group_not_a_place():
    text = "After Baghdad declared victory against ISIL in late 2019, the alliance shrank to less than 3,500 troops."
    assert place(text, "less than 3,500") is None
    assert place("Drones launched from RSF positions killed 12 people in Omdurman.", "12") == "Omdurman"


def test_a_place_in_a_clause_describing_the_speaker_is_not_where_the_count_happened():
    text = ("Air strikes hit Saraqib on Monday, killing 30 people. The Observatory, which has a network of sources in "
            "Syria, said 16 children were among the dead.")
    assert place(text, "16") == "Saraqib"
    assert place("The monitor, which has sources in Syria, said 16 children died.", "16") is None


def test_a_river_bank_or_border_a_town_lies_on_only_says_where_the_town_is():
    text = ("Troops shelled the village of Kozatske on the river's east bank.\n"
            "Two women were wounded and a man was killed.")
    assert place(text, "Two") == "Kozatske"
    text = "A missile hit a plant in Kremenchuk, a city on the Dnieper River. Three rockets were shot down, it said."
    assert place(text, "Three") == "Kremenchuk"
    assert place("Soldiers fought gunmen in Rafah on the Egyptian border, killing five.", "five") == "Rafah"


def test_a_platform_words_went_out_on_is_no_place():
    text = ("Rebels killed six soldiers in an attack on a base.\n"
            "The minister condemned the attack on social media platform X and said more drones would be bought.")
    assert place(text, "six") is None


def test_a_named_site_a_later_paragraph_says_the_attack_happened_at_is_the_place():
    text = ("A twin bombing killed at least 30 people and wounded some 100 in central Mosul on Thursday, officials said."
            "\nThe officials said most of the wounded had been treated.\n"
            "The attack occurred in a crowded market in the city's Khulani Square.")
    assert place(text, "at least 30") == "Khulani Square"


def test_a_district_gives_way_to_a_name_a_sentence_on_the_event_puts_it_at():
    text = ("Four soldiers were killed in an ambush by insurgents on Saturday in the state's Tamenglong district, "
            "police said.\nTwo other soldiers were also injured in the attack at around 11 am at Khoupum, about 40 "
            "kilometres from the district headquarters.")
    assert place(text, "Four") == "Khoupum"
    # not a name a sentence on something else names
    text = ("Four soldiers were killed in an ambush by insurgents on Saturday in the state's Tamenglong district, "
            "police said.\nThe governor later flew to Khoupum.")
    assert place(text, "Four") == "state's Tamenglong district"
