"""API rate limits counted in fixed windows.

django-ninja's own throttles keep every request's timestamp of the last period in the
cache and rewrite the whole list on each request, which costs more as a client sends
more (at 1,000 requests/s, a list of 60,000 floats pickled per request). These count
requests per client in the current window with one `add`/`incr` on the cache: constant
cost, at most twice the rate across a window boundary, the usual trade of fixed windows.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'600/m' -> (600, 60)."""
    count, _, period = rate.partition("/")
    seconds = _PERIODS.get(period.strip()[:1])
    if not count.strip().isdigit() or seconds is None:
        raise ValueError(f"Invalid rate: {rate!r} (expected e.g. 600/m)")
    return int(count), seconds


class WindowThrottle(BaseThrottle):
    scope = "window"

    def __init__(self, rate: str):
        self.limit, self.period = parse_rate(rate)
        self._retry_after: float | None = None

    def ident(self, request: HttpRequest) -> str | None:
        raise NotImplementedError

    def allow_request(self, request: HttpRequest) -> bool:
        ident = self.ident(request)
        if ident is None:
            return True
        now = time.time()
        window = int(now // self.period)
        key = f"throttle:{self.scope}:{ident}:{window}"
        try:  # the common case: the window's counter exists
            count = int(cache.incr(key))
        except ValueError:
            if cache.add(key, 1, self.period + 1):
                return True
            count = int(cache.incr(key))  # another request created it meanwhile
        if count <= self.limit:
            return True
        self._retry_after = (window + 1) * self.period - now
        return False

    def wait(self) -> float | None:
        return self._retry_after


class AnonWindowThrottle(WindowThrottle):
    """Requests without credentials, per client address."""

    scope = "anon"

    def ident(self, request: HttpRequest) -> str | None:
        if getattr(request, "auth", None) is not None:
            return None
        return self.get_ident(request)


class AuthWindowThrottle(WindowThrottle):
    """Authenticated requests, per token or user."""

    scope = "auth"

    def ident(self, request: HttpRequest) -> str | None:
        auth: Any = getattr(request, "auth", None)
        if auth is None:
            return self.get_ident(request)
        return str(getattr(auth, "pk", None) or auth).replace(" ", "-")
