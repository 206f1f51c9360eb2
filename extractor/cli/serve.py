"""`extractor serve`: the extraction service over HTTP (extractor.service), one shared Extractor for every request."""

from __future__ import annotations

from pathlib import Path

import click
import platformdirs

from ..errors import ConfigError, SetupError
from ..pipeline import Extractor
from ..settings import Settings, env_value
from .group import main
from .console import err, plain, plural
from .types import Finite

DEFAULT_DB = Path(platformdirs.user_data_dir("extractor")) / "jobs.sqlite"


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback needs API keys.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="The port to listen on.")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DB, show_default=True,
              help="The sqlite job store; jobs in it are resumed when the service starts.")
@click.option("--keys-file", type=click.Path(dir_okay=False), help="API keys, one a line ('#' comments), besides "
              "EXTRACTOR_API_KEYS (comma-separated).")
@click.option("--no-model", is_flag=True, default=None,
              help="Code's reading alone: no model asked, no server started [EXTRACTOR_NO_MODEL].")
@click.option("--base-url", help="OpenAI-compatible endpoint [EXTRACTOR_BASE_URL]; unset: the embedded model")
@click.option("--model", help="Model name at that endpoint [EXTRACTOR_MODEL]")
@click.option("--concurrency", "-c", type=click.IntRange(min=1), default=8, show_default=True,
              help="Articles in flight at once (jobs), and requests the model server gets at once.")
@click.option("--max-chars", type=click.IntRange(min=1), help="The longest article taken (default 200,000 "
              "characters) [EXTRACTOR_MAX_CHARS]")
@click.option("--time-budget", type=Finite(min=0, min_open=True), help="Seconds one article may take in all, model "
              "included (default 900) [EXTRACTOR_TIME_BUDGET]; its work stops past it, or when its client leaves.")
@click.option("--max-article-bytes", type=click.IntRange(min=1024), default=1 << 20, show_default=True,
              help="Largest body of POST /v1/extract (413 beyond).")
@click.option("--max-job-bytes", type=click.IntRange(min=1024), default=64 << 20, show_default=True,
              help="Largest body of POST /v1/jobs (413 beyond).")
@click.option("--rate", type=click.IntRange(min=0), default=600, show_default=True,
              help="Requests a minute per API key (429 with Retry-After beyond); 0: no limit.")
@click.option("--max-queued-jobs", type=click.IntRange(min=1), default=100, show_default=True,
              help="Unfinished jobs at once (503 beyond).")
@click.option("--no-cache", is_flag=True, help="Do not read or write the response cache.")
@click.option("--allowed-host", "allowed_hosts", multiple=True, help="A Host name requests may name besides "
              "loopback's (repeatable): the name clients reach the service by. Others get 400 (DNS rebinding).")
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]), default="info",
              show_default=True, help="How much uvicorn logs (requests at info).")
def serve(host, port, db, keys_file, no_model, base_url, model, concurrency, max_chars, time_budget, max_article_bytes,
          max_job_bytes, rate, max_queued_jobs, no_cache, allowed_hosts, log_level) -> None:
    """Serve the extraction API: POST /v1/extract, jobs under /v1/jobs, /healthz, /metrics, /docs.

    \b
    Examples:
      extractor serve --no-model                              # loopback, no keys, code's reading alone
      EXTRACTOR_API_KEYS=$(cat key) extractor serve --host 0.0.0.0 --db /var/lib/extractor/jobs.sqlite
    """
    try:
        import uvicorn

        from ..service import ServiceConfig, create_app
        from ..service.auth import is_loopback, parse_keys
        from ..service.review import login_routes, review_routes
    except ImportError as e:
        raise SetupError(f"extractor serve needs the service extra ({e.name} is missing): "
                         f"pip install -e '.[service]'") from None
    keys = parse_keys(env_value("EXTRACTOR_API_KEYS"), keys_file)
    if not keys and not is_loopback(host):
        raise ConfigError(f"--host {host}: with no API keys the service listens only on loopback (127.0.0.1, ::1); "
                          f"give keys in EXTRACTOR_API_KEYS or --keys-file")
    settings = Settings.from_env(base_url=base_url, model=model, max_chars=max_chars, max_concurrency=concurrency,
                                 time_budget=time_budget,
                                 use_model=False if no_model else None)
    config = ServiceConfig(db=db, keys=keys, concurrency=concurrency, max_article_bytes=max_article_bytes,
                           max_job_bytes=max_job_bytes, requests_per_minute=rate, max_queued_jobs=max_queued_jobs,
                           allowed_hosts=tuple(allowed_hosts))
    with Extractor(settings, cache=not no_cache) as extractor:
        if extractor.use_model:  # a model that is not there is one line here, before any banner
            extractor.backend.client(settings.mode)
        app = create_app(extractor, config, routers=[review_routes()])
        app.include_router(login_routes())
        err.print(f"extractor service on http://{plain(host)}:{port} (docs at /docs); jobs in {plain(db)}; "
                  + (f"{plural(len(keys), 'API key')}" if keys else "no API keys: loopback only")
                  + ("; no model" if not extractor.use_model else f"; model {plain(extractor.backend.model)}"))
        uvicorn.run(app, host=host, port=port, log_level=log_level, timeout_graceful_shutdown=5,
                    server_header=False)
