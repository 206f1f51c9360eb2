"""From the model's draft (flat rows of words) to the rich Extraction.

Code sets everything code can know: every span (alignment), the value each number's words state (the number
reader), the date each date's words mean (dates), the weapon class the noun after the number names, and the
grouping of facts into attacks and casualty reports. The model contributes only its reading of the text."""

from __future__ import annotations

import datetime as dt
import re

from .reading.align import (
    Folded,
    Located,
    align_quantity,
    anchors,
    nearest,
    occurrences,
)
from .reading.cues import weapon_class_in
from .reading.dates import resolve
from .reading.numbers import find_mentions, read_quantity
from .schemas import (
    HEADLINE_ROLES,
    AnchoredFact,
    Attack,
    CasualtyCount,
    CasualtyReport,
    DateRef,
    Draft,
    DraftFact,
    Extraction,
    ForceDeployment,
    MunitionCount,
    OtherClaim,
    Place,
    Quantity,
    Source,
)


def category_of(role: str) -> str:
    return next((category for category, roles in HEADLINE_ROLES.items() if role in roles), "other")


def _label(subject: str | None) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", (subject or "").lower()).strip("_")
    return slug if slug and slug[0].isalpha() else "other"


class _Aligner:
    """Aligns the words of one article's facts, remembering spans already given out."""

    def __init__(self, article: str, published: dt.date | None):
        self.article = article
        self.published = published
        self._folded: Folded | None = None
        self.mentions = find_mentions(article)
        self.taken: set[tuple[int, int]] = set()

    def quantity(self, fact: DraftFact) -> Quantity | None:
        if isinstance(fact, AnchoredFact):  # code found this number itself: its span is known
            r = read_quantity(self.article[fact.start:fact.end])
            if r is None:
                return None
            return Quantity(text=self.article[fact.start:fact.end], start=fact.start, end=fact.end, alignment="exact",
                            value=r.value, low=r.low, high=r.high, approximate=r.approximate,
                            lower_bound=r.lower_bound, upper_bound=r.upper_bound)
        near = anchors(self.article, [fact.subject, fact.weapon, fact.source, fact.date, fact.place], self.folded)
        q = align_quantity(self.article, fact.number, self.mentions, near, self.taken, self.folded)
        if q.reading is None:
            return None
        if q.start is not None:
            self.taken.add((q.start, q.end))
        r = q.reading
        return Quantity(text=q.text, start=q.start, end=q.end, alignment=q.alignment, value=r.value, low=r.low,
                        high=r.high, approximate=r.approximate, lower_bound=r.lower_bound, upper_bound=r.upper_bound)

    @property
    def folded(self) -> Folded:
        if self._folded is None:  # only rows a model drafted are searched for tolerantly
            self._folded = Folded(self.article)
        return self._folded

    def _anchored(self, cls, words: str | None, near: int | None, **extra):
        if not words or not words.strip():
            return None
        located = None
        if near is not None:  # the words of a fact's context stand near its number: look there first
            window = max(0, near - 2000)
            nearby = occurrences(self.article[window:near + 2000], words)
            located = nearest([Located(o.start + window, o.end + window, o.alignment) for o in nearby], [near])
        located = located or nearest(occurrences(self.article, words, self.folded), [near] if near is not None else [])
        if located is None:
            return cls(text=words.strip(), alignment="unaligned", **extra)
        return cls(text=self.article[located.start:located.end], start=located.start, end=located.end,
                   alignment=located.alignment, **extra)

    def date(self, words: str | None, near: int | None) -> DateRef | None:
        date, end_date, precision = resolve(words or "", self.published)
        return self._anchored(DateRef, words, near, date=date, end_date=end_date, precision=precision)

    def place(self, words: str | None, near: int | None) -> Place | None:
        return self._anchored(Place, words, near)

    def source(self, words: str | None, near: int | None) -> Source | None:
        return self._anchored(Source, words, near)

    def words_after(self, q: Quantity) -> str:
        return self.article[q.end:q.end + 40] if q.end is not None else ""


def assemble(draft: Draft, article: str, published: dt.date | None = None) -> tuple[Extraction, list[str]]:
    """Build the Extraction from the model's draft. Returns it with warnings about rows that were dropped."""
    aligner = _Aligner(article, published)
    extraction = Extraction()
    attacks: dict[tuple, Attack] = {}
    reports: dict[tuple, CasualtyReport] = {}
    seen: set[tuple] = set()
    warnings: list[str] = []

    for fact in draft.facts:
        quantity = aligner.quantity(fact)
        if quantity is None:
            warnings.append(f"dropped a row whose number words state no number: {fact.number!r}")
            continue
        category = category_of(fact.role)
        weapon_class = None
        if category == "munitions" and isinstance(fact, AnchoredFact):
            weapon_class = fact.weapon_class or "other"  # code chose it already (extractor.mentions)
        elif category == "munitions":
            # The noun right after the number names the class more reliably than the model does.
            weapon_class = (weapon_class_in(aligner.words_after(quantity).split(".")[0][:25])
                            or fact.weapon_class or weapon_class_in(f"{fact.weapon or ''} {fact.subject}") or "other")
        key = (category, fact.role, weapon_class, quantity.start, quantity.end, quantity.text)
        if key in seen:
            continue  # the model wrote the same row twice
        seen.add(key)
        at = quantity.start
        context = dict(date=aligner.date(fact.date, at), place=aligner.place(fact.place, at),
                       source=aligner.source(fact.source, at))
        group = tuple((c.text if c else None) for c in context.values())
        if category == "munitions":
            attack = attacks.get(group)
            if attack is None:
                attack = attacks[group] = Attack(**context)
                extraction.attacks.append(attack)
            attack.munitions.append(MunitionCount(role=fact.role, weapon_class=weapon_class, weapon=fact.weapon,
                                                  subject=fact.subject, quantity=quantity))
        elif category == "casualties":
            report_key = (fact.subject.strip().lower(), *group)
            report = reports.get(report_key)
            if report is None:
                report = reports[report_key] = CasualtyReport(subject=fact.subject, **context)
                extraction.casualties.append(report)
            report.counts.append(CasualtyCount(role=fact.role, quantity=quantity))
        elif category == "forces":
            extraction.deployments.append(ForceDeployment(subject=fact.subject, quantity=quantity, **context))
        else:
            extraction.other.append(OtherClaim(label=_label(fact.subject), subject=fact.subject, quantity=quantity,
                                               **context))
    return extraction, warnings
