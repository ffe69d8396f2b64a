"""The authorisation registry.

Every URL pattern and every API operation must have at least one `AuthzCase` (in some
capability's `tests/authz_cases.py`, as a list named `CASES`) or be declared public in
`PUBLIC_ROUTES` with a reason. `tests/test_authorisation.py` runs every case for every
persona and fails when a route has neither, so no page can leak across organisations or
units unnoticed.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lytt.testing.world import PERSONAS, World

ANYONE = frozenset(PERSONAS)


@dataclass(frozen=True)
class Target:
    url: str
    data: dict[str, Any] | None = None
    marker: str | None = None  # text identifying the object; must not leak to others


@dataclass(frozen=True)
class AuthzCase:
    route: str  # URL pattern name ("accounts:unit-list") or "api:<operationId>"
    build: Callable[[World], Target]
    can: frozenset[str]  # personas that get a success (< 400)
    method: str = "GET"
    api: bool = False  # send the persona's API token instead of a session
    personal: bool = False  # with `api`: the persona's personal token, not a role token
    json: bool = False  # send data as JSON
    sees: frozenset[str] | None = None  # personas whose response may show marker (default: can)
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        kind = (" personal" if self.personal else " api") if self.api else ""
        return f"{self.route}[{self.method}{kind}{' ' + self.note if self.note else ''}]"


# Routes anyone may call, with the reason. Add to this only with a reason a reviewer accepts.
PUBLIC_ROUTES: dict[str, str] = {
    "healthz": "liveness probe, says nothing about tenants",
    "readyz": "readiness probe, says nothing about tenants",
    "set_language": "switches the interface language",
    "accounts:login": "the login page",
    "accounts:logout": "logging out",
    "accounts:password_reset": "asks for a reset link; same answer whether the address exists",
    "accounts:password_reset_done": "static confirmation page",
    "accounts:password_reset_confirm": "protected by the signed, expiring reset token",
    "accounts:accept": "protected by the secret invitation token",
    "invite:answer": "a customer's one-time survey link; protected by its secret token",
    "invite:unsubscribe": "unsubscribe from invitations; protected by the invitation's secret token",
    "api:openapi-json": "the API schema",
    "api:openapi-view": "the API documentation page",
    "respond:survey": "the public respondent page, reached by an unguessable touchpoint token",
}


def all_cases() -> list[AuthzCase]:
    import lytt

    cases: list[AuthzCase] = []
    for module in pkgutil.iter_modules(lytt.__path__):
        name = f"lytt.{module.name}.tests.authz_cases"
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue
            raise
        cases.extend(mod.CASES)
    return cases
