"""`extractor extract`: articles in, one JSON result (or error record) per article out."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import click

from ..budget import stop_everything
from ..errors import ConfigError
from ..model.backend import Backend
from ..model.cache import ResponseCache
from ..pipeline import Extractor
from ..runs import batch
from ..runs.inputs import Reading, count_inputs, iter_items
from ..runs.limits import RateLimiter
from ..runs.outputs import Output
from ..settings import ENV, MODES, Settings
from .group import main
from . import progress as shown
from .console import err, plain, plural
from .types import Finite

EXTRACT_HELP = f"""Extract numeric facts from articles and write one JSON result per article (JSONL).

INPUTS are text files, directories (their .txt, .md, .jsonl and .csv files), JSONL files (lines with "id", "text"
and optional "published"), CSV files (columns id, text, published) and "-" for standard input. With no endpoint
configured, the embedded model runs locally.

\b
Examples:
  extractor extract examples/odesa-overnight-attack.txt
  extractor extract examples/ -o results.jsonl
  extractor extract articles.jsonl -o results.jsonl -c 8
  extractor extract examples/ --no-model            # code's reading alone, no model
  cat article.txt | extractor extract - --published 2024-12-27
  extractor extract a.txt --base-url http://localhost:8000/v1 --model qwen2.5

\b
Environment: {", ".join(ENV)}
(OPENAI_API_KEY is used for a base URL when EXTRACTOR_API_KEY is unset).
Exit status: 0 when every input has a result, 1 when any has only an error record, 2 for a usage error,
130 when interrupted (run the same command again to resume).
"""


def _published(ctx, param, value: str | None):
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use an ISO date such as 2024-12-27") from None


@main.command(help=EXTRACT_HELP)
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(),
              help="Append JSONL here (default stdout). Running again resumes: what it holds is skipped.")
@click.option("--published", callback=_published,
              help="Publication date (ISO) of the articles that give none, to resolve 'on Thursday'.")
@click.option("--published-from-name", is_flag=True,
              help="Take each file's publication date from a YYYY-MM-DD in its name.")
@click.option("--no-model", is_flag=True, default=None,
              help="Code's reading alone: no model asked, no server started [EXTRACTOR_NO_MODEL].")
@click.option("--base-url", help="OpenAI-compatible endpoint, e.g. https://api.openai.com/v1 [EXTRACTOR_BASE_URL]")
@click.option("--model", help="Model name at that endpoint; required with --base-url [EXTRACTOR_MODEL]")
@click.option("--mode", type=click.Choice(MODES), help="How answers are asked for: json (default), json_schema or "
              "tools [EXTRACTOR_MODE]")
@click.option("--max-tokens", type=click.IntRange(min=1), help="Cap on output tokens per request (default 2048) "
              "[EXTRACTOR_MAX_TOKENS]")
@click.option("--time-budget", type=Finite(min=0, min_open=True), help="Seconds one article may take in all, "
              "model included (default 900) [EXTRACTOR_TIME_BUDGET]; past it, it becomes an error record.")
@click.option("--timeout", type=Finite(min=0, min_open=True), help="Seconds per HTTP request (default 600) "
              "[EXTRACTOR_TIMEOUT]")
@click.option("--max-reasks", type=click.IntRange(min=0), help="Validation re-asks after the first answer "
              "(default 1) [EXTRACTOR_MAX_REASKS]")
@click.option("--max-chars", type=click.IntRange(min=1), help="The longest article read (default 200,000 "
              "characters); longer ones become error records [EXTRACTOR_MAX_CHARS]")
@click.option("--max-questions", type=click.IntRange(min=1), help="The most questions asked about one article "
              "(default 400) [EXTRACTOR_MAX_QUESTIONS]")
@click.option("--concurrency", "-c", type=click.IntRange(min=1), default=1, show_default=True,
              help="Articles in flight at once (raise it for remote APIs and servers with several slots).")
@click.option("--retry-failed", is_flag=True, help="Redo the articles whose error records the output holds.")
@click.option("--retry-all", is_flag=True, help="Redo every article the output holds (say, with another model or "
              "policy): the file is rewritten atomically as this run's.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the response cache.")
@click.option("--cache", "cache_path", type=click.Path(dir_okay=False),
              help="The response cache (sqlite; default: responses.sqlite in the user cache directory) "
                   "[EXTRACTOR_RESPONSE_CACHE]")
@click.option("--rpm", type=Finite(min=1), help="At most this many requests per minute (≥ 1).")
@click.option("--tpm", type=Finite(min=100), help="At most this many tokens per minute (≥ 100).")
@click.option("--prices", type=click.Path(exists=True, dir_okay=False),
              help="A TOML price table for the cost estimate: [models.\"name\"] input = 0.15, output = 0.6 "
                   "(US$ per million tokens).")
@click.option("--json", "as_json", is_flag=True, help="Without -o on a terminal: the JSON lines rather than a table "
              "of each article's facts (piped, the output is always JSON lines).")
@click.option("--show/--no-show", default=None, help="Print a table of each article's facts to stderr (default: "
              "when it is a terminal and there is one input).")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="ray: Ray Data over --endpoints, -c articles in flight per endpoint; -o is a directory of parts.")
@click.option("--address", help="With --engine ray: the Ray cluster to join (auto: this machine's); default: new.")
@click.option("--endpoints", help="With --engine ray: endpoints URL,URL,… spread evenly (default --base-url).")
def extract(inputs, output, published, published_from_name, no_model, base_url, model, mode, max_tokens, time_budget,
            timeout,
            max_reasks, max_chars, max_questions, concurrency, retry_failed, retry_all, no_cache, cache_path, rpm, tpm,
            prices, as_json, show, engine, address, endpoints) -> None:
    settings = Settings.from_env(
        base_url=base_url, model=model, mode=mode, max_tokens=max_tokens, timeout=timeout, max_reasks=max_reasks,
        time_budget=time_budget,
        max_chars=max_chars, max_questions=max_questions, response_cache=cache_path,
        use_model=False if no_model else None, max_concurrency=concurrency)
    if engine == "ray" or address or endpoints:
        if retry_all:
            raise ConfigError("--retry-all rewrites a results file; with --engine ray, write to a new -o directory")
        from .ray_extract import extract_on_ray  # Ray is an optional extra
        return extract_on_ray(inputs, output, settings, Reading(published, published_from_name, settings.max_chars),
                              address=address, endpoints=endpoints, concurrency=concurrency, retry_failed=retry_failed,
                              cache=not no_cache, prices=prices, limits=(rpm, tpm))
    if output and Path(output).is_dir():
        raise ConfigError(f"-o {output} is a directory: give a file (a directory of parts is for --engine ray)")
    _run_here(inputs, output, settings, Reading(published, published_from_name, settings.max_chars), concurrency,
              retry_failed, retry_all, no_cache, (rpm, tpm), batch.load_prices(prices), as_json, show)


def _run_here(inputs, output, settings: Settings, reading: Reading, concurrency: int, retry_failed: bool,
              retry_all: bool, no_cache: bool, limits: tuple, prices: dict, as_json: bool, show: bool | None) -> None:
    """A run on this machine: every input to one results file, shown as it goes, summarised at the end."""
    rpm, tpm = limits
    cache = None if no_cache or not settings.use_model else _cache(settings.response_cache_path)
    backend = Backend(settings, cache=cache, limiter=RateLimiter(rpm, tpm) if rpm or tpm else None)
    extractor = Extractor(backend=backend)
    try:
        tables = None if as_json or output or not shown.on_terminal() else shown.Tables()
        out = Output(output, tables or sys.stdout).open(retry_failed=retry_failed, retry_all=retry_all, inputs=inputs,
                                              made_by=extractor.made_by())
    except BaseException:
        extractor.close()
        raise
    try:
        if out.rejected:
            err.print(f"[yellow]{plural(out.rejected, 'line')} of {plain(output)} that were not results moved to "
                      f"{plain(output)}.rejected[/yellow]")
        own = out.own_files() + ([cache.path.with_name(cache.path.name + s) for s in ("", "-wal", "-shm")]
                                 if cache else [])
        total = count_inputs(inputs, skip=own)
        show = (err.is_terminal and total == 1 and tables is None) if show is None else show
        summary = batch.Summary()
        progress = shown.Progress(total, summary) if err.is_terminal and total != 1 else None
        items = iter_items(inputs, reading, skip=own,  # never read the run's own files as articles
                           on_skip=lambda path, why: err.print(f"skipping {plain(path)}: {why}"))
        with extractor:
            try:
                if progress is not None:
                    progress.start()
                _run_until_interrupted(batch.run(items, extractor, out, concurrency=concurrency, summary=summary,
                                                 on_result=lambda r: progress.advance() if progress else shown.report(
                                                     r, total, show)))
            except KeyboardInterrupt:
                summary.interrupted = True
            finally:
                if progress is not None:
                    progress.stop()
    finally:
        out.close()
    shown.summarise(summary, extractor, cache, prices, output)
    if summary.interrupted:
        # What was written is whole and the output resumable; a thread still inside one article's parse is not
        # waited for (joining it is what made Ctrl-C take half a minute on a large article).
        sys.stdout.flush(), sys.stderr.flush()
        os._exit(130)
    sys.exit(1 if summary.without_result else 0)


def _run_until_interrupted(work) -> None:
    """asyncio.run, but Ctrl-C stops every article in flight at its next check (extractor.budget) and the loop
    closes without waiting for worker threads."""
    def interrupted(signum, frame):
        stop_everything()
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, interrupted)
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(work)
    finally:
        signal.signal(signal.SIGINT, previous)
        tasks = asyncio.all_tasks(loop)
        for task in tasks:
            task.cancel()
        if tasks:
            loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()  # shuts the default executor down without waiting for its threads


def _cache(path: Path) -> ResponseCache:
    """The response cache; where it lives is said when a run first makes it (answers there serve every project that
    asks the same model the same question: --no-cache or EXTRACTOR_RESPONSE_CACHE to keep a project's apart)."""
    if not path.exists():
        err.print(f"response cache: {plain(path)} (new; --no-cache skips it, EXTRACTOR_RESPONSE_CACHE moves it)")
    return ResponseCache(path)


