"""The flat schema of the bare-instructor baseline: what a new user would write for one instructor call. The
model writes everything, numbers and offsets included; nothing is aligned, checked or repaired."""

from __future__ import annotations

from pydantic import BaseModel


class BareFact(BaseModel):
    category: str  # munitions, casualties, forces, other
    role: str
    weapon_class: str | None = None
    weapon: str | None = None
    subject: str | None = None
    text: str  # the number's words as written
    value: float | None = None
    low: float | None = None
    high: float | None = None
    approximate: bool = False
    lower_bound: bool = False
    upper_bound: bool = False
    date: str | None = None
    location: str | None = None
    source: str | None = None


class BareFacts(BaseModel):
    facts: list[BareFact]
