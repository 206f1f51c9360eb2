"""A mock OpenAI-compatible server on loopback, for tests and benchmarks: it answers chat completions with valid
answers taken from the recorded cassettes (labels in JSON mode, tool calls in tools mode), after a configurable latency, and injects faults on demand.

Faults come from a seeded random draw (`fault_rate`, spread over `faults`), or deterministically from a marker in
the request's text, `[[fault:NAME]]`, so a test can say which article fails and how:

    rate_limit   429 with Retry-After: 0
    server_error 500
    timeout      no answer for `hang` seconds (longer than the client's timeout)
    malformed    200 with a body that is not JSON
    truncated    200 whose body stops half way (Content-Length says more)
    dropped      the connection closes without an answer

Stdlib only (ThreadingHTTPServer), so the test extra needs nothing more."""

from __future__ import annotations

import json
import random
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

FAULTS = ("rate_limit", "server_error", "timeout", "malformed", "truncated", "dropped")
_MARKER = re.compile(r"\[\[fault:(\w+)\]\]")


JSON_ANSWERS = "json"  # the key of answers given as JSON content (JSON mode), not as a tool call


def _answer_key(message: dict) -> str:
    """The tool's (response model's) name for a tool call; JSON_ANSWERS for a JSON answer. Raises if neither."""
    if message.get("tool_calls"):
        json.loads(message["tool_calls"][0]["function"]["arguments"])
        return message["tool_calls"][0]["function"]["name"]
    json.loads(message["content"])
    return JSON_ANSWERS


def recorded_answers(cassettes: Path) -> dict[str, list[dict]]:
    """Valid answers from the cassettes: {"json": [message, ...], "BareFacts": [message, ...]}."""
    answers: dict[str, list[dict]] = {}
    for path in sorted(cassettes.rglob("*.yaml")):
        for interaction in yaml.safe_load(path.read_text(encoding="utf-8")).get("interactions", []):
            try:
                message = json.loads(interaction["response"]["body"]["string"])["choices"][0]["message"]
                answers.setdefault(_answer_key(message), []).append(message)
            except (KeyError, IndexError, TypeError, ValueError):
                continue  # an error, or an answer that is not valid JSON
    return answers


@dataclass
class MockServer:
    answers: dict[str, list[dict]]
    latency: float = 0.0
    fault_rate: float = 0.0
    faults: tuple[str, ...] = FAULTS
    hang: float = 30.0
    seed: int = 0
    port: int = 0  # 0: a free port
    requests: int = 0
    served: dict = field(default_factory=dict)  # fault or "ok" → count
    _server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def start(self) -> "MockServer":
        rng, lock, mock = random.Random(self.seed), threading.Lock(), self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                self._json(200, {"object": "list", "data": [{"id": "mock", "object": "model"}]})

            def do_POST(self):
                try:
                    self._post()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up first (its timeout): nothing to answer

            def _post(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                request = json.loads(body or b"{}")
                marker = _MARKER.search(body.decode("utf-8", "replace"))
                with lock:
                    mock.requests += 1
                    if marker:
                        fault = marker.group(1)
                    else:
                        fault = rng.choice(mock.faults) if rng.random() < mock.fault_rate else None
                    mock.served[fault or "ok"] = mock.served.get(fault or "ok", 0) + 1
                if mock.latency:
                    time.sleep(mock.latency)
                if fault == "rate_limit":
                    return self._json(429, {"error": {"message": "rate limited (mock)"}}, {"Retry-After": "0"})
                if fault == "server_error":
                    return self._json(500, {"error": {"message": "internal error (mock)"}})
                if fault == "timeout":
                    time.sleep(mock.hang)
                    return self._json(504, {"error": {"message": "too late (mock)"}})
                if fault == "dropped":
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return None
                payload = mock._completion(request, rng, lock)
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

            def _raw(self, status, data, headers=None):
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 256

        self._server = Server(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def _completion(self, request: dict, rng: random.Random, lock: threading.Lock) -> dict:
        tools = request.get("tools")
        name = tools[0].get("function", {}).get("name") if tools else JSON_ANSWERS
        with lock:
            message = rng.choice(self.answers.get(name) or [{"role": "assistant", "content": "{}"}])
        prompt_tokens = sum(len(str(m.get("content", ""))) for m in request.get("messages", [])) // 4
        output_tokens = len(json.dumps(message)) // 4
        return {"id": "chatcmpl-mock", "object": "chat.completion", "created": int(time.time()),
                "model": request.get("model", "mock"),
                "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls" if tools else "stop"}],
                "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": output_tokens,
                          "total_tokens": prompt_tokens + output_tokens}}

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "MockServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# The repository's recorded cassettes, for a source checkout (the mock is a tool for tests and benchmarks).
CASSETTES = Path(__file__).resolve().parents[2] / "cassettes"


def main(argv: list[str] | None = None) -> None:
    """Run the mock on loopback until killed; prints its base URL on the first line of stdout, and on stderr how
    many recorded answers it serves."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m extractor.model.mock_server",
                                     description="A mock OpenAI-compatible server (see extractor.model.mock_server).")
    parser.add_argument("--cassettes", type=Path, default=CASSETTES, help=f"recorded answers (default {CASSETTES})")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each answer")
    parser.add_argument("--fault-rate", type=float, default=0.0, help="share of requests given a random fault")
    parser.add_argument("--hang", type=float, default=30.0, help="seconds a 'timeout' fault holds the answer")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    answers = recorded_answers(args.cassettes)
    if not answers:
        parser.error(f"no recorded answers under {args.cassettes}")
    server = MockServer(answers, latency=args.latency, fault_rate=args.fault_rate, hang=args.hang, seed=args.seed,
                        port=args.port).start()
    print(server.base_url, flush=True)
    print(f"mock server: {sum(map(len, answers.values()))} recorded answers from {args.cassettes} "
          f"({', '.join(f'{k}: {len(v)}' for k, v in sorted(answers.items()))})", file=sys.stderr, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
