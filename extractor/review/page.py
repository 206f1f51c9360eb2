"""The review page, drawn from jinja2 templates with autoescape on. The page is one file: its styles and script
are inlined and its data embedded as JSON (jinja's `tojson`, safe inside a script element), so it works offline and
needs no CDN. The script builds the article's text from DOM text nodes only, so no article becomes markup."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined

ENV = Environment(loader=PackageLoader("extractor.review", "templates"), autoescape=True, undefined=StrictUndefined)


def render_page(data: dict) -> str:
    return ENV.get_template("review.html").render(data=data, title=data["title"], served=data["api"] is not None)
