"""`extractor facts` (the facts view of results) and `extractor schema` (the JSON Schemas)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Iterator

import click

from ..errors import ConfigError
from ..schemas import SCHEMA_VERSION, Extraction, FactRow, MentionLabel, Result
from ..views import facts as facts_view
from ..views.facts import read_results
from . import main
from .console import facts_table, out


@main.command()
@click.argument("results", nargs=-1)
@click.option("--csv", "as_csv", is_flag=True, help="CSV instead of JSONL.")
@click.option("--table", "as_table", is_flag=True, help="A readable table (article, location and verified "
              "included); it keeps its columns when piped.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here (default stdout); never one of "
              "the RESULTS files.")
def facts(results, as_csv, as_table, output) -> None:
    """Turn results (JSONL from `extract`, or '-') into the facts view: one row per number.

    Fields: article_id, category, role, weapon_class, weapon, subject, value, low, high, approximate,
    lower_bound, upper_bound, date, date_precision, location, source, text, start, end, verified.
    """
    if as_csv and as_table:
        raise ConfigError("--csv and --table: choose one")
    if output and any(spec != "-" and Path(spec).exists() and Path(output).exists()
                      and os.path.samefile(spec, output) for spec in results):
        raise ConfigError(f"-o {output}: that is one of the results being read; write the facts elsewhere")
    rows = (row for result in read_results(*results) for row in result.facts)
    if as_table:
        out.print(facts_table(list(rows)))
        return
    chunks = facts_view.to_csv(rows) if as_csv else facts_view.to_jsonl(rows)
    if output is None:
        for chunk in chunks:
            sys.stdout.write(chunk)
        return
    # Written whole to a temporary file, then renamed: a failure half way leaves no half file.
    target = Path(output)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    with temporary.open("w", encoding="utf-8", newline="") as stream:
        stream.writelines(chunks)
    os.replace(temporary, target)


SCHEMAS = {"result": Result, "extraction": Extraction, "facts": FactRow, "label": MentionLabel}


@main.command()
@click.argument("which", type=click.Choice(list(SCHEMAS)), default="result")
def schema(which) -> None:
    """Print the JSON Schema of a result (default), the extraction, a facts row, or the label the model gives for
    one count."""
    document = SCHEMAS[which].model_json_schema()
    document["$comment"] = f"extractor schema version {SCHEMA_VERSION}"
    click.echo(json.dumps(document, indent=2))
