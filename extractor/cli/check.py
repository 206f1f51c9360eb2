"""`extractor check`: the rule-based checker on results or gold files."""

from __future__ import annotations

import json
import sys

import click

from ..checkfiles import Articles, Report, check_file, default_places
from ..schemas import Finding
from .group import main
from .console import out, plain, plural


@main.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--articles", "places", multiple=True, type=click.Path(exists=True),
              help="Where the article texts are: a directory of <id>.txt files or a JSONL file with id and text "
                   "(repeatable). Default: ../shared/corpus beside the repository and examples/.")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON lines, one per article.")
@click.option("--warnings/--no-warnings", default=True, help="Show warnings as well as errors (default: show).")
def check_command(files, places, as_json, warnings) -> None:
    """Check results (JSONL from `extract`) or gold files (eval/gold/*.json) against their articles with the
    rule-based checker. Exits 1 when any error is found, so CI can hold gold files to it.

    \b
    Examples:
      extractor check results.jsonl --articles examples/
      extractor check eval/gold/*.json
    """
    articles = Articles(places or default_places())
    errors = 0
    for path in files:
        for report in check_file(path, articles):
            errors += report.errors
            shown = [f for f in report.findings if warnings or f.severity == "error"]
            if as_json:
                click.echo(json.dumps({"file": report.file, "article_id": report.article_id, "facts": report.facts,
                                       "findings": [f.model_dump() for f in shown]}, ensure_ascii=False))
            else:
                _print_report(report, shown)
    sys.exit(1 if errors else 0)


def _print_report(report: Report, shown: list[Finding]) -> None:
    mark = "[red]✗[/red]" if report.errors else "[green]✓[/green]"
    out.print(f"{mark} {plain(report.article_id)} ({plain(report.file)}): {plural(report.facts, 'fact')}, "
              f"{plural(report.errors, 'error')}, {plural(report.warnings, 'warning')}")
    for f in shown:
        colour = "red" if f.severity == "error" else "yellow"
        where = f" {f.path}" if f.path else ""
        span = f" @{f.start}–{f.end}" if f.start is not None else ""
        out.print(f"  [{colour}]{f.severity}[/{colour}] {f.rule}{plain(where)}{span}: {plain(f.message)}")
