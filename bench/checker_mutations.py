"""How well the checker catches the mistakes models make: inject one error of each kind into correct extractions
(the hand-checked gold set) many times with a fixed seed, and count how often the checker reports an error on
the mutated fact. Also the false-error rate on the unmutated extractions, and the checker's speed.

    .venv/bin/python bench/checker_mutations.py [--gold eval/gold] [--articles ../shared/corpus] [--trials 200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import time
from collections import Counter, defaultdict
from pathlib import Path

from extractor.schemas.events import ROLES, WeaponClass

from extractor.check import Fact, check, gold_facts
from extractor.checkfiles import Articles

CLASSES = list(WeaponClass.__args__)


def _changed_digit(fact: Fact, facts, text, published, rng):
    row = fact.row
    if row.value is None:
        return None
    digits = str(int(row.value))
    i = rng.randrange(len(digits))
    new = digits[:i] + rng.choice([d for d in "0123456789" if d != digits[i]]) + digits[i + 1:]
    return {"value": float(int(new))}


def _role_swap(fact, facts, text, published, rng):
    roles = [r for r in ROLES.get(fact.row.category, ()) if r not in (fact.row.role, "other")]
    return {"role": rng.choice(roles)} if roles and fact.row.role != "other" else None


def _class_swap(fact, facts, text, published, rng):
    if fact.row.category != "munitions" or fact.row.weapon_class in (None, "other"):
        return None
    return {"weapon_class": rng.choice([c for c in CLASSES if c not in (fact.row.weapon_class, "other")])}


def _part_above_total(fact, facts, text, published, rng):
    """A part raised above its attack's launch count, the words changed with it (as a model would write them)."""
    if fact.row.category != "munitions" or fact.row.role not in ("intercepted", "jammed", "hit"):
        return None
    totals = [f for f in facts if f.row.role == "launched" and f.row.weapon_class == fact.row.weapon_class
              and f.row.source == fact.row.source and f.row.date == fact.row.date and f.row.value
              and (f.row.start or 0) < (fact.row.start or 0)]
    if not totals:
        return None
    raised = int(totals[-1].row.value) + rng.randint(1, 20)
    return {"value": float(raised), "text": str(raised), "start": None, "end": None}


def _reversed_range(fact, facts, text, published, rng):
    if fact.row.low is None or fact.row.high is None or fact.row.low == fact.row.high:
        return None
    return {"low": fact.row.high, "high": fact.row.low}


def _not_in_text(fact, facts, text, published, rng):
    while True:
        n = rng.randint(2, 5000)
        if not re.search(rf"(?<![\d,]){n:,}(?![\d,])|(?<!\d){n}(?!\d)", text):
            # the aligner leaves words it cannot find unaligned: no span
            return {"value": float(n), "low": None, "high": None, "text": str(n), "start": None, "end": None}


def _dropped_hedge(fact, facts, text, published, rng):
    flags = [f for f in ("approximate", "lower_bound", "upper_bound") if getattr(fact.row, f)]
    return {rng.choice(flags): False} if flags else None


def _date_after_publication(fact, facts, text, published, rng):
    if published is None:
        return None
    later = published + dt.timedelta(days=rng.randint(1, 60))
    return {"date": later, "date_precision": "day"}


MUTATIONS = {
    "changed_digit": _changed_digit,
    "role_swap": _role_swap,
    "class_swap": _class_swap,
    "part_above_total": _part_above_total,
    "reversed_range": _reversed_range,
    "not_in_text": _not_in_text,
    "dropped_hedge": _dropped_hedge,
    "date_after_publication": _date_after_publication,
}


def load(gold_dir: Path, articles: Articles):
    for path in sorted(gold_dir.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        published = dt.date.fromisoformat(document["published"]) if document.get("published") else None
        yield document["article_id"], gold_facts(document), articles.text(document["article_id"]), published


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=Path("eval/gold"))
    parser.add_argument("--articles", default="../shared/corpus")
    parser.add_argument("--trials", type=int, default=200, help="mutations per kind")
    parser.add_argument("--seed", type=int, default=20261125)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    corpus = list(load(args.gold, Articles([args.articles])))

    facts_total = sum(len(facts) for _, facts, _, _ in corpus)
    started = time.perf_counter()
    false_errors = [(article_id, f) for article_id, facts, text, published in corpus
                    for f in check(facts, text, published)
                    if f.severity == "error"]
    per_article_ms = (time.perf_counter() - started) * 1000 / len(corpus)
    print(f"{len(corpus)} articles, {facts_total} hand-checked facts; checker {per_article_ms:.2f} ms per article")
    print(f"false errors on the unmutated extractions: {len(false_errors)} "
          f"({len(false_errors) / facts_total:.1%} of facts)")
    for article_id, f in false_errors:
        print(f"  {article_id} {f.path}: {f.message}")

    print(f"\n{'mutation':<24}{'trials':>8}{'detected':>10}{'rate':>8}   rules that caught it")
    for kind, mutate in MUTATIONS.items():
        candidates = []
        for article_id, facts, text, published in corpus:
            for i in range(len(facts)):
                candidates.append((article_id, facts, text, published, i))
        detected, trials, rules = 0, 0, Counter()
        missed: dict[str, int] = defaultdict(int)
        attempts = 0
        while trials < args.trials and attempts < args.trials * 50:
            attempts += 1
            article_id, facts, text, published, i = rng.choice(candidates)
            change = mutate(facts[i], facts, text, published, rng)
            if change is None:
                continue
            mutated = list(facts)
            mutated[i] = Fact(facts[i].path, facts[i].row.model_copy(update=change))
            caught = [f for f in check(mutated, text, published)
                      if f.severity == "error" and f.path == facts[i].path]
            trials += 1
            if caught:
                detected += 1
                rules.update({f.rule for f in caught})
            else:
                missed[f"{article_id}/{facts[i].path}"] += 1
        rate = detected / trials if trials else float("nan")
        print(f"{kind:<24}{trials:>8}{detected:>10}{rate:>8.1%}   "
              + ", ".join(f"{r} {n}" for r, n in rules.most_common()))
        if missed:
            print(f"{'':<24}missed on: " + ", ".join(f"{k}×{n}" for k, n in sorted(missed.items())[:8])
                  + (" …" if len(missed) > 8 else ""))


if __name__ == "__main__":
    main()
