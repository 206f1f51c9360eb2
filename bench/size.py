"""How code's reading grows with the article: seconds per article from 1 KB to 5 MB (no model: finding, reading,
assembling and checking every count), and the slope of log(seconds) against log(size) — 1.0 is linear, 2.0 quadratic.

Articles are the project's own examples (examples/*.txt) repeated to each size. Sizes run from small to large in one
process, each timed `--repeats` times (the best kept: this machine is shared). `--sentence` reads instead one single
sentence of clauses joined by commas, no full stop (the hostile input that once took 166 s at 28 KB).

    .venv/bin/python bench/size.py [--sizes 1e3,1e4,1e5,1e6,5e6] [--repeats 3]
    .venv/bin/python bench/size.py --sentence --sizes 1e3,1e4,3e4,1e5
"""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

from extractor import Extractor
from extractor.reading.parse import parse
from extractor.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def article_of(size: int) -> str:
    pieces = [p.read_text(encoding="utf-8").strip() for p in sorted((ROOT / "examples").glob("*.txt"))]
    text, i = "", 0
    while len(text) < size:
        text += pieces[i % len(pieces)] + "\n"
        i += 1
    return text[:size]


CLAUSES = ["3 civilians were killed in Kharkiv", "Russia launched 12 drones over Odesa",
           "two people were injured near Izium", "the air force said 5 missiles were shot down in Kyiv",
           "he said 7 soldiers were wounded at Bakhmut"]


def sentence_of(size: int) -> str:
    """One sentence of `size` characters: clauses with counts, places and speakers, joined by commas."""
    text, i = "", 0
    while len(text) < size:
        text += (", " if text else "") + CLAUSES[i % len(CLAUSES)]
        i += 1
    return text[:size - 1] + "."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e3,1e4,1e5,1e6,5e6")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sentence", action="store_true", help="one single sentence of comma-joined clauses")
    args = parser.parse_args()
    make = sentence_of if args.sentence else article_of
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    extractor = Extractor(Settings(use_model=False, max_chars=max(sizes), max_questions=10**9))
    extractor.extract(article_of(1000))  # warm-up: imports and caches
    rows = []
    for size in sizes:
        text = make(size)
        best = math.inf
        for _ in range(args.repeats):
            parse.cache_clear()  # each repeat parses afresh: the parse is most of the time
            started = time.perf_counter()
            result = extractor.extract(text)
            best = min(best, time.perf_counter() - started)
        rows.append((size, best, len(result.facts)))
        print(f"{size / 1000:>8,.0f} KB  {best:8.3f} s  {best / size * 1e6:8.2f} µs/char  {len(result.facts):>7,} facts",
              flush=True)
    (s0, t0, _), (s1, t1, _) = rows[0], rows[-1]
    slope = math.log(t1 / t0) / math.log(s1 / s0)
    print(f"slope of log(seconds) against log(size), {s0:,} → {s1:,} characters: {slope:.2f} (1.0 is linear)")
    print(f"largest article: {s1 / 1e6:.1f} M characters in {t1:.1f} s ({s1 / t1 / 1e3:,.0f} K characters a second)")


if __name__ == "__main__":
    main()
