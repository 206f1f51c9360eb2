"""The review's library, API and command: reviews become gold files that the checker and the evaluation read as
they are; the store keeps every save; the router mounts as the service mounts it; bad articles stay local."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import urllib.error
import urllib.request
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES
from extractor.schemas import Result
from pydantic import ValidationError

from extractor.checkfiles import Articles, check_file
from extractor.cli import main
from extractor.evaluation.evaluate import evaluate, read_gold
from extractor.pipeline import Extractor
from extractor.review import ArticleReview, CorrectionStore, Review
from extractor.review.store import MIGRATIONS

KYIV = "kyiv-winter-barrage"


MISSED = "between 8,000 and 9,000"  # the Kyiv count the reviewer adds


def make_results(path: Path, folder: Path = EXAMPLES) -> list[Result]:
    """Results of code's reading (no model) for every article in `folder`, written as results JSONL. The Kyiv
    reservists are taken out, so that the review has a missed fact to add whatever the reader finds."""
    with Extractor(use_model=False, cache=False) as ex:
        results = [ex.extract(p.read_text(encoding="utf-8"), article_id=p.stem) for p in sorted(folder.glob("*.txt"))]
    for result in results:
        if result.extraction is not None:
            result.extraction.deployments = [d for d in result.extraction.deployments if d.quantity.text != MISSED]
    path.write_text("".join(r.model_dump_json() + "\n" for r in results), encoding="utf-8")
    return results


@pytest.fixture
def results(tmp_path) -> list[Result]:
    return make_results(tmp_path / "results.jsonl")


def review_of(results, store: Path | None) -> Review:
    return Review(results, Articles([EXAMPLES]).text, CorrectionStore(store) if store else None)


def initial(review: Review, article_id: str) -> dict:
    """The review the page starts from: every extracted fact open (what the page's ensureReview builds)."""
    data = next(a for a in review.data()["articles"] if a["id"] == article_id)
    fields = review.data()["vocab"]["gold_fields"]
    return {"article_id": article_id, "text_sha256": data["sha256"], "facts": [
        {"status": "open", "origin": i, "fact": {k: f[k] for k in fields}} for i, f in enumerate(data["facts"])]}


def corrected_kyiv(review: Review) -> tuple[dict, list[dict]]:
    """A reviewer's work on the Kyiv article: one place corrected, one fact rejected, a missed count added, done;
    and the gold facts it must give."""
    state = initial(review, KYIV)
    text = (EXAMPLES / f"{KYIV}.txt").read_text(encoding="utf-8")
    facts = state["facts"]
    downed = next(f for f in facts if f["fact"]["text"] == "17")
    downed["fact"]["location"], downed["status"] = "Kyiv", "corrected"  # Wednesday's drones flew at the capital
    rejected = next(f for f in facts if f["fact"]["text"] == "26")
    rejected["status"] = "rejected"
    start = text.index("between 8,000 and 9,000")
    added = {"category": "forces", "role": "deployed", "weapon_class": None, "weapon": None, "subject": "reservists",
             "value": None, "low": 8000, "high": 9000, "approximate": True, "lower_bound": False,
             "upper_bound": False, "date": None, "date_precision": None, "location": "Pokrovsk",
             "source": "The agency", "text": "between 8,000 and 9,000", "start": start, "end": start + 23,
             "part_of": None}
    facts.append({"status": "added", "origin": None, "fact": added})
    for f in facts:
        if f["status"] == "open":
            f["status"] = "accepted"
    state.update(done=True, reviewer="tester", notes="the 8,000–9,000 is described as an estimate")
    gold = sorted([f["fact"] for f in facts if f["status"] != "rejected"], key=lambda f: f["start"])
    # the 17 downed and the nine jammed were parts of the rejected 26: parts of nothing the gold file holds
    gold = [dict(f, part_of=None) if f["part_of"] == rejected["fact"]["start"] else f for f in gold]
    return state, gold


# ---- reviews and gold ---------------------------------------------------------------------------------------------

def test_a_done_review_becomes_a_gold_file_that_check_and_eval_accept(results, tmp_path):
    review = review_of(results, tmp_path / "store.sqlite")
    state, expected = corrected_kyiv(review)
    saved, checks = review.save(ArticleReview.model_validate(state))
    assert saved.updated_at is not None
    assert [f for f in checks if f["severity"] == "error"] == []
    [path] = review.write_gold(tmp_path / "gold")
    document = json.loads(path.read_text())
    assert path.name == f"{KYIV}.json" and document["article_id"] == KYIV
    assert document["facts"] == json.loads(json.dumps(expected))
    assert [f["text"] for f in document["facts"] if f["part_of"] is not None] == ["37", "61"]  # of the 43 and the 95
    assert document["labeller"] == "tester" and document["review"]["corrected"] == 1
    assert document["review"]["rejected"] == 1 and document["review"]["added"] == 1
    [report] = check_file(path, Articles([EXAMPLES]))
    assert report.errors == 0 and report.facts == len(expected)
    gold = read_gold(tmp_path / "gold")
    scored = evaluate(gold, {KYIV: next(r for r in results if r.article_id == KYIV).facts}, reps=10)
    assert scored.cell("headline")["fn"] == 1  # the added forces fact: the extraction missed it
    assert scored.cell("headline")["fp"] == 1  # the rejected launch (a place corrected changes no headline key)
    assert scored.figures["attributes"]["location"] < 1  # but the extraction's place of the 17 no longer agrees


def test_articles_not_marked_done_are_not_exported(results, tmp_path):
    review = review_of(results, tmp_path / "store.sqlite")
    state, _ = corrected_kyiv(review)
    state["done"] = False
    review.save(ArticleReview.model_validate(state))
    assert review.gold() == {} and review.write_gold(tmp_path / "gold") == []


@pytest.mark.parametrize("change, message", [
    (lambda f: f.update(role="exploded"), "not a munitions role"),
    (lambda f: f.update(weapon_class=None), "weapon class"),
    (lambda f: f.update(value=None, low=None, high=None), "a value, or a range"),
    (lambda f: f.update(date="2025-01-01"), "precision"),
    (lambda f: f.update(category="other", role="Not A Label", weapon_class=None), "snake_case"),
])
def test_a_fact_the_reviewer_asserts_must_be_one_the_gold_set_can_hold(results, change, message):
    state = initial(review_of(results, None), KYIV)
    state["facts"][0]["status"] = "corrected"
    change(state["facts"][0]["fact"])
    with pytest.raises(ValidationError, match=message):
        ArticleReview.model_validate(state)


def test_marking_reviewed_accepts_nothing_by_itself_and_the_export_counts_what_a_person_did(results, tmp_path):
    # 'd' on an article nobody read once exported all its facts as accepted gold, unconfirmed ones among them
    review = review_of(results, tmp_path / "store.sqlite")
    state = initial(review, KYIV)
    state["facts"][0]["status"] = "accepted"
    state["facts"][1]["status"] = "rejected"
    review.save(ArticleReview.model_validate(dict(state, done=True)))
    [document] = review.gold().values()
    assert document["facts"] == [state["facts"][0]["fact"]]  # only what a person accepted
    untouched = len(state["facts"]) - 2
    assert {k: document["review"][k] for k in ("accepted", "corrected", "rejected", "added", "untouched")} == {
        "accepted": 1, "corrected": 0, "rejected": 1, "added": 0, "untouched": untouched}
    assert review.export_counts()["untouched"] == untouched and untouched > 0


def test_added_facts_have_no_origin(results):
    state = initial(review_of(results, None), KYIV)
    state["facts"][0]["status"] = "added"
    with pytest.raises(ValidationError, match="no origin"):
        ArticleReview.model_validate(state)


def test_words_that_are_not_at_their_span_are_refused_and_nothing_is_saved(results, tmp_path):
    review = review_of(results, tmp_path / "store.sqlite")
    state = initial(review, KYIV)
    state["facts"][0].update(status="corrected")
    state["facts"][0]["fact"].update(start=0, end=4)  # "KYIV", not the fact's words
    with pytest.raises(Exception, match="the article has 'KYIV' at 0–4"):
        review.save(ArticleReview.model_validate(state))
    assert review.store.all() == {}


def test_a_review_of_another_text_is_refused_and_kept_apart(results, tmp_path):
    review = review_of(results, tmp_path / "store.sqlite")
    state = initial(review, KYIV)
    with pytest.raises(Exception, match="another text"):
        review.save(ArticleReview.model_validate(dict(state, text_sha256="0" * 64)))
    review.store.save(ArticleReview.model_validate(dict(state, text_sha256="0" * 64)))  # saved elsewhere, earlier
    assert review.reviews() == {}, "a review of another text is not shown over this one"


# ---- the store ----------------------------------------------------------------------------------------------------

def test_the_store_keeps_every_save_per_scope_and_migrates_once(results, tmp_path):
    path = tmp_path / "store.sqlite"
    state = initial(review_of(results, None), KYIV)
    first, other_job = CorrectionStore(path, scope="job-1"), CorrectionStore(path, scope="job-2")
    first.save(ArticleReview.model_validate(state))
    first.save(ArticleReview.model_validate(dict(state, notes="second look")))
    assert first.get(KYIV).notes == "second look"
    assert [r.notes for r in first.history(KYIV)] == ["", "second look"]
    assert other_job.all() == {} and other_job.get(KYIV) is None
    assert CorrectionStore(path, scope="job-1").get(KYIV).notes == "second look"  # reopened: no migration re-run
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


# ---- one bad article never sinks the others -----------------------------------------------------------------------

def test_articles_without_text_or_with_another_text_or_failed_are_shown_with_their_problem(results, tmp_path):
    missing = results[0].model_copy(update={"article_id": "not-there"})
    changed = results[1].model_copy(update={"text_sha256": "0" * 64})
    failed = Result.model_validate({"article_id": KYIV, "status": "error", "schema_version": "1.2",
                                    "error": {"error_class": "timeout", "message": "the model did not answer"}})
    review = Review([missing, changed, failed, results[3]], Articles([EXAMPLES]).text)
    problems = {a["id"]: a["problem"] for a in review.data()["articles"]}
    assert "article text not found" in problems["not-there"]
    assert "differs from the one this result was made from" in problems[results[1].article_id]
    assert "the extraction failed (timeout" in problems[KYIV]
    assert problems[results[3].article_id] is None
    kyiv = next(a for a in review.data()["articles"] if a["id"] == KYIV)
    assert kyiv["text"] and kyiv["facts"] == [], "a failed article can still be reviewed: its facts added by hand"


# ---- the router, mounted as the service mounts it -----------------------------------------------------------------

class Server:
    """A real uvicorn server on a free loopback port, in a thread (as `extractor review` runs it)."""

    def __init__(self, app):
        import uvicorn

        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(timeout=10)


def call(method: str, url: str, body: dict | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body else None,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_the_router_serves_each_job_its_own_review_under_review_job_id(results, tmp_path):
    from fastapi import FastAPI, HTTPException

    from extractor.review.routes import review_router

    jobs = {job: review_of(results if job == "a" else results[:1], None) for job in ("a", "b")}
    for job, review in jobs.items():
        review.store = CorrectionStore(tmp_path / "store.sqlite", scope=job)

    def review_of_job(job_id: str) -> Review:
        if job_id not in jobs:
            raise HTTPException(404, f"no job {job_id}")
        return jobs[job_id]

    app = FastAPI()
    app.include_router(review_router(review_of_job), prefix="/review/{job_id}")
    state, expected = corrected_kyiv(jobs["a"])
    with Server(app) as server:
        status, page = call("GET", f"{server.url}/review/a/")
        assert status == 200 and b'"api": "/review/a"' in page and b"<script>" in page
        assert call("GET", f"{server.url}/review/nope/")[0] == 404
        status, body = call("PUT", f"{server.url}/review/a/reviews/{KYIV}", state)
        assert status == 200 and json.loads(body)["review"]["updated_at"]
        assert call("PUT", f"{server.url}/review/a/reviews/other-id", state)[0] == 422  # path and body disagree
        assert call("PUT", f"{server.url}/review/b/reviews/{KYIV}", state)[0] == 404  # not among job b's results
        bad = json.loads(json.dumps(state))
        bad["facts"][0]["fact"]["start"] = 0
        assert call("PUT", f"{server.url}/review/a/reviews/{KYIV}", bad)[0] == 409
        status, saved = call("GET", f"{server.url}/review/a/reviews")
        assert [r["article_id"] for r in json.loads(saved)["reviews"]] == [KYIV]
        assert json.loads(call("GET", f"{server.url}/review/b/reviews")[1])["reviews"] == []
        status, archive = call("GET", f"{server.url}/review/a/export.zip")
        assert status == 200
    with zipfile.ZipFile(BytesIO(archive)) as files:
        assert files.namelist() == [f"{KYIV}.json"]
        assert json.loads(files.read(f"{KYIV}.json"))["facts"] == json.loads(json.dumps(expected))


# ---- the command --------------------------------------------------------------------------------------------------

def test_the_command_writes_a_static_page_and_exports_a_downloaded_corrections_file(results, tmp_path):
    results_path = tmp_path / "results.jsonl"
    runner = CliRunner()
    page = tmp_path / "review.html"
    outcome = runner.invoke(main, ["review", str(results_path), "--articles", str(EXAMPLES), "-o", str(page)])
    assert outcome.exit_code == 0, outcome.output
    assert "4 articles" in outcome.output and page.read_text().count("kyiv-winter-barrage") >= 1
    assert not (tmp_path / "results.review.sqlite").exists(), "a static page starts no store"
    state, expected = corrected_kyiv(review_of(results, None))
    corrections = tmp_path / "corrections.json"
    corrections.write_text(json.dumps({"format": "extractor-review", "reviews": [state]}))
    outcome = runner.invoke(main, ["review", str(results_path), "--articles", str(EXAMPLES), "--corrections",
                                   str(corrections), "--export", str(tmp_path / "gold")])
    assert outcome.exit_code == 0, outcome.output
    assert "1 review from" in outcome.output and "1 gold file written" in outcome.output
    assert "checker: 0 errors" in outcome.output
    assert json.loads((tmp_path / "gold" / f"{KYIV}.json").read_text())["facts"] == json.loads(json.dumps(expected))
    outcome = runner.invoke(main, ["check", str(tmp_path / "gold" / f"{KYIV}.json"), "--articles", str(EXAMPLES)])
    assert outcome.exit_code == 0, outcome.output


def test_the_command_refuses_a_file_that_is_not_corrections_in_one_line(results, tmp_path):
    not_corrections = tmp_path / "x.json"
    not_corrections.write_text("[1, 2]")
    outcome = CliRunner().invoke(main, ["review", str(tmp_path / "results.jsonl"), "--articles", str(EXAMPLES),
                                        "--corrections", str(not_corrections), "--export", str(tmp_path / "g")])
    assert outcome.exit_code == 1 and "not a corrections file" in outcome.output
    assert "Traceback" not in outcome.output


def test_the_review_page_is_not_served_beyond_loopback_where_it_has_no_keys(results, tmp_path):
    outcome = CliRunner().invoke(main, ["review", str(tmp_path / "results.jsonl"), "--articles", str(EXAMPLES),
                                        "--host", "0.0.0.0"])
    assert outcome.exit_code == 2 and "loopback only" in outcome.output and "Traceback" not in outcome.output


def test_an_id_too_long_for_a_file_name_is_exported_under_a_short_stable_unique_name(tmp_path):
    from extractor.review.review import gold_file_name
    long_a, long_b = "Київ-" + "а" * 115, "Київ-" + "а" * 114 + "б"  # 120 characters, 240 bytes, 720 quoted
    names = [gold_file_name(i) for i in (long_a, long_b)]
    assert names[0] != names[1] and names[0] == gold_file_name(long_a)
    assert all(len(n.encode()) <= 255 for n in names)
    for name in names:
        (tmp_path / name).write_text("{}")  # an OSError here was the bug: nothing was exported
    assert gold_file_name("a/report") == "a%2Freport.json"  # short names unchanged
