"""A simulated labeller: answers every question about an article from its gold labels, right with probability p
(each field of the answer on its own) and otherwise with another of the question's options. Through the mock server
(extractor.testing.mock_server, `oracle`), it shows what the design does with a better model (bench/headroom.py)."""

from __future__ import annotations

import json
import random

from ..pipeline import Article, Extractor
from ..schemas import OPTION_LETTERS
from ..reading.dates import resolve_dated
from ..schemas.vocab import LABEL_ROLES, WEAPON_CLASSES
from .evaluate import _same_words

ROLE_LABEL = {role: label for label, role in LABEL_ROLES.items()}


def right_answers(extractor: Extractor, article: Article, gold: list) -> dict[str, list[dict]]:
    """For each question about the article (by its passage), the right answer about each of its marks and the
    answers each allows."""
    plan = extractor.plan(article)
    table = {}
    for question in plan.questions:
        table[_passage(question.messages[-1]["content"])] = [_right(plan.found[i], plan.contexts[i], gold,
                                                                    article.published) for i in question.indices]
    return table


def _passage(question: str) -> str:
    """The marked passage of a question (its marks' lines follow the last blank line), whichever fields it asks."""
    return question.rsplit("\n\n", 1)[0]


def _right(count, context, gold: list, published) -> dict:
    at = [g for g in gold if g.start is not None and g.start < count.mention.end and count.mention.start < g.end]
    fact = next((g for g in at if g.category != "other" and g.role != "other"), None)
    label = ROLE_LABEL.get(fact.role, "other") if fact else "other"
    if label not in count.labels:
        label = "other"
    weapon = fact.weapon_class if fact and fact.category == "munitions" else count.weapon_class or "other"

    def letter(options, truth):
        return next((OPTION_LETTERS[k] for k, w in enumerate(options) if truth and _same_words(truth, w.text)), "none")
    dated = next((OPTION_LETTERS[k] for k, w in enumerate(context.dates)
                  if fact and fact.date and resolve_dated(w, published)[0] == fact.date), "none")
    right = {"label": label, "weapon": weapon, "source": letter(context.sources, fact.source if fact else None),
             "place": letter(context.places, fact.location if fact else None), "date": dated}
    return {"right": right,
            "allowed": {"label": list(count.labels), "weapon": list(WEAPON_CLASSES),
                        "source": [*OPTION_LETTERS[:len(context.sources)], "none"],
                        "place": [*OPTION_LETTERS[:len(context.places)], "none"],
                        "date": [*OPTION_LETTERS[:len(context.dates)], "none"]}}


def oracle(table: dict[str, list[dict]], p: float, seed: int):
    """The mock server's answerer. Each field of each mark draws from its own generator, seeded by the seed, the
    passage, the mark and the field: the labeller errs on the same questions whatever else changed (another
    question added, the questions asked in another order), so two versions of code are compared on the same
    mistakes, and a question asked twice gets the same answer."""
    def answer(request: dict) -> dict | None:
        question = str(request.get("messages", [{}])[-1].get("content"))
        marks = table.get(_passage(question))
        if marks is None:
            return None
        asked = {"label"} | {name for name, words in (("weapon", "Which weapon?"), ("source", "Who says so?"),
                                                      ("place", "Where?"), ("date", "When?")) if words in question}
        said = {}
        for k, found in enumerate(marks, start=1):
            said[str(k)] = {}
            for name, right in found["right"].items():
                if name not in asked:
                    continue
                others = [a for a in found["allowed"][name] if a != right]
                rng = random.Random(f"{seed}|{_passage(question)}|{k}|{name}")
                said[str(k)][name] = right if rng.random() < p or not others else rng.choice(others)
        return {"role": "assistant", "content": json.dumps(said)}
    return answer
