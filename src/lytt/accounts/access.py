"""Scoped access to tenant data.

Every read of tenant data goes through these functions. A principal (a logged-in user
or an API token) has a `Scope`: one organisation, a role, and optionally the path of the
unit subtree it is limited to. Objects outside the scope raise `Http404` (we do not
reveal that they exist); a role lacking a permission altogether raises `PermissionDenied`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from lytt.accounts.models import (
    ApiToken,
    AuditEvent,
    Employee,
    Invitation,
    Membership,
    Organisation,
    Role,
    Unit,
    User,
)

# What each role may do. Object-level scope (organisation, unit subtree, own employee)
# is applied on top of this by the access functions.
PERMISSIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset(
        {
            "units.view",
            "units.manage",
            "employees.view",
            "employees.manage",
            "users.view",
            "users.manage",
            "tokens.manage",
            "feedback.view",
            "surveys.view",
            "surveys.manage",
            "themes.manage",
            "feedback.submit",
            "mystery.view",
            "mystery.manage",
            "imports.manage",
            "invitations.manage",
            "invitations.policy",
            "audit.view",
        }
    ),
    Role.CX_MANAGER: frozenset(
        {
            "units.view",
            "units.manage",
            "employees.view",
            "employees.manage",
            "users.view",
            "feedback.view",
            "surveys.view",
            "surveys.manage",
            "themes.manage",
            "feedback.submit",
            "mystery.view",
            "mystery.manage",
            "imports.manage",
            "invitations.manage",
            "invitations.policy",
            "audit.view",
        }
    ),
    Role.UNIT_MANAGER: frozenset(
        {
            "units.view",
            "employees.view",
            "employees.manage",
            "feedback.view",
            "surveys.view",
            "surveys.manage",
            "feedback.submit",
            "invitations.manage",
            "mystery.view",
        }
    ),
    Role.EMPLOYEE: frozenset({"units.view", "feedback.view", "mystery.view"}),
    Role.EVALUATOR: frozenset({"mystery.evaluate"}),
}


@dataclass(frozen=True)
class Scope:
    organisation_id: int
    role: str
    unit_path: str | None  # None: the whole organisation
    employee_id: int | None = None
    user_id: int | None = None

    def has(self, perm: str) -> bool:
        return perm in PERMISSIONS.get(self.role, frozenset())

    def require(self, perm: str) -> None:
        if not self.has(perm):
            raise PermissionDenied(perm)

    @property
    def org_wide(self) -> bool:
        return self.unit_path is None

    def unit_filter(self, field: str = "unit") -> Q:
        """A Q that keeps rows whose `field` (a Unit FK) lies inside this scope."""
        q = Q(**{f"{field}__organisation_id": self.organisation_id})
        if self.unit_path is not None:
            q &= Q(**{f"{field}__path__startswith": self.unit_path})
        return q


class PersonalTokenRequired(PermissionDenied):
    """Work only a person can do (an evaluator's own assignments) was asked for with a
    role token, which belongs to no one. The API answers 403 saying so."""


class HasScope(Protocol):
    lytt_scope: Scope


class TokenPrincipal:
    """The principal of an API request authenticated with a token."""

    is_authenticated = True

    def __init__(self, token: ApiToken):
        self.token = token
        self.pk = None
        self.id = None
        unit_path = token.unit.path if token.unit_id and token.unit else None
        if token.role in (Role.ADMIN, Role.CX_MANAGER):
            unit_path = None
        self.lytt_scope = Scope(token.organisation_id, token.role, unit_path)

    def __str__(self) -> str:
        return f"token {self.token.prefix}"


def scope_of(principal: Any) -> Scope | None:
    """The scope of a user or token, or None when it has no organisation."""
    if principal is None or not getattr(principal, "is_authenticated", False):
        return None
    cached = getattr(principal, "lytt_scope", None)
    if cached is not None:
        return cached
    if not isinstance(principal, User):
        return None
    try:
        membership = Membership.objects.select_related("unit", "employee__unit").get(user=principal)
    except Membership.DoesNotExist:
        return None
    scope = _scope_from_membership(membership, principal.pk)
    principal.lytt_scope = scope  # type: ignore[attr-defined]
    return scope


def _scope_from_membership(m: Membership, user_id: int) -> Scope:
    if m.role in (Role.ADMIN, Role.CX_MANAGER, Role.EVALUATOR):
        return Scope(m.organisation_id, m.role, None, None, user_id)
    if m.role == Role.EMPLOYEE:
        unit = m.employee.unit if m.employee else m.unit
        # An employee without a linked unit sees nothing: an impossible path.
        path = unit.path if unit else "/-/"
        return Scope(m.organisation_id, m.role, path, m.employee_id, user_id)
    path = m.unit.path if m.unit else "/-/"
    return Scope(m.organisation_id, m.role, path, None, user_id)


def require_person(principal: Any, perm: str | None = None) -> Scope:
    """The scope of a principal that is a person: a logged-in user or a personal API
    token. A role lacking `perm` raises `PermissionDenied`; a role token that has it
    raises `PersonalTokenRequired`."""
    scope = require_scope(principal, perm)
    if isinstance(principal, TokenPrincipal) or scope.user_id is None:
        raise PersonalTokenRequired("personal token needed")
    return scope


def principal_of(request: Any) -> Any:
    """The authenticated principal (user or API token) of an API request; set by the
    API's authentication classes in lytt/api.py."""
    return getattr(request, "lytt_principal", None) or request.auth


def require_scope(principal: Any, perm: str | None = None) -> Scope:
    scope = scope_of(principal)
    if scope is None:
        raise PermissionDenied("no organisation")
    if perm:
        scope.require(perm)
    return scope


def access_organisation(principal: Any) -> Organisation:
    scope = require_scope(principal)
    return Organisation.objects.get(pk=scope.organisation_id)


# Units -----------------------------------------------------------------------------


def units_visible(principal: Any, perm: str = "units.view") -> QuerySet[Unit]:
    scope = require_scope(principal, perm)
    qs = Unit.objects.filter(organisation_id=scope.organisation_id)
    if scope.unit_path is not None:
        qs = qs.filter(path__startswith=scope.unit_path)
    return qs


def access_unit(principal: Any, unit_id: Any, perm: str = "units.view") -> Unit:
    try:
        return units_visible(principal, perm).get(pk=int(unit_id))
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise Http404("unit") from None


# Employees -------------------------------------------------------------------------


def employees_visible(principal: Any, perm: str = "employees.view") -> QuerySet[Employee]:
    scope = require_scope(principal, perm)
    qs = Employee.objects.filter(scope.unit_filter("unit"))
    if scope.employee_id is not None:
        qs = qs.filter(pk=scope.employee_id)
    return qs.select_related("unit")


def access_employee(principal: Any, employee_id: Any, perm: str = "employees.view") -> Employee:
    try:
        return employees_visible(principal, perm).get(pk=int(employee_id))
    except (Employee.DoesNotExist, ValueError, TypeError):
        raise Http404("employee") from None


# Users -----------------------------------------------------------------------------


def memberships_visible(principal: Any, perm: str = "users.view") -> QuerySet[Membership]:
    scope = require_scope(principal, perm)
    return Membership.objects.filter(organisation_id=scope.organisation_id).select_related(
        "user", "unit", "employee"
    )


def access_membership(principal: Any, user_id: Any, perm: str = "users.view") -> Membership:
    try:
        return memberships_visible(principal, perm).get(user_id=int(user_id))
    except (Membership.DoesNotExist, ValueError, TypeError):
        raise Http404("user") from None


def open_invitations_visible(principal: Any) -> QuerySet[Invitation]:
    """Invitations not yet accepted and not expired (administrators)."""
    from django.utils import timezone

    scope = require_scope(principal, "users.manage")
    return Invitation.objects.filter(
        organisation_id=scope.organisation_id,
        accepted_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).select_related("unit", "employee")


def tokens_visible(principal: Any) -> QuerySet[ApiToken]:
    scope = require_scope(principal, "tokens.manage")
    return ApiToken.objects.filter(organisation_id=scope.organisation_id).select_related(
        "unit", "user"
    )


def access_token(principal: Any, token_id: Any) -> ApiToken:
    try:
        return tokens_visible(principal).get(pk=int(token_id))
    except (ApiToken.DoesNotExist, ValueError, TypeError):
        raise Http404("token") from None


def personal_tokens_visible(principal: Any) -> QuerySet[ApiToken]:
    """The caller's own personal tokens (any role; a role token has none)."""
    scope = require_person(principal)
    if scope.user_id is None:  # require_person has refused this already; for the types
        raise PersonalTokenRequired("personal token needed")
    return ApiToken.objects.filter(
        organisation_id=scope.organisation_id, user_id=scope.user_id
    ).order_by("-created_at", "-pk")


def access_personal_token(principal: Any, token_id: Any) -> ApiToken:
    try:
        return personal_tokens_visible(principal).get(pk=int(token_id))
    except (ApiToken.DoesNotExist, ValueError, TypeError):
        raise Http404("token") from None


# Audit trail -----------------------------------------------------------------------


def audit_events_visible(principal: Any) -> QuerySet[AuditEvent]:
    """The organisation's audit trail, newest first (admins and CX managers)."""
    scope = require_scope(principal, "audit.view")
    return (
        AuditEvent.objects.filter(organisation_id=scope.organisation_id)
        .select_related("actor")
        .order_by("-at", "-pk")
    )
