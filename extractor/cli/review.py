"""`extractor review`: the results beside their articles in the browser, to accept, correct or reject each fact and
add the missed ones; the corrections become gold files."""

from __future__ import annotations

from pathlib import Path

import click

from ..checkfiles import Articles, check_file
from ..errors import ConfigError, SetupError
from ..review import CorrectionStore, Review
from ..views.facts import read_results
from .group import main
from .console import err, plain, plural


@main.command("review")
@click.argument("results", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--articles", "places", multiple=True, required=True, type=click.Path(exists=True),
              help="Where the article texts are: a directory of <id>.txt files or a JSONL file with id and text "
                   "(repeatable).")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write a static page here instead of serving one: it keeps corrections in the browser's local "
                   "storage and downloads them as a file (read back with --corrections).")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Serve the page here.")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to serve on.")
@click.option("--store", type=click.Path(dir_okay=False),
              help="The sqlite file that keeps the corrections (default: RESULTS with .review.sqlite).")
@click.option("--corrections", type=click.Path(exists=True, dir_okay=False),
              help="A corrections file downloaded from a review page: saved into the store first.")
@click.option("--export", "export_dir", type=click.Path(file_okay=False),
              help="Write the gold files (eval/gold format) of the articles marked reviewed here, check them, and "
                   "stop (no page).")
@click.option("--title", default=None, help="The page's title (default: the results file's name).")
def review_command(results, places, output, port, host, store, corrections, export_dir, title) -> None:
    """Review RESULTS (JSONL from `extract`) beside their articles in the browser: every fact highlighted in the
    text with the checker's findings; accept, correct or reject each fact, add the ones the extraction missed, and
    mark each article reviewed. Served (the default), corrections are saved in a sqlite store as they are made;
    the page's Export gives the gold files, as --export does.

    \b
    Examples:
      extractor extract examples/ --no-model -o results.jsonl
      extractor review results.jsonl --articles examples/                  # http://127.0.0.1:8765/
      extractor review results.jsonl --articles examples/ -o review.html   # one file, works offline
      extractor review results.jsonl --articles examples/ --export gold/   # the reviewed articles as gold
      extractor check gold/*.json --articles examples/
    """
    texts = Articles(places)
    store_path = Path(store) if store else Path(results[0]).with_suffix(".review.sqlite")
    # A static page needs no store, but carries the corrections one already holds.
    keep = CorrectionStore(store_path) if not output or store_path.exists() or corrections else None
    review = Review(read_results(*results), texts.text, keep, title=title or Path(results[0]).name)
    for article in review.articles.values():
        if article.problem and article.text is None:
            err.print(f"[yellow]{plain(article.article_id)}[/yellow]: {plain(article.problem)}")
    if corrections:
        loaded, skipped = review.load(corrections)
        err.print(f"{plural(loaded, 'review')} from {plain(corrections)} saved in {plain(store_path)}")
        for why in skipped:
            err.print(f"  [yellow]left out[/yellow] {plain(why)}")
    if export_dir:
        _export(review, Path(export_dir), texts)
        return
    if output:
        Path(output).write_text(review.page(), encoding="utf-8")
        err.print(f"{plural(len(review.articles), 'article')} in {plain(output)}: open it in a browser")
        return
    _serve(review, host, port, store_path)


def _export(review: Review, directory: Path, texts: Articles) -> None:
    written = review.write_gold(directory)
    errors = sum(report.errors for path in written for report in check_file(path, texts))
    err.print(f"{plural(len(written), 'gold file')} written to {plain(directory)} (the articles marked reviewed); "
              f"checker: {plural(errors, 'error')}" + (f" — see `extractor check {plain(directory)}/*.json`"
                                                         if errors else ""))
    totals = review.export_counts()
    err.print("facts: " + ", ".join(f"{n:,} {what}" for what, n in totals.items())
              + (" (untouched facts are not gold: accept them to keep them)" if totals["untouched"] else ""))


def _serve(review: Review, host: str, port: int, store_path: Path) -> None:
    try:
        import uvicorn
        from fastapi import FastAPI

        from ..review.routes import review_router
    except ImportError:
        raise SetupError("serving the review page needs the service extra: pip install -e '.[service]' "
                         "(or write a static page with -o review.html)") from None
    from ..service.auth import is_loopback
    from ..service.security import allowed_hosts, guard

    if not is_loopback(host):
        raise ConfigError(f"--host {host}: the review page has no keys, so it listens on loopback only; to share a "
                          f"review, run `extractor serve` with API keys and open /review/<job id>")
    app = FastAPI(title=review.title, docs_url=None, redoc_url=None)
    app.include_router(review_router(lambda: review))
    guard(app, allowed_hosts())  # no foreign Host (DNS rebinding), no cross-site write
    err.print(f"reviewing {plural(len(review.articles), 'article')} at http://{host}:{port}/ — corrections are "
              f"saved in {plain(store_path)}; Ctrl-C stops")
    uvicorn.run(app, host=host, port=port, log_level="warning")
