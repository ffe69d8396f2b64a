"""The JSON API at /api/v1/: one NinjaAPI, a router per capability."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from lytt.accounts.access import TokenPrincipal, scope_of
from lytt.accounts.actions import authenticate_token_cached
from lytt.accounts.models import User
from lytt.lib.throttle import AnonWindowThrottle, AuthWindowThrottle
from lytt.web.problems import register_problem_handlers


class TokenAuth(HttpBearer):
    """`Authorization: Bearer lytt_...`: a role token scoped to an organisation and role,
    or a personal token that acts as its user (their membership's role and scope)."""

    def authenticate(self, request: HttpRequest, token: str) -> TokenPrincipal | User | None:
        if not token or len(token) > 200:
            return None
        found = authenticate_token_cached(token)
        if found is None:
            return None
        if found.user is not None:
            user = found.user
            user.lytt_token = found  # type: ignore[attr-defined]  # the audit trail names it
            scope = scope_of(user)
            if scope is None or scope.organisation_id != found.organisation_id:
                return None
            request.lytt_principal = user  # type: ignore[attr-defined]
            return user
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
        "Lytt's JSON API. Authenticate with `Authorization: Bearer <token>`. A role token "
        "is created by an administrator and scoped to an organisation, a role and "
        "optionally a unit subtree; a personal token is created by a user on the "
        "'My API tokens' page and acts as that user (needed for an evaluator's "
        "assignments). Errors are problem-details JSON (RFC 9457)."
    ),
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    throttle=[AnonWindowThrottle(rate), AuthWindowThrottle(rate)],
    docs_url="/docs",
    openapi_url="/openapi.json",
)


register_problem_handlers(api)

# Feedback first: its submissions are the most frequent requests, and URL patterns are
# tried in order.
api.add_router("/", "lytt.feedback.api.router", tags=["feedback"])
api.add_router("/", "lytt.accounts.api.router", tags=["organisation"])
api.add_router("/surveys", "lytt.surveys.api.router", tags=["surveys"])
api.add_router("/invitations", "lytt.invitations.api.router", tags=["invitations"])
api.add_router("/mystery", "lytt.evaluations.api.router", tags=["mystery shopping"])
api.add_router("/imports", "lytt.imports.api.router", tags=["imports"])
api.add_router("/reviews", "lytt.reviews.api.router", tags=["public reviews"])
api.add_router("/jobs", "lytt.jobs.api.router", tags=["jobs"])
