"""A self-contained HTML report of an evaluation (no scripts, no CDN), drawn from jinja2 templates with autoescape
on: the figures side by side, per-category F1 as an inline SVG chart, the commonest errors, an index of the
articles, and per article the text with one status per span (matched, right words with a wrong label, missed,
spurious) beside a table of the facts with their verified flag and the attributes that disagree."""

from __future__ import annotations

from typing import Callable

from jinja2 import Environment, PackageLoader, StrictUndefined

from .evaluate import (
    DATED,
    ArticleScore,
    Evaluation,
    Outcome,
    commonest_errors,
    outcomes,
)
from ..schemas import FactRow
from ..views.facts import number_label

ENV = Environment(loader=PackageLoader("extractor.evaluation", "templates"), autoescape=True, undefined=StrictUndefined,
                  trim_blocks=True, lstrip_blocks=True)
COLOURS = {"matched": "#b7e4c7", "wrong": "#d7bde2", "missed": "#ffd59e", "spurious": "#f5b7b1"}
LEGEND = {"matched": "matched", "wrong": "right words, wrong label", "missed": "missed (in gold only)",
          "spurious": "spurious (predicted only)"}
CELLS = ["headline", "category:munitions", "category:casualties", "category:forces", "other"]
PALETTE = ["#2e86de", "#e67e22", "#27ae60", "#8e44ad"]


def _fmt(x) -> str:
    return "–" if x is None else f"{x:.2f}"


def label(r: FactRow | None) -> str:
    if r is None:
        return ""
    cls = f" {r.weapon_class}" if r.weapon_class else ""
    return f"{r.category}/{r.role}{cls} {number_label(r)}"


def _attribute(r: FactRow, name: str) -> str:
    if name == "hedges":
        return ", ".join(h for h in ("approximate", "lower_bound", "upper_bound") if getattr(r, h)) or "none"
    value = getattr(r, name)
    return "–" if value is None else str(value)


def figures(arms: list[tuple[str, Evaluation]]) -> list[tuple[str, list[str]]]:
    def interval(e: Evaluation) -> str:
        ci = e.cell("headline").get("f1_ci95")
        return f"[{ci[0]:.2f}, {ci[1]:.2f}]" if ci else "–"

    rows = [
        ("headline F1", lambda e: _fmt(e.cell("headline")["f1"])),
        ("headline F1 95% CI", interval),
        ("precision", lambda e: _fmt(e.cell("headline")["precision"])),
        ("recall", lambda e: _fmt(e.cell("headline")["recall"])),
        ("grounding rate", lambda e: _fmt(e.figures["grounding_rate"])),
        ("verified precision", lambda e: _fmt(e.figures["verified"]["precision"])),
        ("other (apart) F1", lambda e: _fmt(e.cell("other")["f1"])),
    ] + [(f"{name} agreement", lambda e, name=name: _fmt(e.figures["attributes"][name]))
         for name in ("subject", "date", DATED, "location", "source", "hedges")] + [
        ("part_of right (gold labelled with parts)", lambda e: _fmt(e.figures["part_of"]["right"]))]
    return [(name, [get(e) for _, e in arms]) for name, get in rows]


def chart(arms: list[tuple[str, Evaluation]]) -> dict:
    """Grouped horizontal bars: F1 per category, one bar per arm (geometry for the template's SVG)."""
    bar, gap, left, width = 14, 10, 150, 420
    groups, y = [], 10
    for cell in CELLS:
        bars = []
        for k, (name, evaluation) in enumerate(arms):
            f1 = evaluation.cell(cell)["f1"] or 0.0
            bars.append({"y": y, "width": round(f1 * width, 1), "f1": f1, "arm": name, "colour": PALETTE[k % 4]})
            y += bar
        groups.append({"name": cell.split(":")[-1], "cell": cell, "label_y": y - bar * len(arms) / 2 + 4,
                       "bars": bars})
        y += gap
    legend = [{"x": left + k * 110, "name": name, "colour": PALETTE[k % 4]} for k, (name, _) in enumerate(arms)]
    return {"groups": groups, "legend": legend, "legend_y": y, "bar": bar, "left": left,
            "width": left + width + 60, "height": y + 30}


def segments(text: str, found: list[Outcome]) -> list[tuple[str, str | None, str]]:
    """The article cut into (words, status or None, tooltip); where spans overlap, the first keeps the words."""
    order = {"matched": 0, "wrong": 1, "missed": 2, "spurious": 3}
    spans = sorted(((o.row.start, o.row.end, o) for o in found if o.row.start is not None),
                   key=lambda s: (s[0], order[s[2].status]))
    out, at = [], 0
    for start, end, o in spans:
        if start < at:
            continue
        out.append((text[at:start], None, ""))
        tip = f"gold {label(o.gold)} / predicted {label(o.predicted)}" if o.status == "wrong" else \
            f"{'gold' if o.gold else 'predicted'} {label(o.row)}"
        out.append((text[start:end], o.status, tip))
        at = end
    out.append((text[at:], None, ""))
    return out


def rows(score: ArticleScore) -> list[dict]:
    table = []
    for o in outcomes(score):
        r, p = o.row, o.predicted
        table.append({
            "status": o.status, "gold": label(o.gold),
            "predicted": f"{label(p)} “{p.text}”" if p else "",
            "span": f"{r.start}–{r.end}" if r.start is not None else "no span",
            "subject": r.subject or "", "verified": "" if p is None else "yes" if p.verified else "no",
            "differs": [f"{name}: gold {_attribute(o.gold, name)} / predicted {_attribute(p, name)}"
                        for name in o.differs] if o.status == "matched" else [f"wrong {d}" for d in o.differs],
        })
    return table


def _counts(score: ArticleScore) -> dict[str, int]:
    found = outcomes(score)
    counts = {status: sum(o.status == status for o in found) for status in COLOURS}
    counts["verified"] = sum(1 for o in found if o.predicted is not None and o.predicted.verified)
    return counts


def render(arms: list[tuple[str, Evaluation]], text_of: Callable[[str], str], title: str = "extractor evaluation",
           subtitle: str = "") -> str:
    by_article = {name: {s.article_id: s for s in e.scores} for name, e in arms}
    articles = []
    for article_id in sorted({s.article_id for _, e in arms for s in e.scores}):
        text = text_of(article_id)
        runs = [{"arm": name, "counts": _counts(score), "segments": segments(text, outcomes(score)),
                 "rows": rows(score)}
                for name, _ in arms if (score := by_article[name].get(article_id)) is not None]
        articles.append({"id": article_id, "runs": runs})
    return ENV.get_template("report.html").render(
        title=title, subtitle=subtitle, arms=[name for name, _ in arms], figures=figures(arms), chart=chart(arms),
        errors=[(name, commonest_errors(e)) for name, e in arms], articles=articles, colours=COLOURS, legend=LEGEND)
