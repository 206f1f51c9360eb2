"""How much a request may send: a body-size limit per route (413 beyond it), enforced on the declared
Content-Length before anything is read and again on the bytes as they arrive (a chunked body declares none)."""

from __future__ import annotations

from starlette.exceptions import HTTPException

from .errors import error_response


class BodyLimit:
    """ASGI middleware. `limits`: path → (bytes, the option that sets it); other paths get `default` bytes."""

    def __init__(self, app, limits: dict[str, tuple[int, str]], default: int = 64 * 1024):
        self.app = app
        self.limits = limits
        self.default = (default, "")

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit, option = self.limits.get(scope["path"].rstrip("/") or "/", self.default)
        message = f"the body is larger than the {limit:,} bytes allowed" + (f" ({option})" if option else "")
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            return await error_response(413, message)(scope, receive, send)
        received = 0

        async def limited():
            nonlocal received
            event = await receive()
            if event["type"] == "http.request":
                received += len(event.get("body", b""))
                if received > limit:
                    raise HTTPException(413, message)
            return event

        await self.app(scope, limited, send)
