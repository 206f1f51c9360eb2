"""Recall of the counts of one (gold headline facts with value 1: "a man was killed", "one soldier was wounded") in
an eval-run's output, with each missed one and each spurious headline fact of value 1 and its sentence.

    .venv/bin/extractor eval-run --arms code --split dev -o /tmp/dev
    .venv/bin/python scripts/counts_of_one.py /tmp/dev                        # main gold, dev split
    .venv/bin/python scripts/counts_of_one.py /tmp/fresh --gold eval/fresh/gold --articles /work/notes/fresh/final

Dev splits only: the test splits are scored, never read for errors."""

from __future__ import annotations

import argparse
from pathlib import Path

from extractor.checkfiles import GOLD, Articles, default_places
from extractor.evaluation.evaluate import gold_rows, key, read_predictions, score_article, split_gold, track


def _sentence(text: str, start: int | None) -> str:
    if start is None:
        return ""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    right = min((i for i in (text.find(". ", start), text.find("\n", start)) if i >= 0), default=len(text))
    return " ".join(text[left:right + 1].split())[:300]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", help="the folder eval-run wrote (its code.results.jsonl is read)")
    parser.add_argument("--gold", default=str(GOLD))
    parser.add_argument("--articles", action="append", help="where the texts are (default: the corpus)")
    parser.add_argument("--quiet", action="store_true", help="the figures only")
    args = parser.parse_args()
    gold = split_gold(args.gold, "dev")
    predicted = read_predictions([Path(args.run) / "code.results.jsonl"])
    texts = Articles(args.articles or default_places())
    found = total = spurious = 0
    for aid in sorted(gold):
        rows = [r for r in gold_rows(gold[aid]) if track(r) == "headline"]
        score = score_article(aid, rows, [r for r in predicted.get(aid, []) if track(r) == "headline"])
        ones = [r for r in rows if r.value == 1]
        missed = [r for r in score.missed if r.value == 1]
        extra = [r for r in score.spurious if r.value == 1]
        total, found, spurious = total + len(ones), found + len(ones) - len(missed), spurious + len(extra)
        if args.quiet:
            continue
        text = texts.text(aid)
        for label, facts in (("MISSED", missed), ("SPURIOUS", extra)):
            for r in facts:
                print(f"{aid} {label} {r.text!r} {key(r)[:3]} subject={r.subject!r}\n    {_sentence(text, r.start)}")
    print(f"counts of one: {found}/{total} found, recall {found / max(1, total):.3f}; {spurious} spurious of value 1")


if __name__ == "__main__":
    main()
