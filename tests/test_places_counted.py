"""Places written as a count of places ("in eight Moldovan districts") say only the country they lie in."""

from test_context import place


def test_a_count_of_regions_is_the_country_the_article_names_for_them():
    text = ("LVIV (Reuters) - Ukraine's military said on Friday it downed all 31 drones sent overnight.\n\n"
            "Air defence units were active in seven Ukrainian regions, the military said.")
    assert place(text, "31") == "Ukraine"


def test_drones_downed_over_a_count_of_regions_are_placed_in_the_country():
    text = ("Poland's army said on Monday it downed 17 drones over six Ukrainian provinces near its border, "
            "days after Ukraine asked for help.")
    assert place(text, "17") == "Ukraine"


def test_the_hospital_whose_records_give_the_toll_is_not_where_people_died():
    text = ("Officials said at least 40 people were killed in Israeli strikes on Rafah on Monday. Records at the "
            "Kuwaiti Hospital show that nine women were among the dead.")
    assert place(text, "nine") == "Rafah"


def test_hospitals_that_treated_the_hurt_are_not_where_they_were_hurt():
    text = ("A rocket struck a market in the Haifa district, wounding 20 people. Three others were treated at "
            "Rambam and Carmel Hospitals.")
    assert place(text, "Three") == "Haifa district"


def test_a_list_of_counts_over_regions_keeps_each_region():
    text = ("The ministry said 30 drones were downed overnight:\n"
            "12 - over the Bryansk region,\n"
            "9 - over Lipetsk region,\n"
            "and one - over Kaluga region.")
    assert place(text, "9") == "Lipetsk region"


def test_a_locality_named_after_the_district_is_the_finer_place():
    text = ("At least four guards were killed in an assault in Pakistan's Orakzai district, a paper said on Monday. "
            "Local people told the paper the patrol came under fire in Sarpul locality, a few miles from the market.")
    assert place(text, "At least four") == "Sarpul locality"


def test_a_count_spread_over_a_count_of_regions_has_no_one_place():
    text = ("LVIV (Reuters) - Air defences downed 35 of 40 drones over six regions overnight.\n\n"
            "In the Poltava region, debris damaged a barn, the governor said.")
    assert place(text, "35") is None
