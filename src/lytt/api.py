"""The JSON API at /api/v1/: one NinjaAPI, a router per capability."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyHeader, HttpBearer, django_auth
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from lytt.accounts.access import TokenPrincipal, scope_of
from lytt.accounts.actions import authenticate_token
from lytt.lib.problems import problem


class TokenAuth(HttpBearer):
    """`Authorization: Bearer lytt_...`: a token scoped to an organisation and role."""

    def authenticate(self, request: HttpRequest, token: str) -> TokenPrincipal | None:
        found = authenticate_token(token)
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
    throttle=[AnonRateThrottle(rate), AuthRateThrottle(rate)],
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def principal(request: HttpRequest) -> Any:
    """The authenticated principal (user or token) of an API request."""
    return getattr(request, "lytt_principal", None) or request.auth  # type: ignore[attr-defined]


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(request, 404, _("Not found"), _("No such object, or you may not see it."))


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(request, 403, _("Forbidden"), _("Your role does not allow this."))


@api.exception_handler(AuthenticationError)
def _unauthorised(request: HttpRequest, exc: Exception) -> HttpResponse:
    response = problem(
        request,
        401,
        _("Not authenticated"),
        _("Send a valid token: Authorization: Bearer <token>."),
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(NinjaValidationError)
def _invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        {"field": ".".join(str(p) for p in e.get("loc", [])[1:]), "message": e.get("msg", "")}
        for e in exc.errors
    ]
    return problem(
        request,
        422,
        _("Invalid input"),
        _("Some fields are missing or invalid."),
        "invalid-input",
        errors=errors,
    )


@api.exception_handler(DjangoValidationError)
def _rejected(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    return problem(request, 422, _("Invalid input"), " ".join(exc.messages), "invalid-input")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(request, exc.status_code, str(exc), str(exc))


api.add_router("/", "lytt.accounts.api.router", tags=["organisation"])
api.add_router("/surveys", "lytt.surveys.api.router", tags=["surveys"])
api.add_router("/", "lytt.feedback.api.router", tags=["feedback"])
api.add_router("/invitations", "lytt.invitations.api.router", tags=["invitations"])
api.add_router("/mystery", "lytt.evaluations.api.router", tags=["mystery shopping"])
api.add_router("/imports", "lytt.imports.api.router", tags=["imports"])
api.add_router("/reviews", "lytt.reviews.api.router", tags=["public reviews"])
api.add_router("/jobs", "lytt.jobs.api.router", tags=["jobs"])
