"""What the model answers about one number: a single label from a fixed set, the weapon class of a count of weapons,
and which of code's options says who states it and where; asked about the numbers of a passage at once, one such
answer per mark (`marked`).

Code finds the numbers and reads their values and spans; the model says what happened to what a number counts, and,
where its calibration lets it decide them, which weapon and which of code's options. On the embedded server the answer
is decoded under a grammar restricted to the labels that fit what the number's noun counts (weapons or people), so it
is always one of them."""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from .vocab import LABELS, PEOPLE_LABELS, WEAPON_CLASSES, WEAPON_LABELS  # noqa: F401 (re-exported)

Label = Literal[LABELS]
WeaponClass = Literal[WEAPON_CLASSES]


# The letters of a question's options (who says so, where): eight, so a model may reach the places mentioned in the
# sentences around a count as well as those code ties to it (on dev, gold's place is among eight for 0.979 of counts,
# among four for 0.966; on fresh dev 0.951 and 0.869).
OPTION_LETTERS = tuple("ABCDEFGH")
Option = Literal[(*OPTION_LETTERS, "none")]


class MentionLabel(BaseModel):
    """The answer about one marked number: what happened to what it counts, and which of code's options says who
    states it, where and when it happened (a letter, or "none")."""

    model_config = ConfigDict(extra="forbid")

    label: Label
    weapon: WeaponClass | None = None  # asked of a count of weapons only
    source: Option = "none"
    place: Option = "none"
    date: Option = "none"


@cache
def restricted(labels: tuple[str, ...], weapon: bool = False, sources: int | None = 0, places: int | None = 0,
               dates: int | None = None, name: str = "MentionLabel") -> type[BaseModel]:
    """The same answer with only the question's options allowed: the schema the answer is decoded under. The weapon
    class is asked where `weapon`; a field with None options is not asked; a field not asked is absent."""
    options = {field: (Literal[(*OPTION_LETTERS[:n], "none")], ...)
               for field, n in (("source", sources), ("place", places), ("date", dates)) if n is not None}
    if weapon:
        options = {"weapon": (WeaponClass, ...), **options}
    return create_model(name, __config__=ConfigDict(extra="forbid"), label=(Literal[labels], ...), **options)


class MarkedLabels(BaseModel):
    """One entry per mark, keyed "1", "2"…: {"label": …, "source": …, "place": …}."""

    # One shape for every passage, so the instructions a client writes from it (instructor's JSON mode puts the
    # schema, this docstring included, in the system message: change it and the cassettes no longer match; a mark's
    # "date" and "weapon" are its own schema's) are one prefix for every question; each mark is checked against its own
    # options when it is read (by_mark), and decoded under them where the server takes a schema (marked).
    model_config = ConfigDict(extra="allow")


@cache
def marked(marks: tuple[tuple, ...]) -> type[BaseModel]:
    """The schema a passage's answer is decoded under: every mark "1"…"n" answered, each within its own options
    (labels, whether the weapon class is asked, how many speakers, places and dates; None where that is not
    asked)."""
    fields = {f"m{k}": (restricted(*mark, name=f"Mark{k}"), Field(alias=str(k)))
              for k, mark in enumerate(marks, start=1)}
    config = ConfigDict(extra="forbid", populate_by_name=True, serialize_by_alias=True)
    return create_model("MarkedLabels", __config__=config, **fields)


def by_mark(answer: BaseModel, shape: type[BaseModel]) -> list[MentionLabel | None]:
    """A passage's answer as one MentionLabel per mark of `shape` (marked's), in mark order: None where the mark was
    skipped or answered outside its options."""
    said = answer.model_dump(by_alias=True)
    labels = []
    for k, field in enumerate(shape.model_fields.values(), start=1):
        mark = said.get(str(k))
        if isinstance(mark, dict):  # a field the question did not ask is no answer, and no error either
            mark = {name: value for name, value in mark.items() if name in field.annotation.model_fields}
        try:
            labels.append(MentionLabel(**field.annotation.model_validate(mark).model_dump()))
        except ValidationError:
            labels.append(None)
    return labels
