"""Bounded work per article: a time budget, a client that leaves, one bound on articles in flight for the service's
/v1/extract and its jobs, and Ctrl-C that ends a run at once."""

import asyncio
import os
import signal
import subprocess
import sys
import time

import pytest
from fastapi.testclient import TestClient

from extractor import Extractor, Settings
from extractor.budget import Budget
from extractor.errors import OutOfTime
from extractor.pipeline import Article
from extractor.service import ServiceConfig, create_app

CLAUSES = ["3 civilians were killed in Kharkiv", "Russia launched 12 drones over Odesa",
           "two people were injured near Izium", "the air force said 5 missiles were shot down in Kyiv"]


def long_sentence(clauses: int) -> str:
    return ", ".join(CLAUSES[i % len(CLAUSES)] for i in range(clauses)) + "."


def test_an_article_past_its_time_budget_ends_as_an_error_record_that_says_so():
    extractor = Extractor(Settings(use_model=False, time_budget=0.01))
    record = extractor.process(Article("long", long_sentence(400)))
    assert record.status == "error" and record.error.error_class == "time_budget"
    assert "time budget of 0.01 s" in record.error.message
    try:
        extractor.extract(long_sentence(400))
    except OutOfTime:
        pass
    else:
        raise AssertionError("extract() must raise OutOfTime")
    assert Extractor(Settings(use_model=False)).process(Article("short", "Two were killed.")).status == "ok"


def test_work_stops_when_its_client_has_gone():
    extractor = Extractor(use_model=False)
    budget = Budget(600)
    budget.cancelled.set()  # as the service does when the caller disconnects
    started = time.perf_counter()
    record = asyncio.run(extractor.aprocess(Article("long", long_sentence(2000)), budget))
    assert record.error.error_class == "time_budget" and "abandoned" in record.error.message
    assert time.perf_counter() - started < 30  # the parse runs; the reading after it does not


def test_extract_requests_and_jobs_share_one_bound_on_articles_in_flight(tmp_path):
    extractor = Extractor(use_model=False)
    running, most = 0, 0
    real = extractor.aprocess

    async def counted(article, budget=None):
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.2)
        try:
            return await real(article, budget)
        finally:
            running -= 1

    extractor.aprocess = counted
    app = create_app(extractor, ServiceConfig(db=tmp_path / "jobs.sqlite", concurrency=2))
    with TestClient(app, client=("127.0.0.1", 5000), base_url="http://127.0.0.1") as c:
        c.post("/v1/jobs", json=[{"text": "Two were killed."}] * 4)
        import concurrent.futures
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(lambda _: c.post("/v1/extract", json={"text": "Five were killed."}), range(4)))
    assert [a.status_code for a in answers] == [200] * 4
    assert most == 2  # four requests and a job of four: never more than -c at once (it was unbounded)


def test_the_service_answers_a_too_costly_article_with_its_error_record(tmp_path):
    app = create_app(Extractor(Settings(use_model=False, time_budget=0.01)), ServiceConfig(db=tmp_path / "j.sqlite"))
    with TestClient(app, client=("127.0.0.1", 5000), base_url="http://127.0.0.1") as c:
        answer = c.post("/v1/extract", json={"text": long_sentence(400)})
    assert answer.status_code == 503 and answer.json()["error"]["error_class"] == "time_budget"


@pytest.mark.slow
def test_ctrl_c_ends_a_run_at_once_even_inside_a_large_article(tmp_path):
    text = " ".join(["Russia launched 12 drones over Odesa, the air force said.",
                     "Three civilians were killed in Kharkiv."] * 2000)[:190_000]
    (tmp_path / "big.txt").write_text(text)
    run = subprocess.Popen([sys.executable, "-m", "extractor.cli", "extract", str(tmp_path / "big.txt"), "--no-model",
                            "-o", str(tmp_path / "out.jsonl")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env={**os.environ, "PYTHONUNBUFFERED": "1"})
    time.sleep(4)  # imports done, the article being read (a 190 KB article takes well over ten seconds)
    assert run.poll() is None, "the run ended before it could be interrupted"
    run.send_signal(signal.SIGINT)
    started = time.perf_counter()
    run.wait(timeout=30)
    assert run.returncode == 130 and time.perf_counter() - started < 2.0  # it took 35.6 s


@pytest.mark.slow
def test_a_long_article_is_parsed_in_a_worker_process_to_the_same_facts(tmp_path):
    """The service parses a long article in a worker process (a long sentence's parse holds the interpreter's lock for
    ~100 ms at a time); the doc that comes back reads to the same facts as a parse here."""
    from extractor.reading import parse as parsing
    from extractor.service.runner import HEAVY_CHARS

    text = long_sentence(900)
    assert len(text) > HEAVY_CHARS
    here = [(t.i, t.head.i, t.dep_, t.ent_type_) for t in parsing.pipeline()(text)]
    parsing.parse.cache_clear()
    there = parsing.parse_in_a_process(text)
    assert [(t.i, t.head.i, t.dep_, t.ent_type_) for t in there] == here
    assert parsing.parse(text) is there  # kept for the reading that follows
    expected = Extractor(use_model=False).extract(text).facts
    parsing.parse.cache_clear()
    app = create_app(Extractor(use_model=False), ServiceConfig(db=tmp_path / "j.sqlite"))
    with TestClient(app, client=("127.0.0.1", 5000), base_url="http://127.0.0.1") as c:
        answer = c.post("/v1/extract?view=facts", json={"text": text})
    assert answer.status_code == 200 and len(answer.json()) == len(expected) > 0
