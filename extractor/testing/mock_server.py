"""A mock OpenAI-compatible server on loopback, for tests and benchmarks: it answers chat completions with valid
answers taken from the recorded cassettes (labels in JSON mode, tool calls in tools mode), after a configurable
latency, and injects faults on demand.
A request that names a JSON Schema in its response_format is answered, as a server decoding under it would, with a
recorded answer the schema's options allow.

It also runs the Batch API (`/v1/files`, `/v1/batches`): an uploaded JSONL of chat requests is checked as OpenAI
checks it (a bad line fails the whole batch), then answered in the background; answers go to an output file and
per-request failures to an error file. `batch_expires_after=N` expires every batch once N of its requests have run:
the rest end in the error file as `batch_expired`, as when the 24-hour window closes on an unfinished batch.

Faults come from a seeded random draw (`fault_rate`, spread over `faults`), or deterministically from a marker in
the request's text, `[[fault:NAME]]`, so a test can say which article fails and how:

    rate_limit   429 with Retry-After: 0
    server_error 500
    timeout      no answer for `hang` seconds (longer than the client's timeout)
    malformed    200 with a body that is not JSON
    truncated    200 whose body stops half way (Content-Length says more)
    dropped      the connection closes without an answer

In a batch, a fault is what the Batch API reports for that request: rate_limit a 429, malformed a 200 whose answer
is not JSON, the others a 500.

Stdlib only (ThreadingHTTPServer), so the test extra needs nothing more."""

from __future__ import annotations

import itertools
import json
import random
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

from .mock_http import Handler, Server

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
    batch_expires_after: int | None = None  # a batch expires once this many of its requests have run
    # A function from the request (JSON) to the answer's message, for a simulated labeller (bench/headroom.py);
    # None, or None returned: a recorded answer.
    oracle: Callable[[dict], dict | None] | None = None
    requests: int = 0
    in_flight: int = 0  # chat requests being answered now
    peak_in_flight: int = 0
    served: dict = field(default_factory=dict)  # fault or "ok" → count
    files: dict = field(default_factory=dict)  # file id → (file object, bytes)
    batches: dict = field(default_factory=dict)  # batch id → batch object
    _server: ThreadingHTTPServer | None = None
    _ids: itertools.count = field(default_factory=itertools.count)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def start(self) -> "MockServer":
        self.rng, self.lock = random.Random(self.seed), threading.Lock()
        self._server = Server(("127.0.0.1", self.port), Handler)
        self._server.mock = self
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def _fault(self, body: bytes, rng: random.Random, lock: threading.Lock) -> str | None:
        """The fault this request gets (None: a good answer), from its marker or the seeded draw; counted."""
        marker = _MARKER.search(body.decode("utf-8", "replace"))
        with lock:
            self.requests += 1
            if marker:
                fault = marker.group(1)
            else:
                fault = rng.choice(self.faults) if rng.random() < self.fault_rate else None
            self.served[fault or "ok"] = self.served.get(fault or "ok", 0) + 1
        return fault

    def _completion(self, request: dict, rng: random.Random, lock: threading.Lock) -> dict:
        tools = request.get("tools")
        name = tools[0].get("function", {}).get("name") if tools else JSON_ANSWERS
        message = self.oracle(request) if self.oracle is not None else None
        if message is None:
            answers = self.answers.get(name) or [{"role": "assistant", "content": "{}"}]
            schema = _schema(request.get("response_format"))
            marks = _marks(schema) if schema is not None else _asked_marks(request)
            with lock:
                if marks and not tools:
                    message = _passage_answer(answers, marks, rng)
                else:
                    if schema is not None and not tools:
                        answers = ([m for m in answers if _fits(m.get("content"), schema)]
                                   or [m for m in (_conform(a, schema) for a in answers) if m] or answers)
                    message = rng.choice(answers)
        prompt_tokens = sum(len(str(m.get("content", ""))) for m in request.get("messages", [])) // 4
        output_tokens = len(json.dumps(message)) // 4
        return {"id": "chatcmpl-mock", "object": "chat.completion", "created": int(time.time()),
                "model": request.get("model", "mock"),
                "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls" if tools else "stop"}],
                "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": output_tokens,
                          "total_tokens": prompt_tokens + output_tokens}}

    # ---- the Batch API ----------------------------------------------------------------------------------------

    def _next_id(self, prefix: str) -> str:
        return f"{prefix}-mock{next(self._ids):06d}"

    def add_file(self, data: bytes, filename: str, purpose: str) -> dict:
        meta = {"id": self._next_id("file"), "object": "file", "bytes": len(data), "created_at": int(time.time()),
                "filename": filename, "purpose": purpose, "status": "processed"}
        self.files[meta["id"]] = (meta, data)
        return meta

    def start_batch(self, request: dict, rng: random.Random, lock: threading.Lock) -> dict:
        now = int(time.time())
        batch = {"id": self._next_id("batch"), "object": "batch", "endpoint": request.get("endpoint"),
                 "errors": None, "input_file_id": request["input_file_id"],
                 "completion_window": request.get("completion_window", "24h"), "status": "validating",
                 "output_file_id": None, "error_file_id": None, "created_at": now, "expires_at": now + 86_400,
                 "request_counts": {"total": 0, "completed": 0, "failed": 0}, "metadata": request.get("metadata")}
        with lock:
            self.batches[batch["id"]] = batch
        threading.Thread(target=self._run_batch, args=(batch, rng, lock), daemon=True).start()
        return dict(batch)

    def _run_batch(self, batch: dict, rng: random.Random, lock: threading.Lock) -> None:
        lines, problems = _batch_lines(self.files[batch["input_file_id"]][1], batch["endpoint"])
        with lock:
            if problems:
                batch.update(status="failed", failed_at=int(time.time()), errors={"object": "list", "data": problems})
                return
            batch.update(status="in_progress", in_progress_at=int(time.time()))
            batch["request_counts"]["total"] = len(lines)
        output, errors = [], []
        for n, line in enumerate(lines):
            with lock:
                stopping = batch["status"] == "cancelling"
            if stopping or (self.batch_expires_after is not None and n >= self.batch_expires_after):
                code = "batch_cancelled" if stopping else "batch_expired"
                errors.append({"id": self._next_id("batch_req"), "custom_id": line["custom_id"], "response": None,
                               "error": {"code": code, "message": "This request could not be executed before the "
                                         "batch ended (mock)."}})
                continue
            answer = self._batch_answer(line, rng, lock)
            (output if answer["response"]["status_code"] == 200 else errors).append(answer)
            with lock:
                batch["request_counts"]["completed" if answer["response"]["status_code"] == 200 else "failed"] += 1
        with lock:
            counts = batch["request_counts"]
            counts["failed"] = counts["total"] - counts["completed"]
            for kind, records in (("output_file_id", output), ("error_file_id", errors)):
                if records:
                    data = "".join(json.dumps(r) + "\n" for r in records).encode()
                    batch[kind] = self.add_file(data, f"{batch['id']}_{kind[:-8]}.jsonl", "batch_output")["id"]
            end = {"cancelling": "cancelled", "in_progress": "completed"}[batch["status"]]
            if end == "completed" and self.batch_expires_after is not None and len(lines) > self.batch_expires_after:
                end = "expired"
            batch.update(status=end, **{f"{end}_at": int(time.time())})

    def _batch_answer(self, line: dict, rng: random.Random, lock: threading.Lock) -> dict:
        """One line of the output or error file: the chat completion's answer, or the fault it met."""
        fault = self._fault(json.dumps(line["body"]).encode(), rng, lock)
        if self.latency:
            time.sleep(self.latency)
        status, body = 200, self._completion(line["body"], rng, lock)
        if fault == "rate_limit":
            status, body = 429, {"error": {"message": "rate limited (mock)", "type": "rate_limit_exceeded"}}
        elif fault == "malformed":
            body["choices"][0]["message"] = {"role": "assistant", "content": "oops, not JSON"}
        elif fault is not None:
            status, body = 500, {"error": {"message": f"internal error ({fault}, mock)", "type": "server_error"}}
        return {"id": self._next_id("batch_req"), "custom_id": line["custom_id"],
                "response": {"status_code": status, "request_id": self._next_id("req"), "body": body}, "error": None}

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "MockServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _schema(response_format: dict | None) -> dict | None:
    """The JSON Schema a response_format names: OpenAI's json_schema, or llama.cpp's json_object with a schema."""
    if not isinstance(response_format, dict):
        return None
    if response_format.get("type") == "json_schema":
        return (response_format.get("json_schema") or {}).get("schema")
    return response_format.get("schema")


def _fits(content: str | None, schema: dict) -> bool:
    """Whether a JSON answer keeps to a flat object schema's options (enum, const) and its closed property list."""
    try:
        answer = json.loads(content or "")
    except ValueError:
        return False
    if not isinstance(answer, dict):
        return False
    properties = schema.get("properties", {})
    if schema.get("additionalProperties") is False and set(answer) - set(properties):
        return False
    for name, spec in properties.items():
        allowed = _allowed(spec)
        if allowed is not None and name in answer and answer[name] not in allowed:
            return False
    return all(name in answer for name in schema.get("required", []))


def _allowed(spec: dict) -> list | None:
    """The values a property's enum or const allows; None: any."""
    return spec.get("enum") or ([spec["const"]] if "const" in spec else None)


def _conform(message: dict, schema: dict) -> dict | None:
    """A recorded answer whose label is among a question's options, with its other fields (who says so, where) set to
    options this question has ("none" where it may): recordings rarely hold every combination of options."""
    try:
        answer = json.loads(message.get("content") or "")
    except ValueError:
        return None
    properties = schema.get("properties", {})
    labels = _allowed(properties.get("label", {}))
    if not isinstance(answer, dict) or (labels is not None and answer.get("label") not in labels):
        return None
    for name, spec in properties.items():
        allowed = _allowed(spec)
        if name != "label" and allowed and answer.get(name) not in allowed:
            answer[name] = "none" if "none" in allowed else allowed[0]
    return {**message, "content": json.dumps(answer)}


def _marks(schema: dict) -> dict[str, dict]:
    """The marks of a passage's schema ("1" → the schema of its answer), or {} for a flat schema."""
    definitions = schema.get("$defs", {})
    marks = {}
    for name, spec in schema.get("properties", {}).items():
        ref = spec.get("$ref", "")
        if not ref.startswith("#/$defs/"):
            return {}
        marks[name] = definitions[ref.removeprefix("#/$defs/")]
    return marks


def _asked_marks(request: dict) -> dict[str, dict]:
    """The marks a passage's question lists ("⟦1⟧ 45 drones. Who says so? …" lines), when no schema names them."""
    messages = request.get("messages") or [{}]
    asked = re.findall(r"^⟦(\d+)⟧ ", str(messages[-1].get("content", "")), re.MULTILINE)
    return {mark: {} for mark in asked}


def _passage_answer(recorded: list[dict], marks: dict[str, dict], rng: random.Random) -> dict:
    """An answer about every mark of a passage, each a recorded answer about one mark that its options allow (any
    recorded one where no schema gives the options)."""
    pool = []
    for message in recorded:
        try:
            answer = json.loads(message.get("content") or "")
        except ValueError:
            continue
        if isinstance(answer, dict):
            pool += [{"content": json.dumps(one)} for one in answer.values() if isinstance(one, dict)]
    said = {}
    for name, spec in marks.items():
        fitting = ([m for m in pool if _fits(m["content"], spec)]
                   or [m for m in (_conform(m, spec) for m in pool) if m])
        said[name] = json.loads(rng.choice(fitting)["content"]) if fitting else {
            key: _allowed(value)[0] for key, value in spec.get("properties", {}).items()}
    return {"role": "assistant", "content": json.dumps(said)}


def _batch_lines(data: bytes, endpoint: str | None) -> tuple[list[dict], list[dict]]:
    """The requests of a batch input file, and the problems that fail the whole batch (as OpenAI reports them)."""
    lines, problems, seen = [], [], set()
    for number, raw in enumerate(data.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
        except ValueError:
            problems.append({"code": "invalid_json_line", "message": "not JSON", "line": number})
            continue
        if not isinstance(line, dict) or not {"custom_id", "method", "url", "body"} <= set(line):
            problems.append({"code": "missing_required_parameter", "message": "a request needs custom_id, method, "
                             "url and body", "line": number})
        elif line["custom_id"] in seen:
            problems.append({"code": "duplicate_custom_id", "message": f"custom_id {line['custom_id']!r} repeats",
                             "line": number})
        elif line["method"] != "POST" or line["url"] != endpoint:
            problems.append({"code": "invalid_url", "message": f"{line['method']} {line['url']} is not this batch's "
                             f"endpoint {endpoint}", "line": number})
        else:
            seen.add(line["custom_id"])
            lines.append(line)
    if not lines and not problems:
        problems.append({"code": "empty_file", "message": "the input file holds no requests", "line": None})
    return lines, problems


# The repository's recorded cassettes, for a source checkout (the mock is a tool for tests and benchmarks).
CASSETTES = Path(__file__).resolve().parents[2] / "cassettes"


def main(argv: list[str] | None = None) -> None:
    """Run the mock on loopback until killed; prints its base URL on the first line of stdout, and on stderr how
    many recorded answers it serves."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m extractor.testing.mock_server",
                                     description="A mock OpenAI-compatible server (see extractor.testing.mock_server).")
    parser.add_argument("--cassettes", type=Path, default=CASSETTES, help=f"recorded answers (default {CASSETTES})")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each answer")
    parser.add_argument("--fault-rate", type=float, default=0.0, help="share of requests given a random fault")
    parser.add_argument("--hang", type=float, default=30.0, help="seconds a 'timeout' fault holds the answer")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch-expires-after", type=int, default=None,
                        help="expire each batch once this many of its requests have run")
    args = parser.parse_args(argv)
    answers = recorded_answers(args.cassettes)
    if not answers:
        parser.error(f"no recorded answers under {args.cassettes}")
    server = MockServer(answers, latency=args.latency, fault_rate=args.fault_rate, hang=args.hang, seed=args.seed,
                        port=args.port, batch_expires_after=args.batch_expires_after).start()
    print(server.base_url, flush=True)
    print(f"mock server: {sum(map(len, answers.values()))} recorded answers from {args.cassettes} "
          f"({', '.join(f'{k}: {len(v)}' for k, v in sorted(answers.items()))})", file=sys.stderr, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
