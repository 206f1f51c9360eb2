"""No key leaves the process: an upstream that echoes the request's Authorization header in its error body (gateways
do) must not put the key into a result file, the terminal, the service's log or an HTTP body. The echoing endpoint
below is a hand-made error fixture, not a recording."""

import http.server
import json
import logging
import threading

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from extractor import Extractor, Settings
from extractor.cli import main
from extractor.errors import BackendError
from extractor.pipeline import Article
from extractor.redact import redact, register
from extractor.service import ServiceConfig, create_app

KEY = "sk-live-0123456789abcdefghij"


class _EchoingErrors(http.server.BaseHTTPRequestHandler):
    """Answers every request 400 with the headers it was sent, as a careless gateway does."""

    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers.get("content-length") or 0))
        body = json.dumps({"error": {"message": f"bad request; you sent Authorization: "
                                                f"{self.headers.get('authorization')} ({self.headers.get('authorization')})",
                                     "type": "invalid_request_error"}}).encode()
        self.send_response(400)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def echoing_error_endpoint():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _EchoingErrors)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def test_the_redactor_removes_configured_keys_and_anything_shaped_like_one():
    register("a-private-key-of-ours-42")
    said = redact("key a-private-key-of-ours-42; Authorization: Bearer abc.def-ghi; sk-ABCDEFGHIJKLMNOP; api_key=zz99")
    assert "a-private-key-of-ours-42" not in said and "abc.def-ghi" not in said and "sk-ABCDEFGHIJKLMNOP" not in said
    assert "zz99" not in said and "Authorization: [redacted]" in said
    assert redact("5 drones were shot down over Kyiv") == "5 drones were shot down over Kyiv"


def test_an_echoed_key_reaches_no_error_record_no_exception_and_no_traceback(echoing_error_endpoint):
    settings = Settings(base_url=echoing_error_endpoint, model="m", api_key=KEY, transport_retries=0, max_reasks=0)
    with Extractor(settings, cache=False) as ex:
        record = ex.process(Article(id="a", text="Russia launched 48 drones overnight."))
        assert record.error is not None and "400" in record.error.message
        assert KEY not in record.model_dump_json()
        with pytest.raises(BackendError) as raised:
            ex.extract("Russia launched 48 drones overnight.")
    assert KEY not in str(raised.value)
    assert raised.value.__cause__ is None and raised.value.__suppress_context__  # the SDK's error is not chained


def test_an_echoed_key_reaches_neither_the_results_file_nor_the_terminal(tmp_path, echoing_error_endpoint):
    article = tmp_path / "a.txt"
    article.write_text("Russia launched 48 drones overnight.")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["extract", str(article), "-o", str(out), "--base-url", echoing_error_endpoint,
                                       "--model", "m"], env={"EXTRACTOR_API_KEY": KEY, "EXTRACTOR_TRANSPORT_RETRIES": "0"})
    assert "400" in out.read_text()  # the failure is recorded...
    assert KEY not in out.read_text() and KEY not in result.output  # ...without the key


def test_an_echoed_key_reaches_neither_the_service_log_nor_its_502(tmp_path, echoing_error_endpoint, caplog):
    settings = Settings(base_url=echoing_error_endpoint, model="m", api_key=KEY, transport_retries=0, max_reasks=0)
    caplog.set_level(logging.DEBUG)
    extractor = Extractor(settings, cache=False)
    app = create_app(extractor, ServiceConfig(db=tmp_path / "jobs.sqlite"))
    with TestClient(app, client=("127.0.0.1", 50000), base_url="http://127.0.0.1") as client:
        answer = client.post("/v1/extract", json={"text": "Russia launched 48 drones overnight."})
    extractor.close()
    assert answer.status_code == 502 and "400" in answer.text
    assert KEY not in answer.text and KEY not in caplog.text
