"""The JSON API at /api/v1/: one NinjaAPI, a router per capability."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from lytt.accounts.access import TokenPrincipal, scope_of
from lytt.accounts.actions import authenticate_token
from lytt.accounts.models import ApiToken
from lytt.lib.hashing import sha256_hex
from lytt.lib.throttle import AnonWindowThrottle, AuthWindowThrottle
from lytt.web.problems import register_problem_handlers

# Tokens that authenticated recently, by the SHA-256 of the secret, kept per process for
# TOKEN_TTL seconds: an API client sends many requests in a row, and the lookup would
# otherwise be the most expensive part of a small one. A revoked token is therefore
# refused by every process within TOKEN_TTL seconds. Failed lookups are not kept.
TOKEN_TTL = 5.0
_TOKENS: dict[str, tuple[float, ApiToken]] = {}


def _cached_token(secret: str) -> ApiToken | None:
    key = sha256_hex(secret)
    now = time.monotonic()
    hit = _TOKENS.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    found = authenticate_token(secret)
    if found is not None:
        if len(_TOKENS) > 1000:
            _TOKENS.clear()
        _TOKENS[key] = (now + TOKEN_TTL, found)
    return found


class TokenAuth(HttpBearer):
    """`Authorization: Bearer lytt_...`: a token scoped to an organisation and role."""

    def authenticate(self, request: HttpRequest, token: str) -> TokenPrincipal | None:
        if not token or len(token) > 200:
            return None
        found = _cached_token(token)
        if found is None:
            return None
        principal = TokenPrincipal(found)
        request.lytt_principal = principal  # type: ignore[attr-defined]
        return principal


class SessionAuth(APIKeyHeader):
    """The browser's session (with CSRF), so pages can use the same endpoints."""

    param_name = "X-CSRFToken"

    def __call__(self, request: HttpRequest) -> Any:
        user = django_auth(request)
        if user and scope_of(user) is not None:
            request.lytt_principal = user  # type: ignore[attr-defined]
            return user
        return None

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return None


rate = f"{settings.API_RATE_LIMIT_PER_MINUTE}/m"
api = NinjaAPI(
    title="Lytt API",
    version="1",
    description=(
        "Lytt's JSON API. Authenticate with `Authorization: Bearer <token>`; tokens are "
        "created by an administrator and scoped to an organisation, a role and optionally "
        "a unit subtree. Errors are problem-details JSON (RFC 9457)."
    ),
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    throttle=[AnonWindowThrottle(rate), AuthWindowThrottle(rate)],
    docs_url="/docs",
    openapi_url="/openapi.json",
)


register_problem_handlers(api)

api.add_router("/", "lytt.accounts.api.router", tags=["organisation"])
api.add_router("/surveys", "lytt.surveys.api.router", tags=["surveys"])
api.add_router("/", "lytt.feedback.api.router", tags=["feedback"])
api.add_router("/invitations", "lytt.invitations.api.router", tags=["invitations"])
api.add_router("/mystery", "lytt.evaluations.api.router", tags=["mystery shopping"])
api.add_router("/imports", "lytt.imports.api.router", tags=["imports"])
api.add_router("/reviews", "lytt.reviews.api.router", tags=["public reviews"])
api.add_router("/jobs", "lytt.jobs.api.router", tags=["jobs"])
