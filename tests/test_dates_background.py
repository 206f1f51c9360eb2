"""Date words the writer only recalls, in a clause of "since" ("shelled since the army crossed the border in March
2022"), date neither the lead's event nor the sentences after them (sentences written for these tests)."""

from test_context import context_of


def test_date_words_in_a_since_clause_date_neither_the_lead_nor_what_follows():
    text = ("The mayor said on Monday that a man had been killed when shells hit a farm.\n"
            "The town has been shelled almost daily since the army crossed the border in March 2022.\n"
            "Writing later in the day, the mayor said a drone had wounded three more people.")
    assert context_of(text, "a man").date.text == "on Monday"
    assert context_of(text, "three").date.text == "on Monday"


def test_date_words_deep_in_a_phrase_of_since_date_nothing_that_follows():
    text = ("A bomb killed 4 people at a bus station in Kandahar on Sunday, officials said.\n"
            "The blast broke the quiet that had held in the city since the chaos that followed the army's retreat in "
            "August.\n"
            "Another 12 people were wounded, doctors said.")
    assert context_of(text, "12").date.text == "on Sunday"


def test_relative_words_count_from_the_day_the_statement_was_made():
    import datetime as dt

    from extractor.reading.dates import resolve_dated
    saturday = dt.date(2024, 3, 16)
    text = ("At least 9 people died in overnight clashes in the port, rescuers said Friday.\n"
            "The clashes also wounded 20 people, they said.")
    for number in ("At least 9", "20"):
        assert resolve_dated(context_of(text, number).date, saturday)[0] == dt.date(2024, 3, 14)  # Thursday night
    alone = "At least 9 people died in overnight clashes in the port."
    assert resolve_dated(context_of(alone, "At least 9").date, saturday)[0] == dt.date(2024, 3, 15)  # the night before


def test_the_day_of_a_dateline_dates_the_article_not_the_event():
    text = ("MAIDUGURI, Sept. 14 (AFP) -- Gunmen killed 11 farmers in a village near the city, police said.\n"
            "Another 4 farmers were missing.")
    assert context_of(text, "11").date is None and context_of(text, "4").date is None
    text = "Gunmen killed 11 farmers near Maiduguri on Sept. 14, police said."
    assert context_of(text, "11").date.text == "Sept. 14"  # in the text, the same words date the event


def test_a_count_since_the_start_of_a_year_is_dated_at_its_start():
    text = "At least 140 people have been killed in the province since the beginning of 2023, the ministry said."
    assert context_of(text, "At least 140").date.text == "since the beginning of 2023"


def test_a_year_alone_in_a_relative_or_adverbial_clause_is_not_carried():
    text = ("The group is seen as a front for the militia that shelled two bases in 2020.\n"
            "A spokesman said 14 rockets were fired at the airport.")
    assert context_of(text, "14").date is None
    text = ("Talks resumed when the president took office in 2016, but collapsed.\n"
            "The rebels have about 3,000 fighters, the army said.")
    assert context_of(text, "about 3,000").date is None


def test_a_dateline_with_a_country_and_a_day_gives_its_place_and_dates_no_event():
    text = ("HARGEISA, Somalia, March 3 (Reuters) - Fighters killed 6 herders at a well, elders said.\n"
            "A day later 2 more herders were wounded.")
    assert context_of(text, "6").date is None
    assert context_of(text, "6").place.text == "HARGEISA, Somalia"  # no place in the text: the dateline's
    assert context_of("BOSASO CITY -- Fighters killed 6 herders, elders said.", "6").place.text == "BOSASO CITY"


def test_the_start_of_a_period_later_on_does_not_date_the_lead():
    text = ("Rebels fired four missiles at two tankers, the navy said in a statement on Tuesday.\n"
            "Two of the missiles missed.\n"
            "The rebels have attacked merchant shipping at least 20 times since March 3.")
    assert context_of(text, "four").date.text == "on Tuesday"
    assert context_of(text, "at least 20").date.text == "March 3"


def test_a_since_clause_in_a_relative_clause_dates_what_it_describes_not_the_count_outside_it():
    text = ("A drone struck a farm in the district on Monday, the mayor said.\n"
            "Four workers were killed in the strike on the south, where both sides have exchanged fire daily since "
            "the war began in October.")
    assert context_of(text, "Four").date.text == "on Monday"
    # the period's start dates a total the clause does not hang from a noun
    text = "The army said on Monday that 40,000 people had been killed since the war began in October."
    assert context_of(text, "40,000").date.text == "in October"
