"""What keeps a browser from being turned against its user, for `extractor serve` and `extractor review`:

- a Host allowlist (loopback names by default, `--allowed-host` to add), against DNS rebinding: a page on an
  attacker's name that resolves to 127.0.0.1 sends its own name as Host;
- a same-origin check on every state-changing request that carries no bearer key (a browser cannot add one to a
  cross-site request without CORS, which these apps never grant): Fetch Metadata (`Sec-Fetch-Site`) where the browser
  sends it, else the Origin header, must name this site;
- sessions for signed-in browsers: the cookie holds a random id with an expiry, never the key (Sessions);
- failed keys throttled per client (FailedKeys), so keys cannot be guessed at speed."""

from __future__ import annotations

import math
import secrets
import threading
import time
from collections import OrderedDict
from urllib.parse import urlsplit

from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.responses import JSONResponse

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


def allowed_hosts(extra: tuple[str, ...] = ()) -> list[str]:
    return [*LOOPBACK_NAMES, *extra]


def _refuse(why: str) -> JSONResponse:
    return JSONResponse({"error": "forbidden", "message": why}, 403)


class SameOrigin:
    """Refuses a state-changing request without a bearer key that a browser sent from another site."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] in UNSAFE:
            headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
            if not headers.get("authorization", "").lower().startswith("bearer "):
                why = _cross_site(headers)
                if why:
                    await _refuse(why)(scope, receive, send)
                    return
        await self.app(scope, receive, send)


def _cross_site(headers: dict[str, str]) -> str | None:
    site = headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return f"a {site} request from a browser cannot change anything here (send an API key as a bearer header)"
    origin = headers.get("origin")
    if origin and origin != "null":
        if urlsplit(origin).netloc.lower() != headers.get("host", "").lower():
            return "a request from another origin cannot change anything here (send an API key as a bearer header)"
    elif origin == "null":
        return "a request from an opaque origin cannot change anything here"
    return None


def guard(app, hosts: list[str]) -> None:
    """Put both checks in front of an app (the Host check outermost)."""
    app.add_middleware(SameOrigin)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts)


class Sessions:
    """Signed-in browsers: a random id per sign-in, mapped to its owner until it expires or signs out. Bounded: the
    oldest session goes first when there are too many."""

    def __init__(self, lifetime_s: float = 8 * 3600, most: int = 10_000):
        self.lifetime_s, self.most = lifetime_s, most
        self._by_id: OrderedDict[str, tuple[str, float]] = OrderedDict()
        self._lock = threading.Lock()

    def start(self, owner: str) -> str:
        session = secrets.token_urlsafe(32)
        with self._lock:
            self._by_id[session] = (owner, time.time() + self.lifetime_s)
            while len(self._by_id) > self.most:
                self._by_id.popitem(last=False)
        return session

    def owner(self, session: str | None) -> str | None:
        with self._lock:
            found = self._by_id.get(session or "")
            if found is None:
                return None
            if found[1] < time.time():
                del self._by_id[session]
                return None
            return found[0]

    def end(self, session: str | None) -> None:
        with self._lock:
            self._by_id.pop(session or "", None)


class FailedKeys:
    """Wrong keys counted per client address: past `per_minute` of them, the client waits (429 with Retry-After)."""

    def __init__(self, per_minute: int = 10):
        self.per_minute = per_minute
        self._limit = RateLimitItemPerMinute(per_minute)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def wait_s(self, client: str) -> int | None:
        """Seconds the client must wait before trying a key again, or None."""
        if self._limiter.test(self._limit, "failed", client):
            return None
        reset = self._limiter.get_window_stats(self._limit, "failed", client).reset_time
        return max(1, math.ceil(reset - time.time()))

    def failed(self, client: str) -> None:
        self._limiter.hit(self._limit, "failed", client)
