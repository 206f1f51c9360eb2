"""Score predicted facts against gold labels: one-to-one matching per article, precision/recall/F1 with bootstrap
confidence intervals over articles, attribute accuracy on matched pairs, grounding and verified precision.

The headline key of a fact is its category, role, weapon class (munitions only) and its numbers (value, or low and
high). Facts whose category or role is `other` are scored apart, in their own track. When several predictions
could match one gold fact (or the reverse), scipy's linear_sum_assignment picks the assignment that matches the
most facts, preferring pairs whose spans overlap."""

from __future__ import annotations

import json
import re
import tomllib
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import numpy as np
from pydantic import ValidationError
from scipy.optimize import linear_sum_assignment
from scipy.stats import DegenerateDataWarning
from scipy.stats import bootstrap as scipy_bootstrap

from ..errors import InputError
from ..schemas import FactRow, Result

TRACKS = ("headline", "other")
CATEGORIES = ("munitions", "casualties", "forces")
ATTRIBUTES = ("subject", "date", "location", "source", "hedges")
DATED = "date where gold dates"  # the date agreement over the matched facts gold gives a date


def track(row: FactRow) -> str:
    return "other" if row.category == "other" or row.role == "other" else "headline"


def key(row: FactRow) -> tuple:
    """What must agree for a prediction to count as the gold fact."""
    numbers = (row.value,) if row.value is not None else (row.low, row.high)
    if row.category == "other":
        return ("other", *numbers)  # `other` labels are free text: only the number is scored in that track
    return (row.category, row.role, row.weapon_class if row.category == "munitions" else None, *numbers)


# ---- reading predictions and gold ---------------------------------------------------------------------------------

def read_predictions(paths: Iterable[str | Path]) -> dict[str, list[FactRow]]:
    """Fact rows by article id, from results JSONL (`extract`) or facts JSONL (`facts`); or from a folder of gold
    files, so that one labeller's gold is scored against another's (their agreement). Error records count as
    articles with no facts."""
    by_article: dict[str, list[FactRow]] = defaultdict(list)
    for path in paths:
        if Path(path).is_dir():
            for article_id, document in read_gold(path).items():
                by_article[article_id].extend(gold_rows(document))
            continue
        with open(path, encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                    if isinstance(record, dict) and "category" in record:
                        row = FactRow.model_validate(record)
                        by_article[row.article_id].append(row)
                    else:
                        result = Result.model_validate(record)
                        by_article[result.article_id].extend(result.facts)
                except (ValueError, ValidationError):
                    raise InputError(f"{path}:{number}: neither a result nor a facts row (expected the JSONL that "
                                     f"`extractor extract` or `extractor facts` writes)") from None
    return dict(by_article)


def read_gold(path: str | Path) -> dict[str, dict]:
    """Gold documents by article id, from a directory of eval/gold/*.json files or one file."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no gold there (the gold labels are eval/gold/ in the repository)")
    return documents_by_article(sorted(path.glob("*.json")) if path.is_dir() else [path], "a gold file",
                                "eval/GUIDE.md")


def documents_by_article(files: Iterable[Path], kind: str, guide: str) -> dict[str, dict]:
    """JSON documents by their article_id; a file that is not one is an InputError naming `guide`."""
    documents = {}
    for file in files:
        try:
            document = json.loads(file.read_text(encoding="utf-8"))
            documents[document["article_id"]] = document
        except (ValueError, KeyError, TypeError):
            raise InputError(f"{file}: not {kind} ({guide} describes them)") from None
    return documents


def read_splits(gold_path: str | Path) -> dict[str, str]:
    """Article id → split ("dev", "test"), from the splits.toml beside the gold directory (eval/splits.toml)."""
    path = Path(gold_path)
    folder = path if path.is_dir() else path.parent
    for candidate in (folder / "splits.toml", folder.parent / "splits.toml"):
        if candidate.is_file():
            table = tomllib.loads(candidate.read_text(encoding="utf-8"))
            return {article_id: split for split, ids in table.items() for article_id in ids}
    return {}


def split_gold(gold_path: str | Path, split: str) -> dict[str, dict]:
    """The gold documents of one split, by the splits.toml beside the gold (an article it does not name counts as
    dev): what `extractor calibrate --split` and bench/headroom.py learn from."""
    splits = read_splits(gold_path)
    return {aid: doc for aid, doc in read_gold(gold_path).items() if splits.get(aid, "dev") == split}


def gold_rows(document: dict) -> list[FactRow]:
    return [FactRow(article_id=document["article_id"], verified=False, **fact) for fact in document["facts"]]


# ---- matching -----------------------------------------------------------------------------------------------------

def _overlap(a: FactRow, b: FactRow) -> float:
    if a.start is None or b.start is None:
        return 0.0
    shared = min(a.end, b.end) - max(a.start, b.start)
    return max(0, shared) / max(1, max(a.end, b.end) - min(a.start, b.start))


def match(gold: list[FactRow], predicted: list[FactRow]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index) of facts with equal keys, as many as possible; among equally
    many, the pairs whose spans overlap most."""
    if not gold or not predicted:
        return []
    cost = np.zeros((len(gold), len(predicted)))
    for i, g in enumerate(gold):
        for j, p in enumerate(predicted):
            if key(g) == key(p):
                cost[i, j] = -(1.0 + 0.5 * _overlap(g, p))  # any match beats none; overlap breaks ties
    rows, cols = linear_sum_assignment(cost)
    return [(int(i), int(j)) for i, j in zip(rows, cols) if cost[i, j] < 0]


# ---- per-article counts, then totals ------------------------------------------------------------------------------

def _norm(words: str | None) -> str:
    words = re.sub(r"^(?:the|a|an)\s+", "", (words or "").lower().strip())
    return re.sub(r"[^a-z0-9]+", " ", words).strip()


def _same_words(g: str | None, p: str | None) -> bool:
    """Attribute agreement: both empty, or the same words up to case, punctuation and a leading article, or one
    containing the other ("the Ukrainian air force" ~ "Ukrainian air force", "drones" ~ "Shahed drones")."""
    a, b = _norm(g), _norm(p)
    if not a or not b:
        return a == b
    return a == b or f" {a} " in f" {b} " or f" {b} " in f" {a} "


def attribute_agrees(name: str, g: FactRow, p: FactRow) -> bool:
    if name == "date":
        return g.date == p.date
    if name == "hedges":
        return (g.approximate, g.lower_bound, g.upper_bound) == (p.approximate, p.lower_bound, p.upper_bound)
    return _same_words(getattr(g, name), getattr(p, name))


@dataclass
class ArticleScore:
    """Counts for one article: true positives, false positives and false negatives by scoring cell."""

    article_id: str
    counts: Counter = field(default_factory=Counter)  # (cell, "tp"|"fp"|"fn") → n; cells: track, category, role
    attributes: Counter = field(default_factory=Counter)  # (attribute, "agree"|"pairs") → n, headline pairs
    grounded: int = 0  # headline pairs whose predicted span is gold's span
    verified: Counter = field(default_factory=Counter)  # "tp"/"fp" among predictions marked verified (headline)
    parts: Counter = field(default_factory=Counter)  # "pairs", "agree", "gold", "found": part_of on headline pairs
    pairs: list[tuple[FactRow, FactRow]] = field(default_factory=list)
    missed: list[FactRow] = field(default_factory=list)
    spurious: list[FactRow] = field(default_factory=list)


def _cells(row: FactRow) -> list[str]:
    t = track(row)
    if t == "other":
        return ["other"]
    return ["headline", f"category:{row.category}", f"role:{row.category}/{row.role}"]


def parts_labelled(document: dict) -> bool:
    """Whether a gold file is labelled with parts (eval/GUIDE.md, Parts): its facts carry `part_of`, null or not."""
    return bool(document["facts"]) and all("part_of" in fact for fact in document["facts"])


def _part_agrees(g: FactRow, p: FactRow, gold: list[FactRow], predicted: list[FactRow]) -> bool:
    """Both are no part, or both are parts of one total: the totals' spans overlap (a total is found by its start)."""
    if g.part_of is None or p.part_of is None:
        return g.part_of is None and p.part_of is None
    whole = next((r for r in gold if r.start == g.part_of), None)
    ours = next((r for r in predicted if r.start == p.part_of), None)
    if whole is None or ours is None:
        return g.part_of == p.part_of
    return max(whole.start, ours.start) < min(whole.end, ours.end)


def score_article(article_id: str, gold: list[FactRow], predicted: list[FactRow],
                  with_parts: bool = False) -> ArticleScore:
    """Counts for one article; with `with_parts` (gold labelled with parts), part_of on its headline pairs too."""
    score = ArticleScore(article_id)
    for name in TRACKS:
        g = [r for r in gold if track(r) == name]
        p = [r for r in predicted if track(r) == name]
        pairs = match(g, p)
        matched_g, matched_p = {i for i, _ in pairs}, {j for _, j in pairs}
        for i, j in pairs:
            for cell in _cells(g[i]):
                score.counts[(cell, "tp")] += 1
            score.pairs.append((g[i], p[j]))
            if name == "headline":
                for attribute in ATTRIBUTES:
                    score.attributes[(attribute, "pairs")] += 1
                    score.attributes[(attribute, "agree")] += attribute_agrees(attribute, g[i], p[j])
                if g[i].date is not None:  # issue 23's date target counts only facts gold dates
                    score.attributes[(DATED, "pairs")] += 1
                    score.attributes[(DATED, "agree")] += attribute_agrees("date", g[i], p[j])
                score.grounded += (g[i].start, g[i].end) == (p[j].start, p[j].end)
                if with_parts:
                    agrees = _part_agrees(g[i], p[j], gold, predicted)
                    score.parts.update(pairs=1, agree=agrees, gold=g[i].part_of is not None,
                                       found=g[i].part_of is not None and agrees)
                if p[j].verified:
                    score.verified["tp"] += 1
        for i, row in enumerate(g):
            if i not in matched_g:
                score.missed.append(row)
                for cell in _cells(row):
                    score.counts[(cell, "fn")] += 1
        for j, row in enumerate(p):
            if j not in matched_p:
                score.spurious.append(row)
                for cell in _cells(row):
                    score.counts[(cell, "fp")] += 1
                if name == "headline" and row.verified:
                    score.verified["fp"] += 1
    return score


def prf(tp: int, fp: int, fn: int) -> dict[str, float | None]:
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    if tp + fp + fn == 0:
        f1 = None
    else:
        f1 = 2 * tp / (2 * tp + fp + fn)
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def headline_f1(table: np.ndarray) -> float:
    """F1 over the rows of a table whose first three columns are (tp, fp, fn), one row per article."""
    tp, fp, fn = table[:, :3].sum(axis=0)
    return float(2 * tp / (2 * tp + fp + fn)) if tp + fp + fn else 0.0


def gain_lower_bound(articles: int, gain: Callable[[np.ndarray], float], reps: int = 1000, seed: int = 0) -> float:
    """The 2.5th percentile of `gain` (a function of the indices of a resample) over the articles resampled with
    replacement: above zero, a gain is unlikely to be the luck of which articles were there."""
    if not articles:
        return 0.0
    rng = np.random.default_rng(seed)
    return float(np.percentile([gain(rng.integers(0, articles, articles)) for _ in range(reps)], 2.5))


def _totals(scores: list[ArticleScore], cell: str) -> dict:
    tp = sum(s.counts[(cell, "tp")] for s in scores)
    fp = sum(s.counts[(cell, "fp")] for s in scores)
    fn = sum(s.counts[(cell, "fn")] for s in scores)
    return prf(tp, fp, fn)


def _metric(counts: np.ndarray, metric: str) -> np.ndarray:
    """Precision, recall or F1 from (…, 3) arrays of tp, fp, fn; NaN where undefined."""
    tp, fp, fn = counts[..., 0], counts[..., 1], counts[..., 2]
    numerator, denominator = {"precision": (tp, tp + fp), "recall": (tp, tp + fn),
                              "f1": (2 * tp, 2 * tp + fp + fn)}[metric]
    return np.divide(numerator, denominator, out=np.full(np.shape(tp), np.nan, dtype=float), where=denominator > 0)


def bootstrap(scores: list[ArticleScore], cell: str, metric: str, reps: int = 1000,
              seed: int = 0) -> tuple[float, float] | None:
    """95% percentile interval of a metric when the articles are resampled with replacement (scipy's bootstrap
    over article indices)."""
    if len(scores) < 2:
        return None
    counts = np.array([[s.counts[(cell, kind)] for kind in ("tp", "fp", "fn")] for s in scores], dtype=float)

    def statistic(indices, axis=-1):
        return _metric(counts[np.asarray(indices, dtype=int)].sum(axis=-2), metric)

    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateDataWarning)  # every resample alike: the interval is a point
        interval = scipy_bootstrap((np.arange(len(scores)),), statistic, n_resamples=reps, vectorized=True,
                                   method="percentile", random_state=np.random.default_rng(seed)).confidence_interval
    if np.isnan(interval.low) or np.isnan(interval.high):
        return None
    return float(interval.low), float(interval.high)


@dataclass
class Evaluation:
    scores: list[ArticleScore]
    figures: dict

    def cell(self, name: str) -> dict:
        return self.figures["cells"].get(name, prf(0, 0, 0))


def evaluate(gold: dict[str, dict], predicted: dict[str, list[FactRow]], *, reps: int = 1000,
             seed: int = 0) -> Evaluation:
    """Scores for every gold article (an article with no prediction counts as predicting nothing). Predictions
    for articles without gold are ignored and counted."""
    scores = [score_article(aid, gold_rows(doc), predicted.get(aid, []), parts_labelled(doc))
              for aid, doc in sorted(gold.items())]
    cells = sorted({cell for s in scores for cell, _ in s.counts})
    figures: dict = {"articles": len(scores),
                     "articles_without_gold": sorted(set(predicted) - set(gold)),
                     "cells": {}}
    for cell in cells:
        figures["cells"][cell] = _totals(scores, cell)
        for metric in ("precision", "recall", "f1"):
            interval = bootstrap(scores, cell, metric, reps, seed) if cell in ("headline", "other") \
                or cell.startswith("category:") else None
            figures["cells"][cell][f"{metric}_ci95"] = interval
    pairs = sum(s.attributes[("subject", "pairs")] for s in scores)
    figures["attributes"] = {
        a: (sum(s.attributes[(a, "agree")] for s in scores) / pairs if pairs else None) for a in ATTRIBUTES}
    dated = sum(s.attributes[(DATED, "pairs")] for s in scores)
    figures["attributes"][DATED] = sum(s.attributes[(DATED, "agree")] for s in scores) / dated if dated else None
    figures["matched_pairs"] = pairs
    parts = sum((s.parts for s in scores), Counter())
    figures["part_of"] = {"pairs": parts["pairs"], "right": parts["agree"] / parts["pairs"] if parts["pairs"] else None,
                          "gold_parts": parts["gold"], "found": parts["found"]}  # on gold labelled with parts only
    figures["grounding_rate"] = sum(s.grounded for s in scores) / pairs if pairs else None
    v_tp, v_fp = sum(s.verified["tp"] for s in scores), sum(s.verified["fp"] for s in scores)
    right = figures["cells"].get("headline", {}).get("tp", 0)
    figures["verified"] = {"facts": v_tp + v_fp, "precision": v_tp / (v_tp + v_fp) if v_tp + v_fp else None,
                           "recall": v_tp / right if right else None}  # recall: share of right facts verified
    return Evaluation(scores, figures)


@dataclass(frozen=True)
class Outcome:
    """What became of one span: a matched pair, the same words read with another key ("wrong": one outcome, not
    a missed and a spurious fact), a missed gold fact, or a spurious prediction."""

    status: str  # matched | wrong | missed | spurious
    gold: FactRow | None
    predicted: FactRow | None
    differs: tuple[str, ...] = ()  # matched: the attributes that disagree; wrong: the part of the key that does

    @property
    def row(self) -> FactRow:
        return self.gold or self.predicted


def _key_difference(g: FactRow, p: FactRow) -> str:
    return "role" if p.role != g.role else "class" if p.weapon_class != g.weapon_class else \
        "category" if p.category != g.category else "number"


def outcomes(score: ArticleScore) -> list[Outcome]:
    """One outcome per span of an article, in text order (facts without a span last)."""
    found = [Outcome("matched", g, p, tuple(a for a in ATTRIBUTES if not attribute_agrees(a, g, p)))
             for g, p in score.pairs]
    spurious_at: dict[tuple[int, int], list[FactRow]] = defaultdict(list)
    for p in score.spurious:
        if p.start is not None:
            spurious_at[(p.start, p.end)].append(p)
    paired: set[int] = set()
    for g in score.missed:
        same_words = spurious_at.get((g.start, g.end)) if g.start is not None else None
        if same_words:
            p = same_words.pop(0)
            paired.add(id(p))
            found.append(Outcome("wrong", g, p, (_key_difference(g, p),)))
        else:
            found.append(Outcome("missed", g, None))
    found += [Outcome("spurious", None, p) for p in score.spurious if id(p) not in paired]
    return sorted(found, key=lambda o: (o.row.start is None, o.row.start or 0, o.row.end or 0))


def commonest_errors(evaluation: Evaluation, limit: int = 8) -> list[tuple[str, int]]:
    """What went wrong most often: missed and spurious facts by category/role, and near misses (the same words
    found, a different key)."""
    errors: Counter = Counter()
    for s in evaluation.scores:
        for o in outcomes(s):
            if o.status == "wrong":
                errors[f"right words, wrong {o.differs[0]}: gold {o.gold.category}/{o.gold.role}"] += 1
            elif o.status != "matched":
                errors[f"{o.status} {o.row.category}/{o.row.role}"] += 1
    return errors.most_common(limit)


__all__ = ["evaluate", "read_gold", "read_predictions", "match", "key", "prf", "Evaluation", "Outcome", "outcomes",
           "commonest_errors"]
