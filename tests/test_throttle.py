from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from lytt.lib.throttle import AnonWindowThrottle, AuthWindowThrottle, parse_rate


def test_parse_rate() -> None:
    assert parse_rate("600/m") == (600, 60)
    assert parse_rate("10/s") == (10, 1)
    assert parse_rate("5/hour") == (5, 3600)
    with pytest.raises(ValueError):
        parse_rate("many/m")
    with pytest.raises(ValueError):
        parse_rate("5/fortnight")


def test_counts_per_client_and_refuses_over_the_limit() -> None:
    cache.clear()
    throttle = AnonWindowThrottle("3/h")
    factory = RequestFactory()
    one = factory.get("/", REMOTE_ADDR="10.0.0.1")
    other = factory.get("/", REMOTE_ADDR="10.0.0.2")
    assert [throttle.allow_request(one) for _ in range(4)] == [True, True, True, False]
    wait = throttle.wait()
    assert wait is not None and 0 < wait <= 3600
    assert throttle.allow_request(other)


def test_authenticated_requests_count_per_principal() -> None:
    cache.clear()
    throttle = AuthWindowThrottle("1/h")
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1")
    request.auth = "token lytt_abc"  # type: ignore[attr-defined]
    assert throttle.allow_request(request)
    assert not throttle.allow_request(request)
    request.auth = "token lytt_def"  # type: ignore[attr-defined]
    assert throttle.allow_request(request)
    # Anonymous throttling leaves authenticated requests alone.
    assert AnonWindowThrottle("1/h").allow_request(request)
