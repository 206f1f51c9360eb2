"""Who states a count, in general shapes of attribution (sentences written for these tests): an office written with
capitals beside the name of who holds it, a participle that claims for the subject of its clause, and a reporting
verb inside a clause of background that states nothing of the count outside it."""

from test_context import source


def test_an_office_written_with_capitals_is_the_name_beside_it():
    text = ("Confirming the incident, the Public Relations Officer of Kaduna State Police Command, ASP Musa Bello, said "
            "that four people were killed in the attack.")
    assert source(text, "four") == "ASP Musa Bello"


def test_a_participle_that_claims_speaks_for_the_subject_of_its_clause():
    text = ("A little-known militia took responsibility within hours, claiming to have launched 18 drones at the "
            "airbase.")
    assert source(text, "18") == "little-known militia"


def test_a_reporting_verb_in_the_writer_s_background_states_nothing_outside_its_clause():
    text = "Since the government declared the rebellion over in 2019, the coalition has been cut to less than 900 troops, 600 of them French."
    assert source(text, "less than 900") is None and source(text, "600") is None


def test_a_person_is_named_without_the_office_written_before_the_name():
    text = "Police chief Ahmad Karimi said two guards were hurt in the blast."
    assert source(text, "two") == "Ahmad Karimi"
    text = "Most of the attackers fled, but 12 were captured, army spokesman Brig Gen Ali Khan said."
    assert source(text, "12") == "Brig Gen Ali Khan"  # a rank the parse reads into the name stays


def test_a_body_the_article_says_is_called_by_a_name_is_that_name():
    text = ("Two guards were hurt, according to local media. A group called Saraya al-Haq took responsibility on "
            "Sunday, claiming to have launched 18 drones at the airbase.")
    assert source(text, "18") == "Saraya al-Haq"


def test_a_sentence_the_parse_runs_over_a_line_break_takes_its_own_line_s_attribution():
    text = ("- The army said 95% of the 100 or so Russian drones were shot down.\n"
            "- UK jets destroyed more than 40 of them, according to British officials.\n")
    assert source(text, "more than 40") == "British officials"
    assert source(text, "100 or so") == "army"


def test_a_body_that_shares_a_finding_states_it():
    text = ("France's foreign ministry shared in a Monday briefing that the militia has likely lost between 3,000 "
            "and 4,000 fighters.")
    assert source(text, "between 3,000 and 4,000") == "France's foreign ministry"


def test_a_model_is_offered_the_speakers_of_the_count_s_paragraph_and_the_next_however_far_from_it_then_the_rest():
    from extractor.reading.article import ReadArticle
    from extractor.reading.context import contexts
    from extractor.reading.reading import read_counts

    text = ("Shelling killed 12 people in the town on Monday.\nRescue crews searched the rubble all night. Power was "
            "cut across the district. Water was cut too. The toll could rise, the regional governor said.\n"
            "Elsewhere, the mayor of another city said markets would reopen.")
    read = ReadArticle(text)
    found = read_counts(read)
    [offered] = [c.sources for c in contexts(read, found)]
    # the next paragraph's; and, as the options are fewer than a question holds, the rest of the article's
    assert [w.text for w in offered] == ["regional governor", "mayor"]
