"""API errors as translated problem-details JSON (RFC 9457)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from lytt.accounts.access import PersonalTokenRequired
from lytt.lib.problems import problem


def register_problem_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem(request, 404, _("Not found"), _("No such object, or you may not see it."))

    @api.exception_handler(PermissionDenied)
    def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem(request, 403, _("Forbidden"), _("Your role does not allow this."))

    @api.exception_handler(PersonalTokenRequired)
    def _personal_token_required(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem(
            request,
            403,
            _("Personal token needed"),
            _(
                "This is a person's own work, and a role token belongs to no one. "
                "Create a personal API token on the “My API tokens” page and send that."
            ),
            "personal-token-required",
        )

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
