"""From decided facts to the rich Extraction.

Every span comes from code: the number's from the number reader, its date, place and source from the context reader
(extractor.reading.context) — nothing is searched for again here. Code also sets the value the number's words state,
the date its date words mean (extractor.reading.dates), the total a sub-count is part of, and the grouping of facts
into attacks and casualty reports, and those groups into the article's events.

An event (one strike, attack, clash or toll report) is the groups whose dates lie within a day of each other and
whose places are the same words, a group with no date or no place joining the first event it fits: the facts of
an article with one place and one date are one event, however many sources give them. Munitions gone astray join
the launch they came from, and a part of a total at the total's place the total's event (_events). A total over a
span of time ("since October") is never one strike's: totals make events of their own. Its kind is the weapons its
munitions name, else the first kind of violence its facts' sentences name; its sides, the first its facts'
sentences name (extractor.reading.actors)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .decide import Fact
from .reading.spans import Words, paragraph_of
from .reading.dates import resolve, resolve_dated
from .schemas import (
    Actor,
    Attack,
    CasualtyCount,
    CasualtyReport,
    Context,
    DateRef,
    Event,
    Extraction,
    ForceDeployment,
    MunitionCount,
    OtherClaim,
    Place,
    Quantity,
    Source,
)
from .schemas.vocab import (ADMIN_NOUNS, AROUND_NOUNS, NIGHT_WORDS, REGION_NOUNS, SETTLEMENT_OF_NOUNS,
                           WEAPON_EVENT_KINDS, WEEKDAYS)


def _quantity(fact: Fact, part_of: int | None) -> Quantity:
    m, r = fact.count.mention, fact.count.mention.reading
    return Quantity(text=m.text, start=m.start, end=m.end, alignment="exact", value=r.value, low=r.low, high=r.high,
                    approximate=r.approximate, lower_bound=r.lower_bound, upper_bound=r.upper_bound, part_of=part_of)


def _anchored(cls, found: Words | None, **extra):
    return None if found is None else cls(text=found.text, start=found.start, end=found.end, alignment="exact",
                                          **extra)


def assemble(facts: list[Fact], published: dt.date | None = None,
             places_named: list[str] | None = None, text: str = "") -> Extraction:
    """The Extraction of an article's decided facts, each with its date, place and source, and the places the
    article names (reading.places.Places.named); the article's text tells the words around a date ("late on
    Friday")."""
    extraction = Extraction(places_named=places_named or [])
    groups: list[tuple[Context, dt.date | None]] = []  # every group made, in article order, with its date
    members: dict[int, list[Fact]] = {}  # each group's facts, by the group's id()
    attacks: dict[tuple, Attack] = {}
    reports: dict[tuple, CasualtyReport] = {}
    starts = {f.index: f.count.mention.start for f in facts}
    for fact in facts:
        category, role, weapon_class = fact.decision
        date, end_date, precision = resolve_dated(fact.date, published) if fact.date else (None, None, None)
        context = dict(date=_anchored(DateRef, fact.date, date=date, end_date=end_date, precision=precision),
                       place=_anchored(Place, fact.place), source=_anchored(Source, fact.source))
        group = (*(w.text if w else None for w in (fact.date, fact.place, fact.source)), fact.what.cumulative)
        quantity = _quantity(fact, starts.get(fact.part_of))
        subject = fact.count.noun or None
        if category == "munitions":
            attack = attacks.get(group)
            if attack is None:
                attack = attacks[group] = Attack(**context)
                extraction.attacks.append(attack)
                groups.append((attack, date))
            attack.munitions.append(MunitionCount(role=role, weapon_class=weapon_class or "other",
                                                  weapon=fact.count.weapon, subject=subject, quantity=quantity))
            joined: Context = attack
        elif category == "casualties":
            report_key = ((subject or "").strip().lower(), *group)
            report = reports.get(report_key)
            if report is None:
                report = reports[report_key] = CasualtyReport(subject=subject or "", **context)
                extraction.casualties.append(report)
                groups.append((report, date))
            report.counts.append(CasualtyCount(role=role, quantity=quantity))
            joined = report
        elif category == "forces":
            joined = ForceDeployment(subject=subject or "", quantity=quantity, **context)
            extraction.deployments.append(joined)
            groups.append((joined, date))
        else:
            joined = OtherClaim(label=role, subject=subject, quantity=quantity, **context)
            extraction.other.append(joined)
            groups.append((joined, date))
        members.setdefault(id(joined), []).append(fact)
    extraction.events = _events(groups, members, text)
    return extraction


@dataclass
class _Open:
    """What an article's event is known to be so far, as its groups join it."""

    date: dt.date | None
    place: str | None  # its place's words, casefolded
    over_time: bool  # a total over a span of time, or a force's standing strength: no strike's count either way
    day: tuple | None  # its date words, compared (_day_words)
    named: tuple[bool, bool] | None  # whether a weekday is named outright, and a night (_weekday_named)


def _events(groups: list[tuple[Context, dt.date | None]], members: dict[int, list[Fact]],
            text: str = "") -> list[Event]:
    """Name each group's event ("e1", "e2"…): the first event whose date is within a day and whose place is the same
    words, where both are known; else a new one. Where the article gives no publication date its date words still
    tell days apart ("on Tuesday" and "on Thursday"; "May 10" and "on Wednesday"). Two days of the week named outright
    ("on Friday", "on Saturday") are a day apart only over a night the words around them name ("late on Friday",
    "early Saturday"). Munitions gone astray (munitions role "other": fell short, into the sea, inside the launching
    side's ground) join the latest launch of their day, wherever they came down. A total with no place of its own
    whose parts name theirs joins only an event at those places; a part at its total's place is in the total's event,
    whatever span its own words give. The events, each with its kind and sides."""
    events: list[_Open] = []  # each event as its groups bring what they know of it
    facts: dict[str, list[Fact]] = {}
    launch = None  # the event of the latest group that counts munitions launched
    event_of: dict[int, int] = {}  # by fact index, the event of each fact placed so far, and its group's place
    place_of: dict[int, str | None] = {}
    parts_at: dict[int, set[str]] = {}  # by a total's fact index, the places of its parts
    struck: set[tuple[int, int]] = set()  # the paragraphs that tell of a toll or of munitions
    for context, _ in groups:
        for fact in members[id(context)]:
            if fact.part_of is not None and context.place is not None:
                parts_at.setdefault(fact.part_of, set()).add(_place_words(context))
            if fact.decision[0] in ("casualties", "munitions"):
                struck.add(paragraph_of(text, fact.count.mention.start))
    for context, date in groups:
        place = _place_words(context) if context.place else None
        # a total with no place whose parts have theirs ("39 drones downed: 19 over X, 13 over Y") is where they are
        group = members[id(context)]
        at = set() if place else {p for f in group for p in parts_at.get(f.index, ())}
        # a force's strength told in a paragraph with no toll or munitions, and no act of violence named ("About 900
        # troops remain in Syria.") is, like a total over time, no strike's count: an event apart; attackers ("Five
        # militants attacked a hotel, killing six") stay in their attack's
        over_time = group[0].what.cumulative or (isinstance(context, ForceDeployment) and not group[0].what.violent
                                                   and paragraph_of(text, group[0].count.mention.start) not in struck)
        # a date that resolved is a calendar one, to compare with words that did not ("on Sunday", no publication)
        day = _day_words(context) if date is None else ("calendar", date, context.date.precision or "day")
        named = _weekday_named(context, text)

        def same_time(event: list) -> bool:
            return (date is None or event.date is None or _within_a_night(abs((date - event.date).days), named,
                                                                            event.named)) \
                and _same_day(day, event.day, named, event.named)

        munitions = context.munitions if isinstance(context, Attack) else []
        wholes = {event_of.get(f.part_of) for f in group}  # the events of the totals the group's facts are parts of
        if munitions and all(m.role == "other" for m in munitions) and launch is not None and same_time(
                events[launch]):
            n = launch  # gone astray (fell short, into the sea): where they came down is no incident of its own
        elif len(wholes) == 1 and None not in wholes and (place is None or all(
                place_of[f.part_of] is not None and _same_place(place, place_of[f.part_of]) for f in group)):
            n = wholes.pop()  # a part of a total at its place ("63 held, among them a body held since 2014")
        else:
            n = next((i for i, event in enumerate(events) if event.over_time == over_time and same_time(event) and (
                event.place is None or (_same_place(place, event.place) if place else all(
                    _same_place(p, event.place) for p in at)))), len(events))
            if n == len(events):
                events.append(_Open(date, place, over_time, day, named))
            event = events[n]
            event.date, event.place = event.date or date, event.place or place
            event.day, event.named = event.day or day, event.named or named
        if any(m.role == "launched" for m in munitions):
            launch = n
        context.event = f"e{n + 1}"
        facts.setdefault(context.event, []).extend(group)
        for fact in group:
            event_of[fact.index], place_of[fact.index] = n, place
    return [_event(event, of) for event, of in facts.items()]


def _place_words(context: Context) -> str:
    return " ".join(context.place.text.casefold().split())


def _same_place(a: str, b: str) -> bool:
    """Whether two places' words name one place: the same words, or the short form of the other ("the Strip" of "the
    Gaza Strip"), up to words that only say where it lies ("Russia's", "of X district") or around it ("the Mir Ali
    area"); never a town and the region named after it ("Belgorod", "the Belgorod region")."""
    a, b = _named(a), _named(b)
    if bool(_REGION.search(a)) != bool(_REGION.search(b)):
        return False
    return a == b or f" {a} " in f" {b} " or f" {b} " in f" {a} "


_REGION = re.compile(rf"\b(?:{REGION_NOUNS})$")
_AROUND = re.compile(rf"\s+(?:{AROUND_NOUNS})$")
_WHOSE = re.compile(r"^(?:the\s+)?\S+(?:'s|’s)\s+")  # "russia's belgorod region"
_LIES_IN = re.compile(rf"^(?!(?:{ADMIN_NOUNS})\s+of\s|(?:.+\s)?(?:{SETTLEMENT_OF_NOUNS})\s+of\s)(.+?)\s+of\s+.+$")


def _named(words: str) -> str:
    """A place's words (casefolded) without those that say where it lies or around it: "mir ali of north waziristan
    district" and "the mir ali area" name "mir ali", "the kursk region of russia" the kursk region; "the city of odesa"
    and "the black sea port of odesa" keep theirs."""
    words = _WHOSE.sub("", words.removeprefix("the "))
    if (lies := _LIES_IN.match(words)) is not None:
        words = lies.group(1)
    return _AROUND.sub("", words)


_ANY_DAY = dt.date(2024, 12, 31)  # a publication date to compare date words by, when the article gives none
_WEEKDAY = re.compile(rf"\b({'|'.join(WEEKDAYS)})\b", re.IGNORECASE)
_NIGHT = re.compile(rf"\b(?:{NIGHT_WORDS})\b", re.IGNORECASE)


def _day_words(context: Context) -> tuple[str, dt.date, str] | None:
    """A group's date words as compared where they resolve to no date: ("calendar", the day or month, its precision)
    for a date the words name alone ("May 10", "in August"), ("weekday", …) for a day of the week counted back from
    publication ("on Wednesday"), ("recent", …) for the report's own day or night ("today", "overnight", "this week");
    None for none or words that name no day."""
    if context.date is None:
        return None
    words = context.date.text
    day, _, precision = resolve(words, _ANY_DAY)
    if day is None:
        return None
    alone = resolve(words, None)
    if alone[0] is not None or alone[2] == "day":
        return "calendar", day, precision or "day"
    return ("weekday" if _WEEKDAY.search(words) else "recent"), day, precision or "day"


# the words just before a date ("late on", "in the early hours of") and just after it ("night", "evening")
_NIGHT_BEFORE = re.compile(rf"\b(?:{NIGHT_WORDS})\b(?:\W+\w+){{0,3}}\W*$", re.IGNORECASE)
_NIGHT_AFTER = re.compile(rf"^\W*(?:{NIGHT_WORDS})\b", re.IGNORECASE)


def _weekday_named(context: Context, text: str) -> tuple[bool, bool] | None:
    """Whether a group's date words name a day of the week outright, and whether they or the words next to them name
    a night or its edges ("late on Thursday", "Friday night", "in the early hours of Saturday"); None for none."""
    if context.date is None or not _WEEKDAY.search(context.date.text):
        return None
    start, end = context.date.start, context.date.end
    return True, bool(_NIGHT.search(context.date.text) or _NIGHT_BEFORE.search(text[max(start - 30, 0):start])
                      or _NIGHT_AFTER.search(text[end:end + 12]))


def _within_a_night(apart: int, a: tuple[bool, bool] | None, b: tuple[bool, bool] | None) -> bool:
    """Whether dates `apart` days apart may be one incident: the same day, or the next one unless both name a day of
    the week outright (_weekday_named) and neither a night running over the two."""
    if apart == 0:
        return True
    return apart == 1 and (a is None or b is None or a[1] or b[1])


def _same_day(a, b, a_named=None, b_named=None) -> bool:
    """Whether two groups' date words may name the same day (within one: a night over two dates)."""
    if a is None or b is None:
        return True
    if {a[0], b[0]} == {"calendar", "recent"}:
        return True  # "today", "overnight", "this week": the report's own day, unknown here, which any date may be
    if {a[0], b[0]} == {"calendar", "weekday"}:
        return False  # "on Wednesday" in a story of "May 10": a day counted back from publication is a recent one
    if "month" in (a[2], b[2]) or a[2] == "year" or b[2] == "year":
        return (a[1].year, a[1].month) == (b[1].year, b[1].month) or a[2] == "year" or b[2] == "year"
    apart = abs((a[1] - b[1]).days)
    return _within_a_night(min(apart % 7, 7 - apart % 7) if a[0] != "calendar" else apart, a_named, b_named)


def _event(event: str, facts: list[Fact]) -> Event:
    weapons = [WEAPON_EVENT_KINDS[f.decision[2]] for f in facts if f.decision[0] == "munitions"
               and f.decision[2] in WEAPON_EVENT_KINDS]
    kind = next(iter(weapons), None) or next((f.what.kind for f in facts if f.what.kind), None)
    attacker = next((f.what.attacker for f in facts if f.what.attacker), None)
    attacked = next((f.what.attacked for f in facts if f.what.attacked), None)
    return Event(id=event, event_type=kind[0] if kind else None, sub_event_type=kind[1] if kind else None,
                 actor1=_anchored(Actor, attacker), actor2=_anchored(Actor, attacked))
