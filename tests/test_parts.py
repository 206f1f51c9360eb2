"""Parts told beyond their total's clause (eval/GUIDE.md, Parts), in sentences written for these tests: a part taken
"of" a total, one told before and named by its noun or a pronoun, "among" the dead or wounded told before, and a
breakdown adding up to the total it follows; and what is no part."""

from extractor.decide import facts
from extractor.reading.article import ReadArticle
from extractor.reading.context import contexts
from extractor.reading.reading import read_counts


def counts_and_facts(text: str):
    """The counts code finds in a text, and the facts it decides of them."""
    read = ReadArticle(text)
    found = read_counts(read)
    return found, facts(read, found, contexts(read, found))


def parts(text: str) -> dict[str, str | None]:
    """Each fact's words, with the words of the total it is part of."""
    found, decided = counts_and_facts(text)
    return {f.count.mention.text: found[f.part_of].mention.text if f.part_of is not None else None for f in decided}


def test_a_part_taken_of_a_stated_total_is_part_of_it():
    assert parts("Air defences shot down 29 of 30 missiles overnight.")["29"] == "30"
    assert parts("Only 12 out of 40 drones were intercepted.")["12"] == "40"


def test_a_part_taken_of_a_total_told_before_is_part_of_it_however_far_back_its_noun_names_it():
    text = ("Militants fired 40 rockets at the town on Monday, the army said.\n"
            "Schools stayed closed and residents sheltered in basements.\n"
            "Trains were cancelled across the region.\n"
            "Air defences intercepted 31 of the rockets, the army added.")
    assert parts(text)["31"] == "40"
    assert parts("The war has killed 800 soldiers, the ministry said. Of those, 500 died in the first year.")[
        "500"] == "800"
    # "of which", "of whom": the same partitive
    assert parts("Russia launched 40 drones, 30 of which were shot down.")["30"] == "40"
    assert parts("The raid left 11 villagers dead, including five farmers, two of whom were brothers.")["two"] == "five"


def test_a_part_among_the_dead_or_wounded_is_part_of_that_total_not_of_the_other():
    found = parts("The strike killed 30 people and wounded 75, officials said. Among the wounded are 14 children.")
    assert found["14"] == "75" and found["30"] is None


def test_what_became_of_launched_munitions_adds_up_to_them():
    found = parts("Militants launched 26 rockets at the border town on Tuesday. Sixteen rockets exploded in open "
                  "areas, six fell short and four were intercepted.")
    assert found["Sixteen"] == found["six"] == found["four"] == "26"


def test_counts_that_only_happen_to_add_up_are_no_parts():
    # "each" multiplies: 7 and 4 each are 15, not 11
    found = parts("Air defences destroyed 11 drones overnight: 7 over the Kursk region and 4 each over the Oryol and "
                  "Bryansk regions.")
    assert found["7"] is None
    # "more" adds to a toll; another day's dead are another day's
    assert parts("Gunmen killed five people in the market, police said. Three bodies were found on the road and two "
                 "more died in hospital.")["Three"] is None
    assert parts("Gunmen killed five villagers on Tuesday. On Thursday, gunmen killed three traders. On Friday two "
                 "were killed.")["three"] is None


def test_a_list_adding_up_to_the_total_it_follows_is_its_parts_and_no_item_holds_the_next():
    text = ("The monitor documented 65 civilian deaths last month, including 13 children:\n"
            "• 24 civilians, including a woman, were killed by gunfire.\n"
            "• 18 civilians, including two women, were killed in shelling.\n"
            "• 12 civilians died under torture.\n"
            "• Six civilians were killed by explosions.\n"
            "• Five civilians were killed by mines.")
    found = parts(text)
    assert found["24"] == found["18"] == found["12"] == found["Six"] == found["Five"] == "65"  # 13 is apart from them
    assert found["a woman"] == "24" and found["two"] == "18"  # 12 and six make 18 too, but are the list's next items


def test_a_list_under_a_line_that_introduces_it_counts_each_place_a_number_is_given_for():
    text = ("Air defences destroyed 40 drones overnight, the ministry said.\n"
            "Flights were halted at two airports.\n"
            "According to the ministry:\n"
            "21 drones were destroyed over the Bryansk region,\n"
            "9 - over the Kursk region,\n"
            "4 - each over the Oryol and Tula regions,\n"
            "and one each over the Lipetsk and Tambov regions.")
    found = parts(text)
    assert found["21"] == found["9"] == found["4"] == found["one"] == "40"  # 21 + 9 + 4 twice + 1 twice
    assert found["9"] != "21"  # the items of one list hold none of the others


def test_a_part_of_a_total_restated_just_above_it_is_part_of_the_total_where_first_told():
    text = ("Rescuers kept searching the rubble. The number of people killed has risen to 35.\n"
            "The regional governor reported this on Telegram.\n"
            "\"The attack took the lives of 35 residents. Among them are two children,\" he wrote.")
    found, decided = counts_and_facts(text)
    total = found[next(f for f in decided if f.count.mention.text == "two").part_of].mention
    assert (total.text, total.start) == ("35", text.index("35"))  # the toll as first told, two lines above


def test_a_breakdown_passes_over_the_parts_of_the_total_s_own_parts_and_may_end_with_more_of_what_a_part_went_through():
    text = ("At least seven soldiers, including two officers, were killed when militants attacked a post on Saturday, "
            "the army said.\nA colonel and a captain were killed along with five soldiers.")
    found = parts(text)
    assert found["A colonel"] == found["a captain"] == "two" and found["five"] == "At least seven"
    text = ("Militants fired 26 rockets at the town on Tuesday. Sixteen rockets exploded in open areas, six fell short, "
            "and four more exploded in built-up areas.")
    found = parts(text)
    assert found["Sixteen"] == found["six"] == found["four"] == "26"
    # told far on in the paragraph, a breakdown still adds up to its total
    text = ("Thirteen or 14 soldiers were killed late on Sunday in a bomb attack followed by gunfire in the village of "
            "Flor, near the border; the attack was one of the deadliest on the army in years, officials said, and "
            "came a week after another bombing in the region. The army blamed a rebel faction that has refused to "
            "join peace talks and has grown in the border area in recent years, while the defence minister flew to "
            "the region to lead a security council. Local broadcasters gave differing details about the troops, "
            "and their reports could not be reconciled at once with the army's own statement. One "
            "broadcaster counted two officers and 12 soldiers as killed.")
    assert parts(text)["two"] == parts(text)["12"] == "Thirteen or 14"


def test_a_bare_number_opening_the_next_sentence_refers_back_to_the_count_just_told():
    text = "The ministry said air defences downed 22 drones before dawn.\nNineteen were destroyed over Kursk."
    assert parts(text)["Nineteen"] == "22"
    # not another day's count, nor another role's (their roles relate them already: eval/GUIDE.md, Parts)
    assert parts("Twelve people were killed on Monday. Five were killed on Tuesday.")["Five"] is None
    assert parts("Russia launched 26 drones. 17 were shot down.")["17"] is None
