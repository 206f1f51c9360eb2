"""Learning the reader (extractor.reading.learned): each count of the dev articles, labelled by the gold fact its
words overlap (its role as a label, or none), its features from the parse; a multinomial logistic regression
(scikit-learn) fitted with cross-validation by article.

The comparison is end to end and out of fold: for each fold of dev articles, a regression fitted on the other
folds relabels the held-out articles' counts, and the facts that come out (context, totals, assembly and checker
as ever) are scored against gold beside the hand rules' facts of the same articles. The strength of regularisation
and the threshold are chosen on those out-of-fold figures; the reader decides only if its best headline F1 beats
the rules' with a bootstrap lower bound (over articles) above zero. The test splits are never learned from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from ..conversation import Plan
from ..pipeline import Article, Extractor
from ..reading.article import ReadArticle
from ..reading.context import contexts
from ..reading.learned import CLASSES, NONE, Reader, features, label_of, rules_features
from ..reading.reading import Count, read_counts
from ..schemas import FactRow
from ..schemas.vocab import HEADLINE_ROLES
from .evaluate import gain_lower_bound, gold_rows, headline_f1, score_article

STRENGTHS = (0.1, 0.3, 1.0, 3.0)  # scikit-learn's C: smaller is more regularised
THRESHOLDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)  # 0: the regression reads every count, in place of the rules
FOLDS = 5
BOOTSTRAP = 1000


@dataclass
class Read:
    """One dev article as the rules read it: what training needs of it, kept so each fold re-reads nothing."""

    article: Article
    read: ReadArticle
    counts: list[Count]
    features: list[dict]  # of its counts that are numbers or counts of one (mention kind "count")
    rules: list[dict]  # what the hand rules read in each of them
    labels: list[str]
    gold: list[FactRow]


def gold_label(count: Count, gold: list[FactRow]) -> str:
    """The label of the gold headline fact the count's words overlap, else none."""
    m = count.mention
    for g in gold:
        if g.start is not None and g.start < m.end and m.start < g.end and g.category in HEADLINE_ROLES \
                and g.role in HEADLINE_ROLES[g.category]:
            return label_of((g.category, g.role, g.weapon_class))
    return NONE


def read_article(article: Article, gold: list[FactRow]) -> Read:
    read = ReadArticle(article.text)
    counts = read_counts(read)
    asked = [c for c in counts if c.mention.kind == "count"]
    _ = read.doc  # the parse stays with this article (the shared parse cache keeps only the last few)
    return Read(article, read, counts, [features(read, c) for c in asked], [rules_features(c) for c in asked],
                [gold_label(c, gold) for c in asked], gold)


def fit(rows: list[dict], labels: list[str], strength: float) -> Reader:
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform(rows)
    classes = sorted(set(labels))
    if len(classes) < 2:
        raise ValueError("every count has the same label: nothing to learn")
    model = LogisticRegression(C=strength, max_iter=2000).fit(x, labels)
    names = vectorizer.get_feature_names_out()
    weights = {c: dict(zip(names, map(float, model.coef_[k]))) for k, c in enumerate(model.classes_)}
    intercepts = {c: float(model.intercept_[k]) for k, c in enumerate(model.classes_)}
    if len(model.classes_) == 2:  # scikit-learn keeps one row of weights for two classes
        first, second = model.classes_
        weights = {first: {n: -w for n, w in weights[first].items()}, second: weights[first]}
        intercepts = {first: -float(model.intercept_[0]), second: float(model.intercept_[0])}
    return Reader(intercepts, weights)


def headline_counts(extractor: Extractor, item: Read, reader: Reader | None) -> tuple[int, int, int, int]:
    """(tp, fp, fn) of headline facts for one article, read by the rules (reader None) or relabelled, and how many
    counts the reader read otherwise than the rules."""
    counts = reader.read(item.read, item.counts) if reader is not None else item.counts
    plan = Plan(item.article, item.read, counts, contexts(item.read, counts), [])
    predicted = list(extractor.decide(plan, {}).facts)
    score = score_article(item.article.id, item.gold, predicted)
    changed = sum(ours.cue != theirs.cue for ours, theirs in zip(counts, item.counts))
    return (*(score.counts[("headline", kind)] for kind in ("tp", "fp", "fn")), changed)


def learn(gold: dict[str, dict], texts: Callable[[str], str], progress: Callable[[str], None] | None = None,
          thresholds: tuple[float, ...] | None = None) -> Reader:
    """Fit the reader on the gold articles given (the dev split), choosing its features, strength and threshold
    (among `thresholds`, default THRESHOLDS) out of fold."""
    thresholds = thresholds or THRESHOLDS
    items = []
    for aid, doc in sorted(gold.items()):
        published = dt.date.fromisoformat(doc["published"]) if doc.get("published") else None
        items.append(read_article(Article(aid, texts(aid), published), gold_rows(doc)))
        if progress:
            progress(aid)
    extractor = Extractor(use_model=False, cache=False)
    rules = np.array([headline_counts(extractor, item, None) for item in items])
    groups = np.arange(len(items))
    folds = list(GroupKFold(n_splits=min(FOLDS, len(items))).split(groups, groups=groups))
    tried: dict[tuple[bool, float, float], np.ndarray] = {}
    for uses_rules in (True, False):
        for strength in STRENGTHS:
            tables = {t: np.zeros((len(items), 4), dtype=int) for t in thresholds}
            for train, held in folds:
                reader = fit(*_rows([items[i] for i in train], uses_rules), strength)
                for threshold in thresholds:
                    sure = Reader(reader.intercepts, reader.weights, threshold, uses_rules)
                    for i in held:
                        tables[threshold][i] = headline_counts(extractor, items[i], sure)
            tried.update({(uses_rules, strength, t): table for t, table in tables.items()})
    # The best out of fold among the readers that read some count otherwise than the rules (one that never does is
    # the rules again, and would say nothing of learning on the test splits); among equals, the one that reads most.
    (uses_rules, strength, threshold), best = max(
        ((key, table) for key, table in tried.items() if table[:, 3].sum()),
        key=lambda kv: (headline_f1(kv[1]), kv[1][:, 3].sum()))
    lower = gain_lower_bound(len(best), lambda idx: headline_f1(best[idx]) - headline_f1(rules[idx]), BOOTSTRAP)
    rows, labels = _rows(items, uses_rules)
    fitted = fit(rows, labels, strength)
    measured = {
        "articles": len(items), "counts": len(rows),
        "labels": {c: labels.count(c) for c in CLASSES if c in labels},
        "rules_f1": round(headline_f1(rules), 4), "learned_f1": round(headline_f1(best), 4),
        "lower_bound_of_difference": round(lower, 4), "strength": strength,
        "relabelled": int(best[:, 3].sum()),
        "out_of_fold": {f"{'with' if u else 'without'} the rules' reading, C={s}, threshold {t}":
                        {"f1": round(headline_f1(table), 4), "relabelled": int(table[:, 3].sum())}
                        for (u, s, t), table in sorted(tried.items(), reverse=True)},
    }
    return Reader(fitted.intercepts, fitted.weights, threshold, uses_rules, decides=lower > 0, measured=measured)


def _rows(items: list[Read], uses_rules: bool) -> tuple[list[dict], list[str]]:
    rows = [f | (r if uses_rules else {}) for item in items for f, r in zip(item.features, item.rules)]
    return rows, [y for item in items for y in item.labels]
