"""The HTTP side of the mock OpenAI-compatible server (extractor.testing.mock_server): routes chat completions,
files and batches to the MockServer it serves, and plays the transport faults (a 429, a 500, a hang, a body cut
short, a dropped connection)."""

from __future__ import annotations

import json
import time
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .mock_server import MockServer


class Handler(BaseHTTPRequestHandler):
    """The HTTP side of a MockServer (self.server.mock): OpenAI's chat completions, files and batches."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    @property
    def mock(self) -> "MockServer":
        return self.server.mock

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        parts = self.path.split("?")[0].strip("/").split("/")  # v1, files|batches, id, content
        if parts[1:2] == ["files"] and len(parts) >= 3 and parts[2] in self.mock.files:
            meta, data = self.mock.files[parts[2]]
            if parts[3:] == ["content"]:
                return self._raw(200, data, content_type="application/octet-stream")
            return self._json(200, meta)
        if parts[1:2] == ["batches"] and len(parts) == 3 and parts[2] in self.mock.batches:
            with self.mock.lock:
                return self._json(200, self.mock.batches[parts[2]])
        if parts[1:2] in (["files"], ["batches"]):
            return self._json(404, {"error": {"message": f"no such object: {self.path} (mock)"}})
        self._json(200, {"object": "list", "data": [{"id": "mock", "object": "model"}]})

    def do_POST(self):
        try:
            parts = self.path.split("?")[0].strip("/").split("/")
            if parts[1:] == ["files"]:
                return self._upload()
            if parts[1:] == ["batches"]:
                return self._create_batch()
            if parts[1:2] == ["batches"] and parts[3:] == ["cancel"]:
                return self._cancel(parts[2])
            self._post()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up first (its timeout): nothing to answer

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length", 0)))

    def _upload(self):
        form = BytesParser(policy=HTTP).parsebytes(
            b"Content-Type: " + self.headers["Content-Type"].encode() + b"\r\n\r\n" + self._body())
        fields = {part.get_param("name", header="content-disposition"): part for part in form.iter_parts()}
        if "file" not in fields:
            return self._json(400, {"error": {"message": "no file in the form (mock)"}})
        data = fields["file"].get_payload(decode=True)
        purpose = fields["purpose"].get_payload(decode=True).decode() if "purpose" in fields else "batch"
        self._json(200, self.mock.add_file(data, fields["file"].get_filename() or "upload", purpose))

    def _create_batch(self):
        request = json.loads(self._body() or b"{}")
        if request.get("input_file_id") not in self.mock.files:
            return self._json(404, {"error": {"message": f"no such file: {request.get('input_file_id')}"}})
        self._json(200, self.mock.start_batch(request, self.mock.rng, self.mock.lock))

    def _cancel(self, batch_id):
        with self.mock.lock:
            batch = self.mock.batches.get(batch_id)
            if batch is None:
                return self._json(404, {"error": {"message": f"no such batch: {batch_id} (mock)"}})
            if batch["status"] in ("validating", "in_progress"):
                batch.update(status="cancelling", cancelling_at=int(time.time()))
            return self._json(200, batch)

    def _post(self):
        with self.mock.lock:
            self.mock.in_flight += 1
            self.mock.peak_in_flight = max(self.mock.peak_in_flight, self.mock.in_flight)
        try:
            return self._answer()
        finally:
            with self.mock.lock:
                self.mock.in_flight -= 1

    def _answer(self):
        body = self._body()
        request = json.loads(body or b"{}")
        fault = self.mock._fault(body, self.mock.rng, self.mock.lock)
        if self.mock.latency:
            time.sleep(self.mock.latency)
        if fault == "rate_limit":
            return self._json(429, {"error": {"message": "rate limited (mock)"}}, {"Retry-After": "0"})
        if fault == "server_error":
            return self._json(500, {"error": {"message": "internal error (mock)"}})
        if fault == "timeout":
            time.sleep(self.mock.hang)
            return self._json(504, {"error": {"message": "too late (mock)"}})
        if fault == "dropped":
            self.close_connection = True
            self.connection.shutdown(2)
            return None
        payload = self.mock._completion(request, self.mock.rng, self.mock.lock)
        if fault == "malformed":
            return self._raw(200, b'{"id": "chatcmpl-mock", "choices": [{"message": oops')
        if fault == "truncated":
            data = json.dumps(payload).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.close_connection = True
            self.connection.shutdown(2)
            return None
        return self._json(200, payload)

    def _json(self, status, payload, headers=None):
        self._raw(status, json.dumps(payload).encode(), headers)

    def _raw(self, status, data, headers=None, content_type="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    mock: "MockServer"
