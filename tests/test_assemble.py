import datetime as dt

from conftest import example

from extractor.assemble import assemble
from extractor.decide import facts
from extractor.reading.context import contexts
from extractor.reading.cues import weapon_class_in
from extractor.reading.article import ReadArticle
from extractor.reading.reading import read_counts

ODESA = example("odesa-overnight-attack")


def extraction_of(text: str, published=dt.date(2025, 3, 8)):
    read = ReadArticle(text)
    counts = read_counts(read)
    found = contexts(read, counts)
    return assemble(facts(read, counts, found), published, text=text)


def test_assembly_sets_spans_values_dates_and_groups():
    extraction = extraction_of(ODESA)
    first = extraction.attacks[0]
    assert [(m.role, m.weapon_class, m.quantity.value) for m in first.munitions] == [
        ("launched", "drone", 64), ("launched", "missile", 3)]
    assert first.date.date == dt.date(2025, 3, 7) and first.date.precision == "day"
    assert ODESA[first.source.start:first.source.end] == first.source.text == "Ukraine's air force"
    killed = extraction.casualties[0].counts[0]
    assert killed.quantity.text == "at least four" and killed.quantity.lower_bound and killed.quantity.value == 4
    for counts in extraction.casualties:
        for c in counts.counts:
            assert ODESA[c.quantity.start:c.quantity.end] == c.quantity.text


def test_a_sub_count_points_at_its_totals_span():
    text = "At least 35 people were killed, including nine children."
    total, part = [c for report in extraction_of(text).casualties for c in report.counts]
    assert part.quantity.part_of == total.quantity.start == text.index("At least 35") and total.quantity.part_of is None


def test_weapon_class_from_words():
    assert weapon_class_in("64 Shahed drones and") == "drone"
    assert weapon_class_in("four guided aerial bombs") == "glide_bomb"
    assert weapon_class_in("missiles and drones") is None
    assert weapon_class_in("people") is None


def test_facts_of_one_place_and_day_are_one_event_and_another_place_or_week_another():
    text = ("Russia launched 40 drones at Odesa on Monday, the air force said. Three people were killed in Odesa, "
            "the governor said, and 12 were injured. On 1 March, shelling killed two civilians in Kherson.")
    extraction = extraction_of(text, published=dt.date(2025, 3, 11))
    events = {c.quantity.text: report.event for report in extraction.casualties for c in report.counts}
    assert extraction.attacks[0].event == events["Three"] == events["12"] == "e1"  # two sources, one strike
    assert events["two"] == "e2"
    from extractor.schemas import Result
    rows = Result(article_id="a", text_sha256=None, schema_version="2.2", extraction=extraction).facts
    assert {r.event_id for r in rows} == {"a#e1", "a#e2"}


def test_without_a_publication_date_date_words_still_tell_days_apart():
    # invented wording: no publication date, so no date resolves; the words still say which day
    text = ("Gunmen killed five villagers in Toroba on Tuesday, officials said.\n"
            "On Thursday, gunmen killed three traders in Toroba.\n"
            "On Friday night two more were found dead in Toroba.\n"
            "Fighting on May 10 killed 40 people in Toroba.")
    extraction = extraction_of(text, published=None)
    events = {c.quantity.text: report.event for report in extraction.casualties for c in report.counts}
    assert events["five"] != events["three"]  # Tuesday and Thursday: two days apart
    assert events["two"] == events["three"]  # Friday night and Thursday: within a day
    assert events["40"] not in (events["five"], events["three"])  # a calendar date is not a recent weekday


def test_without_a_publication_date_today_may_be_any_date_the_article_names():
    # invented wording: "today" names the report's day, unknown here, which the calendar date may well be
    text = ("Shelling killed six people in Dalan on March 3, officials said.\n"
            "Rescuers pulled two more bodies from the rubble in Dalan today.")
    extraction = extraction_of(text, published=None)
    events = {c.quantity.text: report.event for report in extraction.casualties for c in report.counts}
    assert events["six"] == events["two"]


def test_the_short_form_of_a_place_is_the_same_place():
    text = ("Israeli strikes killed 12 people across the Gaza Strip on Monday, the ministry said. "
            "Medics said later that 30 people were wounded in the Strip on Monday.")
    extraction = extraction_of(text, published=dt.date(2025, 3, 11))
    places = {report.place.text: report.event for report in extraction.casualties}
    assert places == {"Gaza Strip": "e1", "Strip": "e1"}


def test_a_forces_strength_told_apart_from_any_violence_is_an_event_of_its_own_and_attackers_stay_in_theirs():
    text = ("Five militants attacked a hotel in Farah province on Monday, killing six people.\n"
            "About 900 American troops remain in Farah province, officials said.\n"
            "Earlier on Monday, 30 gunmen stormed a police post in Farah province.")
    extraction = extraction_of(text, published=dt.date(2025, 3, 11))
    events = {d.quantity.text: d.event for d in extraction.deployments}
    assert extraction.casualties[0].event == events["Five"] == events["30"] == "e1" and events["About 900"] == "e2"
    # attackers told in a paragraph of their own, by a verb of violence that types no event, stay in their attack's
    text = ("Seven soldiers were killed in an attack on a post in Mir Ali, the army said on Saturday.\n\n"
            "A group of six militants attacked the post in Mir Ali early on Saturday.")
    extraction = extraction_of(text)
    assert extraction.casualties[0].event == extraction.deployments[0].event == "e1"


def test_two_days_of_the_week_named_outright_are_two_events_unless_a_night_joins_them():
    # invented wording: strikes a day apart at one place; only words of a night let them be one incident
    text = ("Drones hit a depot in Marvel on Friday, killing four guards, the governor said.\n"
            "On Saturday, a missile struck Marvel and wounded nine people.\n"
            "Late on Sunday shelling killed two men in Torvik.\n"
            "Early on Monday shelling wounded three more people in Torvik.")
    for published in (dt.date(2025, 3, 11), None):
        extraction = extraction_of(text, published=published)
        events = {c.quantity.text: report.event for report in extraction.casualties for c in report.counts}
        assert events["four"] != events["nine"]  # Friday and Saturday: two days
        assert events["two"] == events["three"]  # late Sunday and early Monday: one night


def test_munitions_gone_astray_join_the_launch_they_came_from_wherever_they_came_down():
    # invented wording: a barrage's rockets that fell short or into the sea are no incident of their own
    text = ("Militants fired 60 rockets at Dorval on Monday, the army said.\n"
            "Of those, nine fell short inside Kessan and five fell into the sea.\n"
            "On Wednesday, two rockets fell short near Kessan.")
    extraction = extraction_of(text, published=dt.date(2025, 3, 11))
    event_of = {m.quantity.text: attack.event for attack in extraction.attacks for m in attack.munitions}
    assert [m.role for a in extraction.attacks for m in a.munitions if m.quantity.text in ("nine", "five")] == [
        "other", "other"]
    assert event_of["nine"] == event_of["five"] == event_of["60"]
    assert event_of["two"] != event_of["60"]  # another day's strays: not Monday's launch


def test_without_a_publication_date_a_calendar_date_is_not_a_weekday_of_the_report():
    # invented wording: "on Sunday" counts back from an unknown publication day; a dated past attack is not that day
    text = ("Militants freed nine captives in Lorin on Sunday, officials said.\n"
            "In a raid on Lorin in March 2019, militants had killed 14 guards.")
    extraction = extraction_of(text, published=None)
    events = {c.quantity.text: report.event for report in extraction.casualties for c in report.counts}
    other = {o.quantity.text: o.event for o in extraction.other}
    assert other["nine"] != events["14"]


def test_a_total_with_no_place_is_where_its_parts_are_not_the_first_place_of_the_day():
    # invented wording: one side's night-wide count, then the other side's total split over two of its own regions
    text = ("Overnight, the enemy launched 120 drones at Velmora, the air force said.\n"
            "The defence ministry of the other side said its units downed 31 drones overnight, "
            "including 20 over the Tarsk region and 11 over the Orlin region.")
    extraction = extraction_of(text, published=dt.date(2025, 3, 11))
    event_of = {m.quantity.text: attack.event for attack in extraction.attacks for m in attack.munitions}
    assert event_of["31"] != event_of["120"]


def test_a_place_is_the_same_up_to_words_of_where_it_lies_but_a_town_is_not_its_region():
    # invented wording: "the Dorin area" and "Dorin of Kestrel District" are one place; Valka and the Valka region two
    text = ("Militants attacked a checkpoint in the Dorin area on Monday, killing four soldiers, the army said.\n"
            "A group of nine militants stormed the post at Dorin of Kestrel District on Monday, it added.\n"
            "Shelling killed a farmer in the Valka region on Monday.\n"
            "Two residents were wounded by shelling in Valka on Monday.")
    extraction = extraction_of(text, published=dt.date(2025, 3, 11))
    event_of = {c.quantity.text: r.event for r in extraction.casualties for c in r.counts}
    event_of.update({d.quantity.text: d.event for d in extraction.deployments})
    assert event_of["four"] == event_of["nine"]
    assert event_of["a farmer"] != event_of["Two"]


def test_a_part_of_a_total_at_its_place_is_in_the_totals_event_whatever_its_own_span():
    # invented wording: one of the forty is said to be held "since 2015"; still one of those forty
    text = ("Rebels freed 12 captives in Lorin on Sunday, officials said. "
            "Forty hostages, including the body of a pilot held since 2015, remain in Lorin.")
    extraction = extraction_of(text, published=None)
    event_of = {c.quantity.text: r.event for r in extraction.casualties for c in r.counts}
    assert event_of["a pilot"] == event_of["Forty"]
