"""What conflict news reports, grouped as an analyst hand-codes it: attacks and their munitions,
casualty reports, force deployments, and other numeric claims. Each count is one fact of the facts view."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .core import DateRef, Place, Quantity, Source

Category = Literal["munitions", "casualties", "forces", "other"]
WeaponClass = Literal["missile", "drone", "rocket", "glide_bomb", "artillery", "aircraft", "other"]
MunitionRole = Literal["launched", "intercepted", "jammed", "hit", "other"]
CasualtyRole = Literal["killed", "injured", "killed_or_injured", "missing", "captured", "other"]
ForceRole = Literal["deployed", "other"]

ROLES: dict[str, tuple[str, ...]] = {
    "munitions": MunitionRole.__args__,
    "casualties": CasualtyRole.__args__,
    "forces": ForceRole.__args__,
}
# The roles of headline facts: every role but "other", by category.
HEADLINE_ROLES: dict[str, tuple[str, ...]] = {
    category: tuple(r for r in roles if r != "other") for category, roles in ROLES.items()}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Context(_Model):
    """Where, when and on whose word: shared by the facts of one event."""

    date: DateRef | None = None
    place: Place | None = None
    source: Source | None = None


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


class Extraction(_Model):
    attacks: list[Attack] = Field(default_factory=list)
    casualties: list[CasualtyReport] = Field(default_factory=list)
    deployments: list[ForceDeployment] = Field(default_factory=list)
    other: list[OtherClaim] = Field(default_factory=list)
