"""The one path to every model: instructor over the official openai client.

Settings come from extractor.settings. With no base URL (and no client given), the embedded model's server is
started on loopback. Two loops, counted apart: tenacity retries transport failures (timeouts, connection errors,
429 honouring Retry-After, 5xx) with backoff; instructor re-asks when the answer fails validation. An endpoint that
refuses connections is given up after the first call's retries: every later call fails at once, saying so.

openai and instructor are imported where a call needs them, not with this module: a run without a model (and each
of its worker processes) never loads them (about a second)."""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel, ValidationError
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
)

from ..errors import (
    BackendError,
    ConfigError,
    ExtractorError,
    InputError,
    InvalidOutput,
    RateLimited,
    TimedOut,
    Unreachable,
)
from ..redact import register
from ..schemas import Attempts, Usage
from ..settings import Settings
from .cache import ResponseCache, request_key
from .local_model import MODEL_NAME, LocalServer

if TYPE_CHECKING:
    import instructor
    import openai

T = TypeVar("T", bound=BaseModel)


def _instructor_mode(mode: str) -> instructor.Mode:
    import instructor

    return {"tools": instructor.Mode.TOOLS, "json": instructor.Mode.JSON,
            "json_schema": instructor.Mode.JSON_SCHEMA}[mode]


# instructor logs each failed attempt, quoting the upstream error verbatim (a gateway's may echo the key); our error
# records and summary say it once, redacted, so keep it quiet.
logging.getLogger("instructor").setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class Call:
    """How to make one call, where it differs from the settings: the mode, the answer's token cap, and the schema
    the answer is decoded under (a narrower one than the response model's: the options of this question)."""

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
    parts = urlsplit(str(base_url))
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{parts.scheme}://{parts.hostname or ''}" + (f":{port}" if port else "")


def _retry_after(error: BaseException) -> float | None:
    response = getattr(error, "response", None)
    value = response.headers.get("retry-after") if response is not None else None
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def _transport_cause(error: BaseException) -> BaseException | None:
    """The transport failure behind an error, if any: instructor wraps what the client raised."""
    import openai

    transport = (openai.APITimeoutError, openai.APIConnectionError, openai.RateLimitError, openai.InternalServerError)
    seen = error
    while seen is not None:
        if isinstance(seen, transport):
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


def _refused(error: BaseException) -> bool:
    seen = error
    while seen is not None:
        if isinstance(seen, ConnectionRefusedError) or "connection refused" in str(seen).lower():
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _translate(error: BaseException) -> ExtractorError:
    """Wrap SDK errors at the backend's edge, keeping the original as the cause."""
    import openai
    from instructor.core.exceptions import InstructorRetryException

    cause = _transport_cause(error)
    if isinstance(cause, openai.RateLimitError):
        return RateLimited(f"rate limited by the model server: {cause}")
    if isinstance(cause, openai.APITimeoutError):
        return TimedOut("the model server did not answer in time")
    if isinstance(cause, openai.APIConnectionError):
        if _refused(cause):
            return Unreachable(f"could not reach the model server: the connection was refused (nothing listens "
                               f"there): {cause}")
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
    if isinstance(error, InstructorRetryException):
        return InvalidOutput(f"the model's answer did not validate after {error.n_attempts} attempt(s): "
                             f"{str(error).splitlines()[0][:300]}")
    return InvalidOutput(f"the model's answer could not be used: {error}")


class _Counter:
    """Per-call hooks: every HTTP request sent and the tokens of every response, failed attempts included."""

    def __init__(self):
        from instructor.core.hooks import Hooks

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

    def __init__(self, settings: Settings | None = None, *, client: openai.OpenAI | openai.AsyncOpenAI | None = None,
                 server: LocalServer | None = None, http_transport: Any = None, cache: ResponseCache | None = None,
                 limiter: Any = None):
        """`client`: your own openai.OpenAI or AsyncOpenAI (its base URL and key are used; give the model's name
        in the settings). `http_transport`: an httpx2 transport for both clients (a proxy, a mock in tests).
        `cache`: answers to identical requests are served from it and cost no tokens. `limiter`: an object with
        `async acquire(tokens)` and `spent(tokens)` (requests/tokens per minute) awaited before each async request."""
        self.settings = settings or Settings.from_env()
        if client is not None and not self.settings.model:
            raise ConfigError("a client needs the model's name at its endpoint: Extractor(client=..., model=...)")
        self.cache = cache
        self.limiter = limiter
        self.unreachable: Unreachable | None = None  # set once the endpoint refused connections
        self._server = server
        self._transport = http_transport
        self._sync: openai.OpenAI | None = None  # one HTTP client each, wrapped by instructor per mode
        self._async: openai.AsyncOpenAI | None = None
        # The openai client's own retries are off: tenacity owns transport retries, so they are counted.
        if client is not None:
            import openai

            if isinstance(client, openai.AsyncOpenAI):
                self._async = client.with_options(max_retries=0)
            else:
                self._sync = client.with_options(max_retries=0)
        self._client_given = client is not None
        self._base_url = str(client.base_url) if client is not None else self.settings.base_url
        self._slots: tuple[asyncio.AbstractEventLoop, asyncio.Semaphore] | None = None

    @property
    def model(self) -> str:
        return self.settings.model or MODEL_NAME

    @property
    def host(self) -> str:
        return host_of(self._base_url) if self._base_url else "embedded (not started)"

    @property
    def local(self) -> bool:
        return self.settings.local and not self._client_given

    def _client_kwargs(self) -> dict[str, Any]:
        twin = self._sync or self._async  # a client the caller gave: its twin shares its endpoint and key
        if twin is not None:
            register(twin.api_key)
            return dict(base_url=twin.base_url, api_key=twin.api_key, timeout=twin.timeout, max_retries=0)
        if self._base_url is None:
            self._server = self._server or LocalServer()
            self._base_url = self._server.start().base_url
        key = self.settings.api_key or "not-needed"  # local servers want some key; Settings found any from the env
        register(key)  # whatever upstream echoes of it is removed from every message
        return dict(base_url=self._base_url, api_key=key, timeout=self.settings.timeout, max_retries=0)

    def client(self, mode: str) -> instructor.Instructor:
        import instructor
        import openai

        if self._sync is None:
            http = openai.DefaultHttpx2Client(transport=self._transport) if self._transport else None
            self._sync = openai.OpenAI(**self._client_kwargs(), http_client=http)
        return instructor.from_openai(self._sync, mode=_instructor_mode(mode))

    def aclient(self, mode: str) -> instructor.AsyncInstructor:
        import instructor
        import openai

        if self._async is None:
            http = openai.DefaultAsyncHttpx2Client(transport=self._transport) if self._transport else None
            self._async = openai.AsyncOpenAI(**self._client_kwargs(), http_client=http)
        return instructor.from_openai(self._async, mode=_instructor_mode(mode))

    def _request(self, messages: list[dict], response_model: type[T], counter: _Counter, call: Call) -> dict[str, Any]:
        mode = call.mode or self.settings.mode
        if mode == "json_schema" and call.grammar is not None:
            # The standard structured-output response_format carries the question's options: the answer is
            # decoded under them and validated against them (a different answer is re-asked).
            response_model = call.grammar
        request: dict[str, Any] = dict(
            model=self.model, messages=[dict(m) for m in messages], response_model=response_model,
            max_retries=self.settings.max_reasks, max_tokens=call.max_tokens or self.settings.max_tokens,
            temperature=self.settings.temperature, hooks=counter.hooks,
        )
        grammar = self.local if self.settings.schema_grammar is None else self.settings.schema_grammar
        if mode == "json" and grammar:
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
        request["response_model"] = request["response_model"].model_json_schema()
        request["mode"] = call.mode or self.settings.mode
        # the same model's name at another endpoint may be another model: answers are kept apart by endpoint
        request["endpoint"] = "embedded" if self.local else host_of(self.settings.base_url or "")
        return request_key(request)

    def _cached(self, key: str | None, response_model: type[T]) -> Completion | None:
        hit = self.cache.get(key) if key else None
        if hit is None:
            return None
        try:
            parsed = response_model.model_validate_json(hit[0])
        except ValidationError:
            self.cache.discard(key)  # an answer that no longer fits its schema: ask again
            return None
        return Completion(parsed=parsed, usage=Usage(), attempts=Attempts(cache_hits=1))

    def _store(self, key: str | None, completion: Completion) -> Completion:
        if key:
            self.cache.put(key, self.model, completion.parsed.model_dump_json(), completion.usage.model_dump())
        return completion

    def _given_up(self) -> None:
        if self.unreachable is not None:
            raise Unreachable(f"not asked: {self.unreachable}")

    def complete(self, messages: list[dict], response_model: type[T], call: Call = Call()) -> Completion:
        key = self._cache_key(messages, response_model, call)
        if (hit := self._cached(key, response_model)) is not None:
            return hit
        self._given_up()
        return self._store(key, self._complete(messages, response_model, call))

    async def acomplete(self, messages: list[dict], response_model: type[T], call: Call = Call()) -> Completion:
        key = self._cache_key(messages, response_model, call)
        if (hit := self._cached(key, response_model)) is not None:
            return hit
        async with self._slot():
            self._given_up()
            return self._store(key, await self._acomplete(messages, response_model, call))

    def _slot(self) -> asyncio.Semaphore:
        """At most settings.max_concurrency requests in flight from async callers (an asyncio.gather over a
        thousand articles sends a few at a time). One semaphore per event loop: a semaphore is bound to one."""
        loop = asyncio.get_running_loop()
        if self._slots is None or self._slots[0] is not loop:
            self._slots = (loop, asyncio.Semaphore(self.settings.max_concurrency))
        return self._slots[1]

    def _complete(self, messages: list[dict], response_model: type[T], call: Call) -> Completion:
        counter, transport_attempts = _Counter(), 0
        try:
            for attempt in self._retrying(Retrying):
                with attempt:
                    transport_attempts += 1
                    parsed = self.client(call.mode or self.settings.mode).create(
                        **self._request(messages, response_model, counter, call))
        except Exception as error:
            raise self._failure(error, counter, transport_attempts) from None  # the SDK's error may hold the key
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
            raise self._failure(error, counter, transport_attempts) from None  # the SDK's error may hold the key
        finally:
            if self.limiter is not None:
                self.limiter.spent(counter.usage.total_tokens - estimate * transport_attempts)
        return Completion(parsed=parsed, usage=counter.usage, attempts=counter.attempts(transport_attempts))

    def _failure(self, error: Exception, counter: _Counter, transport_attempts: int) -> ExtractorError:
        failure = error if isinstance(error, ExtractorError) else _translate(error)
        failure.usage, failure.attempts = counter.usage, counter.attempts(transport_attempts)
        if isinstance(failure, Unreachable):
            self.unreachable = failure  # nothing listens there: later calls fail at once instead of retrying
        return failure

    async def aclose(self) -> None:
        """Close the async client inside the event loop that used it (httpx cannot close it after the loop ends)."""
        if self._async is not None and not self._client_given:
            await self._async.close()
            self._async = None

    def close(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None
            if self.local:
                self._base_url = None
                self._sync = self._async = None

    def __enter__(self) -> "Backend":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
