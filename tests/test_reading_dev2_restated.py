"""When a count stated again is one fact and when it is two (sentences invented for these tests): two counts of one
sentence are parts of a list; two sources' differently hedged figures are two statements; a figure told again with
its hedge dropped is the same one."""

from extractor.decide import facts
from extractor.reading.article import ReadArticle
from extractor.reading.context import contexts
from extractor.reading.reading import read_counts


def kept(text: str) -> list[str]:
    read = ReadArticle(text)
    found = read_counts(read)
    return [f.count.mention.text for f in facts(read, found, contexts(read, found))]


def test_two_equal_counts_in_one_sentence_are_parts_of_a_list():
    text = "Over the port the navy shot down two attack drones and two scout drones, the command said."
    assert kept(text) == ["two", "two"]


def test_differently_hedged_figures_of_two_sources_are_two_statements():
    text = ("The rebels said about 30 soldiers were killed in the raid.\n"
            "A rebel spokesman later said as many as 30 soldiers had been killed.")
    assert kept(text) == ["about 30", "as many as 30"]


def test_a_figure_told_again_without_its_hedge_is_the_same_statement():
    text = "Militants fired more than 900 rockets at the city.\nOf the 900 rockets fired, most fell in open areas."
    assert kept(text) == ["more than 900"]


def test_a_person_brought_in_with_a_is_new_unless_the_lead_named_the_same():
    text = ("Shelling hit the district on Friday.\nIn Vovchansk, a woman was hurt by glass.\n"
            "Medics said a woman was also hurt in Vovchansk when a roof fell.")
    assert kept(text) == ["a woman", "a woman"]
    text = "Rebels and a soldier were killed in a firefight on Monday.\nThe army said a soldier was killed there."
    assert kept(text) == ["a soldier"]


def test_the_lead_s_munition_told_again_by_its_class_is_one_fact():
    text = ("Troops shelled the town with glide bombs overnight, one of which hit a clinic.\n"
            "Witnesses said one of the glide bombs fell on a clinic.")
    assert kept(text) == ["one"]
    text = ("Jets struck the valley on Monday.\nTwo gunships attacked the village at noon, while "
            "troops were flown in by two other choppers.")
    assert kept(text) == ["Two", "two"]  # outside the lead, aircraft named apart stay apart
