"""Incidents: one record per strike, attack, clash or toll report, merged across the articles that report it, with
every outlet's claims side by side (`extractor events`). The columns an ACLED- or UCDP-style dataset keeps, and ours:
the claims, and whether each was verified."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GeoPlace(_Model):
    """A place as written, and the GeoNames entry it was resolved to (offline), if any: never guessed."""

    written: str = Field(description="The place as the article writes it: 'the Odesa region', 'Khan Younis'.")
    name: str | None = Field(None, description="GeoNames' name for it; null when the words resolve to nothing.")
    geonameid: int | None = None
    country: str | None = Field(None, description="ISO 3166-1 alpha-2.")
    admin1: str | None = Field(None, description="GeoNames' admin1 code, 'UA.07' (not an ISO 3166-2 code).")
    admin1_name: str | None = Field(None, description="GeoNames' name of the admin1: 'Kharkivs’ka Oblast’', "
                                    "'Northern Darfur'.")
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: Literal[1, 2, 3] | None = Field(None, description="As ACLED defines it: 1 a named town, 2 near "
                                                   "a town or a small area, 3 a region or larger.")
    inferred: bool = Field(False, description="The country is the article's, not the words': they name no place "
                           "GeoNames holds in a country the article names (a village under 500 people), so the place "
                           "is placed at the country the article's other places lie in (and the admin1 most of them "
                           "lie in, if one does), at precision 3. Added in schema 2.3.")


class Claim(_Model):
    """One number one article states about the incident, with who states it and where its words are."""

    article_id: str
    event_id: str = Field(description="The article's own event it came from: '<article_id>#e1'.")
    source: str | None = Field(description="Who states it, as written.")
    category: str
    role: str
    weapon_class: str | None = None
    value: float | None = None
    low: float | None = None
    high: float | None = None
    text: str = Field(description="The number's words as they stand in the article.")
    start: int | None = None
    end: int | None = None
    verified: bool


class RoleSummary(_Model):
    """The range of one role's claims (killed, injured, launched…): never averaged away."""

    role: str
    low: float = Field(description="The lowest number claimed (ACLED codes this one for fatalities).")
    high: float = Field(description="The highest number claimed.")
    best: float = Field(description="The best estimate, by `rule`.")
    rule: str = Field(description="How `best` was chosen.")
    claims: int = Field(description="How many claims the range is over (parts of a total left out).")


class Incident(_Model):
    event_id: str = Field(description="'I' and a number, unique in one events file.")
    event_date: dt.date | None = Field(description="The earliest date of its claims, else the earliest article's "
                                                   "publication date (`dated_by` says which), else null.")
    dated_by: Literal["words", "publication"] | None = None
    event_type: str | None = Field(None, description="ACLED's event type where the wording allows, else null.")
    sub_event_type: str | None = None
    country: str | None = Field(None, description="ISO 3166-1 alpha-2; null when no place of it resolved.")
    place: GeoPlace | None = None
    actor1: str | None = Field(None, description="Who attacked, as the first article to name them writes it.")
    actor2: str | None = Field(None, description="Who was attacked (a side or people, never a place), as written.")
    articles: list[str] = Field(description="The articles that report it.")
    events: list[str] = Field(description="The articles' own events merged into it ('<article_id>#e1').")
    claims: list[Claim]
    summary: list[RoleSummary] = Field(default_factory=list)
    fatalities: float | None = Field(None, description="The lowest number of killed claimed (ACLED's rule).")
    notes: list[str] = Field(default_factory=list)
