"""Who states a count, in shapes the fresh dev split showed code missing (sentences invented for these tests): a
subject the parse hangs from a participle before the verb, a short name in brackets, "the group" with no speaker
named before it, a sentence the parse runs over a blank line, and a quotation's own background clause."""

from test_context import source



def test_a_speaker_before_a_participle_phrase_is_the_speaker():
    text = ("Maria Petrenko, posting late in the evening on her messaging channel, said new shelling hurt 6 people. "
            "She said a drone had hit a border village, injuring two more.")
    assert source(text, "6") == "Maria Petrenko"
    assert source(text, "two") == "Maria Petrenko"  # "she" is the speaker last named


def test_a_short_name_in_brackets_stays_with_the_name():
    text = "Nine soldiers died in a raid on a post, the Joint Press Office (JPO) said on Monday."
    assert source(text, "Nine") == "Joint Press Office (JPO)"


def test_the_group_with_no_speaker_before_is_the_organisation_last_named():
    text = ("The army killed 70 people in two raids on the coast, where Arakan Army fighters have gained ground, "
            "the group said.")
    assert source(text, "70") == "Arakan Army"


def test_a_sentence_run_over_a_blank_line_takes_its_own_paragraph_s_attribution():
    text = ("In a post online, the command said on Tuesday that the rebels \u201claunched a wave of drones toward "
            "the shipping lanes\u201d\n\nNavy ships jointly shot down\n12 drones and two missiles, according to the "
            "Central Command.")
    assert source(text, "12") == "Central Command"


def test_a_background_clause_inside_a_quotation_is_the_speaker_s():
    text = ('"The village suffered a massacre on Friday after the militia attacked twice, killing 80 people," the '
            'local residents committee said in a statement.')
    assert source(text, "80") == "local residents committee"
    # outside a quotation the writer's background still names no one
    text = "The republic has accused its neighbour of shelling its posts, a day after two of its guards were killed."
    assert source(text, "two") is None
