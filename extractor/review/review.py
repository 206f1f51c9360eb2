"""A review: the articles of some results with their texts, facts and findings, and the corrections a reviewer
saved for them. One object serves the static page, the served page and its API, and the export of gold files."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import quote

from ..errors import ExtractorError, InputError
from ..events import incidents
from ..pipeline import text_sha256
from ..reading.numbers import find_mentions
from ..schemas import ROLES, DatePrecision, Finding, Result, WeaponClass, located_rows
from .state import ArticleReview, GoldFact, gold_document, review_checks, spans_problems
from .store import CorrectionStore

FORMAT = "extractor-review"  # the corrections file the page downloads and `extractor review --corrections` reads


@dataclass(frozen=True)
class ReviewArticle:
    article_id: str
    result: Result
    text: str | None  # None when the text was not found or is not the one the result was made from
    problem: str | None = None  # why the article cannot be shown as extracted, for the reviewer to read

    @property
    def sha256(self) -> str | None:
        return text_sha256(self.text) if self.text is not None else None


def _article(result: Result, text_of: Callable[[str], str]) -> ReviewArticle:
    try:
        text = text_of(result.article_id)
    except (ExtractorError, KeyError, OSError) as error:
        return ReviewArticle(result.article_id, result, None, f"article text not found: {error}")
    if result.text_sha256 and result.text_sha256 != text_sha256(text):
        return ReviewArticle(result.article_id, result, None,
                             "the article text differs from the one this result was made from")
    if result.error is not None:
        return ReviewArticle(result.article_id, result, text,
                             f"no facts: the extraction failed ({result.error.error_class}: {result.error.message})")
    return ReviewArticle(result.article_id, result, text)


def _finding(f: Finding, fact: int | None) -> dict:
    return {"rule": f.rule, "severity": f.severity, "message": f.message, "start": f.start, "end": f.end,
            "fact": fact}


def article_data(article: ReviewArticle) -> dict:
    """What the page needs of one article: its text, its facts (the facts view, with where each sits in the result)
    with the checker's findings beside them, and every number code reads in the text (to fill in an added fact)."""
    facts, index = [], {}
    for i, at in enumerate(located_rows(article.result) if article.text is not None else []):
        index[at.path] = i
        facts.append(at.row.model_dump(mode="json", exclude={"article_id"}))
    findings = [_finding(f, index.get(f.path)) for f in article.result.checks] if article.text is not None else []
    numbers = [{"start": m.start, "end": m.end, "text": m.text, "kind": m.kind, **vars(m.reading)}
               for m in find_mentions(article.text)] if article.text else []
    return {"id": article.article_id, "text": article.text, "sha256": article.sha256, "problem": article.problem,
            "published": article.result.published.isoformat() if article.result.published else None,
            "model": article.result.model, "facts": facts, "findings": findings, "numbers": numbers}


class Review:
    """The articles of some results, looked up by id, and their corrections (in `store`, when there is one)."""

    def __init__(self, results: Iterable[Result], text_of: Callable[[str], str], store: CorrectionStore | None = None,
                 title: str = "extractor review"):
        by_id = {result.article_id: result for result in results}  # a later result for an id replaces the earlier
        self.articles = {aid: _article(result, text_of) for aid, result in by_id.items()}
        self.store, self.title = store, title

    @property
    def key(self) -> str:
        """Names this set of articles (their ids and texts): the static page keeps its corrections under it."""
        digest = hashlib.sha256()
        for aid, article in sorted(self.articles.items()):
            digest.update(f"{aid}\0{article.result.text_sha256 or ''}\n".encode())
        return digest.hexdigest()[:16]

    # ---- corrections ----------------------------------------------------------------------------------------------

    def reviews(self) -> dict[str, ArticleReview]:
        """The saved reviews that apply: of an article here, made on the same text."""
        saved = self.store.all() if self.store else {}
        return {aid: r for aid, r in saved.items() if not self.stale(aid, r.text_sha256)}

    def stale(self, article_id: str, sha256: str | None) -> str | None:
        """Why a review of this article made on this text (sha256) cannot be kept here, or None."""
        article = self.articles.get(article_id)
        if article is None:
            return f"{article_id}: not among these results"
        if article.text is None:
            return f"{article_id}: {article.problem}"
        if sha256 and sha256 != article.sha256:
            return f"{article_id}: reviewed on another text of the article; its spans do not fit this one"
        return None

    def checks(self, review: ArticleReview) -> list[dict]:
        """The checker's findings on a review's standing facts; `fact` is the index in the review's facts."""
        article = self.articles[review.article_id]
        return [_finding(f, int(f.path.removeprefix("facts[").removesuffix("]")) if f.path else None)
                for f in review_checks(review, article.text, article.result.published)]

    def save(self, review: ArticleReview) -> tuple[ArticleReview, list[dict]]:
        """Keep a reviewer's work on one article; returns it as saved, with the checker's findings on it."""
        if self.store is None:
            raise InputError("this review has no corrections store")
        if why := self.stale(review.article_id, review.text_sha256):
            raise InputError(why)
        article = self.articles[review.article_id]
        if problems := spans_problems(review, article.text):
            raise InputError(f"{review.article_id}: " + "; ".join(problems))
        saved = self.store.save(review.model_copy(update={"text_sha256": article.sha256}))
        return saved, self.checks(saved)

    def load(self, path: str | Path) -> tuple[int, list[str]]:
        """Save the reviews of a corrections file (the page's download) in the store: how many, and why others
        were left out."""
        try:
            document = json.loads(Path(path).read_text(encoding="utf-8"))
            if document.get("format") != FORMAT:
                raise ValueError
            reviews = [ArticleReview.model_validate(r) for r in document["reviews"]]
        except (ValueError, KeyError, TypeError, AttributeError):
            raise InputError(f"{path}: not a corrections file (the page's 'Download corrections' writes one)") from None
        loaded, skipped = 0, []
        for review in reviews:
            try:
                self.save(review)
                loaded += 1
            except InputError as error:
                skipped.append(str(error))
        return loaded, skipped

    # ---- gold -----------------------------------------------------------------------------------------------------

    def gold(self) -> dict[str, dict]:
        """The gold document of every article whose review is done."""
        return {aid: gold_document(r, self.articles[aid].result.published, self.articles[aid].result.model)
                for aid, r in self.reviews().items() if r.done}

    def export_counts(self) -> dict[str, int]:
        """Over the exported articles: how many facts a person accepted, corrected, rejected, added, left untouched."""
        totals = dict.fromkeys(("accepted", "corrected", "rejected", "added", "untouched"), 0)
        for document in self.gold().values():
            for what in totals:
                totals[what] += document["review"][what]
        return totals

    def export_zip(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for aid, document in self.gold().items():
                archive.writestr(gold_file_name(aid), json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return buffer.getvalue()

    def write_gold(self, directory: str | Path) -> list[Path]:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        written = []
        for aid, document in self.gold().items():
            path = directory / gold_file_name(aid)
            path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            written.append(path)
        return written

    # ---- the page -------------------------------------------------------------------------------------------------

    @cached_property
    def _events(self) -> list[dict]:
        """The incidents of these results as extracted (extractor.events), each outlet's claims side by side."""
        return [i.model_dump(mode="json") for i in incidents(a.result for a in self.articles.values())]

    @cached_property
    def _article_data(self) -> list[dict]:
        return [article_data(a) for a in self.articles.values()]  # the articles do not change; their reviews do

    def data(self, api: str | None = None) -> dict:
        """Everything the page shows and needs, as one JSON document (embedded in the page)."""
        reviews = self.reviews()
        return {
            "title": self.title, "key": self.key, "api": api, "format": FORMAT,
            "generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "vocab": {"categories": list(ROLES) + ["other"], "roles": ROLES,
                      "weapon_classes": list(WeaponClass.__args__),
                      "date_precisions": list(DatePrecision.__args__), "gold_fields": list(GoldFact.model_fields)},
            "articles": self._article_data,
            "events": self._events,
            "reviews": {aid: r.model_dump(mode="json") for aid, r in reviews.items()},
            "checks": {aid: self.checks(r) for aid, r in reviews.items()},
        }

    def page(self, api: str | None = None) -> str:
        """The review page: served (api: the URL path its corrections API answers under) or static (api None:
        corrections kept in the browser's local storage, with a download)."""
        from .page import render_page

        return render_page(self.data(api))


# File systems take names of at most 255 bytes; a quoted id can be three times its UTF-8 bytes.
MAX_NAME_BYTES = 200


def gold_file_name(article_id: str) -> str:
    """eval/gold names a file by its article id; an id from a nested directory ('a/report') is quoted into one
    name ('a%2Freport.json'), so no id writes outside the folder (the document keeps the id as it is). A name too
    long for a file system keeps its start and ends with a hash of the whole id: unique, and the same every time."""
    quoted = quote(article_id, safe="")
    if len(quoted) + len(".json") <= MAX_NAME_BYTES:
        return f"{quoted}.json"
    digest = hashlib.sha256(article_id.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    head = quoted[:MAX_NAME_BYTES - len(digest) - len("-.json")].rsplit("%", 1)[0]  # never half an escape
    return f"{head}-{digest}.json"
