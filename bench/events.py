"""Incidents across articles, scored and timed.

1. On a set of incidents each reported by several outlets, with near-miss decoys (a folder with articles.jsonl and
   clusters.json, which says which articles report which incident; by default ../shared/events/, which is scored,
   never read for errors while tuning; `--set` names another, such as a dev set one tunes on): each article is read
   with code alone, its first event (e1, its lead) taken as the incident it reports, and the pairs of articles put
   together are scored against clusters.json — pairwise precision and recall; and how many incidents found span two
   countries or dates more than a day apart (chained merges could).
2. Scale: `--articles N` results (the corpus's, read once, then repeated under new ids and published dates spread
   over a year, every tenth with none) merged, with the seconds at each size: the growth curve of the blocked merge.

    .venv/bin/python bench/events.py [--articles 10000] [--set FOLDER]
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import time
from pathlib import Path

from extractor import Extractor
from extractor.events import incidents
from extractor.events.merge import article_events, merge
from extractor.events.gazetteer import gazetteer
from extractor.settings import Settings

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def pairwise(folder: Path) -> None:
    clusters = json.loads((folder / "clusters.json").read_text())
    truth = {article: incident for incident, articles in clusters.items() for article in articles}
    extractor = Extractor(Settings(use_model=False))
    results = []
    for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        results.append(extractor.extract(record["text"], article_id=record["id"], published=record["published"]))
    groups = merge(e for result in results for e in article_events(result, gazetteer()))
    lead = {event.article_id: n for n, group in enumerate(groups) for event in group if event.event_id.endswith("#e1")}
    together = {(a, b): truth[a] == truth[b] for a, b in itertools.combinations(sorted(truth), 2)}
    predicted = {pair for pair in together if pair[0] in lead and lead[pair[0]] == lead.get(pair[1])}
    right = sum(together[pair] for pair in predicted)
    real = sum(together.values())
    print(f"{folder}: {len(truth)} articles, {len(clusters)} incidents (decoys included), {len(groups)} incidents found")
    print(f"  pairwise precision {right / len(predicted) if predicted else float('nan'):.3f} "
          f"({right}/{len(predicted)}), recall {right / real:.3f} ({right}/{real})")
    shared = [g for g in groups if len({e.article_id for e in g}) > 1]
    # the dates of events not stale (events.when.STALE_DAYS), else of all: a stale event may join as an undated one,
    # counted apart below
    dates = [[e.date for e in g if e.date and not e.stale] or [e.date for e in g if e.date] for g in shared]
    wide = [g for g, days in zip(shared, dates) if len({e.country for e in g} - {None}) > 1
            or (days and (max(days) - min(days)).days > 1)]
    print(f"  incidents from two articles or more: {len(shared)}, of which {len(wide)} span two countries or more "
          f"than a day")
    stale = [g for g, days in zip(shared, dates) if days and any(
        e.stale and abs((e.date - day).days) > 1 for e in g for day in days)]
    print(f"  and {len(stale)} hold an event whose words date it more than a week before its publication and more "
          f"than a day from the incident's other dates (joined as an undated one: events.when.STALE_DAYS)")


def scale(most: int) -> None:
    extractor = Extractor(Settings(use_model=False))
    corpus = sorted((SHARED / "corpus").glob("*.txt"))
    read = [extractor.extract(p.read_text(encoding="utf-8"), article_id=p.stem) for p in corpus]
    gazetteer()  # loaded once, outside the timings
    sizes = [n for n in (1_000, 3_000, 10_000, 30_000) if n <= most] or [most]
    for n in sizes:
        results = []
        for i in range(n):
            result = read[i % len(read)].model_copy(deep=True)
            # every tenth undated: the undated are matched by their numbers, blocked by role and number
            result.article_id = f"x{i}"
            result.published = None if i % 10 == 0 else dt.date(2025, 1, 1) + dt.timedelta(days=i % 365)
            results.append(result)
        started = time.perf_counter()
        found = incidents(results)
        print(f"  {n:>6,} articles → {len(found):,} incidents in {time.perf_counter() - started:5.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--set", type=Path, default=SHARED / "events", help="incidents reported by several outlets")
    args = parser.parse_args()
    pairwise(args.set)
    print("scale:")
    scale(args.articles)


if __name__ == "__main__":
    main()
