"""Prometheus metrics (prometheus-client), in a registry of the app's own: requests by route and status, their
latency, articles by outcome, tokens, and the queue. Routes are labelled by their template ('/v1/jobs/{job_id}'),
so a label's values stay few whatever the ids."""

from __future__ import annotations

import time

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from ..schemas import Result

# Latency buckets from 5 ms (an answer with no model) to 10 minutes (a long article on a slow model).
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)


class Metrics:
    content_type = CONTENT_TYPE_LATEST

    def __init__(self):
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter("extractor_http_requests", "HTTP requests by route template, method and status",
                                ["route", "method", "status"], registry=r)
        self.latency = Histogram("extractor_http_request_duration_seconds", "Time to answer a request, by route "
                                 "template (a streamed answer: until its last byte)", ["route"], buckets=BUCKETS,
                                 registry=r)
        self.articles = Counter("extractor_articles", "Articles extracted, by outcome (ok or the error class) and "
                                "by way (extract: POST /v1/extract; job)", ["outcome", "via"], registry=r)
        self.tokens = Counter("extractor_tokens", "Model tokens spent, by kind (prompt, completion)", ["kind"],
                              registry=r)
        self.queued_jobs = Gauge("extractor_queued_jobs", "Jobs not finished (queued or running)", registry=r)
        self.queue_depth = Gauge("extractor_queue_depth", "Articles of unfinished jobs still without a record",
                                 registry=r)
        self.in_flight = Gauge("extractor_articles_in_flight", "Articles of jobs being extracted now", registry=r)

    def article(self, result: Result, via: str) -> None:
        self.articles.labels("ok" if result.status == "ok" else result.error.error_class, via).inc()
        self.tokens.labels("prompt").inc(result.usage.prompt_tokens)
        self.tokens.labels("completion").inc(result.usage.completion_tokens)

    def render(self) -> bytes:
        return generate_latest(self.registry)


METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


class RequestMetrics:
    """ASGI middleware: counts each HTTP request and times it until its last byte is sent."""

    def __init__(self, app, metrics: Metrics):
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status = 500  # what the client gets if the app fails before answering

        async def sending(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            route = scope.get("route")
            name = getattr(route, "path", None) or "unmatched"
            method = scope["method"] if scope["method"] in METHODS else "other"  # labels from a fixed set
            self.metrics.requests.labels(name, method, str(status)).inc()
            self.metrics.latency.labels(name).observe(time.perf_counter() - started)
