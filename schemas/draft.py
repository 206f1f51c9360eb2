"""The flat rows, one per number, from which the rich Extraction is assembled.

The pipeline writes them from each number's label (AnchoredFact: code found the number, so its span is known);
a model can also fill Draft directly (words only). Nobody writes values or offsets by hand: code parses the number words (extractor.numbers), finds them in the article (extractor.align) and
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


class AnchoredFact(DraftFact):
    """A row whose number code found itself: its span is known, so it is not searched for."""

    start: int
    end: int


class Draft(BaseModel):
    """Every count in the article of munitions, casualties or troops, one row per number."""

    model_config = ConfigDict(extra="forbid")

    facts: list[DraftFact]
