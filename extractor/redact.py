"""One redactor for every message that came from upstream: a model server or gateway may echo the request's
Authorization header or key in its error body, and that message would otherwise reach a result file, the terminal,
the service's log and an HTTP body that any caller can read. Keys the process was configured with are removed
wherever they appear; anything shaped like a credential is removed even when it is not one of ours."""

from __future__ import annotations

import re
import threading

MASK = "[redacted]"

_SHAPES = re.compile(
    r"(?i)\bbearer\s+[^\s\"',;}]+"                                     # Authorization: Bearer <token>
    r"|(?<![\w-])sk-[A-Za-z0-9_\-]{8,}"                                 # OpenAI-style keys
    r"|\b(?:authorization|x-api-key|api[-_]?key|access[-_]?token)\b[\"']?\s*[:=]\s*[\"']?(?:bearer\s+)?[^\s\"',;}]+")

_lock = threading.Lock()
_secrets: set[str] = set()


def register(secret: str | None) -> None:
    """Remember a key this process was given (long enough to be one), so that it is removed wherever it shows."""
    if secret and len(secret) >= 8 and secret != "not-needed":
        with _lock:
            _secrets.add(secret)


def redact(text: str) -> str:
    """The text without any configured key or credential-shaped token."""
    if not text:
        return text
    for secret in sorted(_secrets, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return _SHAPES.sub(lambda m: _keep_name(m.group(0)), text)


def _keep_name(found: str) -> str:
    """'Authorization: Bearer abc' → 'Authorization: [redacted]': the reader still sees what was there."""
    name = re.match(r"(?i)(authorization|x-api-key|api[-_]?key|access[-_]?token)[\"']?\s*[:=]\s*[\"']?", found)
    return (name.group(0) if name else "") + MASK
