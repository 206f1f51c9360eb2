"""Recall of killed and injured counts on the external WAD sample (../shared/external/wad/), scored as its README
says: a gold fact (role, value) is found when the article's output has a casualties fact of that role whose value is
the gold value, or whose range contains it (hedges and subjects ignored; killed_or_injured never counts as killed).

- primary: recall on the gold facts whose number is written in the text ("extractive");
- secondary: recall on all gold facts, also counting a hit when the article's killed values sum to the gold value;
- counts of one: recall on the gold facts of one person ("a man was killed", "one soldier was wounded").
Precision is not reported: WAD records one death and one injury count per event, and the texts hold other counts.
WAD is a test set: score on it, never tune by reading its errors.

    .venv/bin/python bench/wad.py                 # code's reading alone (--no-model), seconds
    .venv/bin/python bench/wad.py --model         # the pipeline on the embedded model (slow)
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

from extractor import Extractor
from extractor.pipeline import Article

WAD = Path(__file__).resolve().parent.parent.parent / "shared" / "external" / "wad"


def found(rows, role: str, value: float) -> bool:
    for r in rows:
        if r.category != "casualties" or r.role != role:
            continue
        if r.value == value or (r.low is not None and r.high is not None and r.low <= value <= r.high):
            return True
    return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", action="store_true", help="ask the embedded model (default: code alone)")
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()
    articles = [json.loads(line) for line in (WAD / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    gold = defaultdict(list)
    for line in (WAD / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        fact = json.loads(line)
        gold[fact["article_id"]].append(fact)
    articles = articles[:args.limit] if args.limit else articles
    started = time.perf_counter()
    counts = defaultdict(lambda: [0, 0])  # (role, kind) → [hits, total]
    with Extractor(use_model=args.model) as extractor:
        for article in articles:
            result = extractor.process(Article(article["id"], article["text"]))
            rows = result.facts
            for fact in gold[article["id"]]:
                role, value = fact["role"], float(fact["value"])
                hit = found(rows, role, value)
                summed = role == "killed" and sum(
                    r.value or 0 for r in rows if r.category == "casualties" and r.role == "killed"
                    and r.part_of is None) == value
                kinds = (("extractive",) if fact["extractive"] else ()) + ("all",) + (("one",) if value == 1 else ())
                for kind in kinds:
                    counts[(role, kind)][1] += 1
                    counts[(role, kind)][0] += hit or (kind == "all" and summed)
    elapsed = time.perf_counter() - started
    print(f"WAD sample: {len(articles)} descriptions, {'pipeline (embedded model)' if args.model else 'code alone'}, "
          f"{elapsed:.1f} s")
    for role in ("killed", "injured"):
        for kind in ("extractive", "all", "one"):
            hits, total = counts[(role, kind)]
            if total:
                print(f"  {role:8} recall, {'counts of one' if kind == 'one' else kind:13} {hits / total:.3f}  "
                      f"({hits}/{total})")


if __name__ == "__main__":
    main()
