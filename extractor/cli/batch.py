"""`extractor batch …`: questions written to OpenAI-format batch files, run through the Batch API (or vLLM's
run_batch), and assembled into results."""

from __future__ import annotations

import contextlib
import sys
import time
from pathlib import Path

import click

from ..errors import BackendError, ConfigError, InputError
from ..model.backend import host_of
from ..pipeline import Extractor
from ..redact import register
from ..runs import batch_api, batch_files
from ..runs.batch import load_prices
from ..runs.inputs import Reading, iter_items
from ..runs.outputs import Output
from ..settings import Settings, check_base_url, env_value
from .group import main
from .console import err, plain, plural
from .types import Finite

BATCH_HELP = """Questions as OpenAI-format batch files: the OpenAI Batch API (half the list price, answers within 24
hours) or vLLM's run_batch on your own GPUs.

\b
  extractor batch prepare articles.jsonl -o requests.jsonl --model gpt-4o-mini
  extractor batch submit requests.jsonl            # the Batch API (EXTRACTOR_BASE_URL, else OpenAI's)
  extractor batch status requests.jsonl
  extractor batch collect requests.jsonl --wait    # → requests.answers.jsonl
  extractor batch assemble requests.jsonl requests.answers.jsonl -o results.jsonl

\b
Or on your own GPUs, with the same requests file:
  python -m vllm.entrypoints.openai.run_batch -i requests.jsonl -o answers.jsonl --model MODEL
  extractor batch assemble requests.jsonl answers.jsonl -o results.jsonl

Failed questions (the batch expired first, a 429, a 5xx, an answer that does not validate) make error records;
`prepare --retry-failed results.jsonl` writes their articles' questions as a smaller batch, and `assemble
--retry-failed` replaces the error records with its answers. When the checker asks for repairs, assemble writes
them as a follow-up batch (REQUESTS stem + .repairs.jsonl); assembling again with its answers completes those
articles."""


@main.group(help=BATCH_HELP)
def batch() -> None:
    pass


def _published(ctx, param, value):
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use an ISO date such as 2024-12-27") from None


@batch.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "requests", required=True, type=click.Path(dir_okay=False),
              help="The requests file to write (its manifest is written beside it: STEM.articles.jsonl).")
@click.option("--model", help="The model that will answer, as the endpoint names it [EXTRACTOR_MODEL]")
@click.option("--published", callback=_published, help="Publication date (ISO) of the articles that give none.")
@click.option("--published-from-name", is_flag=True, help="Take each file's date from a YYYY-MM-DD in its name.")
@click.option("--max-tokens", type=click.IntRange(min=1), help="Cap on output tokens per request "
              "[EXTRACTOR_MAX_TOKENS]")
@click.option("--max-chars", type=click.IntRange(min=1), help="The longest article read [EXTRACTOR_MAX_CHARS]")
@click.option("--max-questions", type=click.IntRange(min=1), help="The most questions about one article "
              "[EXTRACTOR_MAX_QUESTIONS]")
@click.option("--retry-failed", "results", type=click.Path(exists=True, dir_okay=False),
              help="Only the articles whose record in this results file is an error record.")
def prepare(inputs, requests, model, published, published_from_name, max_tokens, max_chars, max_questions,
            results) -> None:
    """Write every question of every article of INPUTS as an OpenAI batch request."""
    settings = Settings.from_env(model=model, max_tokens=max_tokens, max_chars=max_chars, max_questions=max_questions,
                                 use_model=True)
    only = None
    if results:
        with Output(results).open() as held:
            only = set(held.failed)
        if not only:
            err.print(f"{plain(results)} holds no error records: nothing to retry")
            return
    own = [requests, batch_files.manifest_path(requests)]
    items = iter_items(inputs, Reading(published, published_from_name, settings.max_chars), skip=own,
                       on_skip=lambda path, why: err.print(f"skipping {plain(path)}: {why}"))
    with Extractor(settings, cache=False) as extractor:
        done = batch_files.prepare(items, extractor, requests, only=only)
    line = (f"{plural(done.requests, 'request')} for {plural(done.articles, 'article')} written to "
            f"{plain(requests)} (manifest {plain(batch_files.manifest_path(requests))})")
    if done.errors:
        line += f"; {sum(done.errors.values()):,} cannot be asked about (" + ", ".join(
            f"{k} {v}" for k, v in done.errors.most_common()) + "): assemble records them as errors"
    err.print(line)


def _client(requests: str, base_url: str | None):
    """The openai client for the endpoint the batch lives at: --base-url, else the one it was submitted to, else
    EXTRACTOR_BASE_URL, else OpenAI's. The key: EXTRACTOR_API_KEY, else OPENAI_API_KEY (read by the client)."""
    import openai

    if base_url is None and batch_files.state_path(requests).exists():
        base_url = batch_api.State.load(requests).endpoint
    base_url = base_url or env_value("EXTRACTOR_BASE_URL")
    if base_url:
        check_base_url(base_url)
    try:
        client = openai.OpenAI(base_url=base_url, api_key=env_value("EXTRACTOR_API_KEY"), max_retries=3)
        register(client.api_key)  # whatever the endpoint echoes of it is removed from every message
        return client, base_url
    except openai.OpenAIError as error:
        raise ConfigError(f"the Batch API needs a key: set EXTRACTOR_API_KEY or OPENAI_API_KEY ({error})") from None


@contextlib.contextmanager
def _api_errors():
    import openai

    try:
        yield
    except openai.APIError as error:
        raise BackendError(f"the Batch API failed: {error}") from None


def _show(state: batch_api.State) -> None:
    from rich.table import Table

    table = Table(header_style="bold")
    for name in ("part", "requests", "batch", "status", "done", "failed", "collected"):
        table.add_column(name)
    for number, part in enumerate(state.parts, 1):
        table.add_row(str(number), f"{part.start + 1:,}–{part.end:,}", plain(part.batch_id or "–"),
                      plain(part.status or "not submitted"), f"{part.counts.get('completed', 0):,}",
                      f"{part.counts.get('failed', 0):,}", "yes" if part.collected else "no")
    err.print(table)
    for part in state.parts:
        for problem in part.errors[:5]:
            err.print(f"[red]{plain(part.batch_id)}[/red] line {problem.get('line')}: {plain(problem.get('message'))}")


@batch.command()
@click.argument("requests", type=click.Path(exists=True, dir_okay=False))
@click.option("--base-url", help="The Batch API's endpoint (default EXTRACTOR_BASE_URL, else OpenAI's).")
@click.option("--max-requests", type=click.IntRange(min=1), default=batch_api.MAX_REQUESTS_PER_BATCH,
              show_default=True, help="Requests per batch; larger files are sent as several batches.")
def submit(requests, base_url, max_requests) -> None:
    """Upload REQUESTS and start its batches (running it again starts only what has not started)."""
    client, endpoint = _client(requests, base_url)
    with _api_errors():
        state = batch_api.submit(requests, client, endpoint=endpoint, max_requests=max_requests)
    _show(state)
    err.print(f"state kept in {plain(batch_files.state_path(requests))}: `extractor batch status {plain(requests)}`, "
              f"then `extractor batch collect {plain(requests)}`")


@batch.command()
@click.argument("requests", type=click.Path(exists=True, dir_okay=False))
@click.option("--base-url", help="The Batch API's endpoint (default: the one it was submitted to).")
def status(requests, base_url) -> None:
    """Where each batch of REQUESTS stands."""
    client, _ = _client(requests, base_url)
    with _api_errors():
        _show(batch_api.refresh(requests, client))


@batch.command()
@click.argument("requests", type=click.Path(exists=True, dir_okay=False))
@click.option("--base-url", help="The Batch API's endpoint (default: the one it was submitted to).")
def cancel(requests, base_url) -> None:
    """Cancel the batches of REQUESTS that are still running (what they answered can still be collected)."""
    client, _ = _client(requests, base_url)
    with _api_errors():
        _show(batch_api.cancel(requests, client))


@batch.command()
@click.argument("requests", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", "answers", type=click.Path(dir_okay=False),
              help="The answers file to append to (default: REQUESTS stem + .answers.jsonl).")
@click.option("--base-url", help="The Batch API's endpoint (default: the one it was submitted to).")
@click.option("--wait", is_flag=True, help="Wait until every batch has finished.")
@click.option("--poll", type=Finite(min=0.1), default=60.0, show_default=True,
              help="Seconds between looks while waiting.")
def collect(requests, answers, base_url, wait, poll) -> None:
    """Append the answers of every finished batch of REQUESTS to the answers file, once each. Exit status 3 while
    some batches are still running."""
    client, _ = _client(requests, base_url)
    target = answers or batch_files.answers_path(requests)
    with _api_errors():
        while True:
            done = batch_api.collect(requests, client, answers)
            if done.parts:
                err.print(f"{plural(done.parts, 'batch', 'batches')} collected: {plural(done.answers, 'answer')} "
                          f"({done.failed:,} failed) appended to {plain(target)}")
            if not done.running or not wait:
                break
            time.sleep(poll)
    if done.running:
        err.print(f"{plural(done.running, 'batch', 'batches')} still running: collect again later (or --wait)")
        sys.exit(3)
    err.print(f"every batch collected: `extractor batch assemble {plain(requests)} {plain(target)} -o results.jsonl`")


@batch.command()
@click.argument("requests", type=click.Path(exists=True, dir_okay=False))
@click.argument("answers", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Append one JSON result per article here; running again skips what it holds.")
@click.option("--retry-failed", is_flag=True, help="Redo the articles whose error records the output holds.")
@click.option("--repairs", type=click.Path(dir_okay=False),
              help="Where the follow-up batch of repair questions goes (default: REQUESTS stem + .repairs.jsonl).")
@click.option("--no-repairs", is_flag=True, help="Do not ask repairs: the first answers stand "
              "[EXTRACTOR_MAX_REPAIRS=0]")
@click.option("--prices", type=click.Path(exists=True, dir_okay=False),
              help="A TOML price table (US$ per million tokens) for the cost estimate.")
def assemble(requests, answers, output, retry_failed, repairs, no_repairs, prices) -> None:
    """Turn the ANSWERS files to REQUESTS (the Batch API's output and error files, vLLM run_batch's output) into
    one result per article. Exit status 0 when every article has a result."""
    header, _ = batch_files.read_manifest(requests)
    settings = Settings.from_env(model=header["model"], max_repairs=0 if no_repairs else None, use_model=True)
    endpoint = (batch_api.State.load(requests).endpoint if batch_files.state_path(requests).exists() else None)
    if retry_failed:
        _refuse_uncovered(output, requests)
    with Output(output).open(retry_failed=retry_failed, inputs=[requests, *answers]) as results, \
            Extractor(settings, cache=False) as extractor:
        if results.rejected:
            err.print(f"[yellow]{plural(results.rejected, 'line')} of {plain(output)} that were not results moved to "
                      f"{plain(output)}.rejected[/yellow]")
        done = batch_files.assemble(requests, answers, extractor, results, repairs=repairs,
                                    endpoint=endpoint and host_of(endpoint))
    summary = done.summary
    line = f"[bold]{plural(summary.outcomes['ok'], 'article')} assembled[/bold]"
    if summary.failed:
        failures = ", ".join(f"{k} {v}" for k, v in summary.outcomes.most_common() if k != "ok")
        line += f", [red]{summary.failed:,} error records[/red] ({failures})"
    if summary.skipped:
        line += f"; {summary.skipped:,} already in the output"
    err.print(line)
    if done.unreadable_answers:
        err.print(f"[yellow]{plural(done.unreadable_answers, 'line')} of the answers files were not answers "
                  f"(torn or foreign) and were ignored[/yellow]")
    if done.unanswered:
        err.print(f"[yellow]{plural(done.unanswered, 'article')} have questions no answers file answers[/yellow]: "
                  f"collect the rest of the batch, then assemble again")
    if done.waiting_repairs:
        target = repairs or batch_files.repairs_path(requests)
        err.print(f"{plural(done.waiting_repairs, 'article')} wait for repairs: "
                  f"{plural(done.repair_requests, 'request')} written to {plain(target)}; run it as a batch, then "
                  f"assemble again adding its answers")
    if summary.failed or summary.skipped_failures:
        err.print(f"to retry the failures: `extractor batch prepare INPUTS -o retry.jsonl --retry-failed "
                  f"{plain(output)}`, run it, then `extractor batch assemble retry.jsonl ANSWERS -o {plain(output)} "
                  f"--retry-failed`")
    cost = summary.cost(header["model"], load_prices(prices))
    if cost is not None:
        err.print(f"tokens: {summary.usage.prompt_tokens:,} prompt + {summary.usage.completion_tokens:,} output; "
                  f"estimated cost at Batch API prices (half the list price): ${cost / 2:.4f}")
    complete = not (summary.without_result or done.unanswered or done.waiting_repairs)
    sys.exit(0 if complete else 1)



def _refuse_uncovered(output: str, requests: str) -> None:
    """--retry-failed drops the output's error records to redo them: refuse when this batch does not hold them all."""
    if not Path(output).exists():
        return
    with Output(output).open() as held:
        failed = set(held.failed)
    _, entries = batch_files.read_manifest(requests)
    uncovered = failed - {entry["id"] for entry in entries}
    if uncovered:
        raise InputError(f"--retry-failed: {plain(output)} holds error records for {plural(len(uncovered), 'article')} "
                         f"that {plain(requests)} does not cover (e.g. {sorted(uncovered)[0]!r}); prepare the retry "
                         f"with --retry-failed {plain(output)} so it holds them all")
