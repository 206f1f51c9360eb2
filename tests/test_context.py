"""Who says so and where: the context reader on sentences written for these tests."""

from extractor.reading.context import contexts
from extractor.reading.article import ReadArticle
from extractor.reading.reading import read_counts


def context_of(text: str, number: str):
    read = ReadArticle(text)
    counts = read_counts(read)
    found = contexts(read, counts)
    [ctx] = [c for count, c in zip(counts, found) if count.mention.text == number]
    for words in (ctx.date, ctx.place, ctx.source):
        assert words is None or text[words.start:words.end] == words.text  # every span is its words
    return ctx


def place(text: str, number: str) -> str | None:
    """The words of the place code ties to the count `number` in `text`, or None."""
    found = context_of(text, number).place
    return found.text if found is not None else None


def source(text: str, number: str) -> str | None:
    """The words of who code says states the count `number` in `text`, or None."""
    found = context_of(text, number).source
    return found.text if found is not None else None


def test_the_speaker_of_the_reporting_verb_or_according_to():
    assert context_of("Russia launched 40 drones overnight, Ukraine's air force said.", "40").source.text == \
        "Ukraine's air force"
    assert context_of("According to the Health Ministry, 12 people were killed.", "12").source.text == \
        "Health Ministry"
    said = context_of("Three soldiers were wounded, said Khalid Safi, a spokesman for the governor.", "Three")
    assert said.source.text == "Khalid Safi"


def test_a_title_beside_a_name_is_the_name_and_information_from_someone_is_theirs():
    assert context_of("The town's mayor, Petro Kovalenko, said one person was killed.", "one").source.text == \
        "Petro Kovalenko"
    assert context_of("A Jammu-based spokesman, Major Anil Rao, said two soldiers died.",
                      "two").source.text == "Anil Rao"  # the office before the name left out
    assert context_of("According to information from the Belarusian Defence Ministry, 17 drones were destroyed.",
                      "17").source.text.startswith("Belarusian Defence Ministry")
    assert context_of("The ministry's spokesman said 12 people were killed.", "12").source.text == \
        "ministry's spokesman"  # a title with no name beside it stays as written


def test_the_nearest_subject_speaks_and_a_writing_is_its_own_source_or_its_author_s():
    assert context_of("An attack on the town injured seven, the governor added.", "seven").source.text == "governor"
    assert context_of("A military report said about 30 rebels attacked.", "about 30").source.text == "military report"
    text = "Ivan Petrenko said so on his channel.\n\"Eight people were hurt,\" the post says."
    assert context_of(text, "Eight").source.text == "Ivan Petrenko"


def test_a_claim_that_opens_a_list_holds_over_its_lines_and_headings_to_the_next_attribution():
    text = ("The monitor documented the death of 160 people; the deaths are as follows:\nCivilian fatalities\n"
            "65 civilians, including 13 children.\n• 24 civilians were killed in Daraa.\nOther fatalities\n"
            "• 14 were killed by ISIS.\nThe army said 9 soldiers died.\nLater, 5 people were wounded.")
    for number in ("65", "24", "14"):
        assert context_of(text, number).source.text == "monitor"
    assert context_of(text, "9").source.text == "army"
    assert context_of(text, "5").source is None  # the list ended at the next attribution, which closed it


def test_a_pronoun_stands_for_the_speaker_last_named_and_a_claim_carries_over_the_paragraph():
    text = ("Governor Oleh Kiper said the city was shelled overnight. Two people were killed, he added.\n"
            "Rescuers found 3 more bodies.")
    assert context_of(text, "Two").source.text == "Oleh Kiper"
    assert context_of(text, "3").source is None  # a new paragraph starts afresh
    text = "The army said it repelled an attack. Twelve militants were killed in the fighting.\nOther news."
    assert context_of(text, "Twelve").source.text == "army"


def test_an_attribution_that_closes_the_run_or_refers_back_from_the_next_line():
    text = "The enemy fired 90 missiles at Ukraine.\nThis was announced by Kyrylo Tymoshenko."
    assert context_of(text, "90").source.text == "Kyrylo Tymoshenko"
    text = "A study by US-based universities now estimates the death toll at around 130,000."
    assert context_of(text, "around 130,000").source.text == "US-based universities"


def test_the_place_is_where_it_happened_not_who_acted_or_where_weapons_came_from():
    assert context_of("Russia launched 20 drones from Kursk at the Sumy region.", "20").place.text == "Sumy region"
    assert context_of("Russia attacked the Odesa region with 64 drones.", "64").place.text == "Odesa region"
    assert context_of("Five civilians were killed in the town of Chuguiv.", "Five").place.text == "Chuguiv"
    assert context_of("US forces shot down 70 drones, officials said.", "70").place is None
    blamed = "The toll of a strike on Hodeida that the rebels blamed on the United States has risen to eight."
    assert context_of(blamed, "eight").place.text == "Hodeida"  # who is blamed is not where it happened
    text = "KYIV, Ukraine — Air defence shot down 18 missiles, the military said."
    assert context_of(text, "18").place.text == "KYIV, Ukraine"  # the dateline, when the text names no place


def test_a_settlement_s_of_names_it_whatever_words_describe_it_but_a_region_s_of_says_where_it_lies():
    assert place("Four civilians died in a drone strike on the Baltic Sea city of Klaipeda.", "Four") == "Klaipeda"
    assert place("Gunfire on the Gaza Strip town of Beit Lahia wounded 9, medics said.", "9") == "Beit Lahia"
    assert place("Jets struck Libya's Mediterranean port of Misrata, killing six.", "six") == "Misrata"
    assert place("Two soldiers were killed in the Belgorod region of Russia.", "Two") == "Belgorod region"


def test_a_village_the_article_names_once_is_the_village_it_mentions_bare():
    text = ("Seven people died when jets bombed a village in Sagaing Region on Monday.\n"
            "Helicopters later strafed Ywa Thit Village, and 3 villagers were detained in the village.")
    assert context_of(text, "Seven").place.text == "Ywa Thit Village"
    assert context_of(text, "3").place.text == "Ywa Thit Village"
    two = text + "\nIn Kyauk Village, 4 people were wounded when troops raided a village nearby."
    assert context_of(two, "Seven").place.text == "Sagaing Region"  # two villages named: which one is not known


def test_date_words_of_the_sentence():
    assert context_of("On Thursday, 12 drones were shot down.", "12").date.text == "On Thursday"
    assert context_of("12 drones were shot down.", "12").date is None
    assert context_of("Troops shelled six villages 14 times over the past day.", "six").date.text == \
        "over the past day"


def _sentence_of_clauses(n: int) -> str:
    clauses = ["3 civilians were killed in Kharkiv", "Russia launched 12 drones over Odesa",
               "two people were injured near Izium", "the air force said 5 missiles were shot down in Kyiv",
               "he said 7 soldiers were wounded at Bakhmut"]
    return ", ".join(clauses[i % len(clauses)] for i in range(n)) + "."


def _work_of_reading_context(text: str) -> int:
    """Function calls (Python and C) made while reading the contexts of a text's counts: a count of work that does
    not depend on how busy the machine is."""
    import sys
    read = ReadArticle(text)
    counts = read_counts(read)
    calls = 0

    def profile(frame, event, arg):
        nonlocal calls
        calls += event in ("call", "c_call")

    sys.setprofile(profile)
    try:
        contexts(read, counts)
    finally:
        sys.setprofile(None)
    return calls


def test_context_reading_grows_linearly_with_one_long_sentence():
    # a 28 KB sentence of clauses joined by commas took 166 s: every place was asked about every count
    small, large = (_work_of_reading_context(_sentence_of_clauses(n)) for n in (100, 400))
    assert large < 6 * small  # 4 x the clauses: linear work is ~4 x, the old counts x places ~16 x


def test_context_reading_grows_linearly_with_a_list_of_lines_that_end_in_commas():
    # such lines make one sentence (each line keeping its own place): its places must not be walked once per count
    small, large = (_work_of_reading_context(_sentence_of_clauses(n).replace(", ", ",\n")) for n in (100, 400))
    assert large < 6 * small


def test_a_punctuation_mark_taken_for_a_place_names_no_place():
    """A quote mark the recogniser tagged as a place once made an article an internal error."""
    from spacy.tokens import Doc

    from extractor.reading.parse import pipeline
    from extractor.reading.place_words import name_span

    doc = Doc(pipeline().vocab, words=["fled", "to", "“"], heads=[0, 0, 1], deps=["ROOT", "prep", "pobj"])
    assert name_span(doc[2], []) is None and name_span(doc[0], []) == (0, 4)


def test_a_sentence_with_no_date_words_carries_the_last_ones_before_it():
    text = "Five people were killed in Kherson. On Thursday, Russia launched 43 missiles.\n\nAir defence shot down 38."
    assert context_of(text, "43").date.text == context_of(text, "38").date.text == "On Thursday"
    assert context_of("Five people were killed in Kherson.", "Five").date is None  # no date words in the article


def test_a_count_with_no_place_of_its_own_takes_the_first_place_the_article_names_before_the_dateline():
    text = "KYIV — Gunmen killed 11 soldiers on Monday.\nThe attack happened in Boyaca province, officials said."
    assert context_of(text, "11").place.text == "Boyaca province"  # not the dateline
    assert context_of("KYIV — Gunmen killed 11 soldiers on Monday.", "11").place.text == "KYIV"


def test_words_up_to_a_hyphen_that_end_a_sentence_are_no_dateline():
    from extractor.reading.dateline import read_dateline

    assert read_dateline("Shells fell before dawn. The Al-Nour center was hit.") is None
    assert read_dateline("St. Petersburg - Ten people were hurt.").place.text == "St. Petersburg"
    text = "Shells fell before dawn. The Al-Nour center sheltered families. Twelve people were killed, medics said."
    assert context_of(text, "Twelve").place is None


def test_a_short_first_line_that_is_a_sentence_or_a_headline_is_no_dateline():
    from extractor.reading.dateline import read_dateline

    assert read_dateline("Gunmen attacked a village in May.\nTwo people were killed.") is None
    assert read_dateline("Russian strikes kill two in Kharkiv\nTwo people were killed.") is None
    for place in ("Gaza", "Bosnia and Herzegovina", "Rio de Janeiro", "Ras al-Ain"):
        assert read_dateline(f"{place}\nTwo people were killed.").place.text == place
    assert context_of("Gunmen attacked a village in May.\nTwo people were killed.", "Two").place is None


def test_the_day_a_statement_was_made_does_not_date_the_event_it_reports():
    text = "Russia launched 40 drones on Monday. Air defence shot down 31, the air force said on Wednesday."
    assert context_of(text, "31").date.text == "on Monday"  # carried from the event, not the statement's day
    alone = "Air defence shot down 31 drones, the air force said on Wednesday."
    assert context_of(alone, "31").date.text == "on Wednesday"  # nothing else dates it


def test_context_reading_grows_linearly_with_paragraphs_that_borrow_the_lead_s_place():
    # each count names no place and borrows the lead's region, whose finer place is looked for up to its paragraph
    def article(n: int) -> str:
        return "Russian strikes hit the Kharkiv region on Monday.\n" + "".join(
            f"Officials said {i % 50 + 2} people were wounded.\n" for i in range(n))
    small, large = (_work_of_reading_context(article(n)) for n in (400, 1600))
    assert large < 6 * small


def test_too_few_options_near_a_count_are_filled_from_the_rest_of_the_article_nearest_first():
    text = ("The rain went on. The rain went on. The rain went on. Diplomats met in Geneva on Monday. They met again "
            "in Vienna on Tuesday. " + "The rain went on. " * 14 + "Two people were killed, police said.")
    found = context_of(text, "Two")
    assert (found.place.text, found.date.text) == ("Vienna", "on Tuesday")  # code's own picks: the last told
    # a model may choose the others too, though far from the count
    assert [w.text for w in found.places] == ["Geneva", "Vienna"]
    assert [w.text for w in found.dates] == ["on Monday", "on Tuesday"]
