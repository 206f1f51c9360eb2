"""Who states a count, in general shapes of attribution that dev articles showed code misreading (sentences
written for these tests, not taken from any article)."""

from test_context import source


def test_an_attribution_in_a_relative_clause_on_a_count_speaks_only_for_the_count_it_governs():
    text = ("Rebels seized 30 villagers in the raid. Of those, 12 were later freed, of whom the army has declared "
            "4 to be wounded. Another 9 are still held captive in the hills.")
    assert source(text, "4") == "army"
    assert source(text, "12") is None  # the army tells of the freed ones' wounds, not how many were freed
    assert source(text, "9") is None  # nor does it carry over to what the writer goes on to list
    text = ("Captives of the raid:\nFreed so far: 12, of whom the army has declared 4 to be wounded\n"
            "Foreigners still held: 5 (3 Kenyans and 2 Nepalis)\n")
    assert source(text, "5") is None
