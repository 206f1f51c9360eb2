"""The facts view: one flat row per number (a public contract; see FactRow), as JSONL or CSV."""

from __future__ import annotations

import csv
import io
import json
from typing import Iterable, Iterator

from ..schemas import FactRow, Result


def fact_rows(result: Result) -> Iterator[FactRow]:
    """The rows of one result, in the order of the extraction. Error records have none."""
    return iter(result.facts)


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


def to_dataframe(results: Iterable[Result]):
    """The facts view of many results as a pandas DataFrame, one row per number (`pip install 'extractor[pandas]'`)."""
    try:
        import pandas
    except ImportError:
        from ..errors import SetupError

        raise SetupError("to_dataframe needs pandas: pip install -e '.[pandas]'") from None
    rows = [row.model_dump() for result in results for row in result.facts]
    return pandas.DataFrame(rows, columns=FIELDS)
