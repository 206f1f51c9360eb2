"""Ray Data in local mode (two CPUs, no dashboard) against two mock endpoints that fault on 10% of requests: every
input id ends as exactly one record, when a worker actor is killed mid-run and when the driver is."""

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest

ray = pytest.importorskip("ray")

from conftest import ROOT  # noqa: E402
from extractor.testing.mock_server import MockServer, recorded_answers  # noqa: E402
from extractor.runs import ray_engine  # noqa: E402
from extractor.settings import Settings  # noqa: E402

ANSWERS = recorded_answers(ROOT / "cassettes")
ARTICLE = ("Russia attacked the region overnight with {n} drones and three missiles, the air force said. "
           "Air defences destroyed {m} of the drones. Two people were injured, officials said.")
SETTINGS = Settings(model="mock", api_key="mock", timeout=0.5, transport_retries=2)


@pytest.fixture(scope="module")
def cluster():
    import logging

    ray.init(address="local", num_cpus=2, include_dashboard=False, logging_level=logging.WARNING)
    yield ray.get_runtime_context().gcs_address
    ray.shutdown()


@pytest.fixture
def endpoints():
    servers = [MockServer(ANSWERS, latency=0.02, fault_rate=0.10, hang=1.0, seed=seed).start() for seed in (1, 2)]
    yield servers
    for server in servers:
        server.stop()


def write_articles(path, n, first=0):
    with open(path, "w", encoding="utf-8") as f:
        for i in range(first, first + n):
            f.write(json.dumps({"id": f"a{i:04d}", "text": ARTICLE.format(n=20 + i % 50, m=10 + i % 10)}) + "\n")
    return path


def extract(inputs, outdir, servers, *, on_result=None, concurrency=8):
    with ray_engine.Parts(outdir).open() as parts:
        return ray_engine.run([str(p) for p in inputs], parts, SETTINGS, endpoints=[s.base_url for s in servers],
                              concurrency=concurrency, on_result=on_result)


def killing_an_asker_after(n):
    """An on_result hook that SIGKILLs one question-asking actor once n results are in (a worker lost mid-run)."""
    killed, seen = [], []

    def hook(result):
        seen.append(result.article_id)
        if killed or len(seen) < n:
            return
        for actor in ray._private.state.actors().values():
            if "_Asker" in actor["ActorClassName"] and actor["State"] == "ALIVE":
                os.kill(actor["Pid"], signal.SIGKILL)
                killed.append(actor["ActorID"])
                return
    return hook, killed


@pytest.mark.slow
def test_two_hundred_articles_over_two_faulty_endpoints_each_once_though_a_worker_dies(cluster, endpoints, tmp_path):
    articles = write_articles(tmp_path / "articles.jsonl", 197)
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "blank.txt").write_text(" ")  # an input that cannot be read: an error record
    (tmp_path / "more" / "again.jsonl").write_text(  # an id repeated within one input: an error record for it
        json.dumps({"id": "x1", "text": "Five people were killed."}) + "\n"
        + json.dumps({"id": "x1", "text": "Six people were killed."}) + "\n")
    hook, killed = killing_an_asker_after(40)
    # named, as a JSONL beside text articles in a folder is skipped unless named
    summary = extract([articles, tmp_path / "more", tmp_path / "more" / "again.jsonl"], tmp_path / "out", endpoints,
                      on_result=hook)
    records = list(ray_engine.records(tmp_path / "out"))
    counts = Counter(r.article_id for r in records)
    repeated = f"{tmp_path / 'more' / 'again.jsonl'}:2"
    assert set(counts) == {f"a{i:04d}" for i in range(197)} | {"blank", "x1", repeated}
    assert set(counts.values()) == {1} and summary.done == 200
    by_id = {r.article_id: r for r in records}
    assert by_id["blank"].error.error_class == "input" and "already used" in by_id[repeated].error.message
    assert all(sum(s.served.values()) > s.served.get("ok", 0) for s in endpoints)  # faults were injected on both
    hosts = Counter(r.backend for r in records if r.status == "ok")
    assert len(hosts) == 2  # both endpoints, though one's actor was down a while
    # what is guaranteed, however busy the machine (how many succeed is not): every failure is recorded with its cause
    assert sum(summary.outcomes.values()) == 200
    assert all(r.error.error_class and r.error.message for r in records if r.status == "error")
    # The killed actor was started again by Ray, and the batches it had not finished ran again.
    restarts = {a["ActorID"]: a["NumRestarts"] for a in ray._private.state.actors().values()}
    assert killed and restarts[killed[0]] >= 1


@pytest.mark.slow
def test_the_library_function_takes_a_dataset_and_returns_one(cluster, endpoints):
    articles = ray.data.from_items([
        {"id": "d1", "text": ARTICLE.format(n=40, m=12), "published": dt.date(2025, 3, 8)},
        {"id": "d2", "text": "Ten soldiers were captured on Tuesday.", "published": None},
    ])
    rows = ray_engine.extract_dataset(articles, SETTINGS, endpoints=[endpoints[0].base_url]).take_all()
    assert sorted(row["article_id"] for row in rows) == ["d1", "d2"]
    from extractor.schemas import Result

    results = {row["article_id"]: Result.model_validate_json(row["result"]) for row in rows}
    assert results["d1"].published == dt.date(2025, 3, 8) and results["d2"].published is None
    assert all(r.status == "ok" for r in results.values()) and results["d2"].facts[0].role == "captured"


@pytest.mark.slow
def test_the_driver_killed_and_the_command_run_again_resumes(cluster, endpoints, tmp_path):
    articles = write_articles(tmp_path / "articles.jsonl", 200)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "extractor.cli", "extract", str(articles), "--engine", "ray", "--address", cluster,
               "--endpoints", ",".join(s.base_url for s in endpoints), "--model", "mock", "-c", "8", "-o", str(out),
               "--no-cache"]
    env = {**os.environ, "EXTRACTOR_API_KEY": "mock", "EXTRACTOR_TIMEOUT": "0.5", "EXTRACTOR_TRANSPORT_RETRIES": "2"}
    first = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    part = out / "part-00000.jsonl"
    deadline = time.monotonic() + 60
    while (not part.exists() or part.read_bytes().count(b"\n") < 40) and time.monotonic() < deadline:
        assert first.poll() is None, first.stderr.read().decode()
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait()
    written = part.read_bytes()
    assert 40 <= written.count(b"\n") < 200
    again = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)
    said = " ".join(again.stderr.decode().split())
    assert again.returncode in (0, 1), said
    done_before = written.count(b"\n")
    assert f"{done_before:,} already in the output" in said
    assert part.read_bytes() == written[:written.rfind(b"\n") + 1]  # its whole lines stand; a torn one went aside
    counts = Counter(r.article_id for r in ray_engine.records(out))
    assert counts == Counter({f"a{i:04d}": 1 for i in range(200)})


@pytest.mark.slow
def test_a_private_cluster_ends_when_its_driver_is_sigkilled(tmp_path):
    """Ray's own processes outlived a SIGKILLed driver; the watchdog ends them."""
    from extractor.runs.ray_watchdog import alive

    driver = subprocess.Popen([sys.executable, "-c", (
        "import time, ray\n"
        "from extractor.runs.ray_engine import start\n"
        "start(None)\n"
        "node = ray._private.worker._global_node\n"
        "print(' '.join(str(i.process.pid) for infos in node.all_processes.values() for i in infos), flush=True)\n"
        "time.sleep(300)\n")], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        pids = [int(p) for p in driver.stdout.readline().split()]
        assert pids and all(alive(p) for p in pids)
        os.kill(driver.pid, signal.SIGKILL)
        driver.wait(timeout=30)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(alive(p) for p in pids):
            time.sleep(0.2)
        assert not [p for p in pids if alive(p)], "Ray's processes outlived their driver"
    finally:
        driver.kill()
