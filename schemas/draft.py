"""The compact form the model fills: one flat row per number, words only.

A small model fills a flat list far more reliably than the nested Extraction. It never writes values or
offsets: code parses the number words (extractor.numbers), finds them in the article (extractor.align) and
assembles the rich Extraction (extractor.assemble)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .events import WeaponClass

DraftRole = Literal[
    "launched", "intercepted", "jammed", "hit",
    "killed", "injured", "killed_or_injured", "missing", "captured",
    "deployed", "other",
]


class DraftFact(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: str = Field(description="The number's words copied exactly from the article, with any hedge: "
                        "'78', 'around 3,000', 'between 10,000 and 12,000', 'eight', 'ten or more'.")
    subject: str = Field(description="Who or what is counted, as written: 'missiles', 'North Korean soldiers'.")
    role: DraftRole = Field(description="What happened to them. Munitions: launched, intercepted (shot down), jammed "
                            "(electronic warfare), hit. People: killed, injured, killed_or_injured, missing, "
                            "captured. Troops: deployed. Anything else: other.")
    weapon_class: WeaponClass | None = Field(default=None, description="For munitions only, else null.")
    weapon: str | None = Field(default=None, description="Weapon name as written ('Shahed', 'Kh-101'), else null.")
    source: str | None = Field(default=None, description="Who states the number, as written, else null.")
    date: str | None = Field(default=None, description="When, as written ('on Thursday'), else null.")
    place: str | None = Field(default=None, description="Where, as written, else null.")


class Draft(BaseModel):
    """Every count in the article of munitions, casualties or troops, one row per number."""

    model_config = ConfigDict(extra="forbid")

    facts: list[DraftFact]
