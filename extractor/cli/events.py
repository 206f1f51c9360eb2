"""`extractor events`: results → incidents, one per strike, attack, clash or toll report across the articles."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..errors import ConfigError
from ..events import csv_rows, incidents, one_way
from ..views.facts import read_results
from .console import err
from .group import main
from .types import Finite


@main.command()
@click.argument("results", nargs=-1)
@click.option("--csv", "as_csv", is_flag=True, help="ACLED-like CSV columns instead of JSONL.")
@click.option("--km", type=Finite(min=0), default=25.0, show_default=True,
              help="Two articles' events at most this far apart (and within a day, in one country) are one incident.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here (default stdout).")
def events(results, as_csv, km, output) -> None:
    """Merge the events of results (JSONL from `extract`, or '-') into incidents: each with its date, country,
    admin1 and coordinates (GeoNames, offline), ACLED's event type where the weapons say it, and every article's
    claims side by side, with each role's low, high and best estimate (the rule is named). Events merge when they
    are in one country, within a day and within --km of each other; an event whose place resolves to nothing
    merges with nothing and says so. Results made different ways (model, prompt, policy, schema) are refused."""
    if output and any(spec != "-" and Path(spec).exists() and Path(output).exists()
                      and os.path.samefile(spec, output) for spec in results):
        raise ConfigError(f"-o {output}: that is one of the results being read; write the events elsewhere")
    found = incidents(one_way(read_results(*results)), km=km)
    chunks = csv_rows(found) if as_csv else (i.model_dump_json() + "\n" for i in found)
    if output is None:
        sys.stdout.writelines(chunks)
        return
    target = Path(output)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    with temporary.open("w", encoding="utf-8", newline="") as stream:
        stream.writelines(chunks)
    os.replace(temporary, target)  # whole or not at all
    err.print(f"{len(found):,} incidents written to {target}")
