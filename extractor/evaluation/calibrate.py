"""Learning how much a model's answers count (extractor.model.arbiter): ask the configured model every question about
the dev split's counts, compare code's reading and the model's answer with gold, and fit five logistic regressions
(scikit-learn) with cross-validation by article. The thresholds are chosen on the out-of-fold probabilities: `emit` at
half the best F1 over the asked counts (where F1 peaks for calibrated probabilities), `verify` for precision ≥ 0.98
among the facts emitted, keeping at least half of them (or, for a model that never reaches it, where its facts are most
precise). Where the arbiter's facts do not beat code's own reading of the same counts (a bootstrap lower bound of the
gain, over articles, above zero), code decides roles (`roles` = "code"); so too, each field on its own, for the
weapon class and the picks of speaker, place and date (`weapons`, `sources`, `places`, `dates`). Where code decides
roles, the role regression only says which of code's facts ship verified, so it is refitted over those facts end to end
(each fact once, the checker's vetoes out, an earlier fact of the same label and number weighed), and `verify` is
chosen as code's own confidence chooses it: precision ≥ 0.98 keeping at least 0.70 of the right facts, else the most
precise threshold that keeps them.
Extraction then offers only the options the model may decide (Extractor.asks), so where code keeps a field, the
questions are asked again without its options and the role regression and thresholds are fitted on those answers: the
questions extraction will ask.

The answers come through the ordinary backend (its response cache included), so a second calibration of the same
model and prompts costs no requests."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from ..decide import code_features_of, facts, label_decision, restates
from ..errors import ExtractorError
from ..model.arbiter import (Calibration, CodeCalibration, Regression, code_features, option_features,
                             role_features, weapon_features)
from ..model.prompting import ASKS, prompt_version
from ..pipeline import Article, Extractor, Plan
from ..schemas.label import OPTION_LETTERS
from ..reading.dates import resolve_dated
from .evaluate import _same_words, gain_lower_bound, gold_rows, headline_f1, score_article, track

PRECISION = 0.98  # what verified facts must reach where the calibration is fitted
KEPT = 0.70  # the share of right facts code's confidence must still verify there
FOLDS = 5
GRID = [t / 100 for t in range(5, 100)]  # the thresholds tried


@dataclass
class Rows:
    """Training rows of one regression: features, whether the candidate was right, and the article it came from."""

    features: list[dict]
    right: list[int]
    groups: list[str]
    counts: list[tuple] = None  # for role rows: (article, count index, candidate) to choose thresholds
    code_right: list[int] = field(default_factory=list)  # for option rows: whether code's own pick was right

    def add(self, features: dict, right: bool, group: str, count: tuple | None = None,
            code_right: bool | None = None) -> None:
        self.features.append(features)
        self.right.append(int(right))
        self.groups.append(group)
        if self.counts is not None:
            self.counts.append(count)
        if code_right is not None:
            self.code_right.append(int(code_right))


def _key(decision) -> tuple:
    category, role, weapon_class = decision
    return category, role, weapon_class if category == "munitions" else None


def answered(extractor: Extractor, articles: Iterable[Article], asks: tuple[str, ...] = ASKS,
             progress: Callable[[str, int], None] | None = None) -> list[tuple[Plan, dict]]:
    """Each article's plan and the model's answer to every question (by count), offering the fields `asks`."""
    extractor.ask_all, extractor.offers = True, asks
    done = []
    for article in articles:
        plan = extractor.plan(article)
        answers = {}
        for question in plan.questions:
            try:
                parsed = extractor.backend.complete(question.messages, question.response_model, question.call).parsed
            except ExtractorError:
                continue  # an answer that never came is not a row
            answers.update((i, a) for i, a in question.answers(parsed).items() if a is not None)
        done.append((plan, answers))
        if progress:
            progress(article.id, len(answers))
    return done


def _agrees(name: str, gold, words, published: dt.date | None) -> bool:
    """Whether an option (words, or None) is gold's source, place or date (dates as the day they resolve to)."""
    if name == "date":
        return gold.date == (resolve_dated(words, published)[0] if words is not None else None)
    return _same_words(gold.location if name == "place" else gold.source, words.text if words is not None else None)


def rows(plan: Plan, answers: dict, gold: list) -> tuple[Rows, Rows, Rows, Rows, Rows]:
    """The training rows of one article: role candidates, and weapon class, source, place and date where the model
    and code differ."""
    role, weapon = Rows([], [], [], []), Rows([], [], [])
    source, place, date = Rows([], [], []), Rows([], [], []), Rows([], [], [])
    for i, answer in answers.items():
        count, context = plan.found[i], plan.contexts[i]
        at = [g for g in gold if g.start is not None and g.start < count.mention.end and count.mention.start < g.end
              and g.category != "other" and g.role != "other"]
        right = {(g.category, g.role, g.weapon_class if g.category == "munitions" else None) for g in at}
        code, model = count.cue if count.cue and count.cue[0] != "other" else None, label_decision(
            plan.read, count, answer.label)
        code_read = code_features(plan.read, count, code, context.source, False) if code is not None else None
        for candidate in {code, model} - {None}:
            role.add(role_features(count, candidate, code, model, True, code_read), _key(candidate) in right,
                     plan.article.id,
                     (plan.article.id, i, candidate))
        if not at:
            continue  # a count with no gold fact has no right weapon class, source or place
        weapons = [g.weapon_class for g in at if g.category == "munitions"]
        if model is not None and model[0] == "munitions" and weapons and answer.weapon not in (None, model[2]):
            weapon.add(weapon_features(model[2], answer.weapon), answer.weapon == weapons[0], plan.article.id,
                       code_right=model[2] == weapons[0])
        for name, table, options, pick in (("source", source, context.sources, context.source),
                                           ("place", place, context.places, context.place),
                                           ("date", date, context.dates, context.date)):
            code_pick = options.index(pick) if pick in options else None
            letter = getattr(answer, name)
            model_pick = OPTION_LETTERS.index(letter) if letter in OPTION_LETTERS[:len(options)] else None
            if model_pick == code_pick:
                continue
            said = options[model_pick] if model_pick is not None else None
            published = plan.article.published
            sentence = plan.read.sentence(count.mention.start, count.mention.end)
            table.add(option_features(code_pick, model_pick, options, sentence), _agrees(name, at[0], said, published),
                      plan.article.id, code_right=_agrees(name, at[0], pick, published))
    return role, weapon, source, place, date


def _regression(features: list[dict], right: list[int]) -> Regression:
    """A logistic regression over named features (a constant one where every row is right, or none is)."""
    if len(set(right)) < 2:
        rate = float(np.mean(right)) if right else 0.0
        return Regression({}, float(np.log((rate + 1e-3) / (1 - rate + 1e-3))))
    vectorizer = DictVectorizer(sparse=False)
    fitted = LogisticRegression(C=1.0, max_iter=1000).fit(vectorizer.fit_transform(features), np.array(right))
    weights = dict(zip(vectorizer.get_feature_names_out(), fitted.coef_[0]))
    return Regression({k: float(v) for k, v in weights.items()}, float(fitted.intercept_[0]))


def _folds(table: Rows) -> list[tuple[set[str], Regression]]:
    """For each fold of articles: the articles held out, and the regression fitted on the others' rows."""
    groups = np.array(table.groups)
    if len(set(table.groups)) < 2:
        return []
    folds = GroupKFold(n_splits=min(FOLDS, len(set(table.groups)))).split(groups, groups=groups)
    return [(set(groups[held]), _regression([table.features[i] for i in train], [table.right[i] for i in train]))
            for train, held in folds]


def _fit(table: Rows) -> tuple[Regression, np.ndarray]:
    """The regression fitted on every row, and the out-of-fold probability of each row (by article)."""
    out_of_fold = np.full(len(table.right), float(np.mean(table.right)) if table.right else 0.0)
    for held, regression in _folds(table):
        for i, group in enumerate(table.groups):
            if group in held:
                out_of_fold[i] = regression.probability(table.features[i])
    return _regression(table.features, table.right), out_of_fold


def _best_emit(role: Rows, probabilities: np.ndarray, gold_facts: int) -> float:
    """The emit threshold: half the best F1 the likeliest candidate of each asked count reaches over the grid, out of
    fold. For calibrated probabilities that is where F1 is highest (Lipton, Elkan and Naryanaswamy 2014,
    "Optimal thresholding of classifiers to maximize F1"); the grid's own best often lies on the edge of a plateau,
    where a split a little unlike this one falls off it."""
    best = _likeliest(role, probabilities)
    top = max(_scores(list(best.values()), t, gold_facts)[0] for t in GRID)
    return min(GRID, key=lambda t: abs(t - top / 2))


def _likeliest(role: Rows, probabilities: np.ndarray, code_only: bool = False) -> dict[tuple, tuple[float, bool]]:
    """(article, count) → the probability of its likeliest candidate (code's own, with `code_only`), and whether it
    is right."""
    chosen: dict[tuple, tuple[float, bool]] = {}
    for (article, i, _), p, right, features in zip(role.counts, probabilities, role.right, role.features):
        if code_only and not features.get("is_code"):
            continue
        if (article, i) not in chosen or p > chosen[(article, i)][0]:
            chosen[(article, i)] = (float(p), bool(right))
    return chosen


def _who_decides_roles(extractor: Extractor, done: list[tuple[Plan, dict]], gold: dict[str, dict], role: Rows,
                       emit: float) -> tuple[str, dict]:
    """The arbiter decides roles only if its facts beat code's own, end to end (assembly and checker included) and
    out of fold, with a bootstrap lower bound of the F1 gain over articles above zero."""
    never = Regression({}, -50.0)
    fitted = {article: regression for held, regression in _folds(role) for article in held}
    tables = {"arbiter": np.zeros((len(done), 3), dtype=int), "code": np.zeros((len(done), 3), dtype=int)}
    judge = copy.copy(extractor)  # decides as extraction would, under each fold's calibration in turn
    for k, (plan, answers) in enumerate(done):
        regression = fitted.get(plan.article.id, never)  # an article with no candidate: code's facts either way
        for who, table in tables.items():
            judge.calibration = Calibration(extractor.backend.model, prompt_version(), regression, never, never,
                                            emit, 1.0, roles=who, sources="code", places="code")
            score = score_article(plan.article.id, gold_rows(gold[plan.article.id]),
                                  list(judge.decide(plan, answers).facts))
            table[k] = [score.counts[("headline", kind)] for kind in ("tp", "fp", "fn")]
    arbiter, code = tables["arbiter"], tables["code"]
    bound = gain_lower_bound(len(done), lambda idx: headline_f1(arbiter[idx]) - headline_f1(code[idx]))
    return ("arbiter" if bound > 0 else "code"), {"end_to_end_arbiter_f1": round(headline_f1(arbiter), 3),
                                                  "end_to_end_code_f1": round(headline_f1(code), 3),
                                                  "arbiter_gain_lower_bound": round(bound, 3)}


def _thresholds(role: Rows, probabilities: np.ndarray, gold_facts: int, roles: str, emit: float) -> tuple[float, float,
                                                                                                       dict]:
    """`emit` (code's facts all stand where code decides roles) and `verify`: precision ≥ 0.98 among the facts
    emitted, else where they are most precise, over the asked counts and out of fold."""
    best, code = _likeliest(role, probabilities), _likeliest(role, probabilities, code_only=True)
    code_f1 = _scores(list(code.values()), 0.0, gold_facts)[0]  # every code reading emitted
    arbiter_f1 = _scores(list(best.values()), emit, gold_facts)[0]
    chosen = sorted((best if roles == "arbiter" else code).values(), reverse=True)
    emit = emit if roles == "arbiter" else 0.0

    def scores(t: float) -> tuple[float, float, int]:
        return _scores(chosen, t, gold_facts)

    # Verify keeps at least half of what is emitted: a threshold that verifies a handful of facts would reach any
    # precision by luck, and `verified` would mean nothing.
    kept = [t for t in GRID if t >= emit and 0 < scores(t)[2] and scores(t)[2] >= scores(emit)[2] / 2] or [emit]
    verify = next((t for t in kept if scores(t)[1] >= PRECISION), None)
    if verify is None:
        # A model whose answers never reach the precision: verify where they are most precise (the checker still
        # vetoes; the measured precision is reported as it is).
        verify = max(kept, key=lambda t: (scores(t)[1], -t))
    f1, precision, n = scores(emit)
    return emit, verify, {"asked_counts": len(best), "gold_facts_at_asked_counts": gold_facts,
                          "arbiter_f1": round(arbiter_f1, 3), "code_f1": round(code_f1, 3),
                          "f1_at_emit": round(f1, 3), "precision_at_emit": round(precision, 3),
                          "precision_at_verify": round(scores(verify)[1], 3), "verified_at_verify": scores(verify)[2],
                          "emitted_at_emit": n}


def _options_decide(table: Rows, probabilities: np.ndarray) -> tuple[str, dict]:
    """Who picks this field: the arbiter (the model's option where the regression trusts it, out of fold) only if it
    is right more often than code's own pick, with a bootstrap lower bound over articles above zero."""
    articles = {group: k for k, group in enumerate(sorted(set(table.groups)))}
    gains = np.zeros(len(articles))
    for group, p, model_right, code_right in zip(table.groups, probabilities, table.right, table.code_right):
        gains[articles[group]] += (model_right if p >= 0.5 else code_right) - code_right
    bound = gain_lower_bound(len(articles), lambda idx: float(gains[idx].sum()))
    return ("arbiter" if bound > 0 else "code"), {"rows": len(table.right), "gain": int(gains.sum()),
                                                 "gain_lower_bound": round(bound, 3)}


def _scores(chosen: list[tuple[float, bool]], t: float, gold_facts: int) -> tuple[float, float, int]:
    """F1, precision and how many facts, emitting the candidates whose probability reaches t."""
    emitted = [right for p, right in chosen if p >= t]
    tp = sum(emitted)
    precision = tp / len(emitted) if emitted else 1.0
    f1 = 2 * tp / (len(emitted) + gold_facts) if emitted or gold_facts else 0.0
    return f1, precision, len(emitted)


def _tables(done: list[tuple[Plan, dict]], gold: dict[str, dict]) -> tuple[Rows, Rows, Rows, Rows, Rows, int]:
    """The role, weapon, source, place and date rows of every article's answers, and how many gold facts lie at
    asked counts."""
    role, weapon = Rows([], [], [], []), Rows([], [], [])
    source, place, date = Rows([], [], []), Rows([], [], []), Rows([], [], [])
    gold_facts = 0
    for plan, answers in done:
        facts = gold_rows(gold[plan.article.id])
        spans = [(plan.found[i].mention.start, plan.found[i].mention.end) for i in answers]
        gold_facts += sum(any(g.start is not None and g.start < b and a < g.end for a, b in spans)
                          for g in facts if g.category != "other" and g.role != "other")
        for table, more in zip((role, weapon, source, place, date), rows(plan, answers, facts)):
            table.features += more.features
            table.right += more.right
            table.groups += more.groups
            table.code_right += more.code_right
            if table.counts is not None:
                table.counts += more.counts
    return role, weapon, source, place, date, gold_facts


def calibrate(extractor: Extractor, gold: dict[str, dict], texts: Callable[[str], str],
              progress: Callable[[str, int], None] | None = None, options: bool = True) -> Calibration:
    """Ask the model every question about the gold articles and fit the calibration for it. Without `options`,
    code keeps the weapon class, source, place and date, unmeasured, and the model is asked about roles alone: one
    round of questions instead of two, for a model already known not to beat code's picks."""
    articles = [Article(aid, texts(aid), dt.date.fromisoformat(doc["published"]) if doc.get("published") else None)
                for aid, doc in sorted(gold.items())]
    if options:
        done = answered(extractor, articles, ASKS, progress)
        role, *tables, gold_facts = _tables(done, gold)
        fits = dict(zip(ASKS, map(_fit, tables)))  # weapon, source, place, date: each its regression, out-of-fold ones
        who = {name: _options_decide(table, fits[name][1]) for name, table in zip(ASKS, tables)}
    else:
        fits = {name: (Regression({}, 0.0), None) for name in ASKS}
        who = {name: ("code", {"not asked": True}) for name in ASKS}
    asks = tuple(name for name in ASKS if who[name][0] == "arbiter")
    if asks != ASKS:
        # Extraction will not offer the options code decides: how much its answers count is learned from the
        # questions it will ask (its labels may differ once the options are gone).
        done = answered(extractor, articles, asks, progress)
        role, *_, gold_facts = _tables(done, gold)
    role_fit, probabilities = _fit(role)
    emit = _best_emit(role, probabilities, gold_facts)
    roles, end_to_end = _who_decides_roles(extractor, done, gold, role, emit)
    emit, verify, measured = _thresholds(role, probabilities, gold_facts, roles, emit)
    if roles == "code":
        # Code's facts stand, so the regression only says which ship verified: it is learned over those facts, end
        # to end (a count stated twice is one fact, the checker vetoes), and its threshold chosen as code's own is.
        table, right_facts = _verify_rows(extractor, done, gold)
        role_fit, probabilities = _fit(table)
        verify, verified = _code_verify(probabilities, table.right, right_facts)
        measured.update(verified, verify_rows=len(table.right), right_facts=right_facts)
    measured.update(end_to_end, **{name: who[name][1] for name in ASKS}, role_rows=len(role.right),
                    articles=len(articles), asks=list(asks))
    return Calibration(extractor.backend.model, prompt_version(), role_fit, fits["source"][0], fits["place"][0], emit,
                       verify, measured, roles, who["source"][0], who["place"][0], fits["weapon"][0], who["weapon"][0],
                       fits["date"][0], who["date"][0])


# ---- code's own confidence: the verify decision when no model decides ---------------------------------------------

def _judged(extractor: Extractor, plan: Plan, gold: dict[str, dict]) -> tuple[list, set[int]]:
    """Code's headline facts of a planned article as the checker leaves them (`extractor` weighing no confidence),
    and the ids of those gold does not hold."""
    rows_ = [row for row in extractor.decide(plan, {}).facts if track(row) == "headline"]
    return rows_, {id(row) for row in score_article(plan.article.id, gold_rows(gold[plan.article.id]), rows_).spurious}


def code_rows(extractor: Extractor, articles: Iterable[Article], gold: dict[str, dict],
              progress: Callable[[str, int], None] | None = None) -> tuple[Rows, int]:
    """Every headline fact code alone makes of the articles that the checker passes (what code's confidence may
    still leave unverified), with its features and whether gold holds it; and how many of code's facts are right,
    checker passed or not (the share of right facts verified is counted over them)."""
    table, right_facts = Rows([], [], []), 0
    for article in articles:
        plan = extractor.plan(article)
        decided = facts(plan.read, plan.found, plan.contexts)  # code alone, before any confidence
        features = {(f.count.mention.start, f.count.mention.end): x
                    for f, x in zip(decided, code_features_of(plan.read, decided))}
        rows_, wrong = _judged(extractor, plan, gold)
        right_facts += sum(id(row) not in wrong for row in rows_)
        for row in rows_:
            if row.verified:
                table.add(features[(row.start, row.end)], id(row) not in wrong, article.id)
        if progress:
            progress(article.id, len(rows_))
    return table, right_facts


def _verify_rows(extractor: Extractor, done: list[tuple[Plan, dict]], gold: dict[str, dict]) -> tuple[Rows, int]:
    """Where code decides roles: each headline fact code makes that the checker passes and the model answered about,
    with what the role regression weighs of it at extraction (code's reading, and the model's label beside it), and
    whether gold holds it; and how many of code's facts are right (the share verified is counted over them)."""
    judge = copy.copy(extractor)
    judge.calibration = judge.code_calibration = None  # the checker's verdicts alone
    table, right_facts = Rows([], [], []), 0
    for plan, answers in done:
        rows_, wrong = _judged(judge, plan, gold)
        right_facts += sum(id(row) not in wrong for row in rows_)
        at = {(c.mention.start, c.mention.end): i for i, c in enumerate(plan.found)}
        decided = facts(plan.read, plan.found, plan.contexts)  # as decided at extraction, each before the next
        for row in rows_:
            i = at.get((row.start, row.end))
            code = plan.found[i].cue if i is not None else None
            if not row.verified or i not in answers or code is None or code[0] == "other":
                continue  # vetoed; or never answered, or a label code did not read: code's confidence weighs it
            count = plan.found[i]
            code_read = code_features(plan.read, count, code, plan.contexts[i].source,
                                      restates([f for f in decided if f.index < i], count))
            model = label_decision(plan.read, count, answers[i].label)
            table.add(role_features(count, code, code, model, True, code_read), id(row) not in wrong, plan.article.id)
    return table, right_facts


def _code_verify(probabilities: np.ndarray, right: list[int], right_facts: int) -> tuple[float, dict]:
    """The verify threshold: the lowest at which the facts verified reach PRECISION while keeping at least KEPT of the
    right facts, out of fold; where none does, the most precise that keeps KEPT (the precision is reported as it
    is)."""
    def at(t: float) -> tuple[float, float, int]:
        kept = [r for p, r in zip(probabilities, right) if p >= t]
        return (sum(kept) / len(kept) if kept else 1.0), (sum(kept) / right_facts if right_facts else 0.0), len(kept)

    keeping = [t for t in [0.0, *GRID] if at(t)[1] >= KEPT] or [0.0]
    verify = next((t for t in keeping if at(t)[0] >= PRECISION), None)
    reached = verify is not None
    if verify is None:
        verify = max(keeping, key=lambda t: (at(t)[0], -t))
    precision, recall, n = at(verify)
    before = at(0.0)
    return verify, {"precision_at_verify": round(precision, 3), "right_kept_at_verify": round(recall, 3),
                    "verified_at_verify": n, "precision_reached": reached,
                    "checker_passed": before[2], "precision_checker_alone": round(before[0], 3)}


def calibrate_code(extractor: Extractor, gold: dict[str, dict], texts: Callable[[str], str],
                   progress: Callable[[str, int], None] | None = None) -> CodeCalibration:
    """Fit code's confidence on the gold articles (no model: `extractor` reads with code alone): a logistic
    regression over how code read each fact the checker passes, cross-validated by article, and the verify
    threshold chosen on its out-of-fold probabilities."""
    extractor.code_calibration = None  # the checker's verdicts alone: what the confidence is fitted over
    articles = [Article(aid, texts(aid), dt.date.fromisoformat(doc["published"]) if doc.get("published") else None)
                for aid, doc in sorted(gold.items())]
    table, right_facts = code_rows(extractor, articles, gold, progress)
    fitted, probabilities = _fit(table)
    verify, measured = _code_verify(probabilities, table.right, right_facts)
    measured.update(articles=len(articles), rows=len(table.right), wrong_rows=len(table.right) - sum(table.right),
                    right_facts=right_facts, folds=FOLDS)
    return CodeCalibration(fitted, verify, measured)
