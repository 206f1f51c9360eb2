"""Date words that rank an event rather than date it (sentences invented for these tests)."""

from test_context import context_of


def test_a_year_that_ranks_an_event_does_not_date_the_counts_after_it():
    text = ("On 11 March, drones struck the capital. The raid was the biggest in 2025, the ministry said. "
            "The mayor said 73 drones were shot down.")
    assert context_of(text, "73").date.text == "11 March"
    text = "On 11 March, drones struck the capital. In 2025, 73 drones were shot down over the city."
    assert context_of(text, "73").date.text == "In 2025"  # a year that is no ranking still dates
