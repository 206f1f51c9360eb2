"""What the model answers about one number: a single label from a fixed set.

Code finds the numbers, reads their values and spans, and names the weapon class; the model only says what happened
to what a number counts. On the embedded server the answer is decoded under a grammar restricted to the labels that
fit what the number's noun counts (weapons or people), so it is always one of them."""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, create_model

from .vocab import LABELS, PEOPLE_LABELS, WEAPON_LABELS  # noqa: F401 (re-exported)

Label = Literal[LABELS]


OPTION_LETTERS = ("A", "B", "C", "D")
Option = Literal["A", "B", "C", "D", "none"]


class MentionLabel(BaseModel):
    """The answer about one marked number: what happened to what it counts, and which of code's options says who
    states it and where it happened (a letter, or "none")."""

    model_config = ConfigDict(extra="forbid")

    label: Label
    source: Option = "none"
    place: Option = "none"


@cache
def restricted(labels: tuple[str, ...], sources: int = 0, places: int = 0) -> type[BaseModel]:
    """The same answer with only the question's options allowed: the schema the answer is decoded under."""
    def options(n: int):
        return Literal[(*OPTION_LETTERS[:n], "none")]
    return create_model("MentionLabel", __config__=ConfigDict(extra="forbid"), label=(Literal[labels], ...),
                        source=(options(sources), ...), place=(options(places), ...))
