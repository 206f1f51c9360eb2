"""Dates the dev split showed code missing, as general rules (sentences invented for these tests): a lead dated by
the event the article goes on to date, abbreviated months, a month with its year, and date words that date only
their own sentence."""

import datetime as dt

from extractor.reading.article import ReadArticle
from extractor.reading.context import contexts
from extractor.reading.reading import read_counts
from test_context import context_of


def test_a_lead_with_no_date_words_takes_the_event_date_the_article_gives_next_over_the_statement_day():
    text = ("Two soldiers and four rebels were killed in a clash, the military said on Friday.\n"
            "A military report said the fighting took place on Thursday night.")
    assert context_of(text, "Two").date.text == "on Thursday"
    text = "Five militants were killed in a gunfight.\nOn Saturday evening, troops found the group near the border."
    assert context_of(text, "Five").date.text == "On Saturday"


def test_an_abbreviated_month_and_a_month_with_its_year_are_date_words():
    assert context_of("A like clash broke out on Jan 30 in the province, killing at least six.",
                      "at least six").date.text == "Jan 30"
    assert context_of("Militants abducted 251 people in the Oct. 7, 2023, attack.", "251").date.text == \
        "Oct. 7, 2023"
    assert context_of("The war, which broke out in mid-April 2023, has killed more than 20,000 people.",
                      "more than 20,000").date.text == "mid-April 2023"
    assert context_of("20,000 troops were told this week they would stay.", "20,000").date.text == "this week"
    assert context_of("The war the two fought last year killed more than 6,500 people.",
                      "more than 6,500").date.text == "last year"
    assert context_of("Earlier this month, 40 soldiers were killed in an ambush.", "40").date.text == \
        "Earlier this month"


def test_a_date_that_only_qualifies_a_noun_or_starts_a_period_dates_its_own_sentence_alone():
    text = ("On Monday, 3 people were wounded. Militants abducted 251 people in their Oct. 7, 2023, attack.\n"
            "Since then, 40 more were killed.")
    assert context_of(text, "251").date.text == "Oct. 7, 2023"
    assert context_of(text, "40").date.text == "On Monday"  # the noun's date is not carried
    text = ("On Monday, 3 people were wounded. Losses have risen since late-September 2022.\n"
            "At least 5,000 soldiers were killed.")
    assert context_of(text, "At least 5,000").date.text == "On Monday"


def test_attacks_that_claimed_lives_over_a_weekend_are_dated_by_it_not_as_a_statement():
    text = "A bomb killed a soldier today, the latest of several attacks that took six lives over the weekend."
    assert context_of(text, "six").date.text == "over the weekend"


def test_a_year_alone_after_in_since_during_or_throughout_dates_its_count_but_not_the_lead():
    assert context_of("Losses are likely to exceed 1,000 a day throughout 2024.", "1,000").date.text == \
        "throughout 2024"
    assert context_of("The body of one soldier held since 2014 was retrieved.", "one").date.text == "since 2014"
    text = "Six soldiers were killed in an ambush.\nThe group signed a peace deal in 2016."
    assert context_of(text, "Six").date is None  # a year alone is background, not the lead's event


def test_overnight_before_a_weekday_is_one_date_words():
    assert context_of("Air defence overnight Thursday shot down 20 drones.", "20").date.text == "overnight Thursday"


def test_a_war_long_total_takes_no_date_its_own_sentence_does_not_give():
    text = "In May 2024 the army lost 1,262 people a day.\nSince the beginning of the war, Russia has lost 648,000."
    assert context_of(text, "648,000").date is None
    text = "On Monday, 3 soldiers were killed.\nIn six years of war, more than 30,000 people died."
    assert context_of(text, "more than 30,000").date is None
    text = "On Monday, 3 soldiers were killed.\nSince the start of the war on 24 February, 9,000 have died."
    assert context_of(text, "9,000").date.text == "24 February"  # dated by its own words


def test_later_in_the_day_or_the_same_day_is_the_day_last_named_even_a_statement_s():
    text = ("On Saturday evening, troops found the group.\n"
            "On Sunday, army officials said the gunfight was over. Later in the day, a spokesman said that two "
            "soldiers had died of their wounds.")
    assert context_of(text, "two").date.text == "On Sunday"


def test_ordinal_days_and_early_mid_or_late_months_are_date_words():
    assert context_of("On the 5th of December, 12 drones were shot down.", "12").date.text == "5th of December"
    assert context_of("In late November 2023, 40 drones were launched.", "40").date.text == "late November 2023"
    assert context_of("Since mid-March, 300 people have fled.", "300").date.text == "mid-March"
    assert context_of("Three people were wounded this afternoon.", "Three").date.text == "this afternoon"


def test_a_span_of_days_is_one_date_words():
    assert context_of("A shooting on 24 or 25 August injured a soldier.", "a soldier").date.text == "24 or 25 August"


def test_new_year_s_morning_dates_its_sentence_and_the_next():
    text = "On New Year's morning, Russia launched 43 missiles. Air defence shot down 38."
    assert context_of(text, "43").date.text == context_of(text, "38").date.text == "New Year's morning"


def test_a_lead_takes_the_first_words_that_name_a_day_not_a_month_alone():
    text = ("Two soldiers were killed in a clash near the border.\n"
            "Rebels killed eight police officers in the same area in January.\n"
            "The clash took place on Thursday, officials said.")
    assert context_of(text, "Two").date.text == "on Thursday"
    text = ("Five soldiers were killed in a bomb attack, the army said Tuesday.\n"
            "Rebels killed eight police officers in the same area in January.")
    assert context_of(text, "Five").date.text == "Tuesday"  # the statement's day, over a month alone
    assert context_of("Five soldiers were killed in a bomb attack.\nRebels killed eight police officers in January.",
                      "Five").date.text == "in January"  # nothing names a day


def test_the_last_year_is_twelve_months_not_last_year():
    assert context_of("The army carried out 300 strikes in the last year.", "300").date is None
    assert context_of("The army carried out 300 strikes last year.", "300").date.text == "last year"


def _lead_date(text: str, number: str, published: dt.date) -> str | None:
    read = ReadArticle(text)
    counts = read_counts(read)
    [ctx] = [c for count, c in zip(counts, contexts(read, counts, published=published)) if count.mention.text == number]
    return ctx.date.text if ctx.date is not None else None


def test_a_lead_is_not_dated_by_background_a_week_or_more_before_publication():
    text = ("Strikes killed four people in the port city, the rebels said.\n"
            "The army resumed its offensive on March 18, ending a short truce.")
    assert _lead_date(text, "four", dt.date(2025, 3, 20)) == "March 18"  # two days before: the news
    assert _lead_date(text, "four", dt.date(2025, 4, 8)) is None  # three weeks before: the background
    text = ("Strikes killed four people in the port city, the rebels said on Tuesday.\n"
            "The army resumed its offensive on March 18, ending a short truce.")
    assert _lead_date(text, "four", dt.date(2025, 4, 8)) == "on Tuesday"  # the statement's day, as with no other
