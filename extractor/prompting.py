"""Load and render the prompt files under prompts/ (installed as extractor.prompts).

The prompt version is the declared name plus a hash of the files' contents, so any edit to a prompt changes the
version that travels into every result (and into cache keys), with nothing to remember to bump."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tomllib
from functools import cache
from importlib import resources

from jinja2 import Environment, StrictUndefined

from .schemas import Draft

PROMPT_NAME = "extract-1"
_FILES = ("extract_system.j2", "extract_user.j2", "example.toml", "repair_user.j2")  # bare_system.j2 is the baseline's, not ours


def _read(name: str) -> str:
    return resources.files("extractor.prompts").joinpath(name).read_text(encoding="utf-8")


@cache
def prompt_version() -> str:
    digest = hashlib.sha256("\0".join(_read(f) for f in _FILES).encode()).hexdigest()
    return f"{PROMPT_NAME}+{digest[:8]}"


@cache
def _environment() -> Environment:
    return Environment(undefined=StrictUndefined, keep_trailing_newline=False, autoescape=False)


@cache
def system_prompt() -> str:
    example = tomllib.loads(_read("example.toml"))
    rows = Draft.model_validate({"facts": example["rows"]}).model_dump(mode="json")
    return _environment().from_string(_read("extract_system.j2")).render(
        example_article=example["article"].strip(),
        example_rows=json.dumps(rows, ensure_ascii=False),
    ).strip()


def messages(article: str, published: dt.date | None = None) -> list[dict[str, str]]:
    user = _environment().from_string(_read("extract_user.j2")).render(article=article, published=published)
    return [{"role": "system", "content": system_prompt()}, {"role": "user", "content": user.strip()}]


def repair_messages(prompt: list[dict[str, str]], draft: Draft, findings: list[str]) -> list[dict[str, str]]:
    """The conversation so far, the model's answer, and the checker's errors for it to correct (a new list: the
    caller's messages are never changed)."""
    answer = json.dumps(draft.model_dump(mode="json"), ensure_ascii=False)
    ask = _environment().from_string(_read("repair_user.j2")).render(findings=findings)
    return [*(dict(m) for m in prompt), {"role": "assistant", "content": answer}, {"role": "user", "content": ask.strip()}]


def bare_messages(article: str) -> list[dict[str, str]]:
    """The bare-instructor baseline's prompt: a short instruction and the article, as a new user would write it."""
    return [{"role": "system", "content": _read("bare_system.j2").strip()}, {"role": "user", "content": article}]
