"""What conflict news reports, grouped as an analyst hand-codes it: attacks and their munitions,
casualty reports, force deployments, and other numeric claims. Each count is one fact of the facts view."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .core import Actor, DateRef, Place, Quantity, Source
from .vocab import CATEGORIES, HEADLINE_ROLES, ROLES, WEAPON_CLASSES  # noqa: F401 (re-exported)

Category = Literal[CATEGORIES]
WeaponClass = Literal[WEAPON_CLASSES]
MunitionRole = Literal[ROLES["munitions"]]
CasualtyRole = Literal[ROLES["casualties"]]
ForceRole = Literal[ROLES["forces"]]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Context(_Model):
    """Where, when and on whose word: shared by the facts of one event."""

    date: DateRef | None = None
    place: Place | None = None
    source: Source | None = None
    event: str | None = Field(None, description="The event within the article these facts belong to: 'e1', 'e2'… "
                              "(one strike, attack, clash or toll report; added in schema 2.2).")


class MunitionCount(_Model):
    role: MunitionRole = Field(description="launched, intercepted (shot down, destroyed), jammed (lost to electronic "
                               "warfare), hit (reached targets), other")
    weapon_class: WeaponClass
    weapon: str | None = Field(default=None, description="The weapon as written: 'Shahed', 'Kh-101', 'Oreshnik'.")
    subject: str | None = Field(default=None, description="What is counted, as written: 'missiles', 'drones'.")
    quantity: Quantity
    verified: bool = False


class Attack(Context):
    munitions: list[MunitionCount] = Field(default_factory=list)


class CasualtyCount(_Model):
    role: CasualtyRole
    quantity: Quantity
    verified: bool = False


class CasualtyReport(Context):
    subject: str = Field(description="Who was counted, as written: 'North Korean soldiers', 'civilians'.")
    counts: list[CasualtyCount] = Field(default_factory=list)


class ForceDeployment(Context):
    role: ForceRole = "deployed"
    subject: str = Field(description="Who was sent, as written: 'troops', 'North Korean soldiers'.")
    quantity: Quantity
    verified: bool = False


class OtherClaim(Context):
    label: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="A short snake_case label: 'missiles_stationed'.")
    subject: str | None = None
    quantity: Quantity
    verified: bool = False


class Event(_Model):
    """One of the article's events (one strike, attack, clash or toll report): what kind, and its sides as written.
    Its facts are the groups whose `event` is its id. Added in schema 2.3."""

    id: str = Field(description="'e1', 'e2'…: the `event` of its facts' groups.")
    event_type: str | None = Field(None, description="ACLED's event type where the wording allows: 'Battles', "
                                   "'Explosions/Remote violence', 'Violence against civilians'; else null.")
    sub_event_type: str | None = Field(None, description="ACLED's sub-event type: 'Air/drone strike', "
                                       "'Shelling/artillery/missile attack', 'Armed clash', 'Attack'…; else null.")
    actor1: Actor | None = Field(None, description="Who attacked, as the article names them; null when it does not.")
    actor2: Actor | None = Field(None, description="Who was attacked, as the article names them (a side or people, "
                                 "never a place); null when it does not.")


class Extraction(_Model):
    attacks: list[Attack] = Field(default_factory=list)
    casualties: list[CasualtyReport] = Field(default_factory=list)
    deployments: list[ForceDeployment] = Field(default_factory=list)
    other: list[OtherClaim] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list, description="The article's events, in the order the article "
                                "first reports them. Added in schema 2.3.")
    places_named: list[str] = Field(default_factory=list, description="Every place the article's words name, as "
                                    "written, in order, each once (its facts' places among them): where the map "
                                    "finds the article's country and region when its facts' places are villages it "
                                    "does not hold. Filled by code. Added in schema 2.4.")
