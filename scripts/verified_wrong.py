"""List each dev fact that ships `verified` but is wrong: no gold fact has its headline key (category, role, weapon
class, numbers), with the gold fact its words overlap if any (what differs), its sentence, and how code read it.

    .venv/bin/python scripts/verified_wrong.py              # code alone (--no-model), the dev split
    .venv/bin/python scripts/verified_wrong.py --all        # every dev fact, verified or not, wrong or right

Dev only: the test splits are scored, never read for errors."""

from __future__ import annotations

import argparse
import datetime as dt

from extractor.checkfiles import GOLD, Articles, default_places
from extractor.evaluation.evaluate import gold_rows, key, read_gold, read_splits, score_article, track
from extractor.pipeline import Article, Extractor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="every headline fact, not only the verified wrong ones")
    args = parser.parse_args()
    splits = read_splits(GOLD)
    gold = {aid: doc for aid, doc in read_gold(GOLD).items() if splits.get(aid, "dev") == "dev"}
    texts = Articles(default_places())
    wrong = verified = 0
    with Extractor(use_model=False) as extractor:
        for aid in sorted(gold):
            doc = gold[aid]
            article = Article(aid, texts.text(aid), dt.date.fromisoformat(doc["published"])
                              if doc.get("published") else None)
            plan = extractor.plan(article)
            result = extractor.decide(plan, {})
            facts, rows = list(result.facts), gold_rows(doc)
            spurious = {id(r) for r in score_article(aid, rows, facts).spurious}
            by_span = {(c.mention.start, c.mention.end): c for c in plan.found}
            for row in facts:
                if track(row) != "headline" or not (args.all or row.verified and id(row) in spurious):
                    continue
                verified += row.verified
                wrong += id(row) in spurious and row.verified
                count = by_span.get((row.start, row.end))
                start, end = plan.read.sentence(row.start, row.end)
                overlap = [g for g in rows if g.start is not None and g.start < row.end and row.start < g.end]
                sentence = plan.read.text[start:end].replace("\n", " ")
                print(f"{aid} {'RIGHT' if id(row) not in spurious else 'WRONG'} {'verified' if row.verified else '-'}"
                      f" {row.text!r} -> {key(row)}")
                print(f"   gold here: {[key(g) for g in overlap] or 'none'}")
                why = [f.message for f in result.checks if (f.start, f.end) == (row.start, row.end)
                       and f.severity == "error" or f.rule == "unconfirmed" and f.start == row.start]
                if why:
                    print(f"   not verified: {'; '.join(why)}")
                if count is not None:
                    print(f"   code: how={count.how} counts={count.counts} noun={count.noun!r} head={count.head!r} "
                          f"in_clause={count.cue_in_clause} part_of={count.part_of} source={row.source!r}")
                print(f"   {sentence[:400]}")
    print(f"{wrong} verified wrong (of the facts listed: {verified} verified)")


if __name__ == "__main__":
    main()
