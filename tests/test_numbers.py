import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.reading.numbers import Reading, atom_value, find_mentions, read_quantity


@pytest.mark.parametrize("words, value", [
    ("3,000", 3000), ("3 000", 3000), ("3\u00a0000", 3000), ("78", 78), ("1.5 million", 1_500_000), ("12k", 12_000),
    ("eight", 8), ("twenty-one", 21), ("a dozen", 12), ("a hundred", 100), ("a hundred and fifty", 150), ("one hundred and twenty", 120), ("two thousand", 2000),
    ("Ten", 10),
])
def test_atom_values(words, value):
    assert atom_value(words) == value


@pytest.mark.parametrize("words, reading", [
    ("around 3,000", Reading(value=3000, approximate=True)),
    ("between 10,000 and 12,000", Reading(low=10000, high=12000)),
    ("10,000-12,000", Reading(low=10000, high=12000)),
    ("10,000 to 12,000", Reading(low=10000, high=12000)),
    ("between four and six", Reading(low=4, high=6)),
    ("ten or more", Reading(value=10, lower_bound=True)),
    ("at least 35", Reading(value=35, lower_bound=True)),
    ("more than 70", Reading(value=70, lower_bound=True)),
    ("up to 150,000", Reading(value=150000, upper_bound=True)),
    ("fewer than 20", Reading(value=20, upper_bound=True)),
    ("some 2,000", Reading(value=2000, approximate=True)),
    ("nearly 900", Reading(value=900, approximate=True)),
    ("about a dozen", Reading(value=12, approximate=True)),
    ("78 missiles", Reading(value=78)),
])
def test_read_quantity(words, reading):
    assert read_quantity(words) == reading


@pytest.mark.parametrize("words", ["dozens", "hundreds", "numerous", "", "several"])
def test_vague_amounts_state_no_number(words):
    assert read_quantity(words) is None


def test_mentions_tell_counts_from_other_numbers():
    text = ("On November 21, 2024 at 10:30 Russia fired 12 Kh-101 missiles; 70 percent of $5 million "
            "went to the 3rd brigade, and about 40 were shot down.")
    kinds = {m.text: m.kind for m in find_mentions(text)}
    assert kinds["21"] == "date"
    assert kinds["2024"] == "year"
    assert kinds["10"] == "time"
    ages = [(m.text, m.kind) for m in find_mentions(
        "Aung Mya, 61, and 3 others died; the soldiers were aged 18 to 20 and children as young as 10 were hurt. "
        "In Kharkiv, 56 people died.")]
    assert ages == [("61", "measure"), ("3", "count"), ("18 to 20", "measure"), ("10", "measure"), ("56", "count")]
    times = {m.text: m.kind for m in find_mentions("The bomb went off at around 8.50am; 3 soldiers died at 9.15 p.m.")}
    assert times == {"around 8": "time", "3": "count", "9.15": "time"}
    assert "30" not in kinds  # the minutes of 10:30 are not a mention
    assert kinds["12"] == "count"
    assert kinds["101"] == "weapon"
    assert kinds["70"] == "percent"
    assert kinds["5 million"] == "money"
    assert kinds["3"] == "ordinal"
    assert kinds["about 40"] == "count"
    numbered = {m.text: m.kind for m in find_mentions("Battalion No. 373 lost 12 men; he is in Hospital No. 2.")}
    assert numbered == {"373": "ordinal", "12": "count", "2": "ordinal"}  # a name's number is no count
    assert {m.text: m.kind for m in find_mentions("No one was hurt.")} == {"one": "count"}  # "No one" is a count


def test_mention_spans_point_at_their_words():
    text = "Russia deployed between 10,000 and 12,000 troops; ten or more missiles; eight injured."
    mentions = find_mentions(text)
    assert [m.text for m in mentions] == ["between 10,000 and 12,000", "ten or more", "eight"]
    assert all(text[m.start:m.end] == m.text for m in mentions)


def test_scientific_notation_is_one_number():
    [m] = find_mentions("3.2e+04 missiles")
    assert (m.text, m.reading.value) == ("3.2e+04", 32000)
    assert [m.text for m in find_mentions("build 2e5f of the code")] == []


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789,. -–eE+kmMBbnillonthousandtyfivewordsabout\n\u00a0")),
               max_size=120) | st.text(max_size=120))
def test_the_number_reader_never_raises_and_every_span_is_its_words(text):
    for m in find_mentions(text):
        assert text[m.start:m.end] == m.text and m.start < m.end
        assert read_quantity(m.text) is not None


@pytest.mark.parametrize("words, value", [("two dozen", 24), ("three dozen", 36), ("half a dozen", 6),
                                          ("about two dozen", 24), ("a dozen", 12)])
def test_dozens_multiply_the_word_before(words, value):
    """'two dozen' is twenty-four things, never two; 'half a dozen' is six, never twelve."""
    assert read_quantity(words).value == value


def test_a_multiple_of_a_dozen_is_one_mention():
    text = "Gunmen torched two dozen homes and half a dozen shops."
    assert [(m.text, m.reading.value) for m in find_mentions(text)] == [("two dozen", 24), ("half a dozen", 6)]


def test_beyond_a_number_is_its_lower_bound():
    assert read_quantity("beyond 30") == Reading(value=30, lower_bound=True)
    assert [m.kind for m in find_mentions("It landed beyond 20 km from the base.")] == ["measure"]
