"""The facts view: one flat row per number (a public contract; see FactRow), as JSONL or CSV."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable, Iterator, NamedTuple

from .schemas import Context, FactRow, Quantity, Result


def _row(result: Result, context: Context, quantity: Quantity, *, category: str, role: str, verified: bool,
         subject: str | None, weapon_class: str | None = None, weapon: str | None = None) -> FactRow:
    date = context.date
    return FactRow(
        article_id=result.article_id, category=category, role=role, weapon_class=weapon_class, weapon=weapon,
        subject=subject, value=quantity.value, low=quantity.low, high=quantity.high,
        approximate=quantity.approximate, lower_bound=quantity.lower_bound, upper_bound=quantity.upper_bound,
        date=date.date if date else None, date_precision=date.precision if date else None,
        location=context.place.text if context.place else None,
        source=context.source.text if context.source else None,
        text=quantity.text, start=quantity.start, end=quantity.end, verified=verified,
    )


class Located(NamedTuple):
    path: str  # where the fact sits in the result: 'extraction.attacks[0].munitions[1]'
    context: Context  # its date, place and source
    fact: Any  # the schema object that carries `verified`
    row: FactRow


def located_rows(result: Result) -> Iterator[Located]:
    """Each row with the path of the fact it came from, its context and the fact object itself."""
    extraction = result.extraction
    if extraction is None:
        return
    for i, attack in enumerate(extraction.attacks):
        for j, m in enumerate(attack.munitions):
            yield Located(f"extraction.attacks[{i}].munitions[{j}]", attack, m, _row(
                result, attack, m.quantity, category="munitions", role=m.role, verified=m.verified,
                subject=m.subject, weapon_class=m.weapon_class, weapon=m.weapon))
    for i, report in enumerate(extraction.casualties):
        for j, c in enumerate(report.counts):
            yield Located(f"extraction.casualties[{i}].counts[{j}]", report, c, _row(
                result, report, c.quantity, category="casualties", role=c.role, verified=c.verified,
                subject=report.subject))
    for i, d in enumerate(extraction.deployments):
        yield Located(f"extraction.deployments[{i}]", d, d, _row(
            result, d, d.quantity, category="forces", role=d.role, verified=d.verified, subject=d.subject))
    for i, o in enumerate(extraction.other):
        yield Located(f"extraction.other[{i}]", o, o, _row(
            result, o, o.quantity, category="other", role=o.label, verified=o.verified, subject=o.subject))


def fact_rows(result: Result) -> Iterator[FactRow]:
    """The rows of one result, in the order of the extraction. Error records have none."""
    for located in located_rows(result):
        yield located.row


FIELDS = list(FactRow.model_fields)


def number_label(row: FactRow) -> str:
    """A row's number for people: '≈3000', '≥4', '10000–12000' ('?' for a missing end)."""
    def fmt(x: float | None) -> str:
        return "?" if x is None else f"{x:g}"

    ranged = row.value is None and (row.low is not None or row.high is not None)
    core = f"{fmt(row.low)}–{fmt(row.high)}" if ranged else fmt(row.value)
    return ("≈" if row.approximate else "≥" if row.lower_bound else "≤" if row.upper_bound else "") + core


def to_jsonl(rows: Iterable[FactRow]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row.model_dump(mode="json"), ensure_ascii=False) + "\n"


def to_csv(rows: Iterable[FactRow]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row.model_dump(mode="json"))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.getvalue():
        yield buffer.getvalue()
