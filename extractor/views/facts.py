"""The facts view: one flat row per number (a public contract; see FactRow), as JSONL or CSV."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sys
from pathlib import Path
from typing import Iterable, Iterator

from pydantic import ValidationError

from ..errors import InputError
from ..schemas import FactRow, Result


def fact_rows(result: Result) -> Iterator[FactRow]:
    """The rows of one result, in the order of the extraction. Error records have none."""
    return iter(result.facts)


FIELDS = list(FactRow.model_fields)


def data_dictionary() -> str:
    """The facts view's fields as a Markdown table (name, type, meaning), from their descriptions: the README's
    data dictionary is this text (`extractor schema facts --markdown` prints it; a test holds the two equal)."""
    lines = ["| field | type | meaning |", "|---|---|---|"]
    for name, field in FactRow.model_fields.items():
        kind = str(field.annotation).replace("typing.", "").replace("datetime.", "").replace("<class '", "")
        kind = kind.replace("'>", "").replace("Literal", "one of ").replace("NoneType", "null").replace("None", "null")
        lines.append(f"| `{name}` | {kind.replace('|', 'or')} | {field.description} |")
    return "\n".join(lines) + "\n"


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


# A cell a spreadsheet would run as a formula (OWASP, "CSV Injection"): words from an article or an id can begin so.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A value safe for a spreadsheet: text that begins like a formula gets a leading single quote, as OWASP
    recommends. Numbers stay numbers (a negative count is never written: counts are not below zero)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_header() -> str:
    return ",".join(FIELDS) + "\n"


def csv_line(row: FactRow) -> str:
    """One row as a CSV line, every text cell neutralised for spreadsheets (csv_cell)."""
    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n").writerow(
        {k: csv_cell(v) for k, v in row.model_dump(mode="json").items()})
    return buffer.getvalue()


def to_csv(rows: Iterable[FactRow]) -> Iterator[str]:
    """The rows as CSV lines, the header first: the one CSV writer of the facts view (the CLI's and the service's)."""
    yield csv_header()
    for row in rows:
        yield csv_line(row)


def to_dataframe(results: Iterable[Result]):
    """The facts view of many results as a pandas DataFrame, one row per number (`pip install 'extractor[pandas]'`)."""
    try:
        import pandas
    except ImportError:
        from ..errors import SetupError

        raise SetupError("to_dataframe needs pandas: pip install -e '.[pandas]'") from None
    rows = [row.model_dump() for result in results for row in result.facts]
    frame = pandas.DataFrame(rows, columns=FIELDS)
    # Proper dtypes: dates as datetime64, whole counts and offsets as nullable integers, flags as booleans.
    frame["date"] = pandas.to_datetime(frame["date"])
    for name in ("start", "end", "part_of"):
        frame[name] = frame[name].astype("Int64")
    for name in ("value", "low", "high"):  # counts are whole; a fraction (a percentage, a distance) keeps Float64
        numbers = frame[name].astype("Float64")
        whole = numbers.dropna().mod(1).eq(0).all()
        frame[name] = numbers.astype("Int64") if whole else numbers
    for name in ("approximate", "lower_bound", "upper_bound", "verified"):
        frame[name] = frame[name].astype("boolean")
    return frame


def read_results(*paths: str | Path) -> Iterator[Result]:
    """Results from JSONL files (`extractor extract`'s output; '-' or nothing: standard input), one at a time, so
    memory stays flat; a line that is not a result is an InputError naming the file and line.

        for result in extractor.read_results("results.jsonl"):
            print(result.article_id, len(result.facts))
    """
    for spec in map(str, paths or ("-",)):
        try:
            stream = contextlib.nullcontext(sys.stdin) if spec == "-" else open(spec, encoding="utf-8")
        except OSError as e:
            raise InputError(f"{spec}: cannot read ({e.strerror or e})") from None
        with stream as lines:
            try:
                for number, line in enumerate(lines, start=1):
                    if line.strip():
                        try:
                            yield Result.model_validate_json(line)
                        except ValidationError:
                            raise InputError(f"{spec}:{number}: not a result (expected the JSONL that `extractor "
                                             f"extract` writes)") from None
            except UnicodeDecodeError:
                raise InputError(f"{spec}: not UTF-8 text (expected the JSONL that `extractor extract` writes)") from None
