"""pytest fixtures shared by all tests (registered from the repository's conftest.py)."""

from __future__ import annotations

import pytest

from lytt.testing import netguard
from lytt.testing.world import World, build_world

netguard.install()


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def _isolated_cache() -> None:
    from django.core.cache import cache

    cache.clear()
