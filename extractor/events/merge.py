"""From results to incidents: each article's events (the facts that share an event_id), placed on the map and dated,
then merged across articles when they are one incident.

Two events are one incident when their countries are the same (an event with no country merges with nothing), their
dates lie within a day of each other, their places are the same GeoNames entry or within `km` kilometres (25 by
default: the reach of a city and the villages at its edge, where outlets name a district or a suburb as often as the
city; a town-level ACLED location is no finer), and their event types (ACLED's top level) do not differ: outlets
name one strike's means differently ("an airstrike", "gunfire"), rarely its kind of violence, and two that do (a
bombing, and the gunfight after it) are one still when they state two numbers alike. An event placed no
finer than a country or region joins the one incident at a town it holds, when there is exactly one (among
several, its own article's other events' incidents aside, the one left then sharing a number with it). Events whose
place the map does not hold (a village) are one incident when, within a day, one's place words hold the other's (a
word one letter off allowed). An event with no date at all joins the incident at its place whose numbers (all its
outlets' together) agree most with its own, two at least, or one on the day its words still name ("on Saturday") or
that its own article's other event there states too (its article's other undated events' numbers, dated and placed
alike, counted with its own), or, where none of that decides, one of ten or more at its very town with no day telling
them apart; so does an event its words date more than a week before publication, or only to a month or
year (a month is within a day of no date), that its date merged with no other article's (reading.dates.STALE_DAYS).
Events are compared only within blocks of one country and one day (and the day either side), so the work grows with
the articles, not their pairs. Every claim is kept, and each role's range is summarised, never averaged away."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable

from ..reading.dates import STALE_DAYS
from ..schemas import FactRow, Result
from ..schemas.incidents import Claim, GeoPlace, Incident, RoleSummary
from .gazetteer import (Gazetteer, article_country, gazetteer, km_between, name_words, place_hints,
                        places_named)
from .when import event_dates, named_days, no_day, on_named_day

TELLING = 10  # an undated report's one number alike is evidence from here up (_telling)
BEST = "the highest verified claim, else the highest (a running toll rises; the last word is usually the highest)"


@dataclass
class _Event:
    """One article's event on its way to an incident."""

    event_id: str
    article_id: str
    rows: list[FactRow]
    date: dt.date | None
    dated_by: str | None
    place: GeoPlace | None
    kind: tuple[str, str] | None
    actors: tuple[str | None, str | None] = (None, None)
    named_day: tuple[str, int | tuple[int, int]] | None = None  # what its date words still say when they give no date
    stale: bool = False  # dated by its words long before publication, or to a month or year only (see STALE_DAYS)
    dayless: bool = False  # dated to a month or a year only: its day unknown, within a day of no other date
    merged: list["_Event"] = field(default_factory=list)

    @cached_property
    def country(self) -> str | None:
        return self.place.country if self.place else None

    @cached_property
    def where(self) -> tuple:
        """All that _kin and _placed_alike read of it: its country, kind of violence, place words and map entry."""
        p = self.place
        return (self.country, self.kind[0] if self.kind else None, self.words,
                (p.geonameid, p.latitude, p.longitude, p.admin1, p.geo_precision) if p else None)

    @cached_property
    def words(self) -> tuple[str, ...]:
        """The words of its place when the map does not hold it (unresolved, or inferred: placed at the article's
        country or region), without nouns of place ("village"), else none."""
        place = self.place
        if place is None or place.latitude is not None and not place.inferred or place.name == place.written:
            return ()
        return name_words(place.written)


def article_events(result: Result, places: Gazetteer) -> list[_Event]:
    """The events of one result: its facts grouped by event_id, each dated and placed (an event with no place of
    its own at the article's country, inferred)."""
    facts = result.facts  # built from the extraction on each call: once here
    by_event: dict[str, list[FactRow]] = defaultdict(list)
    for row in facts:
        by_event[row.event_id or f"{result.article_id}#e1"].append(row)
    resolved = places.resolve_all((row.location for row in facts), place_hints(result), places_named(result))
    country = article_country(resolved, [row.location for row in facts if row.location])
    described = {f"{result.article_id}#{e.id}": e for e in result.extraction.events} if result.extraction else {}
    events, days = [], None
    for event_id, rows in by_event.items():
        dates = event_dates(rows)
        located = [resolved[row.location] for row in rows if row.location]
        place = _finest(located) or (places.country_place(country) if country else None)
        date, dated_by = (min(dates), "words") if dates else (result.published, "publication" if result.published
                                                              else None)
        dayless = bool(dates and no_day(rows))
        stale = dayless or bool(dates and result.published and (result.published - date).days > STALE_DAYS)
        about = described.get(event_id)
        kind = (about.event_type, about.sub_event_type) if about and about.event_type else None
        actors = tuple(a.text if a else None for a in (about.actor1, about.actor2)) if about else (None, None)
        if date is None and days is None:
            days = named_days(result)  # read only where an event is undated
        named = days.get(event_id) if date is None else None
        events.append(_Event(event_id, result.article_id, rows, date, dated_by, place, kind, actors, named, stale,
                             dayless))
    return events


def _finest(places: list[GeoPlace]) -> GeoPlace | None:
    """The most precise of some places, the first among equals: a town, a part of one, a region on the map, a
    country, then words that resolved to nothing."""
    def rank(place: GeoPlace) -> tuple[bool, int, bool]:
        return place.latitude is not None, -(place.geo_precision or 4), place.country is not None
    return max(places, key=rank, default=None)


def _compatible(a: _Event, b: _Event) -> bool:
    """In one country, within a day, and of no different event type (see _kinds_agree). A date of a month or a year
    alone is within a day of none: "in April 2023" is as often the war's start, read into two outlets' leads, as
    either's day (ACLED's time precision 3: the month alone is known, not the day)."""
    if a.country is None or a.country != b.country or a.date is None or b.date is None or a.dayless or b.dayless:
        return False
    return abs((a.date - b.date).days) <= 1 and _kinds_agree(a, b)


def _kinds_agree(a: _Event, b: _Event) -> bool:
    """No two event types, or two that state two numbers alike: outlets read one attack's kind apart ("a suicide
    bombing", "the skirmish that followed"), while two attacks of one day and place rarely share two numbers."""
    return not (a.kind and b.kind and a.kind[0] != b.kind[0]) or len(_stated(a) & _stated(b)) >= 2


def _vague(event: _Event) -> bool:
    """Placed no finer than a region: a country, or a region (ACLED's precision 3)."""
    return event.place is not None and (event.place.latitude is None or event.place.geo_precision == 3)


def _holds(vague: _Event, event: _Event) -> bool:
    """A vague place holds a town: a country every town in it, a region those of its admin1."""
    if event.place.latitude is None or event.place.geo_precision == 3:
        return False
    return vague.place.latitude is None or (vague.place.admin1 is not None and vague.place.admin1 == event.place.admin1)


def _same(a: _Event, b: _Event, km: float) -> bool:
    return _compatible(a, b) and _near(a, b, km)


class _Incidents:
    """Union-find over events that refuses a union spanning two countries or dates more than a day apart: rules
    that each compare two events within a day could otherwise chain a week of strikes into one incident."""

    def __init__(self, events: list[_Event]):
        self.parent = list(range(len(events)))
        self.countries = [{e.country} - {None} for e in events]
        self.days = [(e.date, e.date) if e.date else None for e in events]
        self.articles = [{e.article_id} for e in events]
        self.trusted = [e.date is not None and not e.stale for e in events]  # holds a date not stale

    def root(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> bool:
        a, b = self.root(i), self.root(j)
        if a == b:
            return True
        countries = self.countries[a] | self.countries[b]
        spans = [d for d in (self.days[a], self.days[b]) if d]
        days = (min(d[0] for d in spans), max(d[1] for d in spans)) if spans else None
        if len(countries) > 1 or (days and (days[1] - days[0]).days > 1):
            return False
        self.parent[a], self.countries[b], self.days[b] = b, countries, days
        self.articles[b] |= self.articles[a]
        self.trusted[b] = self.trusted[b] or self.trusted[a]
        return True

    def untrusted(self, i: int) -> bool:
        """Whether an event's incident holds its own article's events alone, none dated but by stale words: its
        dates are the article's background, bounding nothing yet."""
        a = self.root(i)
        return len(self.articles[a]) == 1 and not self.trusted[a]

    def join_undated(self, i: int, j: int) -> bool:
        """Join an event whose date is not trusted (see STALE_DAYS) as an undated one: while its incident holds its
        own article's events alone, none with a trusted date, its dates do not bound the incident's."""
        a = self.root(i)
        kept, self.days[a] = self.days[a], None if self.untrusted(i) else self.days[a]
        if self.join(i, j):
            return True
        self.days[a] = kept
        return False


def merge(events: Iterable[_Event], km: float = 25.0) -> list[list[_Event]]:
    """Events grouped into incidents (union-find over the pairs that are one incident, within blocks)."""
    events = list(events)
    sets = _Incidents(events)
    blocks: dict[tuple[str, dt.date], list[int]] = defaultdict(list)
    for i, event in enumerate(events):
        if event.country is None or event.date is None:
            continue
        for day in (-1, 0, 1):
            for j in blocks.get((event.country, event.date + dt.timedelta(days=day)), []):
                if _same(event, events[j], km):
                    sets.join(i, j)
        blocks[(event.country, event.date)].append(i)
    # A vague report ("Russia launched 430 drones at Ukraine overnight") joins the one incident placed at a town it
    # holds, in its country and within a day; with two or more such incidents it joins none, so a vague report never
    # chains two towns' incidents into one. Among two or more, an incident holding another event of the vague report's
    # own article is not one it may be: the article told the two apart ("strikes on the port killed 10; in Sanaa,
    # three were hurt"); the one town left must then state a number the vague report's incident states too (a night's
    # drones over the country, with its towns' tolls, is no one town's strike).
    placed = {sets.root(i) for i, event in enumerate(events) if event.place is not None and not _vague(event)}
    articles: dict[int, set[str]] = defaultdict(set)  # the articles whose events each town incident holds
    for i in range(len(events)):
        if sets.root(i) in placed:
            articles[sets.root(i)].add(events[i].article_id)
    for i, event in enumerate(events):
        if event.country is None or event.date is None or not _vague(event) or sets.root(i) in placed:
            continue
        near = [j for day in (-1, 0, 1) for j in blocks.get((event.country, event.date + dt.timedelta(days=day)), [])]
        holding = {sets.root(j) for j in near if _compatible(event, events[j]) and _holds(event, events[j])}
        towns = holding if len(holding) == 1 else {root for root in holding if event.article_id not in articles[root]}
        if len(towns) == 1:
            town = towns.pop()
            set_apart = holding - {town}
            if set_apart and not _claims_of(sets.root(i), near + [i], events, sets) & _claims_of(town, near, events,
                                                                                                sets):
                continue
            if sets.join(i, town):
                articles[sets.root(i)] = articles[town] | {event.article_id}
                placed.add(sets.root(i))
    _unmapped(events, sets)
    _undated(events, sets, km)
    groups: dict[int, list[_Event]] = defaultdict(list)
    for i, event in enumerate(events):
        groups[sets.root(i)].append(event)
    return list(groups.values())


def _claims_of(root: int, among: list[int], events: list[_Event], sets: _Incidents) -> set[tuple[str, float]]:
    """What the events of one incident, among some, state (_stated)."""
    return {claim for k in among if sets.root(k) == root for claim in _stated(events[k])}


def _unmapped(events: list[_Event], sets: _Incidents) -> None:
    """Events whose place is not on the map (a village GeoNames does not hold: the words, perhaps at the article's
    country) are one incident when, within a day and in no two countries, one's place words hold the other's
    ("Oe Htein Kwin", "Sagaing region's Oe Htein Kwin village"), a word one letter off allowed ("Ohe Htein Twin"): the
    gazetteer cannot place them, the words can.
    Compared only within blocks of a day and a word."""
    by_word: dict[tuple[dt.date, str], list[int]] = defaultdict(list)
    for i, event in enumerate(events):
        if event.date is None or event.dayless or not event.words:
            continue  # a month's date is within a day of none (_compatible)
        near = {j for day in (-1, 0, 1) for word in event.words
                for j in by_word.get((event.date + dt.timedelta(days=day), word), [])}
        for j in near:
            if _kin(event, events[j], numbers=True) and _same_words(event, events[j]):
                sets.join(i, j)
        for word in set(event.words):
            by_word[(event.date, word)].append(i)


def _undated(events: list[_Event], sets: _Incidents, km: float) -> None:
    """An event with no date (no date words, no publication date) joins the incident at its place (on the map, by its
    words, a country or region holding one's town, or both in one region; dated or not) that states the most of its
    claims (a role and a number; each outlet of the incident counts), when two or more agree and no other incident
    agrees as much: outlets that give no date still give the toll and the wounded, while a strike in the same city on
    another day rarely has the same two numbers (one number alone, "6 killed", often does). One number is enough
    where the day its words still name is the other event's date ("on Saturday" and a Saturday's strike; "May 23" and
    23 May of any year; the day before a date that is only its article's publication): the day and the toll together
    are rarely chance; and where the incident holds another event of its own article that states that number too: the
    article told its toll twice ("at least 100" in the lead, "up to 100" in a quote) and the reader read two events,
    one of which its date or numbers placed. Where none of that decides, one number of ten or more (TELLING) does,
    for an event with no date at all, at its very town (on the map, not placed no finer than a region; or by its
    words) and with no day telling the two apart (_same_day): "26 villagers killed in Bankass" twice is one attack, a
    toll of 26 somewhere in central Mali is not proof. The claims of its own article's other undated events that name the same
    day (or none) and are placed alike count with its own, where another article states them: the reader may put the
    toll and the wounded of one attack in two events, and an analyst compares the report as a whole (ACLED and UCDP
    code an event from all a source says of it). It never joins an incident whose
    dates (those not stale) all lie more than a day from the day its words name: numbers alike on another day are
    another strike's. A stale event (STALE_DAYS) that its date merged with no other article's event is one more
    undated event. Passes repeat while one joins: an incident an undated report joined now states its numbers too.
    Only events that share a claim are compared (blocked by role, number and country)."""
    stated = [_stated(event) for event in events]
    stating: dict[tuple, list[int]] = defaultdict(list)  # by claim and country; by claim alone under country "any"
    for i, event in enumerate(events):
        if event.place is not None:
            for claim in stated[i]:
                stating[(claim, event.country)].append(i)
                stating[(claim, "any")].append(i)
    undated = [i for i, event in enumerate(events) if event.place is not None and (event.date is None or event.stale)]
    told = _told_with(events, undated, stated, km)
    seen: dict[int, set[int]] = {}  # the incidents each undated event was compared with
    alike: dict[tuple, bool] = {}  # _kin and _placed_alike of two events, by what they read of them
    changed: set[int] | None = None  # the incidents a pass joined (None: the first pass)
    while changed is None or changed:
        again = [i for i in undated if changed is None or seen.get(i, set()) & changed]
        changed = set()
        for i in again:
            if events[i].stale and not sets.untrusted(i):
                continue  # a stale event merged by its date with another article's event stays where its date put it
            best, seen[i] = _best_agreeing(i, events, stated[i], told.get(i, set()), stating, sets, km, alike)
            before = sets.root(i)
            if best is not None and sets.join_undated(i, best):
                changed |= {before, best, sets.root(i)}


def _told_with(events: list[_Event], undated: list[int], stated: list[set], km: float) -> dict[int, set]:
    """For each undated event (no date at all), the claims of its own article's other undated events that name the
    same day (or none) and are placed alike: one telling of one attack, read as several events."""
    by_article: dict[str, list[int]] = defaultdict(list)
    for i in undated:
        if events[i].date is None:
            by_article[events[i].article_id].append(i)
    told: dict[int, set] = {}
    for together in by_article.values():
        for i, k in itertools.permutations(together, 2):
            a, b = events[i], events[k]
            if a.named_day == b.named_day and _kin(a, b) and _placed_alike(a, b, km):
                told.setdefault(i, set()).update(stated[k] - stated[i])
    return told


def _best_agreeing(i: int, events: list[_Event], claims: set, told: set, stating: dict[tuple, list[int]],
                   sets: _Incidents, km: float, alike: dict[tuple, bool]) -> tuple[int | None, set[int]]:
    """The incident (its root) that states the most of an undated event's claims (and those told with it, as other
    articles state them: _told_with), one of its own at least, and two at least or one on the day its words name or
    with its own article's other event stating it too (None for none or a tie, unless one of those tied holds its own
    article's events), and the incidents compared. Only its country's events (and those of no country) are looked
    at."""
    event, own = events[i], sets.root(i)
    hits: dict[int, dict[int, list[tuple]]] = defaultdict(lambda: defaultdict(list))  # root → event → its claims
    for claim in claims | told:
        for country in (event.country, None) if event.country else ("any",):
            for j in stating.get((claim, country), ()):
                if claim in claims or events[j].article_id != event.article_id:
                    hits[sets.root(j)][j].append(claim)
    counts, telling = {}, {}
    for root, by_event in hits.items():
        found = {c for said in by_event.values() for c in said}
        if root == own or not found & claims or (event.named_day is None and len(found) < 2 and not any(
                events[j].article_id == event.article_id for j in by_event) and not (
                event.date is None and any(map(_telling, found & claims)))):
            continue  # cannot agree enough, wherever it is
        placed = []
        for j in by_event:
            key = (event.where, events[j].where)
            if key not in alike:
                alike[key] = _kin(event, events[j]) and _placed_alike(event, events[j], km)
            if alike[key]:
                placed.append(j)
        dated = [events[j].date for j in placed if events[j].date is not None and not events[j].stale]
        if event.named_day is not None and dated and not any(on_named_day(event.named_day, day, within=1)
                                                             for day in dated):
            continue  # its words name a day ("on Friday") the incident's dates are not
        agreeing = {claim for j in placed for claim in by_event[j]}
        if not agreeing & claims:
            continue
        retold = any(events[j].article_id == event.article_id for j in placed)  # its article's, stating its number
        if len(agreeing) >= 2 or retold or any(_on_named_day(event, events[j]) for j in placed):
            counts[root] = len(agreeing)
        elif event.date is None and any(map(_telling, agreeing & claims)) and any(
                _same_words(event, events[j]) or not _vague(event) and not _vague(events[j])
                and _near(event, events[j], km) for j in placed) and all(_same_day(event, events[j]) for j in placed):
            telling[root] = len(agreeing)  # at its very place (not a region's that holds it), on no other day
    counts = counts or telling  # a telling number alone decides only where nothing else does
    most = max(counts.values(), default=0)
    best = [r for r, n in counts.items() if n == most]
    if len(best) > 1:  # a tie: its own article's telling of the numbers again is the one (the lead's and the body's)
        best = [r for r in best if event.article_id in sets.articles[r]]
    return best[0] if len(best) == 1 else None, set(hits)


def _telling(claim: tuple[str, float]) -> bool:
    """A number two strikes at one place rarely share by chance: ten or more ("26 killed"), not "2 killed"."""
    return claim[1] >= TELLING


def _same_day(undated: _Event, event: _Event) -> bool:
    """Whether nothing dates an undated event apart from another: neither names a day, or both the same one, or the
    other's date is the very day named (a day off is another day here)."""
    if undated.named_day is None:
        return event.named_day is None or event.date is None
    if event.date is None:
        return event.named_day in (None, undated.named_day)
    return not event.stale and on_named_day(undated.named_day, event.date)


def _on_named_day(undated: _Event, event: _Event) -> bool:
    """Whether an event's date (not stale) is the day an undated event's words name; a date that is only its
    article's publication is the latest its event can be, so the day before it is one too (news of a Tuesday's
    strike is published on the Wednesday: ACLED dates an event by its occurrence, not its report)."""
    if event.date is None or event.stale:
        return False
    days = [event.date] + ([event.date - dt.timedelta(days=1)] if event.dated_by == "publication" else [])
    return any(on_named_day(undated.named_day, day) for day in days)


def _kin(a: _Event, b: _Event, numbers: bool = False) -> bool:
    """In no two countries, and of no two event types (with numbers, unless they state two numbers alike:
    _kinds_agree)."""
    if len({a.country, b.country} - {None}) > 1:
        return False
    return _kinds_agree(a, b) if numbers else len({e.kind[0] for e in (a, b) if e.kind}) <= 1


def _placed_alike(a: _Event, b: _Event, km: float) -> bool:
    """At one place (on the map, or by its words), or one placed no finer than a country or region that holds the
    other's town ("in central Mali", "in Bankass"), or both placed no finer than one region ("the Nabatieh area", a
    village the map lacks in that province)."""
    return _near(a, b, km) or _same_words(a, b) or any(
        _vague(x) and x.country is not None and _holds(x, y) for x, y in ((a, b), (b, a))) or (
        _vague(a) and _vague(b) and a.country is not None and a.country == b.country
        and a.place.admin1 is not None and a.place.admin1 == b.place.admin1)


def _near(a: _Event, b: _Event, km: float) -> bool:
    """Both on the map, at one GeoNames entry or within km."""
    if a.place.geonameid is not None and a.place.geonameid == b.place.geonameid:
        return True
    distance = km_between(a.place, b.place)
    return distance is not None and distance <= km


def _same_words(a: _Event, b: _Event) -> bool:
    """Both off the map, and one's place words hold the other's."""
    return bool(a.words and b.words) and (_within(a.words, b.words) or _within(b.words, a.words))


def _within(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether the long name holds the short one word for word, a word one letter off allowed where one word at least
    is the same: one village transliterated two ways ("Ohe Htein Twin", "Oe Htein Kwin"; "Bazar", "Bazaar")."""
    for k in range(len(long) - len(short) + 1):
        pairs = list(zip(short, long[k:k + len(short)]))
        if all(a == b or _one_letter_apart(a, b) for a, b in pairs) and any(a == b for a, b in pairs):
            return True
    return False


def _one_letter_apart(a: str, b: str) -> bool:
    """One letter changed, added or dropped, in words of three letters or more ("al" and "el" are other words)."""
    short, long = sorted((a, b), key=len)
    if len(long) < 3 or len(long) - len(short) > 1:
        return False
    if len(short) == len(long):
        return sum(x != y for x, y in zip(short, long)) == 1
    return any(long[:k] + long[k + 1:] == short for k in range(len(long)))


def _stated(event: _Event) -> set[tuple[str, float]]:
    """The (role, number) pairs an event's facts state: what two outlets' reports of one incident share. A count of
    one ("a soldier was killed") is no evidence: two strikes in one city often share it."""
    return {(row.role, row.value) for row in event.rows if row.value not in (None, 1) and row.category != "other"}


def _summary(claims: list[Claim], rows: list[FactRow]) -> list[RoleSummary]:
    by_role: dict[str, list[tuple[Claim, FactRow]]] = defaultdict(list)
    for claim, row in zip(claims, rows):
        if row.category != "other" and row.part_of is None:  # a part of a total is not a claim about the whole
            by_role[row.role].append((claim, row))
    summary = []
    for role, said in by_role.items():
        amounts = [(c.value if c.value is not None else c.high, c.verified) for c, _ in said]
        amounts = [(a, v) for a, v in amounts if a is not None]
        if not amounts:
            continue
        verified = [a for a, v in amounts if v]
        lows = [c.value if c.value is not None else c.low for c, _ in said]
        high = max(a for a, _ in amounts)
        summary.append(RoleSummary(role=role, low=min(a for a in lows if a is not None), high=high,
                                   best=max(verified) if verified else high, rule=BEST, claims=len(amounts)))
    return summary


def incident(number: int, group: list[_Event]) -> Incident:
    group = sorted(group, key=lambda e: (e.date or dt.date.max, e.event_id))
    rows = [row for event in group for row in event.rows]
    claims = [Claim(article_id=event.article_id, event_id=event.event_id, source=row.source, category=row.category,
                    role=row.role, weapon_class=row.weapon_class, value=row.value, low=row.low, high=row.high,
                    text=row.text, start=row.start, end=row.end, verified=row.verified)
              for event in group for row in event.rows]
    dated = [e for e in group if e.date is not None]
    first = min(dated, key=lambda e: (e.stale, e.dated_by != "words", e.date)) if dated else None
    place = _finest([e.place for e in group if e.place])
    kind = next((e.kind for e in group if e.kind), None)
    actor1, actor2 = (next((e.actors[i] for e in group if e.actors[i]), None) for i in (0, 1))
    summary = _summary(claims, rows)
    killed = next((s for s in summary if s.role == "killed"), None)
    notes = ([] if place and place.country else ["country unknown: no place of it resolved on the map"]) + (
        ["country inferred from the article's other places: no place of this event is on the map"]
        if place and place.inferred
        else [])
    return Incident(event_id=f"I{number}", event_date=first.date if first else None,
                    dated_by=first.dated_by if first else None, event_type=kind[0] if kind else None,
                    sub_event_type=kind[1] if kind else None, country=place.country if place else None, place=place,
                    actor1=actor1, actor2=actor2,
                    articles=list(dict.fromkeys(e.article_id for e in group)), events=[e.event_id for e in group],
                    claims=claims, summary=summary, fatalities=killed.low if killed else None, notes=notes)


def incidents(results: Iterable[Result], km: float = 25.0, places: Gazetteer | None = None) -> list[Incident]:
    """The incidents of many results (error records have none), in order of date."""
    places = places or gazetteer()
    events = [event for result in results if result.status == "ok" for event in article_events(result, places)]
    groups = sorted(merge(events, km), key=lambda g: (min((e.date for e in g if e.date), default=dt.date.max),
                                                       g[0].event_id))
    return [incident(n, group) for n, group in enumerate(groups, 1)]
