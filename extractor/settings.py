"""Every setting in one place: its default, its EXTRACTOR_* environment variable, and its check.

Nothing else in the package reads the environment. A setting that does not parse or is out of range is a
ConfigError naming the variable (or flag) and what is expected, raised before any article is read."""

from __future__ import annotations

import dataclasses
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

import platformdirs

from .errors import ConfigError

MODES = ("json", "tools", "json_schema")


@dataclass(frozen=True)
class Variable:
    name: str  # the environment variable
    flag: str | None  # the command-line flag, where there is one
    help: str
    parse: Callable[[str], Any] = str


def _number(kind: type, minimum: float, what: str) -> Callable[[str], Any]:
    def parse(raw: str):
        try:
            value = kind(raw)
        except (TypeError, ValueError):
            raise ValueError(what) from None
        if not math.isfinite(value) or value < minimum:  # nan passes every comparison
            raise ValueError(what)
        return value
    return parse


def _flag(raw: str) -> bool:
    words = raw.strip().lower()
    if words in ("1", "true", "yes", "on"):
        return True
    if words in ("0", "false", "no", "off", ""):
        return False
    raise ValueError("1 or 0 (true/false, yes/no, on/off)")


def _mode(raw: str) -> str:
    if raw not in MODES:
        raise ValueError(" or ".join(MODES))
    return raw


ENV: dict[str, Variable] = {v.name: v for v in (
    Variable("EXTRACTOR_BASE_URL", "--base-url", "an OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp); "
             "unset: the embedded model"),
    Variable("EXTRACTOR_MODEL", "--model", "the model's name at that endpoint (required with a base URL)"),
    Variable("EXTRACTOR_API_KEY", None, "the key for that endpoint (else OPENAI_API_KEY); never written to results, "
             "logs or cassettes"),
    Variable("EXTRACTOR_MODE", "--mode", "how answers are asked for: json (default), json_schema (the standard "
             "structured-output response_format) or tools", _mode),
    Variable("EXTRACTOR_SCHEMA_GRAMMAR", None, "1: send the answer's JSON Schema for the server to decode under "
             "(llama.cpp servers; always on for the embedded one)", _flag),
    Variable("EXTRACTOR_NO_MODEL", "--no-model", "1: code's reading alone, no model asked and no server started", _flag),
    Variable("EXTRACTOR_MAX_TOKENS", "--max-tokens", "cap on output tokens per request (default 2048; a label "
             "question asks for at most 24)", _number(int, 1, "a whole number ≥ 1")),
    Variable("EXTRACTOR_TIMEOUT", "--timeout", "seconds per HTTP request (default 600)",
             _number(float, 0.001, "a number of seconds > 0")),
    Variable("EXTRACTOR_TIME_BUDGET", "--time-budget", "seconds one article may take in all, model included "
             "(default 900); past it, its work stops and it becomes an error record",
             _number(float, 0.001, "a number of seconds > 0")),
    Variable("EXTRACTOR_MAX_REASKS", "--max-reasks", "instructor's validation re-asks (default 1)",
             _number(int, 0, "a whole number ≥ 0")),
    Variable("EXTRACTOR_MAX_REPAIRS", None, "rounds in which the checker's errors go back to the model (default 1)",
             _number(int, 0, "a whole number ≥ 0")),
    Variable("EXTRACTOR_TRANSPORT_RETRIES", None, "retries of timeouts, 429 (honouring Retry-After) and 5xx "
             "(default 3)", _number(int, 0, "a whole number ≥ 0")),
    Variable("EXTRACTOR_MAX_CHARS", "--max-chars", "the longest article read, in characters (default 200,000); "
             "a longer one becomes an error record", _number(int, 1, "a whole number ≥ 1")),
    Variable("EXTRACTOR_MAX_QUESTIONS", "--max-questions", "the most questions asked about one article (default "
             "400); an article that needs more becomes an error record", _number(int, 1, "a whole number ≥ 1")),
    Variable("EXTRACTOR_MAX_CONCURRENCY", None, "requests one Extractor sends at once from async code (default 8; "
             "the command line sets it from -c)", _number(int, 1, "a whole number ≥ 1")),
    Variable("EXTRACTOR_CACHE_DIR", None, "where the embedded model is assembled and the response cache kept "
             "(default: the user cache directory)", Path),
    Variable("EXTRACTOR_RESPONSE_CACHE", "--cache", "the sqlite response cache (default: responses.sqlite in the "
             "cache directory)", Path),
    Variable("EXTRACTOR_CALIBRATION", "--calibration", "a calibration file for the model (`extractor calibrate`); "
             "default: the one that ships for the model, if any", Path),
    Variable("EXTRACTOR_READER", None, "a learned reader (`extractor learn-reader`); default: the one that ships, "
             "which reads only where it beat the hand rules on dev (it did not: the hand rules read)", Path),
    Variable("EXTRACTOR_API_KEYS", None, "`extractor serve`: the API keys callers must send, comma-separated "
             "(also --keys-file); none: the service answers only on loopback"),
)}
# Settings field → its variable.
_FIELDS = {
    "base_url": "EXTRACTOR_BASE_URL", "model": "EXTRACTOR_MODEL", "api_key": "EXTRACTOR_API_KEY",
    "mode": "EXTRACTOR_MODE", "schema_grammar": "EXTRACTOR_SCHEMA_GRAMMAR", "max_tokens": "EXTRACTOR_MAX_TOKENS",
    "timeout": "EXTRACTOR_TIMEOUT", "time_budget": "EXTRACTOR_TIME_BUDGET", "max_reasks": "EXTRACTOR_MAX_REASKS", "max_repairs": "EXTRACTOR_MAX_REPAIRS",
    "transport_retries": "EXTRACTOR_TRANSPORT_RETRIES", "max_chars": "EXTRACTOR_MAX_CHARS",
    "max_questions": "EXTRACTOR_MAX_QUESTIONS", "max_concurrency": "EXTRACTOR_MAX_CONCURRENCY",
    "response_cache": "EXTRACTOR_RESPONSE_CACHE", "calibration": "EXTRACTOR_CALIBRATION",
    "reader": "EXTRACTOR_READER",
}


def env_value(name: str) -> Any:
    """One variable, parsed; None when unset or empty. A value that does not parse is a ConfigError."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return None
    return _parsed(ENV[name], raw.strip())


def _parsed(variable: Variable, raw: Any) -> Any:
    if not isinstance(raw, str):
        raw = str(raw)
    try:
        return variable.parse(raw)
    except ValueError as e:
        where = f"{variable.flag} / {variable.name}" if variable.flag else variable.name
        raise ConfigError(f"{where}: expected {e}, got {raw!r}") from None


def cache_dir() -> Path:
    """Where the embedded model is assembled and the response cache kept."""
    return env_value("EXTRACTOR_CACHE_DIR") or Path(platformdirs.user_cache_dir("extractor"))


def check_base_url(url: str) -> str:
    """An http(s) URL with a host and a valid port, or a ConfigError saying what is wrong."""
    try:
        parts = urlsplit(url)  # raises on a malformed IPv6 host ("http://[::1")
    except ValueError as error:
        raise ConfigError(f"--base-url / EXTRACTOR_BASE_URL: {url!r} is not a URL ({error})") from None
    try:
        parts.port  # noqa: B018 (raises on a port that is not a number in range)
    except ValueError:
        raise ConfigError(f"--base-url / EXTRACTOR_BASE_URL: {url!r} has a port that is not a number from 1 to "
                          f"65535") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"--base-url / EXTRACTOR_BASE_URL: expected an http(s) URL such as "
                          f"https://api.openai.com/v1, got {url!r}")
    return url


@dataclass(frozen=True)
class Settings:
    """How to reach the model and how much to allow. Every field but temperature has an EXTRACTOR_* variable."""

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
    use_model: bool = True  # False: code's reading alone (--no-model)
    max_chars: int = 200_000  # any news article is far shorter; a 5 MB file is not an article
    time_budget: float = 900.0  # seconds an article may take in all (extractor.budget); the embedded model needs ~200
    max_questions: int = 400  # counts asked about; a typical article has under 20
    max_concurrency: int = 8  # requests in flight from one Extractor's async calls
    response_cache: Path | None = None  # None: responses.sqlite in cache_dir()
    calibration: Path | None = None  # None: the calibration that ships for the model, if any
    reader: Path | None = None  # None: the learned reader that ships, if it decides (extractor.reading.learned)

    def __post_init__(self):
        if self.mode not in MODES:
            raise ConfigError(f"--mode / EXTRACTOR_MODE: expected {' or '.join(MODES)}, got {self.mode!r}")
        if self.base_url is not None:
            check_base_url(self.base_url)
            if not self.model:
                raise ConfigError("a base URL needs the model's name at that endpoint: give --model or "
                                  "EXTRACTOR_MODEL")
        for name in ("max_tokens", "timeout", "time_budget", "max_reasks", "max_repairs", "transport_retries",
                     "max_chars",
                     "max_questions", "max_concurrency"):
            _parsed(ENV[_FIELDS[name]], getattr(self, name))  # the same checks as the environment's

    @classmethod
    def from_env(cls, **overrides: Any) -> "Settings":
        """Defaults, then EXTRACTOR_* variables, then `overrides` (flags; None means not given)."""
        values: dict[str, Any] = {}
        for name, variable in _FIELDS.items():
            value = env_value(variable)
            if value is not None:
                values[name] = value
        if env_value("EXTRACTOR_NO_MODEL"):
            values["use_model"] = False
        if "api_key" not in values and values.get("base_url") and os.environ.get("OPENAI_API_KEY"):
            values["api_key"] = os.environ["OPENAI_API_KEY"]
        unknown = set(overrides) - {f.name for f in dataclasses.fields(cls)}
        if unknown:
            raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
        for name, value in overrides.items():
            if value is not None:
                values[name] = _parsed(ENV[_FIELDS[name]], value) if name in _FIELDS and name not in (
                    "base_url", "model", "api_key", "response_cache", "calibration", "reader") else value
        return cls(**values)

    def replace(self, **changes: Any) -> "Settings":
        return dataclasses.replace(self, **changes)

    @property
    def local(self) -> bool:
        return self.base_url is None

    @property
    def response_cache_path(self) -> Path:
        return Path(self.response_cache) if self.response_cache else cache_dir() / "responses.sqlite"
