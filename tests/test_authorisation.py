"""Every page and API operation, for every persona: allowed ones succeed, others get
401/403/404 (or the login page) and never the object's data."""

from __future__ import annotations

import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from lytt.api import api
from lytt.testing.authz import PUBLIC_ROUTES, AuthzCase, all_cases
from lytt.testing.world import PERSONAS, World

CASES = all_cases()
DENIED = {302, 401, 403, 404, 405}


def _url_names(resolver: URLResolver | None = None, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _url_names(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(prefix + entry.name)
    return names


def _api_operations() -> set[str]:
    schema = api.get_openapi_schema()
    return {
        f"api:{op['operationId']}"
        for methods in schema["paths"].values()
        for op in methods.values()
        if isinstance(op, dict) and "operationId" in op
    }


def _page_routes() -> set[str]:
    # The API's own URL names are covered through their operation ids.
    return {n for n in _url_names() if not n.startswith("api:")} | {
        "api:openapi-json",
        "api:openapi-view",
    }


def test_every_route_has_an_authorisation_case() -> None:
    covered = {case.route for case in CASES} | set(PUBLIC_ROUTES)
    missing = sorted((_page_routes() | _api_operations()) - covered)
    assert not missing, f"routes without an authorisation case: {missing}"


def test_cases_name_real_routes() -> None:
    known = _page_routes() | _api_operations()
    unknown = sorted({case.route for case in CASES} - known)
    assert not unknown, f"authorisation cases for unknown routes: {unknown}"


def _call(world: World, case: AuthzCase, persona: str | None):
    target = case.build(world)
    client = world.api(persona, personal=case.personal) if case.api else world.client(persona)
    method = getattr(client, case.method.lower())
    if case.method == "GET":
        return target, method(target.url)
    if case.json:
        return target, method(
            target.url, data=json.dumps(target.data or {}), content_type="application/json"
        )
    return target, method(target.url, data=target.data or {})


@pytest.mark.django_db(databases="__all__")  # with the intake journal on SQLite
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_authorisation(world: World, case: AuthzCase) -> None:
    # Denied personas first, so an allowed write cannot hide what a denied one saw.
    order = [p for p in PERSONAS if p not in case.can] + [p for p in PERSONAS if p in case.can]
    for persona in [None, *order]:
        target, response = _call(world, case, persona)
        allowed = persona in case.can
        label = f"{case.id} as {persona or 'anonymous'}"
        if allowed:
            assert response.status_code < 400, f"{label}: {response.status_code}"
        else:
            assert response.status_code in DENIED, f"{label}: got {response.status_code}"
            if response.status_code == 302:
                assert "/accounts/login/" in response["Location"], label
        sees = case.sees if case.sees is not None else case.can
        if target.marker and persona not in sees:
            body = response.content.decode("utf-8", "replace")
            assert target.marker not in body, f"{label}: response shows {target.marker!r}"
