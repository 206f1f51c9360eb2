"""Agreement between two labellings of parts made apart (by default the test splits': eval/labelling/parts/a and b,
against eval/gold; the fresh calib split's: eval/labelling/parts-calib, against eval/fresh/gold): the F1 of their
part links (a part's start and its total's start), and the share of the gold facts both give the same `part_of`
(null included).

    .venv/bin/python scripts/parts_agreement.py [--labels eval/labelling/parts-calib --gold eval/fresh/gold]"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ROOT / "eval" / "labelling" / "parts"


def links(path: Path) -> dict[int, int]:
    return {p["start"]: p["part_of"] for p in json.loads(path.read_text(encoding="utf-8"))["parts"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, default=FOLDERS, help="the folder holding a/ and b/")
    parser.add_argument("--gold", type=Path, default=ROOT / "eval" / "gold")
    args = parser.parse_args()
    both = only_a = only_b = facts = same = 0
    for path in sorted((args.labels / "a").glob("*.json")):
        a, b = links(path), links(args.labels / "b" / path.name)
        both += len(a.items() & b.items())
        only_a += len(a.items() - b.items())
        only_b += len(b.items() - a.items())
        gold = json.loads((args.gold / path.name).read_text(encoding="utf-8"))
        facts += len(gold["facts"])
        same += sum(a.get(f["start"]) == b.get(f["start"]) for f in gold["facts"])
    precision, recall = both / (both + only_b), both / (both + only_a)
    print(f"part links: {both} given by both, {only_a} by a alone, {only_b} by b alone; F1 "
          f"{2 * precision * recall / (precision + recall):.3f}")
    print(f"the same part_of on {same / facts:.3f} of {facts} facts")


if __name__ == "__main__":
    main()
