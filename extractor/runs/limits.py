"""Optional client-side rate limits: requests per minute and tokens per minute, as token buckets shared by every
request of a batch. (Retry-After from the server is honoured separately, in the transport retries.)"""

from __future__ import annotations

import asyncio
import time


class RateLimiter:
    def __init__(self, requests_per_minute: float | None = None, tokens_per_minute: float | None = None,
                 clock=time.monotonic, sleep=asyncio.sleep):
        self.rpm, self.tpm = requests_per_minute, tokens_per_minute
        self._requests = float(requests_per_minute or 0)
        self._tokens = float(tokens_per_minute or 0)
        self._clock, self._sleep = clock, sleep
        self._last = clock()
        self._lock = asyncio.Lock()

    def _refill(self) -> None:
        now = self._clock()
        elapsed, self._last = now - self._last, now
        if self.rpm:
            self._requests = min(self.rpm, self._requests + elapsed * self.rpm / 60)
        if self.tpm:
            self._tokens = min(self.tpm, self._tokens + elapsed * self.tpm / 60)

    def _wait_for(self, tokens: float) -> float:
        """Seconds until one request of `tokens` may go; 0 when it may go now."""
        waits = [0.0]
        if self.rpm and self._requests < 1:
            waits.append((1 - self._requests) * 60 / self.rpm)
        if self.tpm:
            need = min(tokens, self.tpm)  # a request larger than the bucket waits for a full bucket, not forever
            if self._tokens < need:
                waits.append((need - self._tokens) * 60 / self.tpm)
        return max(waits)

    async def acquire(self, tokens: float = 0) -> None:
        async with self._lock:  # first come, first served
            while True:
                self._refill()
                wait = self._wait_for(tokens)
                if wait <= 0:
                    break
                await self._sleep(wait)
            if self.rpm:
                self._requests -= 1
            if self.tpm:
                self._tokens -= min(tokens, self.tpm)

    def spent(self, correction: float) -> None:
        """Correct the token estimate once the real usage is known (negative: tokens given back)."""
        if self.tpm:
            self._tokens = min(self.tpm, self._tokens - correction)
