"""The survey tests read messages in English (the source language); Norwegian is the
interface default."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True, scope="module")
def _english_messages() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _english_requests(request: pytest.FixtureRequest) -> None:
    # Requests get the default language unless the browser asks otherwise.
    if "world" in request.fixturenames:
        settings = request.getfixturevalue("settings")
        settings.LANGUAGE_CODE = "en"
