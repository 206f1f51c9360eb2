"""Incidents across articles, scored and timed.

1. On a set of incidents each reported by several outlets, with near-miss decoys (a folder with articles.jsonl and
   clusters.json, which says which articles report which incident; by default ../shared/events/, which is scored,
   never read for errors while tuning; `--set` names another, such as a dev set one tunes on): each article is read
   with code alone, its first event (e1, its lead) taken as the incident it reports, and the pairs of articles put
   together are scored against clusters.json — pairwise precision and recall; and how many incidents found span two
   countries or dates more than a day apart (chained merges could).
2. Scale: `--articles N` results (the corpus's, read once, then repeated under new ids and published dates spread
   over a year, every tenth with none) merged, with the seconds at each size: the growth curve of the blocked merge.

    .venv/bin/python bench/events.py [--articles 10000] [--set FOLDER] [--dev TEXTS [--why]]

`--dev TEXTS` scores the dev set, eval/events/across/dev.json (ids, publication dates, clusters), with its texts from
a folder of `<id>.txt` kept outside the repository (articles whose text is missing are left out and counted), with
how many near-miss decoys (dev.json's `decoy_for`) are kept apart from the incident each is near; and `--why` lists
each dev pair it left apart with what each lead event is and the first rule that refused them, and each pair of two
incidents it put together.
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
from extractor.events.merge import _placed_alike, _stated, article_events, merge
from extractor.events.gazetteer import gazetteer
from extractor.settings import Settings

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
DEV = Path(__file__).resolve().parent.parent / "eval" / "events" / "across" / "dev.json"


def folder_set(folder: Path) -> tuple[list[dict], dict[str, list[str]]]:
    """A set kept as a folder: articles.jsonl (id, text, published) and clusters.json."""
    records = [json.loads(line) for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    return records, json.loads((folder / "clusters.json").read_text())


def dev_set(texts: Path) -> tuple[list[dict], dict[str, list[str]]]:
    """The dev set: ids, dates and clusters from dev.json, each text from `<id>.txt` in a folder outside the
    repository; an article without its text is left out of its cluster."""
    dev = json.loads(DEV.read_text())
    records = [{"id": id_, "published": about["published"], "text": (texts / f"{id_}.txt").read_text(encoding="utf-8")}
               for id_, about in dev["articles"].items() if (texts / f"{id_}.txt").exists()]
    present = {r["id"] for r in records}
    missing = len(dev["articles"]) - len(present)
    if missing:
        print(f"dev: {missing} of {len(dev['articles'])} articles have no text in {texts}, left out")
    clusters = {name: [a for a in articles if a in present] for name, articles in dev["clusters"].items()}
    return records, {name: articles for name, articles in clusters.items() if articles}


def decoys() -> dict[str, str]:
    """The dev set's near-miss decoys: each decoy incident and the incident it is near (same place, another day)."""
    return json.loads(DEV.read_text())["decoy_for"]


def pairwise(name: str, records: list[dict], clusters: dict[str, list[str]], why: bool = False,
             near: dict[str, str] | None = None) -> None:
    truth = {article: incident for incident, articles in clusters.items() for article in articles}
    extractor = Extractor(Settings(use_model=False))
    results = [extractor.extract(r["text"], article_id=r["id"], published=r["published"]) for r in records]
    events = [e for result in results for e in article_events(result, gazetteer())]
    groups = merge(events)
    lead = {event.article_id: n for n, group in enumerate(groups) for event in group if event.event_id.endswith("#e1")}
    together = {(a, b): truth[a] == truth[b] for a, b in itertools.combinations(sorted(truth), 2)}
    predicted = {pair for pair in together if pair[0] in lead and lead[pair[0]] == lead.get(pair[1])}
    right = sum(together[pair] for pair in predicted)
    real = sum(together.values())
    print(f"{name}: {len(truth)} articles, {len(clusters)} incidents (decoys included), {len(groups)} incidents found")
    print(f"  pairwise precision {right / len(predicted) if predicted else float('nan'):.3f} "
          f"({right}/{len(predicted)}), recall {right / real:.3f} ({right}/{real})")
    shared = [g for g in groups if len({e.article_id for e in g}) > 1]
    # the dates of events not stale (reading.dates.STALE_DAYS), else of all: a stale event may join as an undated one,
    # counted apart below
    dates = [[e.date for e in g if e.date and not e.stale] or [e.date for e in g if e.date] for g in shared]
    wide = [g for g, days in zip(shared, dates) if len({e.country for e in g} - {None}) > 1
            or (days and (max(days) - min(days)).days > 1)]
    print(f"  incidents from two articles or more: {len(shared)}, of which {len(wide)} span two countries or more "
          f"than a day")
    stale = [g for g, days in zip(shared, dates) if days and any(
        e.stale and abs((e.date - day).days) > 1 for e in g for day in days)]
    print(f"  and {len(stale)} hold an event whose words date it more than a week before its publication and more "
          f"than a day from the incident's other dates (joined as an undated one: reading.dates.STALE_DAYS)")
    if near:  # each decoy against the incident it is near: kept apart when no article of one is put with the other's
        scored = [(d, i) for d, i in near.items() if d in clusters and i in clusters]
        joined = [(d, i) for d, i in scored if any(a in lead and lead[a] == lead.get(b)
                                                   for a in clusters[d] for b in clusters[i])]
        print(f"  near-miss decoys kept apart from their incident: {len(scored) - len(joined)}/{len(scored)}"
              + "".join(f"; {d} joined {i}" for d, i in joined))
    if why:
        leads = {e.article_id: e for e in events if e.event_id.endswith("#e1")}
        for a, b in sorted(pair for pair, same in together.items() if same and pair not in predicted):
            print(f"  missed {a} {b}: {refused(leads.get(a), leads.get(b))}")
            for e in (leads.get(a), leads.get(b)):
                print(f"    {describe(e)}")
        for a, b in sorted(pair for pair in predicted if not together[pair]):  # two incidents made one
            print(f"  joined {a} {b}, incidents {truth[a]} and {truth[b]}")
            for e in (leads.get(a), leads.get(b)):
                print(f"    {describe(e)}")


def describe(e) -> str:
    if e is None:
        return "no event"
    p = e.place
    place = (f"{p.written!r} -> {p.name} {p.country} {p.admin1} prec {p.geo_precision}"
             f"{' inferred' if p.inferred else ''}" if p else "no place")
    return (f"{e.event_id}: {e.date} by {e.dated_by}{' stale' if e.stale else ''} named {e.named_day}; {place}; "
            f"{e.kind}; {sorted(_stated(e))}")


def refused(a, b) -> str:
    """The first rule of the merge that keeps two lead events apart."""
    if a is None or b is None:
        return "an article has no event"
    if a.country is None or b.country is None:
        return "no country"
    if a.country != b.country:
        return "two countries"
    if a.kind and b.kind and a.kind[0] != b.kind[0]:
        return f"event types differ: {a.kind[0]} / {b.kind[0]}"
    if a.date is None or b.date is None:
        shared = _stated(a) & _stated(b)
        return f"undated; claims shared {sorted(shared)}" + ("" if _placed_alike(a, b, 25) else "; placed apart")
    if abs((a.date - b.date).days) > 1:
        return f"dates {a.date} / {b.date}"
    if not _placed_alike(a, b, 25):
        return "placed apart"
    return "joinable alone: refused by the union (an incident of another date or country) or a vague one's choice"


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
    parser.add_argument("--dev", type=Path, help="the dev set's texts, <id>.txt each (eval/events/across/dev.json)")
    parser.add_argument("--why", action="store_true", help="list the dev pairs left apart, and why")
    parser.add_argument("--dev-only", action="store_true", help="score the dev set alone: no scored set, no scale")
    args = parser.parse_args()
    if args.dev:
        pairwise("dev", *dev_set(args.dev), why=args.why, near=decoys())
        if args.dev_only:
            return
    pairwise(str(args.set), *folder_set(args.set))
    print("scale:")
    scale(args.articles)


if __name__ == "__main__":
    main()
