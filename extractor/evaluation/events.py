"""Events and places against their gold (eval/events/, its README says how it was labelled), code alone, end to end
from the article's text:

- events within an article: B-cubed precision and recall of the grouping of the facts code finds that match gold
  facts (each matched fact's predicted event against its gold event; facts code misses are the facts score's
  business, not this one's);
- places, over the matched facts whose gold place is known: the country right, the admin1 right (GeoNames' codes),
  and the coordinates within 25 km of gold's (a fact with no place, or a place not resolved, is wrong; a place
  GeoNames does not hold is placed, as on the map, at the article's country, inferred; each place resolved, as on
  the map, among all the places of the article's facts, matched or not) — end to end, from the place code reads;
  and the gazetteer alone, given gold's words for the place (what resolving costs, apart from reading);
- each gold event's kind (ACLED's sub-event type) and sides, read from the predicted event most of its matched facts
  fall in. A side agrees when the words are the same up to case and a leading article, one contains the other, or a
  word of each shares its first five letters ("Russian forces" names Russia; "Houthi militias" the Houthis)."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from ..conversation import Article
from ..events.gazetteer import Gazetteer, gazetteer, km_between, place_hints, places_named
from ..pipeline import Extractor
from ..schemas import Result
from ..schemas.incidents import GeoPlace
from ..settings import Settings
from .evaluate import _norm, _same_words, documents_by_article, gold_rows, match

EVENT_GOLD = Path(__file__).resolve().parents[2] / "eval" / "events"
WITHIN_KM = 25.0
FIGURES = ("events B-cubed precision", "events B-cubed recall", "events B-cubed F1", "country", "admin1",
           f"within {WITHIN_KM:g} km", "given gold's words: country", "given gold's words: admin1",
           f"given gold's words: within {WITHIN_KM:g} km",
           "sub-event type", "actor1", "actor2")


def read_event_gold(folder: str | Path = EVENT_GOLD) -> dict[str, dict]:
    """Event gold by article id (eval/events/*.json)."""
    return documents_by_article(sorted(Path(folder).glob("*.json")), "an event gold file", "eval/events/README.md")


def event_gold_beside(facts_gold: str | Path) -> Path | None:
    """Where a facts gold folder's events gold is: `events/` beside it (eval/gold → eval/events, eval/fresh/gold →
    eval/fresh/events), or None when it has none."""
    folder = Path(facts_gold).resolve().parent / "events"
    return folder if folder.is_dir() else None


def _bcubed(items: list[tuple[str, str]]) -> tuple[float, float]:
    """Sums over items (gold event, predicted event) of B-cubed precision and recall."""
    gold, predicted, both = Counter(g for g, _ in items), Counter(p for _, p in items), Counter(items)
    return (sum(both[item] / predicted[item[1]] for item in items),
            sum(both[item] / gold[item[0]] for item in items))


def _place_tally(tally: Counter, gold_place: dict, found: GeoPlace | None, prefix: str = "") -> None:
    if gold_place.get("country"):
        tally[f"{prefix}country n"] += 1
        tally[f"{prefix}country"] += found is not None and found.country == gold_place["country"]
    if gold_place.get("admin1"):
        tally[f"{prefix}admin1 n"] += 1
        tally[f"{prefix}admin1"] += found is not None and found.admin1 == gold_place["admin1"]
    if gold_place.get("latitude") is not None and gold_place.get("longitude") is not None:
        tally[f"{prefix}km n"] += 1
        distance = km_between(found, GeoPlace(written="", latitude=gold_place["latitude"],
                                              longitude=gold_place["longitude"])) if found else None
        tally[f"{prefix}km"] += distance is not None and distance <= WITHIN_KM


def score_article(events_gold: dict, facts_gold: dict, result: Result, places: Gazetteer) -> Counter:
    """The counts of one article: B-cubed sums, places, kinds and sides."""
    gold, predicted = gold_rows(facts_gold), result.facts
    event_of = {tuple(span): event["id"] for event in events_gold["events"] for span in event["facts"]}
    pairs = [(gold[i], predicted[j]) for i, j in match(gold, predicted)]
    tally: Counter = Counter()
    items = [(event_of[(g.start, g.end)], p.event_id or "") for g, p in pairs]
    tally["b3 p"], tally["b3 r"] = _bcubed(items)
    tally["items"] = len(items)
    hints, named = place_hints(result), places_named(result)
    resolved = places.resolve_all((p.location for p in predicted), hints, named)  # as on the map: among all the
    # article's places
    gold_places = {place["written"]: place for place in events_gold["places"]}
    given = places.resolve_all((g.location for g, _ in pairs), hints, named)  # given gold's words
    for g, p in pairs:
        if g.location is not None:
            _place_tally(tally, gold_places[g.location], resolved.get(p.location) if p.location else None)
            _place_tally(tally, gold_places[g.location], given[g.location], prefix="given ")
    described = {f"{result.article_id}#{e.id}": e for e in (result.extraction.events if result.extraction else [])}
    predicted_of: dict[str, Counter] = defaultdict(Counter)
    for gold_event, predicted_event in items:
        predicted_of[gold_event][predicted_event] += 1
    for event in events_gold["events"]:
        votes = predicted_of.get(event["id"])
        about = described.get(votes.most_common(1)[0][0]) if votes else None
        if event.get("sub_event_type"):
            tally["type n"] += 1
            tally["type"] += about is not None and about.sub_event_type == event["sub_event_type"]
        for side in ("actor1", "actor2"):
            if event.get(side):
                said = getattr(about, side) if about is not None else None
                tally[f"{side} n"] += 1
                tally[side] += said is not None and same_side(event[side], said.text)
    return tally


def same_side(gold: str, said: str) -> bool:
    stems = lambda words: {w[:5] for w in _norm(words).split() if len(w) >= 5}  # noqa: E731
    return _same_words(gold, said) or bool(stems(gold) & stems(said))


def agreement(first: dict[str, dict], second: dict[str, dict]) -> dict[str, float | int | None]:
    """How far two labellings of the same articles agree, before any reconciling: B-cubed F1 of their events over
    the same facts, and the share of places given the same country and admin1 (where the first gives one)."""
    tally: Counter = Counter()
    for article_id in sorted(set(first) & set(second)):
        one, two = first[article_id], second[article_id]
        event_of = [{tuple(span): e["id"] for e in doc["events"] for span in e["facts"]} for doc in (one, two)]
        items = [(event_of[0][span], event_of[1][span]) for span in event_of[0]]
        precision, recall = _bcubed(items)
        tally["b3 p"] += precision
        tally["b3 r"] += recall
        tally["items"] += len(items)
        tally["articles"] += 1
        other = {p["written"]: p for p in two["places"]}
        for place in one["places"]:
            for field in ("country", "admin1"):
                if place.get(field):
                    tally[f"{field} n"] += 1
                    tally[field] += other.get(place["written"], {}).get(field) == place[field]
    figures = figures_of(tally)
    return {name: figures[name] for name in ("articles", "matched facts", *FIGURES[:5])}


def _ratio(tally: Counter, name: str) -> float | None:
    return tally[name] / tally[f"{name} n"] if tally[f"{name} n"] else None


def figures_of(tally: Counter) -> dict[str, float | int | None]:
    precision = tally["b3 p"] / tally["items"] if tally["items"] else None
    recall = tally["b3 r"] / tally["items"] if tally["items"] else None
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else None
    return {"articles": tally["articles"], "matched facts": tally["items"], FIGURES[0]: precision, FIGURES[1]: recall,
            FIGURES[2]: f1, "country": _ratio(tally, "country"), "admin1": _ratio(tally, "admin1"),
            FIGURES[5]: _ratio(tally, "km"), FIGURES[6]: _ratio(tally, "given country"),
            FIGURES[7]: _ratio(tally, "given admin1"), FIGURES[8]: _ratio(tally, "given km"), "sub-event type": _ratio(tally, "type"), "actor1": _ratio(tally, "actor1"),
            "actor2": _ratio(tally, "actor2"), "places scored": tally["country n"]}


def score_events(events_gold: dict[str, dict], facts_gold: dict[str, dict], articles: list[Article],
                 splits: dict[str, str]) -> dict[str, dict]:
    """The figures over every article with event gold, per split (code alone)."""
    extractor, places = Extractor(Settings(use_model=False)), gazetteer()
    by_split: dict[str, Counter] = defaultdict(Counter)
    for article in articles:
        if article.id not in events_gold or article.id not in facts_gold:
            continue
        result = extractor.extract(article.text, article_id=article.id, published=article.published)
        tally = score_article(events_gold[article.id], facts_gold[article.id], result, places)
        tally["articles"] = 1
        by_split[splits.get(article.id, "unsplit")] += tally
        by_split["all"] += tally
    return {split: figures_of(by_split[split]) for split in sorted(by_split, key=lambda s: (s != "all", s))}


def events_markdown(figures: dict[str, dict]) -> str:
    columns = ["articles", "matched facts", *FIGURES, "places scored"]
    lines = ["| split | " + " | ".join(columns) + " |", "|---|" + "---|" * len(columns)]
    for split, row in figures.items():
        cells = ["–" if row[c] is None else str(row[c]) if isinstance(row[c], int) else f"{row[c]:.3f}"
                 for c in columns]
        lines.append(f"| {split} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
