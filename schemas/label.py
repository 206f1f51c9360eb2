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


class MentionLabel(BaseModel):
    """The label of one marked number."""

    model_config = ConfigDict(extra="forbid")

    label: Label


@cache
def restricted(labels: tuple[str, ...]) -> type[BaseModel]:
    """The same answer with fewer labels allowed: the schema the server's grammar decodes under."""
    return create_model("MentionLabel", __config__=ConfigDict(extra="forbid"), label=(Literal[labels], ...))
