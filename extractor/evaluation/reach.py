"""What any model could reach through today's questions: a model only chooses among the counts code proposes and the
options each question offers, so gold facts outside them are out of every model's reach.

- candidate recall: the gold headline facts whose number code proposes as a count (its span overlaps the gold's);
- asked recall: those whose count a calibrated model is asked about (a count code reads as a fact of category
  other, or a measure, is never asked);
- option recall, per field, over those: the gold role among the labels the question offers; the gold weapon class
  asked (of a count that may be of weapons, among every class) or the one code reads; the gold source, place and date
  among code's options (or "none" where gold has none; a date among the days the options resolve to)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from ..conversation import Article
from ..pipeline import Extractor, may_count_weapons
from ..reading.dates import resolve_dated
from ..schemas import FactRow
from ..schemas.vocab import HEADLINE_ROLES, LABEL_ROLES
from ..settings import Settings
from .evaluate import _same_words, gold_rows

FIELDS = ("role", "weapon_class", "source", "location", "date")
_LABEL_OF = {role: label for label, role in LABEL_ROLES.items()}


def _offered(field: str, gold: FactRow, count, context, published: dt.date | None) -> bool:
    if field == "role":
        return _LABEL_OF.get(gold.role, gold.role) in count.labels
    if field == "weapon_class":
        return gold.category != "munitions" or gold.weapon_class in (count.weapon_class, None) \
            or may_count_weapons(count)
    if field == "date":
        return gold.date is None or any(resolve_dated(w, published)[0] == gold.date for w in context.dates)
    said = gold.source if field == "source" else gold.location
    options = context.sources if field == "source" else context.places
    return said is None or any(_same_words(said, w.text) for w in options)


def article_reach(extractor: Extractor, article: Article, gold: list[FactRow]) -> Counter:
    """Counts for one article: gold headline facts, those proposed as counts, and per field those offered."""
    plan = extractor.plan(article)
    tally: Counter = Counter()
    for g in gold:
        if g.category not in HEADLINE_ROLES or g.start is None:
            continue
        tally["gold"] += 1
        at = next((i for i, c in enumerate(plan.found) if c.mention.start < g.end and g.start < c.mention.end), None)
        if at is None:
            continue
        tally["candidates"] += 1
        count = plan.found[at]
        tally["asked"] += count.mention.kind == "count" and (count.cue is None or count.cue[0] != "other")
        for field in FIELDS:
            tally[field] += _offered(field, g, plan.found[at], plan.contexts[at], article.published)
    return tally


def reach(gold: dict[str, dict], articles: list[Article], splits: dict[str, str]) -> dict[str, dict[str, float]]:
    """Candidate recall and option recall per field, over all articles and per split."""
    extractor = Extractor(Settings(use_model=False))
    by_split: dict[str, Counter] = defaultdict(Counter)
    for article in articles:
        tally = article_reach(extractor, article, gold_rows(gold[article.id]))
        by_split["all"] += tally
        by_split[splits.get(article.id, "unsplit")] += tally
    return {split: {"gold facts": t["gold"], "candidate recall": t["candidates"] / t["gold"] if t["gold"] else None,
                    "asked recall": t["asked"] / t["gold"] if t["gold"] else None,
                    **{f"{f} offered": t[f] / t["candidates"] if t["candidates"] else None for f in FIELDS}}
            for split, t in by_split.items()}


def reach_markdown(figures: dict[str, dict[str, float]]) -> str:
    columns = ["gold facts", "candidate recall", "asked recall", *(f"{f} offered" for f in FIELDS)]
    lines = ["| split | " + " | ".join(columns) + " |", "|---|" + "---|" * len(columns)]
    for split, row in figures.items():
        cells = [str(row[c]) if c == "gold facts" else "–" if row[c] is None else f"{row[c]:.3f}" for c in columns]
        lines.append(f"| {split} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
