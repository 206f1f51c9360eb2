"""A self-contained HTML report of an evaluation (no scripts, no CDN): per-category F1 as an inline SVG chart,
the commonest errors, and per article the text with gold and predicted spans highlighted (matched, missed,
spurious, right words with a wrong label) beside a table of the facts."""

from __future__ import annotations

import html
from typing import Callable

from ..evaluation.evaluate import ArticleScore, Evaluation, commonest_errors
from ..schemas import FactRow
from ..views.facts import number_label

COLOURS = {"matched": "#b7e4c7", "wrong": "#d7bde2", "missed": "#ffd59e", "spurious": "#f5b7b1"}
LEGEND = {"matched": "matched", "wrong": "right words, wrong label", "missed": "missed (in gold only)",
          "spurious": "spurious (predicted only)"}

CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#222;max-width:1400px}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd}h3{font-size:15px}
table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ddd;padding:2px 6px;text-align:left}
.article{display:grid;grid-template-columns:1fr 1fr;gap:16px;align-items:start}
.text{white-space:pre-wrap;background:#fafafa;border:1px solid #eee;padding:8px;font-size:13px}
mark{padding:0 1px;border-radius:2px}.legend span{display:inline-block;padding:1px 6px;margin-right:8px}
.figures td{text-align:right}.figures td:first-child{text-align:left}
"""


def _fmt(x) -> str:
    return "–" if x is None else f"{x:.2f}"


def _label(r: FactRow) -> str:
    cls = f" {r.weapon_class}" if r.weapon_class else ""
    return f"{r.category}/{r.role}{cls} {number_label(r)}"


def f1_chart(arms: list[tuple[str, Evaluation]]) -> str:
    """Grouped horizontal bars: F1 per category, one bar per arm."""
    cells = ["headline", "category:munitions", "category:casualties", "category:forces", "other"]
    palette = ["#2e86de", "#e67e22", "#27ae60", "#8e44ad"]
    bar, gap, left, width = 14, 10, 150, 420
    height = len(cells) * (len(arms) * bar + gap) + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 60}" height="{height}" '
             f'role="img" aria-label="F1 per category">']
    y = 10
    for cell in cells:
        parts.append(f'<text x="0" y="{y + bar * len(arms) / 2 + 4}" font-size="12">{cell.split(":")[-1]}</text>')
        for k, (name, evaluation) in enumerate(arms):
            f1 = evaluation.cell(cell)["f1"] or 0.0
            parts.append(f'<rect x="{left}" y="{y}" width="{f1 * width:.1f}" height="{bar - 2}" '
                         f'fill="{palette[k % len(palette)]}"><title>{name} {cell}: {f1:.3f}</title></rect>')
            parts.append(f'<text x="{left + f1 * width + 4:.1f}" y="{y + bar - 4}" font-size="11">{f1:.2f}</text>')
            y += bar
        y += gap
    for k, (name, _) in enumerate(arms):
        parts.append(f'<rect x="{left + k * 110}" y="{y + 4}" width="10" height="10" fill="{palette[k % 4]}"/>'
                     f'<text x="{left + k * 110 + 14}" y="{y + 13}" font-size="12">{html.escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _spans(score: ArticleScore) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, tooltip) for every fact with a span, best kind first where spans coincide."""
    spans = []
    missed_at = {(g.start, g.end): g for g in score.missed}
    for g, _ in score.pairs:
        spans.append((g.start, g.end, "matched", _label(g)))
    for p in score.spurious:
        if p.start is None:
            continue
        g = missed_at.get((p.start, p.end))
        kind = "wrong" if g else "spurious"
        tip = f"gold {_label(g)} / predicted {_label(p)}" if g else f"predicted {_label(p)}"
        spans.append((p.start, p.end, kind, tip))
    for g in score.missed:
        spans.append((g.start, g.end, "missed", f"gold {_label(g)}"))
    order = {"matched": 0, "wrong": 1, "missed": 2, "spurious": 3}
    return sorted((s for s in spans if s[0] is not None), key=lambda s: (s[0], order[s[2]]))


def highlighted(text: str, score: ArticleScore) -> str:
    out, at = [], 0
    for start, end, kind, tip in _spans(score):
        if start < at:
            continue  # overlaps a span already shown
        out.append(html.escape(text[at:start]))
        out.append(f'<mark class="{kind}" style="background:{COLOURS[kind]}" title="{html.escape(tip)}">'
                   f"{html.escape(text[start:end])}</mark>")
        at = end
    out.append(html.escape(text[at:]))
    return "".join(out)


def facts_table(score: ArticleScore) -> str:
    rows = [("matched", g, p) for g, p in score.pairs] + [("missed", g, None) for g in score.missed] + \
           [("spurious", None, p) for p in score.spurious]
    body = []
    for status, g, p in rows:
        r = g or p
        span = f"{r.start}–{r.end}" if r.start is not None else "no span"
        predicted = f"{_label(p)} “{html.escape(p.text)}”" if p else ""
        body.append(f'<tr style="background:{COLOURS[status]}"><td>{status}</td>'
                    f"<td>{html.escape(_label(g)) if g else ''}</td><td>{predicted}</td><td>{span}</td>"
                    f"<td>{html.escape((p or g).subject or '')}</td></tr>")
    return ("<table><tr><th>status</th><th>gold</th><th>predicted</th><th>span</th><th>subject</th></tr>"
            + "".join(body) + "</table>")


def figures_table(arms: list[tuple[str, Evaluation]]) -> str:
    head = "".join(f"<th>{html.escape(n)}</th>" for n, _ in arms)
    rows = []
    for label, get in [
        ("headline F1", lambda e: _fmt(e.cell("headline")["f1"])),
        ("headline F1 95% CI", lambda e: "[{:.2f}, {:.2f}]".format(*e.cell("headline")["f1_ci95"])
         if e.cell("headline").get("f1_ci95") else "–"),
        ("precision", lambda e: _fmt(e.cell("headline")["precision"])),
        ("recall", lambda e: _fmt(e.cell("headline")["recall"])),
        ("grounding rate", lambda e: _fmt(e.figures["grounding_rate"])),
        ("verified precision", lambda e: _fmt(e.figures["verified"]["precision"])),
        ("other (apart) F1", lambda e: _fmt(e.cell("other")["f1"])),
    ]:
        rows.append(f"<tr><td>{label}</td>" + "".join(f"<td>{get(e)}</td>" for _, e in arms) + "</tr>")
    return f'<table class="figures"><tr><th></th>{head}</tr>{"".join(rows)}</table>'


def render(arms: list[tuple[str, Evaluation]], text_of: Callable[[str], str], title: str = "extractor evaluation",
           subtitle: str = "") -> str:
    legend = "".join(f'<span style="background:{COLOURS[k]}">{v}</span>' for k, v in LEGEND.items())
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
             f"<style>{CSS}</style></head><body><h1>{html.escape(title)}</h1><p>{html.escape(subtitle)}</p>",
             figures_table(arms), "<h2>F1 per category</h2>", f1_chart(arms), "<h2>Commonest errors</h2>"]
    for name, evaluation in arms:
        items = "".join(f"<li>{html.escape(e)}: {n}</li>" for e, n in commonest_errors(evaluation))
        parts.append(f"<h3>{html.escape(name)}</h3><ul>{items or '<li>none</li>'}</ul>")
    parts.append(f'<h2>Articles</h2><p class="legend">{legend}</p>')
    by_article = {name: {s.article_id: s for s in e.scores} for name, e in arms}
    for article_id in sorted({s.article_id for _, e in arms for s in e.scores}):
        text = text_of(article_id)
        parts.append(f'<h2 id="{html.escape(article_id)}">{html.escape(article_id)}</h2>')
        for name, _ in arms:
            score = by_article[name].get(article_id)
            if score is None:
                continue
            parts.append(f"<h3>{html.escape(name)}: {len(score.pairs)} matched, {len(score.missed)} missed, "
                         f"{len(score.spurious)} spurious</h3><div class='article'><div class='text'>"
                         f"{highlighted(text, score)}</div><div>{facts_table(score)}</div></div>")
    parts.append("</body></html>")
    return "".join(parts)
