"""Shared test fixtures: vcrpy's configuration in one place, and the endpoint cassettes are recorded against.

Cassettes replay with record mode "none": a request that is not in its cassette fails the test. To re-record
against a real endpoint (the embedded model by default, or EXTRACTOR_BASE_URL):

    EXTRACTOR_RECORD=1 .venv/bin/pytest -m cassette
"""

from __future__ import annotations

import ipaddress
import os
import socket
from importlib import util
from pathlib import Path

import pytest
import vcr

from extractor.model.backend import Backend
from extractor.model.local_model import MODEL_NAME, LocalServer
from extractor.pipeline import Extractor
from extractor.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CORPUS = ROOT.parent / "shared" / "corpus"
RECORDING = os.environ.get("EXTRACTOR_RECORD") == "1"
# Never written to a cassette: vcrpy's filter_headers, and again in before_record_* (it has leaked them in some modes).
SECRET_HEADERS = {"authorization", "api-key", "x-api-key", "openai-organization", "openai-project", "cookie",
                  "set-cookie"}
REPLAY_URL = "http://127.0.0.1:9/v1"  # never contacted on replay: vcrpy answers from the cassette


def _scrub_request(request):
    for name in list(request.headers):
        if name.lower() in SECRET_HEADERS:
            del request.headers[name]
    return request


def _scrub_response(response):
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in SECRET_HEADERS:
            del headers[name]
    return response


@pytest.fixture
def cassette(request):
    """The test's cassette at cassettes/<module>/<test>.yaml. Host and port are not matched: the embedded server
    listens on a free port each time; the method, path and whole request body are."""
    module = request.node.module.__name__.removeprefix("tests.").removeprefix("test_")
    recorder = vcr.VCR(
        cassette_library_dir=str(ROOT / "cassettes" / module),
        record_mode="all" if RECORDING else "none",
        match_on=["method", "path", "body"],
        filter_headers=sorted(SECRET_HEADERS),
        before_record_request=_scrub_request,
        before_record_response=_scrub_response,
        decode_compressed_response=True,
    )
    name = f"{request.node.name}.yaml"
    if RECORDING:  # record mode "all" appends to a cassette; a re-recording starts afresh
        (ROOT / "cassettes" / module / name).unlink(missing_ok=True)
    with recorder.use_cassette(name) as recorded:
        yield recorded


@pytest.fixture(autouse=True)
def isolated_response_cache(tmp_path_factory, monkeypatch):
    """Each test gets its own response cache, so no answer leaks from one test (or a user's runs) to another."""
    monkeypatch.setenv("EXTRACTOR_RESPONSE_CACHE", str(tmp_path_factory.mktemp("cache") / "responses.sqlite"))


def _own_addresses() -> set[str]:
    try:
        return {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None)}
    except OSError:
        return set()


OWN_ADDRESSES = _own_addresses()  # Ray's local cluster listens on the machine's own address, not loopback


def off_this_machine(address) -> bool:
    """Whether a socket address is a host other than this machine (tests never reach one)."""
    host = str(address[0]).split("%")[0]
    try:
        return not ipaddress.ip_address(host).is_loopback and host not in OWN_ADDRESSES
    except ValueError:
        return host != "localhost"


@pytest.fixture(autouse=True)
def no_real_model_unless_asked(request, monkeypatch):
    """A test that would start the embedded model, or send anything off this machine, fails unless it opts in
    (`live`) or cassettes are being recorded: the suite runs offline, and a real model must never answer a test by
    accident. Without the model installed, starting it still fails as a user sees it (a SetupError)."""
    if RECORDING or request.node.get_closest_marker("live"):
        return
    start = LocalServer.start

    def refused(self):
        if util.find_spec("llama_cpp") is None:
            return start(self)  # raises the SetupError a user would see, starting nothing
        raise AssertionError("this test starts the embedded model: mark it live to opt in")

    connect = socket.socket.connect

    def loopback_only(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and off_this_machine(address):
            raise AssertionError(f"this test connects to {address[0]}, off this machine: tests stay on loopback")
        return connect(sock, address)

    monkeypatch.setattr(LocalServer, "start", refused)
    monkeypatch.setattr(socket.socket, "connect", loopback_only)


@pytest.fixture(scope="session")
def endpoint():
    """Where cassette tests send requests: a real server when recording, a placeholder when replaying."""
    if not RECORDING:
        yield REPLAY_URL
    elif os.environ.get("EXTRACTOR_BASE_URL"):
        yield os.environ["EXTRACTOR_BASE_URL"]
    else:
        with LocalServer() as server:
            yield server.base_url


@pytest.fixture
def recorded_settings(endpoint) -> Settings:
    return Settings(base_url=endpoint, model=os.environ.get("EXTRACTOR_MODEL", MODEL_NAME),
                    api_key=os.environ.get("EXTRACTOR_API_KEY", "test-key-never-recorded"), schema_grammar=True)


@pytest.fixture
def extractor(recorded_settings):
    with Extractor(backend=Backend(recorded_settings)) as ex:
        yield ex


def example(name: str) -> str:
    return (EXAMPLES / f"{name}.txt").read_text(encoding="utf-8")


def pytest_collection_modifyitems(items):
    # Tests that use a cassette are marked, so `-m cassette` re-records exactly them.
    for item in items:
        if "cassette" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.cassette)
