"""What a run shows on the terminal while and after it works: a table of facts per article, a progress bar, a
line per failure, and the summary (shared by `extract` and `extract --engine ray`)."""

from __future__ import annotations

import sys
import time

from ..model.cache import ResponseCache
from ..pipeline import Extractor
from ..runs import batch
from ..schemas import Result
from .console import err, facts_table, out, plain, plural


def on_terminal() -> bool:
    return sys.stdout.isatty()


class Tables:
    """Where results go on a terminal without -o: each article's facts as a table, not a long JSON line."""

    def __init__(self):
        self.hinted = False

    def write(self, line: str) -> None:
        result = Result.model_validate_json(line)
        if result.status == "ok":
            out.print(f"[bold]{plain(result.article_id)}[/bold]: {plural(len(result.facts), 'fact')}")
            if result.facts:
                out.print(facts_table(result.facts, article_ids=False))
        if not self.hinted:
            out.print("[dim](a table on a terminal: --json prints the JSON lines, -o FILE keeps them)[/dim]")
            self.hinted = True

    def flush(self) -> None:
        pass


class Progress:
    """A rich progress bar: done, failed, rate, ETA and tokens."""

    def __init__(self, total: int | None, summary: batch.Summary):
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.summary = summary
        self.bar = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("[red]{task.fields[failed]} failed[/red]"),
                            TextColumn("{task.fields[rate]}/min"), TimeElapsedColumn(), TextColumn("ETA"),
                            TimeRemainingColumn(), TextColumn("{task.fields[tokens]} tokens"), console=err)
        self.task = self.bar.add_task("extract", total=total, failed=0, rate="–", tokens=0)

    def start(self):
        self.bar.start()

    def stop(self):
        self.bar.stop()

    def advance(self):
        s = self.summary
        minutes = max(1e-9, (time.perf_counter() - s.started) / 60)
        self.bar.update(self.task, advance=1, failed=s.failed, rate=f"{s.done / minutes:.1f}",
                        tokens=s.usage.total_tokens)


def report(result: Result, total: int | None, show: bool) -> None:
    """One line per article when someone watches a single one; in batches no one watches, only the failures."""
    if result.status == "error":
        err.print(f"[red]✗ {plain(result.article_id)}[/red] ({result.error.error_class}): "
                  f"{plain(result.error.message)}")
        return
    if total != 1:
        return
    rows = result.facts
    tokens = (f", {result.usage.prompt_tokens} prompt + {result.usage.completion_tokens} output tokens"
              if result.model else " (no model asked)")
    err.print(f"[green]✓ {plain(result.article_id)}[/green]: {plural(len(rows), 'fact')} in "
              f"{result.latency_s:.1f} s{tokens}")
    if show and rows:
        err.print(facts_table(rows, article_ids=False))


def summarise(summary: batch.Summary, extractor: Extractor, cache: ResponseCache | None, prices, output) -> None:
    seconds = lambda x: "–" if x is None else f"{x:.1f} s"  # noqa: E731
    failures = ", ".join(f"{k} {v}" for k, v in summary.outcomes.most_common() if k != "ok")
    line = f"[bold]{plural(summary.outcomes['ok'], 'article')} extracted[/bold]"
    if summary.failed:
        line += f", [red]{summary.failed:,} failed[/red] ({failures})"
    if summary.skipped:
        line += f"; {summary.skipped:,} already in the output"
        if summary.skipped_failures:
            line += f" ({summary.skipped_failures:,} of them error records: --retry-failed redoes them)"
    if summary.duplicate_inputs:
        line += f"; {plural(summary.duplicate_inputs, 'input')} repeated an earlier id (each an error record)"
    err.print(line)
    model = extractor.backend.model
    if extractor.use_model:
        cost = summary.cost(model, prices)
        err.print(f"tokens: {summary.usage.prompt_tokens:,} prompt + {summary.usage.completion_tokens:,} output "
                  f"({plural(summary.cache_hits, 'answer')} from the cache); estimated cost: "
                  + (f"${cost:.4f}" if cost is not None else f"unknown (no price for {plain(model)}; see --prices)")
                  + f"; latency p50 {seconds(summary.latency(0.5))}, p95 {seconds(summary.latency(0.95))}")
    if summary.undated:
        err.print(f"{plural(summary.undated, 'article')} had no publication date, so their relative dates "
                  f"('on Thursday') stay empty: give --published, a 'published' field, or --published-from-name")
    if extractor.backend.unreachable is not None:
        err.print(f"[red]the endpoint refused connections[/red] ({plain(extractor.backend.host)}); the articles "
                  f"after the first were not asked: start the server, then run again with --retry-failed")
    if cache is not None and cache.problem:
        err.print(f"[yellow]{plain(cache.problem)}[/yellow]")
    if summary.interrupted:
        again = "run the same command again to resume" if output else "use -o FILE to make a run resumable"
        err.print(f"[yellow]interrupted[/yellow]: every finished article is in the output; {again}.")
