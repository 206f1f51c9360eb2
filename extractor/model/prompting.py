"""Load and render the prompt files under prompts/ (installed as extractor.prompts).

The prompt version is the declared name plus a hash of the files' contents, so any edit to a prompt changes the
version that travels into every result (and into cache keys), with nothing to remember to bump.

The labelling prompt puts everything that does not change (instructions, worked examples) first and the passage
last, so the server's prompt cache reads the shared prefix once per run, not once per question."""

from __future__ import annotations

import hashlib
import json
import tomllib
from functools import cache
from importlib import resources

from jinja2 import Environment, StrictUndefined

from ..schemas.label import OPTION_LETTERS

PROMPT_NAME = "label-3"  # label-3: one question per passage, its numbers marked ⟦1⟧…⟦n⟧ and answered as one object
_FILES = ("label_system.j2", "label_examples.toml", "label_user.j2")  # bare_system.j2 is the baseline's


def _read(name: str) -> str:
    return resources.files("extractor.prompts").joinpath(name).read_text(encoding="utf-8")


@cache
def prompt_version() -> str:
    digest = hashlib.sha256("\0".join(_read(f) for f in _FILES).encode()).hexdigest()
    return f"{PROMPT_NAME}+{digest[:8]}"


@cache
def _environment() -> Environment:
    environment = Environment(undefined=StrictUndefined, keep_trailing_newline=False, autoescape=False)
    environment.globals["letters"] = OPTION_LETTERS  # the options' letters, as the answer's schema allows them
    return environment


def _render(name: str, **values) -> str:
    return _environment().from_string(_read(name)).render(**values).strip()


ASKS = ("weapon", "source", "place", "date")  # the fields a question may ask beside the label, in the answer's order


@cache
def _prefix(asks: tuple[str, ...]) -> tuple[dict[str, str], ...]:
    """The instructions and the worked examples, as earlier turns of the conversation, for the fields asked."""
    turns = [{"role": "system", "content": _render("label_system.j2", asks=asks)}]
    for example in tomllib.loads(_read("label_examples.toml"))["example"]:
        turns.append({"role": "user", "content": _render("label_user.j2", asks=asks, **example)})
        answer = {str(k): {key: mark[key] for key in ("label", *asks) if key in mark}  # weapon: of weapons only
                  for k, mark in enumerate(example["marks"], start=1)}
        turns.append({"role": "assistant", "content": json.dumps(answer)})
    return tuple(turns)


def label_messages(passage: str, marks: list[dict], asks: tuple[str, ...] = ASKS) -> list[dict[str, str]]:
    """The question about the numbers of one passage, marked ⟦1⟧…⟦n⟧ in it: for each mark its number, the noun
    after it, the fields asked (`asks`: which weapon, of a mark whose `weapon` is set; who says so and where, among
    the options code offers), and, asked again, the checker's finding. A field not asked is left to code, and its
    options are not sent."""
    asks = tuple(field for field in ASKS if field in asks)
    ask = _render("label_user.j2", passage=passage, marks=marks, asks=asks)
    return [*(dict(turn) for turn in _prefix(asks)), {"role": "user", "content": ask}]


def bare_messages(article: str) -> list[dict[str, str]]:
    """The bare-instructor baseline's prompt: a short instruction and the article, as a new user would write it."""
    return [{"role": "system", "content": _read("bare_system.j2").strip()}, {"role": "user", "content": article}]
