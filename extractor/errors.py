"""One exception root, a subclass per kind of fault, split by who is at fault: the user's settings or input, the
set-up, the model, the transport. `error_class` is what an error record says; `usage` and `attempts` are what the
article had cost when it failed (every question asked before the failure), so an error record keeps its cost."""

from __future__ import annotations

from typing import Any

from .redact import redact


class ExtractorError(Exception):
    error_class = "internal"

    def __init__(self, message: str = "", *, usage: Any = None, attempts: Any = None):
        super().__init__(redact(message))  # messages quote upstream errors, which may echo a key
        self.usage = usage  # extractor.schemas.Usage, or None when nothing was spent
        self.attempts = attempts  # extractor.schemas.Attempts


class ConfigError(ExtractorError):
    """A setting is missing, does not parse or is out of range (a flag, an EXTRACTOR_* variable, an argument)."""

    error_class = "config"


class OutputError(ExtractorError):
    """The output cannot be written as asked: it is an input, it is not a results file, another run holds it."""

    error_class = "output"


class InputError(ExtractorError):
    """The user's input cannot be processed: missing, empty, binary, not UTF-8, too long, a repeated id."""

    error_class = "input"


class SetupError(ExtractorError):
    """The project is not set up for what was asked (an extra missing, the model file corrupt)."""

    error_class = "setup"


class BackendError(ExtractorError):
    """The model's server could not be reached or kept failing (after transport retries)."""

    error_class = "transport"


class Unreachable(BackendError):
    """The server refused the connection: nothing listens there, so asking again for other articles is pointless."""


class RateLimited(BackendError):
    error_class = "rate_limit"


class TimedOut(BackendError):
    error_class = "timeout"


class OutOfTime(ExtractorError):
    """The article's work ran past its time budget, or its client left: it was stopped (extractor.budget)."""

    error_class = "time_budget"


class InvalidOutput(ExtractorError):
    """The model's answer never validated against the schema within the allowed re-asks."""

    error_class = "invalid_output"
