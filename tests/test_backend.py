"""Settings, and the transport and validation loops against hand-made HTTP responses (handmade_* below):
429 with Retry-After, 500, timeouts, a refused connection, and answers that never validate."""

import json

import httpx2
import pytest
from extractor.schemas import MentionLabel, restricted
from pydantic import BaseModel

from extractor.errors import (
    BackendError,
    InvalidOutput,
    RateLimited,
    TimedOut,
    Unreachable,
)
from extractor.model import backend as backend_module
from extractor.model.backend import Backend, Call, host_of
from extractor.settings import Settings


class Row(BaseModel):
    number: str
    subject: str
    role: str
    weapon_class: str | None = None


class Draft(BaseModel):
    """A response model for the transport and validation tests (any model would do)."""

    facts: list[Row]


MESSAGES = [{"role": "user", "content": "Russia fired 5 missiles."}]
GOOD_ROWS = {"facts": [{"number": "5", "subject": "missiles", "role": "launched", "weapon_class": "missile"}]}


def handmade_tool_call(arguments: str) -> httpx2.Response:
    return httpx2.Response(200, json={
        "id": "handmade", "object": "chat.completion", "created": 0, "model": "m",
        "choices": [{"index": 0, "finish_reason": "stop", "message": {
            "role": "assistant", "content": None,
            "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "Draft", "arguments": arguments}}],
        }}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    })


class Script:
    """A mock transport answering from a list of hand-made responses (or exceptions), recording each request."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.requests: list[httpx2.Request] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch):
    waits = []
    monkeypatch.setattr(backend_module, "_wait", lambda state: waits.append(backend_module._wait_for(state)) or 0)
    return waits


def backend_for(script: Script, **settings) -> Backend:
    base = dict(base_url="http://127.0.0.1:9/v1", model="m", api_key="k", transport_retries=2, max_reasks=1,
                mode="tools")
    return Backend(Settings(**(base | settings)), http_transport=httpx2.MockTransport(script))


def test_a_good_answer_is_parsed_and_counted():
    script = Script(handmade_tool_call(json.dumps(GOOD_ROWS)))
    done = backend_for(script).complete(MESSAGES, Draft)
    assert done.parsed.facts[0].number == "5"
    assert (done.attempts.requests, done.attempts.transport_retries, done.attempts.validation_reasks) == (1, 0, 0)
    assert done.usage.total_tokens == 15
    body = json.loads(script.requests[0].content)
    assert body["max_tokens"] == 2048 and body["temperature"] == 0
    assert body["tool_choice"]["function"]["name"] == "Draft"


def test_429_honours_retry_after_then_succeeds(no_backoff):
    script = Script(httpx2.Response(429, headers={"retry-after": "7"}, json={"error": {"message": "slow down"}}),
                    handmade_tool_call(json.dumps(GOOD_ROWS)))
    done = backend_for(script).complete(MESSAGES, Draft)
    assert done.attempts.transport_retries == 1 and done.attempts.requests == 2
    assert no_backoff == [7.0]


def test_rate_limit_that_never_lifts_is_a_rate_limit_error():
    script = Script(*[httpx2.Response(429, json={"error": {"message": "slow down"}})] * 3)
    with pytest.raises(RateLimited) as raised:
        backend_for(script).complete(MESSAGES, Draft)
    assert raised.value.error_class == "rate_limit"
    assert raised.value.attempts.transport_retries == 2 and len(script.requests) == 3


def test_500_is_retried_and_then_reported():
    script = Script(*[httpx2.Response(500, json={"error": {"message": "boom"}})] * 3)
    with pytest.raises(BackendError, match="failed"):
        backend_for(script).complete(MESSAGES, Draft)
    assert len(script.requests) == 3


def test_timeouts_are_retried_then_reported_as_timeouts():
    script = Script(*[httpx2.ReadTimeout("slow")] * 3)
    with pytest.raises(TimedOut):
        backend_for(script).complete(MESSAGES, Draft)
    assert len(script.requests) == 3


def test_a_server_that_is_down_gives_a_clear_error():
    backend = Backend(Settings(base_url="http://127.0.0.1:9/v1", model="m", api_key="k", transport_retries=1))
    with pytest.raises(BackendError, match="could not reach the model server"):
        backend.complete(MESSAGES, Draft)


def test_an_answer_that_never_validates_is_invalid_output_after_bounded_reasks():
    script = Script(handmade_tool_call('{"facts": [{"number": 5}'), handmade_tool_call('{"rows": []}'))
    with pytest.raises(InvalidOutput) as raised:
        backend_for(script, max_reasks=1).complete(MESSAGES, Draft)
    assert len(script.requests) == 2
    assert raised.value.attempts.validation_reasks == 1
    assert raised.value.usage.total_tokens == 30


def test_a_reask_that_validates_counts_one_reask():
    script = Script(handmade_tool_call("not json at all"), handmade_tool_call(json.dumps(GOOD_ROWS)))
    done = backend_for(script).complete(MESSAGES, Draft)
    assert (done.attempts.requests, done.attempts.validation_reasks) == (2, 1)


def test_async_twin_uses_the_same_loops():
    import asyncio

    script = Script(httpx2.Response(503, json={"error": {"message": "busy"}}), handmade_tool_call(json.dumps(GOOD_ROWS)))
    done = asyncio.run(backend_for(script).acomplete(MESSAGES, Draft))
    assert done.attempts.transport_retries == 1 and done.parsed.facts[0].role == "launched"


def test_json_mode_on_the_embedded_server_constrains_output_by_schema():
    backend = Backend(Settings(mode="json"))
    request = backend._request(MESSAGES, Draft, backend_module._Counter(), Call())
    assert request["extra_body"]["response_format"]["type"] == "json_object"
    assert request["extra_body"]["response_format"]["schema"]["title"] == "Draft"
    # A narrower grammar for one call: the answer validates against the full model, decoding allows fewer labels.
    narrow = backend._request(MESSAGES, MentionLabel, backend_module._Counter(),
                              Call(max_tokens=24, grammar=restricted(("killed", "other"))))
    schema = narrow["extra_body"]["response_format"]["schema"]
    assert schema["properties"]["label"]["enum"] == ["killed", "other"] and narrow["max_tokens"] == 24
    assert narrow["response_model"] is MentionLabel
    remote = Backend(Settings(base_url="https://api.example.org/v1", model="m", mode="json"))
    assert "extra_body" not in remote._request(MESSAGES, Draft, backend_module._Counter(), Call())
    own_llama = Backend(Settings(base_url="http://127.0.0.1:8080/v1", model="m", mode="json", schema_grammar=True))
    assert "extra_body" in own_llama._request(MESSAGES, Draft, backend_module._Counter(), Call())


def test_settings_come_from_the_environment_and_flags_win(monkeypatch):
    monkeypatch.setenv("EXTRACTOR_BASE_URL", "https://api.example.org/v1")
    monkeypatch.setenv("EXTRACTOR_MODEL", "m")
    monkeypatch.setenv("EXTRACTOR_MAX_TOKENS", "512")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env")
    monkeypatch.setenv("EXTRACTOR_SCHEMA_GRAMMAR", "1")
    settings = Settings.from_env(max_tokens=256)
    assert settings.base_url == "https://api.example.org/v1" and settings.max_tokens == 256
    assert settings.schema_grammar is True
    assert settings.api_key == "sk-from-env" and "sk-from-env" not in repr(settings)
    assert not settings.local


def test_backend_host_never_carries_credentials():
    assert host_of("https://user:secret@api.example.org:8443/v1?key=abc") == "https://api.example.org:8443"
    assert host_of("http://127.0.0.1:8080/v1") == "http://127.0.0.1:8080"


def handmade_label(label: str, tokens: int = 10, source: str = "none", place: str = "none",
                   marks: int = 0) -> httpx2.Response:
    """A made-up answer about one number (with `marks`: the same answer about each of a passage's marks 1…n)."""
    answer = {"label": label, "source": source, "place": place}
    answer = {str(k): answer for k in range(1, marks + 1)} if marks else answer
    return httpx2.Response(200, json={
        "id": "handmade", "object": "chat.completion", "created": 0, "model": "m",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": json.dumps(answer)}}],
        "usage": {"prompt_tokens": tokens - 2, "completion_tokens": 2, "total_tokens": tokens},
    })


def test_a_refused_connection_gives_up_the_endpoint_for_later_calls():
    refused = httpx2.ConnectError("[Errno 111] Connection refused")
    script = Script(refused, refused, refused)
    backend = backend_for(script, mode="json")
    with pytest.raises(Unreachable, match="refused"):
        backend.complete(MESSAGES, MentionLabel)
    assert len(script.requests) == 3  # the first call's transport retries
    with pytest.raises(Unreachable, match="not asked"):
        backend.complete(MESSAGES, MentionLabel)
    assert len(script.requests) == 3  # later calls fail at once


def test_instructor_does_not_write_to_the_terminal(capsys, caplog):
    script = Script(handmade_tool_call("not json at all"), handmade_tool_call(json.dumps(GOOD_ROWS)))
    backend_for(script).complete(MESSAGES, Draft)
    assert "attempt" not in capsys.readouterr().err.lower()
    assert not [r for r in caplog.records if r.name.startswith("instructor") and r.levelname == "WARNING"]


def test_json_schema_mode_sends_the_standard_response_format_with_the_options():
    script = Script(handmade_label("killed"))
    done = backend_for(script, mode="json_schema").complete(
        MESSAGES, MentionLabel, Call(max_tokens=24, grammar=restricted(("killed", "injured", "other"))))
    body = json.loads(script.requests[0].content)
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["schema"]["properties"]["label"]["enum"] == [
        "killed", "injured", "other"]
    assert done.parsed.label == "killed"


def test_an_answer_outside_the_options_is_reasked_in_json_schema_mode():
    script = Script(handmade_label("launched"), handmade_label("injured"))
    done = backend_for(script, mode="json_schema").complete(
        MESSAGES, MentionLabel, Call(grammar=restricted(("killed", "injured"))))
    assert done.parsed.label == "injured" and done.attempts.validation_reasks == 1


def test_a_cached_answer_that_no_longer_validates_is_asked_again(tmp_path):
    from extractor.model.cache import ResponseCache

    cache = ResponseCache(tmp_path / "r.sqlite")
    script = Script(handmade_label("killed"), handmade_label("injured"))
    backend = Backend(Settings(base_url="http://127.0.0.1:9/v1", model="m", api_key="k", mode="json"),
                      http_transport=httpx2.MockTransport(script), cache=cache)
    first = backend.complete(MESSAGES, MentionLabel)
    [key] = [row[0] for row in cache._connection().execute("SELECT key FROM responses")]
    cache.put(key, "m", '{"label": "exploded"}', {})  # an answer from an older schema
    second = backend.complete(MESSAGES, MentionLabel)
    assert (first.parsed.label, second.parsed.label) == ("killed", "injured") and len(script.requests) == 2
    assert backend.complete(MESSAGES, MentionLabel).attempts.cache_hits == 1


def test_your_own_openai_client_is_used_as_it_is():
    import openai

    script = Script(handmade_label("killed"))
    client = openai.OpenAI(base_url="http://example.test/v1", api_key="sk-yours-000",
                           http_client=openai.DefaultHttpx2Client(transport=httpx2.MockTransport(script)))
    backend = Backend(Settings(model="m", mode="json"), client=client)
    assert backend.complete(MESSAGES, MentionLabel).parsed.label == "killed"
    assert script.requests[0].url.host == "example.test" and backend.host == "http://example.test"
    assert script.requests[0].headers["authorization"] == "Bearer sk-yours-000"
