"""A simple per-client limit on API requests, so one script cannot crowd out every panel member.

A sliding window of one minute per client address. Behind the project's nginx
(deploy/) every request comes from the proxy, so the address is taken from
X-Forwarded-For only when the direct client is on this machine, where the proxy is.
"""
from __future__ import annotations

import os
import threading
import time
from collections import deque

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

DEFAULT_REQUESTS_PER_MINUTE = 120
WINDOW_S = 60.0
_LOCAL = {"127.0.0.1", "::1"}


def requests_per_minute() -> int:
    """VICTIMS_API_REQUESTS_PER_MINUTE, else 120."""
    text = os.environ.get("VICTIMS_API_REQUESTS_PER_MINUTE", "")
    return int(text) if text.isdigit() and int(text) > 0 else DEFAULT_REQUESTS_PER_MINUTE


class RateLimit:
    """ASGI middleware: a 429 with Retry-After once a client has made its minute's requests."""

    def __init__(self, app: ASGIApp, requests_per_minute: int | None = None, clock=time.monotonic):
        self.app = app
        self.limit = requests_per_minute or globals()["requests_per_minute"]()
        self.clock = clock
        self.seen: dict[str, deque[float]] = {}
        self.lock = threading.Lock()

    def client(self, scope: Scope) -> str:
        host = (scope.get("client") or ("unknown", 0))[0]
        if host in _LOCAL:
            for name, value in scope.get("headers", []):
                if name == b"x-forwarded-for":
                    return value.decode("latin-1").split(",")[-1].strip() or host
        return host

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        now, who = self.clock(), self.client(scope)
        with self.lock:
            times = self.seen.setdefault(who, deque())
            while times and now - times[0] >= WINDOW_S:
                times.popleft()
            refused = len(times) >= self.limit
            if not refused:
                times.append(now)
            retry = int(WINDOW_S - (now - times[0])) + 1 if refused else 0
            if len(self.seen) > 10_000:  # forget clients whose window has passed
                for key in [k for k, v in self.seen.items() if not v or now - v[-1] >= WINDOW_S]:
                    del self.seen[key]
        if refused:
            response = JSONResponse(
                {"error": {"status": 429, "parameter": None,
                           "message": f"more than {self.limit} requests in a minute; try again in {retry} s"}},
                status_code=429, headers={"Retry-After": str(retry)})
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
