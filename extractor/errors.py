"""One exception root, a subclass per kind of fault, split by who is at fault: the input, the model, the transport.
`error_class` is what an error record says."""

from __future__ import annotations


class ExtractorError(Exception):
    error_class = "internal"
    # What a failed model call cost before it gave up (set by the backend), so error records keep it.
    usage = None
    attempts = None


class InputError(ExtractorError):
    """The user's input cannot be processed: missing, empty, binary, not UTF-8, too long for the model."""

    error_class = "input"


class SetupError(ExtractorError):
    """The project is not set up for what was asked (an extra missing, the model file corrupt)."""

    error_class = "internal"


class BackendError(ExtractorError):
    """The model's server could not be reached or kept failing (after transport retries)."""

    error_class = "transport"


class RateLimited(BackendError):
    error_class = "rate_limit"


class TimedOut(BackendError):
    error_class = "timeout"


class InvalidOutput(ExtractorError):
    """The model's answer never validated against the schema within the allowed re-asks."""

    error_class = "invalid_output"
