"""The one path to every model: instructor over the official openai client.

Settings come from flags and EXTRACTOR_* environment variables. With no base URL, the embedded model's server is
started on loopback. Two loops, counted apart: tenacity retries transport failures (timeouts, connection errors,
429 honouring Retry-After, 5xx) with backoff; instructor re-asks when the answer fails validation."""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

import instructor
import openai
from instructor.core.hooks import Hooks
from pydantic import BaseModel
from tenacity import AsyncRetrying, RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from ..errors import BackendError, ExtractorError, InputError, InvalidOutput, RateLimited, TimedOut
from ..runs.cache import ResponseCache, request_key
from ..model.local_model import MODEL_NAME, LocalServer
from ..schemas import Attempts, Usage

T = TypeVar("T", bound=BaseModel)

MODES = {"tools": instructor.Mode.TOOLS, "json": instructor.Mode.JSON}
ENV = {
    "base_url": "EXTRACTOR_BASE_URL",
    "model": "EXTRACTOR_MODEL",
    "api_key": "EXTRACTOR_API_KEY",
    "mode": "EXTRACTOR_MODE",
    "timeout": "EXTRACTOR_TIMEOUT",
    "max_tokens": "EXTRACTOR_MAX_TOKENS",
    "max_reasks": "EXTRACTOR_MAX_REASKS",
    "transport_retries": "EXTRACTOR_TRANSPORT_RETRIES",
    "max_repairs": "EXTRACTOR_MAX_REPAIRS",
    "schema_grammar": "EXTRACTOR_SCHEMA_GRAMMAR",
}


@dataclass(frozen=True)
class Settings:
    """How to reach the model. Every field has an EXTRACTOR_* environment variable (see ENV)."""

    base_url: str | None = None  # None: start the embedded model's server
    model: str | None = None  # None: the embedded model
    api_key: str | None = field(default=None, repr=False)
    mode: str = "json"  # the labels are decoded under a grammar on the embedded server
    timeout: float = 600.0  # seconds for one HTTP request
    max_tokens: int = 2048  # unbounded, a small model can write JSON for minutes
    max_reasks: int = 1  # validation re-asks after the first answer
    transport_retries: int = 3  # transport retries after the first request
    max_repairs: int = 1  # rounds in which the checker's errors go back to the model
    temperature: float = 0.0
    # Send the answer's JSON Schema with response_format json_object, which llama.cpp servers decode under as a
    # grammar. None: only for the embedded server; set it (EXTRACTOR_SCHEMA_GRAMMAR=1) for your own llama.cpp server.
    schema_grammar: bool | None = None

    @classmethod
    def from_env(cls, **overrides: Any) -> "Settings":
        values: dict[str, Any] = {}
        for name, var in ENV.items():
            if os.environ.get(var):
                values[name] = os.environ[var]
        if "api_key" not in values and os.environ.get("OPENAI_API_KEY") and values.get("base_url"):
            values["api_key"] = os.environ["OPENAI_API_KEY"]
        values.update({k: v for k, v in overrides.items() if v is not None})
        for name in ("timeout",):
            if name in values:
                values[name] = float(values[name])
        for name in ("max_tokens", "max_reasks", "transport_retries", "max_repairs"):
            if name in values:
                values[name] = int(values[name])
        if isinstance(values.get("schema_grammar"), str):
            values["schema_grammar"] = values["schema_grammar"].strip().lower() in ("1", "true", "yes", "on")
        settings = cls(**values)
        if settings.mode not in MODES:
            raise ExtractorError(f"unknown mode {settings.mode!r}; choose one of {', '.join(MODES)}")
        return settings

    @property
    def local(self) -> bool:
        return self.base_url is None


@dataclass(frozen=True)
class Call:
    """How to make one call, where it differs from the settings: the mode (tools|json), the answer's token cap,
    and the schema the embedded server's grammar decodes under (by default the response model's own)."""

    mode: str | None = None
    max_tokens: int | None = None
    grammar: type[BaseModel] | None = None


@dataclass
class Completion:
    parsed: Any
    usage: Usage
    attempts: Attempts


def host_of(base_url: str) -> str:
    """Scheme, host and port only: never user info, path or query (they may hold credentials)."""
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    return f"{parts.scheme}://{host}" + (f":{parts.port}" if parts.port else "")


def _retry_after(error: BaseException) -> float | None:
    response = getattr(error, "response", None)
    value = response.headers.get("retry-after") if response is not None else None
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


_TRANSPORT = (openai.APITimeoutError, openai.APIConnectionError, openai.RateLimitError, openai.InternalServerError)


def _transport_cause(error: BaseException) -> BaseException | None:
    """The transport failure behind an error, if any: instructor wraps what the client raised."""
    seen = error
    while seen is not None:
        if isinstance(seen, _TRANSPORT):
            return seen
        if isinstance(seen, openai.APIStatusError) and seen.status_code >= 500:
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _wait(state: RetryCallState) -> float:
    return _wait_for(state)


def _wait_for(state: RetryCallState) -> float:
    """Retry-After when the server names one, else exponential backoff with jitter (0.5 s, 1 s, 2 s, ... ≤ 30 s)."""
    error = state.outcome.exception() if state.outcome else None
    cause = _transport_cause(error) if error else None
    told = _retry_after(cause) if cause else None
    if told is not None:
        return min(told, 120.0)
    return min(30.0, 0.5 * 2 ** (state.attempt_number - 1)) * (0.5 + random.random() / 2)


def _translate(error: BaseException) -> ExtractorError:
    """Wrap SDK errors at the backend's edge, keeping the original as the cause."""
    cause = _transport_cause(error)
    if isinstance(cause, openai.RateLimitError):
        return RateLimited(f"rate limited by the model server: {cause}")
    if isinstance(cause, openai.APITimeoutError):
        return TimedOut("the model server did not answer in time")
    if isinstance(cause, openai.APIConnectionError):
        return BackendError(f"could not reach the model server: {cause}")
    if cause is not None:
        return BackendError(f"the model server failed: {cause}")
    seen = error
    while seen is not None:
        if isinstance(seen, openai.BadRequestError):
            text = str(seen)
            if "context" in text.lower() or "exceed" in text.lower():
                return InputError(f"the article is too long for the model's context: {text}")
            return BackendError(f"the model server refused the request: {text}")
        if isinstance(seen, openai.APIStatusError):
            return BackendError(f"the model server answered {seen.status_code}: {seen}")
        seen = seen.__cause__
    if isinstance(error, instructor.core.exceptions.InstructorRetryException):
        return InvalidOutput(f"the model's answer did not validate after {error.n_attempts} attempt(s): "
                             f"{str(error).splitlines()[0][:300]}")
    return InvalidOutput(f"the model's answer could not be used: {error}")


class _Counter:
    """Per-call hooks: every HTTP request sent and the tokens of every response, failed attempts included."""

    def __init__(self):
        self.requests = 0
        self.usage = Usage()
        self.hooks = Hooks()
        self.hooks.on("completion:kwargs", self._request)
        self.hooks.on("completion:response", self._response)

    def _request(self, *args, **kwargs):
        self.requests += 1

    def _response(self, response):
        usage = getattr(response, "usage", None)
        if usage is not None:
            self.usage += Usage(prompt_tokens=usage.prompt_tokens or 0, completion_tokens=usage.completion_tokens or 0,
                                total_tokens=usage.total_tokens or 0)

    def attempts(self, transport_attempts: int) -> Attempts:
        # Each transport attempt is one instructor call: its first request plus its validation re-asks.
        return Attempts(requests=self.requests, transport_retries=max(0, transport_attempts - 1),
                        validation_reasks=max(0, self.requests - transport_attempts))


class Backend:
    """Holds the clients (and the embedded server, when used) for a run; reuse it across many articles."""

    def __init__(self, settings: Settings | None = None, server: LocalServer | None = None,
                 http_transport: Any = None, cache: ResponseCache | None = None, limiter: Any = None):
        """`http_transport`: an httpx2 transport for both clients (a proxy, a mock in tests); None for the default.
        `cache`: answers to identical requests are served from it and cost no tokens. `limiter`: an object with
        `async acquire(tokens)` and `spent(tokens)` (requests/tokens per minute) awaited before each async request."""
        self.settings = settings or Settings.from_env()
        self.cache = cache
        self.limiter = limiter
        self._server = server
        self._transport = http_transport
        self._sync: openai.OpenAI | None = None  # one HTTP client each, wrapped by instructor per mode
        self._async: openai.AsyncOpenAI | None = None
        self._base_url = self.settings.base_url

    @property
    def model(self) -> str:
        return self.settings.model or MODEL_NAME

    @property
    def host(self) -> str:
        return host_of(self._base_url) if self._base_url else "embedded (not started)"

    def _endpoint(self) -> tuple[str, str]:
        if self._base_url is None:
            self._server = self._server or LocalServer()
            self._base_url = self._server.start().base_url
        key = self.settings.api_key or ("not-needed" if self.settings.local else None)
        if key is None:
            key = os.environ.get("OPENAI_API_KEY") or "not-needed"
        return self._base_url, key

    def _client_kwargs(self) -> dict[str, Any]:
        base_url, key = self._endpoint()
        # The openai client's own retries are off: tenacity owns transport retries, so they are counted.
        return dict(base_url=base_url, api_key=key, timeout=self.settings.timeout, max_retries=0)

    def client(self, mode: str) -> instructor.Instructor:
        if self._sync is None:
            http = openai.DefaultHttpx2Client(transport=self._transport) if self._transport else None
            self._sync = openai.OpenAI(**self._client_kwargs(), http_client=http)
        return instructor.from_openai(self._sync, mode=MODES[mode])

    def aclient(self, mode: str) -> instructor.AsyncInstructor:
        if self._async is None:
            http = openai.DefaultAsyncHttpx2Client(transport=self._transport) if self._transport else None
            self._async = openai.AsyncOpenAI(**self._client_kwargs(), http_client=http)
        return instructor.from_openai(self._async, mode=MODES[mode])

    def _request(self, messages: list[dict], response_model: type[T], counter: _Counter, call: Call) -> dict[str, Any]:
        request: dict[str, Any] = dict(
            model=self.model, messages=[dict(m) for m in messages], response_model=response_model,
            max_retries=self.settings.max_reasks, max_tokens=call.max_tokens or self.settings.max_tokens,
            temperature=self.settings.temperature, hooks=counter.hooks,
        )
        grammar = self.settings.local if self.settings.schema_grammar is None else self.settings.schema_grammar
        if (call.mode or self.settings.mode) == "json" and grammar:
            # llama.cpp turns a JSON Schema given with json_object into a grammar, so the answer is always valid.
            schema = (call.grammar or response_model).model_json_schema()
            request["extra_body"] = {"response_format": {"type": "json_object", "schema": schema}}
        return request

    def _retrying(self, cls):
        return cls(
            stop=stop_after_attempt(self.settings.transport_retries + 1),
            retry=retry_if_exception(lambda e: _transport_cause(e) is not None),
            wait=lambda state: _wait(state),
            reraise=True,
        )

    def _cache_key(self, messages: list[dict], response_model: type[T], call: Call) -> str | None:
        if self.cache is None:
            return None
        request = self._request(messages, response_model, _Counter(), call)
        request.pop("hooks"), request.pop("max_retries")
        request["response_model"] = response_model.model_json_schema()
        request["mode"] = call.mode or self.settings.mode
        return request_key(request)

    def _cached(self, key: str | None, response_model: type[T]) -> Completion | None:
        hit = self.cache.get(key) if key else None
        if hit is None:
            return None
        return Completion(parsed=response_model.model_validate_json(hit[0]), usage=Usage(),
                          attempts=Attempts(cache_hits=1))

    def _store(self, key: str | None, completion: Completion) -> Completion:
        if key:
            self.cache.put(key, self.model, completion.parsed.model_dump_json(), completion.usage.model_dump())
        return completion

    def complete(self, messages: list[dict], response_model: type[T], call: Call = Call()) -> Completion:
        key = self._cache_key(messages, response_model, call)
        if (hit := self._cached(key, response_model)) is not None:
            return hit
        return self._store(key, self._complete(messages, response_model, call))

    async def acomplete(self, messages: list[dict], response_model: type[T], call: Call = Call()) -> Completion:
        key = self._cache_key(messages, response_model, call)
        if (hit := self._cached(key, response_model)) is not None:
            return hit
        return self._store(key, await self._acomplete(messages, response_model, call))

    def _complete(self, messages: list[dict], response_model: type[T], call: Call) -> Completion:
        counter, transport_attempts = _Counter(), 0
        try:
            for attempt in self._retrying(Retrying):
                with attempt:
                    transport_attempts += 1
                    parsed = self.client(call.mode or self.settings.mode).create(
                        **self._request(messages, response_model, counter, call))
        except Exception as error:
            raise self._failure(error, counter, transport_attempts) from error
        return Completion(parsed=parsed, usage=counter.usage, attempts=counter.attempts(transport_attempts))

    async def _acomplete(self, messages: list[dict], response_model: type[T], call: Call) -> Completion:
        counter, transport_attempts = _Counter(), 0
        estimate = sum(len(m["content"]) for m in messages) // 4 + (call.max_tokens or self.settings.max_tokens)
        try:
            async for attempt in self._retrying(AsyncRetrying):
                with attempt:
                    transport_attempts += 1
                    if self.limiter is not None:
                        await self.limiter.acquire(estimate)
                    parsed = await self.aclient(call.mode or self.settings.mode).create(
                        **self._request(messages, response_model, counter, call))
        except Exception as error:
            raise self._failure(error, counter, transport_attempts) from error
        finally:
            if self.limiter is not None:
                self.limiter.spent(counter.usage.total_tokens - estimate * transport_attempts)
        return Completion(parsed=parsed, usage=counter.usage, attempts=counter.attempts(transport_attempts))

    @staticmethod
    def _failure(error: Exception, counter: _Counter, transport_attempts: int) -> ExtractorError:
        failure = error if isinstance(error, ExtractorError) else _translate(error)
        failure.usage, failure.attempts = counter.usage, counter.attempts(transport_attempts)
        return failure

    async def aclose(self) -> None:
        """Close the async client inside the event loop that used it (httpx cannot close it after the loop ends)."""
        if self._async is not None:
            await self._async.close()
            self._async = None

    def close(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None
            if self.settings.local:
                self._base_url = None
                self._sync = self._async = None

    def __enter__(self) -> "Backend":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

