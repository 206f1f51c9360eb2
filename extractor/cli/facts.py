"""`extractor facts` (the facts view of results) and `extractor schema` (the JSON Schemas)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from ..errors import ConfigError, SetupError
from ..schemas import SCHEMA_VERSION, Extraction, FactRow, MentionLabel, Result
from ..views import facts as facts_view
from ..views.facts import read_results
from .group import main
from .console import err, facts_table, out


@main.command()
@click.argument("results", nargs=-1)
@click.option("--csv", "as_csv", is_flag=True, help="CSV instead of JSONL.")
@click.option("--table", "as_table", is_flag=True, help="A readable table (article, location and verified "
              "included); it keeps its columns when piped.")
@click.option("--parquet", type=click.Path(dir_okay=False), help="Write the rows to this Parquet file (typed "
              "columns: dates, nullable integers, booleans; needs the [pandas] extra).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here (default stdout); never one of "
              "the RESULTS files.")
def facts(results, as_csv, as_table, parquet, output) -> None:
    """Turn results (JSONL from `extract`, or '-') into the facts view: one row per number.

    Fields (`extractor schema facts --markdown` says what each means): article_id, category, role, weapon_class,
    weapon, subject, value, low, high, approximate, lower_bound, upper_bound, date, date_precision, location, source,
    text, start, end, verified, part_of, title, url, event_id.
    """
    if as_csv and as_table:
        raise ConfigError("--csv and --table: choose one")
    if output and any(spec != "-" and Path(spec).exists() and Path(output).exists()
                      and os.path.samefile(spec, output) for spec in results):
        raise ConfigError(f"-o {output}: that is one of the results being read; write the facts elsewhere")
    if parquet:
        if as_csv or as_table or output:
            raise ConfigError("--parquet writes its own file: give it without --csv, --table or -o")
        _parquet(results, Path(parquet))
        return
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


def _parquet(results: tuple[str, ...], target: Path) -> None:
    try:
        import pyarrow  # noqa: F401 (pandas writes Parquet through it)
    except ImportError:
        raise SetupError("--parquet needs pyarrow: pip install -e '.[pandas]'") from None
    frame = facts_view.to_dataframe(read_results(*results))
    temporary = target.with_name(f".{target.name}.tmp")
    target.parent.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(temporary, index=False)
    os.replace(temporary, target)  # whole or not at all
    err.print(f"{len(frame):,} rows written to {target}")


SCHEMAS = {"result": Result, "extraction": Extraction, "facts": FactRow, "label": MentionLabel}


@main.command()
@click.argument("which", type=click.Choice(list(SCHEMAS)), default="result")
@click.option("--markdown", is_flag=True, help="With 'facts': the data dictionary, a Markdown table of every field.")
def schema(which, markdown) -> None:
    """Print the JSON Schema of a result (default), the extraction, a facts row, or the label the model gives for
    one count."""
    if markdown:
        if which != "facts":
            raise ConfigError("--markdown is the facts view's data dictionary: extractor schema facts --markdown")
        click.echo(facts_view.data_dictionary(), nl=False)
        return
    document = SCHEMAS[which].model_json_schema()
    document["$comment"] = f"extractor schema version {SCHEMA_VERSION}"
    click.echo(json.dumps(document, indent=2))
