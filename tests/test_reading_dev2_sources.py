"""Who states a count, where the words name no one or leave the count out (sentences invented for these tests): a
writing qualified only by when it came, an attribution inside another count's clause, the writer's background in a
temporal clause, and a threat that later facts do not continue."""

from test_context import source



def test_a_writing_qualified_only_by_when_it_came_names_no_one():
    assert source("According to the newest data, 17 people died in the port.", "17") is None
    assert source("Officials spoke at noon. According to preliminary figures, 6 were hurt.", "6") is None
    # nothing carries over from the sentence before either
    assert source("The governor said 3 were hurt. According to updated data, 9 died.", "9") is None
    # who the writing is by, or what kind of author it has, still names a source
    assert source("According to the latest official figures, 17 people died.", "17") == "latest official figures"
    assert source("Navcent released updated figures saying its ships downed 11 drones.", "11") == "Navcent"


def test_earlier_reports_that_indicated_a_count_name_no_one():
    text = ("The general said this week that 800 of the fighters were hurt. The admission follows earlier reports "
            "that indicated the north had sent 9,000 fighters abroad.")
    assert source(text, "9,000") is None
    assert source(text, "800") == "general"


def test_an_attribution_in_the_clause_of_another_count_does_not_source_this_one():
    text = "The rebels hold 40 prisoners, of whom the army has declared 11 to be dead."
    assert source(text, "40") is None
    assert source(text, "11") == "army"
    text = "Prisoners in captivity: 40, of whom the army has declared 11 to be dead"
    assert source(text, "40") is None


def test_a_count_in_a_temporal_clause_on_a_claim_is_the_writer_s_background():
    text = "The republic has accused its neighbour of shelling its posts, a day after two of its guards were killed."
    assert source(text, "two") is None
    assert source("The militia said it shelled the base after a raid killed four of its men.", "four") is None
    assert source("The militia said it shelled the base, killing four soldiers.", "four") == "militia"


def test_a_threat_or_plan_reported_does_not_carry_over_to_the_facts_after_it():
    text = "The group's leaders said they would keep up the raids. The raids have killed 15 soldiers."
    assert source(text, "15") is None
    text = "The group's leaders said they had carried out the raids. The raids have killed 15 soldiers."
    assert source(text, "15") == "group's leaders"  # a claim of what was done carries over


def test_who_puts_a_toll_at_a_figure_states_it():
    text = "Nine people died, the monitors said, while the ministry put the toll at 12."
    assert source(text, "12") == "ministry" and source(text, "Nine") == "monitors"
    assert source("The agency gave a toll of 17 dead after the raid.", "17") == "agency"
    assert source("The crowd put their hands up as 5 soldiers arrived.", "5") is None  # no figure is put


def test_a_bare_noun_for_a_kind_of_body_is_the_body_named_before_it():
    text = ("Fighting went on near the river, according to the Sagaing militias. Nine rebels were hurt, according to "
            "Kalay PDF. The homes were burned, the group said. Four fighters had been killed, it claimed.")
    assert source(text, "Four") == "Kalay PDF"  # an acronym is a body, not a person, whatever the recognizer says
    assert source("The homes were burned and 4 were killed, the group said.", "4") == "group"  # none named before


def test_a_lone_number_takes_the_source_of_the_sentence_that_tells_it():
    text = ("The figures below were gathered by reporters, the editors said. 412. Total soldiers of the alliance "
            "killed since the landing, according to the Joint Command.")
    assert source(text, "412") == "Joint Command"  # not the editors, whose claim the paragraph would carry


def test_an_outlet_that_quotes_someone_as_saying_relays_their_words():
    text = "Nine people were killed in the raid, the agency quoted the governor as saying."
    assert source(text, "Nine") == "governor"


def test_a_sentence_that_turns_to_another_matter_takes_no_claim_from_before_it():
    text = "The army said 12 soldiers died. Separately, five civilians were killed in a market blast."
    assert source(text, "five") is None
    assert source("The army said 12 soldiers died. Five civilians were also killed.", "Five") == "army"
