"""Finding the counts of an article: every number the number reader reads as a count (not a year, date, time,
measure, rate, money or weapon name), and every count of one a casualty statement names with "a"/"an" ("a man was
killed": value 1, its words "a man"), found from the parse."""

from __future__ import annotations

from ..schemas.vocab import HARM_VERBS, PERSON_WORDS, words
from .numbers import Mention, Reading
from .structure import gapped_participle, left_as

_PERSON = words(PERSON_WORDS)
_LIVING = words(HARM_VERBS)
_ONE = Reading(value=1.0)
_BODY = words(r"body|remains|corpse")
_QUANTITY = words(r"number|total|group|handful|couple|host|majority|minority")
_NOT_PERSONS = ("GPE", "LOC", "FAC", "ORG")  # what a name beside "a man" is when it is no person
_ORDINAL = words(r"second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th)")


def counts_of_one(doc) -> list[Mention]:
    """"a man", "an elderly woman", "A 64-year-old woman": a determiner a/an on a noun for one person. Whether it is
    a casualty is for the reader to say (its predicate)."""
    found = []
    for token in doc:
        if token.lower_ not in ("a", "an") or token.dep_ != "det":
            continue
        noun = token.head
        if noun.like_num or noun.lower_ == "dozen":
            continue  # "a dozen wounded", "a hundred killed": a number, read as one
        if _QUANTITY.fullmatch(noun.text):
            continue  # "an unknown number of fighters died", "a total of 13": how many, not one person
        if noun.i <= token.i or noun.i - token.i > 8 or noun.pos_ not in ("NOUN", "PROPN", "ADJ") \
                or not (_PERSON.fullmatch(noun.text) or noun.ent_type_ == "NORP" or _harmed(token, noun)):
            continue
        if noun.dep_ == "poss" and not _BODY.fullmatch(noun.head.text):
            continue  # "a judge's car": whose thing it is, not who befell harm ("a guard's body" is his death)
        if noun.dep_ == "appos" and noun.head.pos_ == "PROPN" and noun.head.ent_type_ not in _NOT_PERSONS:
            continue  # "Aung Mya, an elderly man, …": a person named, whom the words describe, not a count
            # (a parse that hangs "In X, a man was hurt" on the place X as an apposition is no person named)
        if any(t.is_punct and t.text not in ("-",) for t in doc[token.i + 1:noun.i]):
            continue  # "a man, a woman": each is its own
        if any(_ORDINAL.fullmatch(t.text) for t in doc[token.i + 1:noun.i + 1]):
            continue  # "a fifth soldier", "a second (was hurt)": one more of those counted already, like "another"
        span = doc[token.i:noun.i + 1]
        found.append(Mention(span.text, span.start_char, span.end_char, _ONE, "count"))
    return found


def _harmed(determiner, noun) -> bool:
    """A noun that a verb only the living undergo happened to: its passive subject ("a peacekeeper was killed"), the
    object of the active verb ("killing a motorcyclist") or the subject of "died"; or one more in a list of those
    ("a guard and a deputy headman were killed": whatever the second one's trade); or what a casualty word after it
    says befell it ("… was killed and a mechanic wounded", "left a cyclist dead", "was shot dead"); or whose life
    was taken ("claimed the life of a courier")."""
    if gapped_participle(determiner, noun) is not None or left_as(noun.head, noun) is not None:
        return True
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ in ("life", "lives"):
        return True
    while noun.dep_ == "conj" and noun.head.i < noun.i:
        noun = noun.head
    verb = noun.head
    dead = any(c.lower_ == "dead" and c.i > verb.i for c in verb.children)  # "was shot dead", "found dead"
    if verb.pos_ != "VERB" or not (_LIVING.fullmatch(verb.text) or dead) or any(
            c.dep_ == "prep" and c.lower_ == "of" for c in noun.children):
        return False  # "a total of 13 were injured", "a group of soldiers": a quantity, not a person
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    return noun.dep_ == "nsubjpass" or (noun.dep_ == "dobj" and not passive) or (
        noun.dep_ == "nsubj" and verb.lower_.startswith("di"))


# Numbers that are not counts of things but can be facts of category other (eval/GUIDE.md, "Other facts").
OTHER_KINDS = ("percent", "rate", "times", "duration")


def find_counts(numbers: tuple[Mention, ...], ones: tuple[Mention, ...]) -> list[Mention]:
    """The counts of an article in the order they stand, from its numbers and its counts of one: numbers that
    count, counts of one (where no number stands), and the percentages, rates, "N times" and durations that may be
    facts of category other."""
    numbers = [m for m in numbers if m.kind == "count" or m.kind in OTHER_KINDS]
    taken = [(m.start, m.end) for m in numbers]
    kept = [m for m in ones if not any(a < m.end and m.start < b for a, b in taken)]
    return sorted(numbers + kept, key=lambda m: m.start)
