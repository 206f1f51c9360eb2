import datetime as dt

from conftest import example
from extractor.schemas import Draft

from extractor.assemble import assemble
from extractor.reading.cues import weapon_class_in

ODESA = example("odesa-overnight-attack")


def draft(*rows):
    return Draft.model_validate({"facts": [dict(row) for row in rows]})


def test_assembly_sets_spans_values_dates_and_groups():
    extraction, warnings = assemble(draft(
        {"number": "64", "subject": "Shahed drones", "role": "launched", "weapon_class": "drone", "weapon": "Shahed",
         "source": "Ukraine's air force", "date": "overnight"},
        {"number": "three", "subject": "Kh-101 cruise missiles", "role": "launched", "weapon_class": "missile",
         "weapon": "Kh-101", "source": "Ukraine's air force", "date": "overnight"},
        {"number": "at least four", "subject": "people", "role": "killed", "source": "Regional governor Oleh Kiper"},
        {"number": "17", "subject": "people", "role": "injured", "source": "Regional governor Oleh Kiper"},
    ), ODESA, published=dt.date(2025, 3, 8))
    assert warnings == []
    [attack] = extraction.attacks
    assert [(m.role, m.weapon_class, m.quantity.value) for m in attack.munitions] == [
        ("launched", "drone", 64), ("launched", "missile", 3)]
    assert attack.date.date == dt.date(2025, 3, 8) and attack.date.precision == "day"
    assert ODESA[attack.source.start:attack.source.end] == "Ukraine's air force"
    [report] = extraction.casualties
    killed, injured = report.counts
    assert killed.quantity.text == "at least four" and killed.quantity.lower_bound and killed.quantity.value == 4
    assert injured.quantity.value == 17
    for q in [m.quantity for m in attack.munitions] + [c.quantity for c in report.counts]:
        assert ODESA[q.start:q.end] == q.text


def test_the_noun_after_the_number_decides_the_weapon_class():
    extraction, _ = assemble(draft(
        {"number": "three", "subject": "drones", "role": "launched", "weapon_class": "drone"}), ODESA)
    assert extraction.attacks[0].munitions[0].weapon_class == "missile"  # "three Kh-101 cruise missiles"


def test_rows_without_a_number_are_dropped_with_a_warning_and_repeats_once():
    row = {"number": "51", "subject": "drones", "role": "intercepted", "weapon_class": "drone"}
    extraction, warnings = assemble(draft(row, row, {"number": "numerous", "subject": "x", "role": "other"}), ODESA)
    assert len(extraction.attacks[0].munitions) == 1
    assert warnings == ["dropped a row whose number words state no number: 'numerous'"]


def test_numbers_not_in_the_text_stay_unaligned():
    extraction, _ = assemble(draft({"number": "99", "subject": "drones", "role": "launched"}), ODESA)
    q = extraction.attacks[0].munitions[0].quantity
    assert (q.start, q.alignment, q.value) == (None, "unaligned", 99)


def test_other_counts_get_a_snake_case_label():
    extraction, _ = assemble(draft({"number": "more than a dozen", "subject": "times fired", "role": "other"}), ODESA)
    assert extraction.other[0].label == "times_fired"


def test_weapon_class_in_words():
    assert weapon_class_in("64 Shahed drones and") == "drone"
    assert weapon_class_in("four guided aerial bombs") == "glide_bomb"
    assert weapon_class_in("missiles and drones") is None
    assert weapon_class_in("people") is None
