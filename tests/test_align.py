from extractor.reading.align import Folded, align_quantity, occurrences
from extractor.reading.numbers import find_mentions

ARTICLE = ("Russia launched 20 drones in 2024. \u201cWe shot down 20 of them,\u201d said the air force \u2014 "
           "the  Ukrainian   Air Force. Around 3,000 soldiers were killed or injured.")


def test_exact_match_never_inside_a_longer_number():
    spans = occurrences(ARTICLE, "20")
    assert [ARTICLE[o.start:o.end] for o in spans] == ["20", "20"]
    assert all(o.alignment == "exact" for o in spans)
    assert all(not ARTICLE[o.start:o.end + 2].startswith("2024") for o in spans)


def test_tolerant_match_for_case_whitespace_quotes_and_dashes():
    [found] = occurrences(ARTICLE, '"We shot down 20 of them," said the air force - the Ukrainian Air Force')
    assert found.alignment == "fuzzy"
    assert ARTICLE[found.start:found.end].startswith("\u201cWe shot down")
    assert ARTICLE[found.start:found.end].endswith("Air Force")
    [found] = occurrences(ARTICLE, "the ukrainian air force")
    assert ARTICLE[found.start:found.end] == "the  Ukrainian   Air Force"


def test_unfound_words_get_no_span():
    mentions = find_mentions(ARTICLE)
    q = align_quantity(ARTICLE, "45", mentions, near=[])
    assert (q.start, q.end, q.alignment) == (None, None, "unaligned")
    assert q.reading.value == 45  # still read, so the checker can say what was claimed


def test_repeated_words_go_to_the_occurrence_nearest_the_context():
    mentions = find_mentions(ARTICLE)
    near_shot_down = [ARTICLE.index("shot down")]
    q = align_quantity(ARTICLE, "20", mentions, near=near_shot_down)
    assert q.start == ARTICLE.index("20 of them")
    q = align_quantity(ARTICLE, "20", mentions, near=[ARTICLE.index("launched")])
    assert q.start == ARTICLE.index("20 drones")


def test_spans_already_taken_lose_ties():
    mentions = find_mentions(ARTICLE)
    first = ARTICLE.index("20 drones")
    q = align_quantity(ARTICLE, "20", mentions, near=[], taken={(first, first + 2)})
    assert q.start == ARTICLE.index("20 of them")


def test_quantity_snaps_to_its_whole_mention_with_the_hedge():
    mentions = find_mentions(ARTICLE)
    q = align_quantity(ARTICLE, "3,000", mentions, near=[])
    assert q.text == "Around 3,000" == ARTICLE[q.start:q.end]
    assert q.reading.approximate and q.reading.value == 3000
    assert q.alignment == "exact"


def test_number_written_differently_is_found_by_value():
    mentions = find_mentions(ARTICLE)
    q = align_quantity(ARTICLE, "3000", mentions, near=[])
    assert q.text == "Around 3,000" and q.alignment == "fuzzy"


def test_folded_index_maps_back_to_the_original():
    folded = Folded("A\u2014B  \u201cC\u201d")
    assert folded.text == 'a-b "c"'
    assert len(folded.index) == len(folded.text)
