"""Who is calling: API keys (bearer), compared in constant time, and a rate limit per key.

Keys come from EXTRACTOR_API_KEYS (comma-separated) and/or --keys-file (one a line, '#' comments). Only their
sha256 digests are kept; a caller is known by a fingerprint of its key (`key_` + 16 hex digits), which owns its
jobs and names it in the rate limiter. A key is never logged, stored or echoed. With no keys, the service answers
only on loopback and every caller is the one local owner."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import time
from pathlib import Path
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from ..errors import ConfigError

MIN_KEY_LENGTH = 16  # shorter keys can be guessed; `python -c "import secrets; print(secrets.token_urlsafe(32))"`
LOCAL_OWNER = "local"
COOKIE = "extractor_session"  # a signed-in browser's session id (never the key), set by POST /login

bearer = HTTPBearer(auto_error=False, description="An API key of the service (EXTRACTOR_API_KEYS or --keys-file).")


def parse_keys(keys: str | None = None, keys_file: str | Path | None = None) -> tuple[str, ...]:
    """The keys from a comma-separated string and a file, checked; a ConfigError names the bad one by place only."""
    found: list[tuple[str, str]] = []
    for i, key in enumerate(k.strip() for k in (keys or "").split(",")):
        if key:
            found.append((f"EXTRACTOR_API_KEYS key {i + 1}", key))
    if keys_file:
        try:
            lines = Path(keys_file).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as e:
            raise ConfigError(f"--keys-file {keys_file}: cannot read it ({getattr(e, 'strerror', None) or e})") from None
        found += [(f"--keys-file {keys_file} line {n}", line.strip()) for n, line in enumerate(lines, start=1)
                  if line.strip() and not line.strip().startswith("#")]
    for where, key in found:
        if len(key) < MIN_KEY_LENGTH or any(c.isspace() for c in key) or not key.isprintable():
            raise ConfigError(f"{where}: a key must be at least {MIN_KEY_LENGTH} printable characters without spaces")
    return tuple(dict.fromkeys(key for _, key in found))


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).digest()


class Auth:
    def __init__(self, keys: tuple[str, ...], requests_per_minute: int):
        self._digests = [_digest(key) for key in keys]
        self.per_minute = requests_per_minute
        self._limit = RateLimitItemPerMinute(requests_per_minute) if requests_per_minute else None
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    @property
    def required(self) -> bool:
        return bool(self._digests)

    def owner(self, key: str) -> str | None:
        """The key's owner, or None for an unknown key. Every known digest is compared, in constant time each."""
        presented = _digest(key)
        match = None
        for digest in self._digests:
            if hmac.compare_digest(digest, presented):
                match = digest
        return None if match is None else "key_" + hashlib.sha256(match).hexdigest()[:16]

    def spend(self, owner: str) -> None:
        """Count one request against the owner's rate; 429 with Retry-After beyond it."""
        if self._limit is None or self._limiter.hit(self._limit, owner):
            return
        reset = self._limiter.get_window_stats(self._limit, owner).reset_time
        raise HTTPException(429, f"more than {self.per_minute} requests a minute with this key; try again later",
                            headers={"Retry-After": str(max(1, math.ceil(reset - time.time())))})


def client_of(request: Request) -> str:
    return request.client.host if request.client else ""


def check_not_throttled(request: Request) -> None:
    """429 for a client that has sent too many wrong keys lately."""
    wait = request.app.state.failed_keys.wait_s(client_of(request))
    if wait is not None:
        raise HTTPException(429, "too many wrong keys from this address; try again later",
                            headers={"Retry-After": str(wait)})


async def caller(request: Request,
                 credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> str:
    """The dependency every route has: the caller's owner id, after its key (or its browser's session) and its rate
    are checked; wrong keys are throttled per client."""
    auth: Auth = request.app.state.auth
    if auth.required:
        check_not_throttled(request)
        if credentials is not None:
            owner = auth.owner(credentials.credentials)
        else:
            owner = request.app.state.sessions.owner(request.cookies.get(COOKIE))
        if owner is None:
            if credentials is not None:
                request.app.state.failed_keys.failed(client_of(request))
            if request.method == "GET" and "text/html" in request.headers.get("accept", "") \
                    and request.url.path.startswith("/review/"):
                raise HTTPException(303, "sign in first", headers={"Location": f"/login?next={request.url.path}"})
            raise HTTPException(401, "a valid API key is required: send 'Authorization: Bearer <key>'",
                                headers={"WWW-Authenticate": "Bearer"})
    else:
        client = request.client.host if request.client else ""
        if not is_loopback(client):
            raise HTTPException(403, "this service has no API keys, so it answers only on loopback")
        owner = LOCAL_OWNER
    auth.spend(owner)
    return owner
