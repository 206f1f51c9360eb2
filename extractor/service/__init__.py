"""The extraction service: an HTTP API (FastAPI) over one shared Extractor, with sqlite jobs that survive restarts,
API keys, limits and Prometheus metrics. Needs the `service` extra: pip install -e '.[service]'."""

from .app import ServiceConfig, create_app

__all__ = ["ServiceConfig", "create_app"]
