"""API: who am I, units, employees and users of the caller's organisation.

Scoped exactly like the pages: reads go through the access functions, writes through
the actions. Ids in a request body that the caller may not use get 404 ("Unknown unit: 12"), the
same answer as for an id that does not exist.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import CursorPagination, paginate

from lytt.accounts import access, actions
from lytt.accounts.access import principal_of, require_scope
from lytt.accounts.models import Employee, Membership, Unit

router = Router()


class MeOut(Schema):
    organisation_id: int
    role: str
    unit_path: str | None
    employee_id: int | None


@router.get("/me", response=MeOut, summary="The caller's organisation, role and scope")
def me(request: HttpRequest) -> MeOut:
    scope = require_scope(principal_of(request))
    return MeOut(
        organisation_id=scope.organisation_id,
        role=scope.role,
        unit_path=scope.unit_path,
        employee_id=scope.employee_id,
    )


def _unit_ref(principal: Any, unit_id: int, perm: str) -> Unit:
    """A unit named in a request body; 404 naming the id when outside the caller's scope."""
    try:
        return access.access_unit(principal, unit_id, perm)
    except Http404:
        raise HttpError(404, _("Unknown unit: %(id)s") % {"id": unit_id}) from None


def _employee_ref(principal: Any, employee_id: int, perm: str) -> Employee:
    try:
        return access.access_employee(principal, employee_id, perm)
    except Http404:
        raise HttpError(404, _("Unknown employee: %(id)s") % {"id": employee_id}) from None


# Units -------------------------------------------------------------------------------


class UnitOut(Schema):
    id: int
    name: str
    kind: str
    parent_id: int | None
    path: str
    depth: int
    channels: list[str]
    language: str
    city: str
    external_id: str
    created_at: datetime


class UnitIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    kind: str = Field(..., description="chain, region, shop, restaurant, contact_centre, other")
    parent_id: int | None = None
    channels: list[str] = Field(
        default_factory=list, description="in_person, phone, chat, email, web"
    )
    language: str | None = Field(None, description="nb, nn, sv, da or en")
    city: str = Field("", max_length=100)
    external_id: str = Field("", max_length=100)


class UnitPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    kind: str | None = None
    parent_id: int | None = Field(
        None, description="Move the unit (with its subtree) under this unit"
    )
    channels: list[str] | None = None
    language: str | None = None
    city: str | None = Field(None, max_length=100)
    external_id: str | None = Field(None, max_length=100)


@router.get("/units", response=list[UnitOut], summary="Units in the caller's scope")
@paginate(CursorPagination, ordering=("id",))
def list_units(request: HttpRequest) -> Any:
    return access.units_visible(principal_of(request))


@router.get("/units/{unit_id}", response=UnitOut, summary="One unit")
def get_unit(request: HttpRequest, unit_id: int) -> Unit:
    return access.access_unit(principal_of(request), unit_id)


@router.post("/units", response={201: UnitOut}, summary="Create a unit")
def create_unit(request: HttpRequest, payload: UnitIn) -> Status[Unit]:
    principal = principal_of(request)
    access.require_scope(principal, "units.manage")
    organisation = access.access_organisation(principal)
    parent = (
        _unit_ref(principal, payload.parent_id, "units.manage")
        if payload.parent_id is not None
        else None
    )
    unit = actions.do_create_unit(
        principal,
        organisation,
        name=payload.name,
        kind=payload.kind,
        parent=parent,
        channels=payload.channels,
        language=payload.language,
        city=payload.city,
        external_id=payload.external_id,
    )
    return Status(201, unit)


@router.patch("/units/{unit_id}", response=UnitOut, summary="Change or move a unit")
def update_unit(request: HttpRequest, unit_id: int, payload: UnitPatch) -> Unit:
    principal = principal_of(request)
    unit = access.access_unit(principal, unit_id, "units.manage")
    changes = payload.dict(exclude_unset=True)
    if "parent_id" in changes:
        parent_id = changes.pop("parent_id")
        changes["parent"] = (
            _unit_ref(principal, parent_id, "units.manage") if parent_id is not None else None
        )
    for key in ("name", "kind", "channels", "language", "city", "external_id"):
        if key in changes and changes[key] is None:
            raise ValidationError(_("%(field)s cannot be empty.") % {"field": key})
    return actions.do_update_unit(principal, unit, **changes)


# Employees ---------------------------------------------------------------------------


class EmployeeOut(Schema):
    id: int
    name: str
    unit_id: int
    email: str
    external_id: str
    active: bool
    created_at: datetime


class EmployeeIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    unit_id: int
    email: str = Field("", max_length=254)
    external_id: str = Field("", max_length=100)


class EmployeePatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    unit_id: int | None = None
    email: str | None = Field(None, max_length=254)
    external_id: str | None = Field(None, max_length=100)
    active: bool | None = None


def _check_email(email: str) -> None:
    if email:
        from django.core.validators import validate_email

        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(_("Enter a valid e-mail address.")) from None


@router.get("/employees", response=list[EmployeeOut], summary="Employees in the caller's scope")
@paginate(CursorPagination, ordering=("id",))
def list_employees(
    request: HttpRequest,
    unit_id: int | None = None,
    q: str | None = None,
    active: bool | None = None,
) -> Any:
    """Filter by `unit_id` (the unit's whole subtree), `q` (name, e-mail or employee
    number contains) and `active`."""
    principal = principal_of(request)
    qs = access.employees_visible(principal)
    if unit_id is not None:
        unit = access.access_unit(principal, unit_id)
        qs = qs.filter(unit__path__startswith=unit.path)
    if q:
        q = q.strip()[:100]
        qs = qs.filter(Q(name__icontains=q) | Q(email__icontains=q) | Q(external_id__icontains=q))
    if active is not None:
        qs = qs.filter(active=active)
    return qs


@router.get("/employees/{employee_id}", response=EmployeeOut, summary="One employee")
def get_employee(request: HttpRequest, employee_id: int) -> Employee:
    return access.access_employee(principal_of(request), employee_id)


@router.post("/employees", response={201: EmployeeOut}, summary="Add an employee")
def create_employee(request: HttpRequest, payload: EmployeeIn) -> Status[Employee]:
    principal = principal_of(request)
    access.require_scope(principal, "employees.manage")
    unit = _unit_ref(principal, payload.unit_id, "employees.manage")
    _check_email(payload.email)
    employee = actions.do_create_employee(
        principal, unit, name=payload.name, email=payload.email, external_id=payload.external_id
    )
    return Status(201, employee)


@router.patch("/employees/{employee_id}", response=EmployeeOut, summary="Change an employee")
def update_employee(request: HttpRequest, employee_id: int, payload: EmployeePatch) -> Employee:
    principal = principal_of(request)
    employee = access.access_employee(principal, employee_id, "employees.manage")
    changes = payload.dict(exclude_unset=True)
    if "unit_id" in changes:
        unit_id = changes.pop("unit_id")
        if unit_id is None:
            raise ValidationError(_("An employee needs a unit."))
        changes["unit"] = _unit_ref(principal, unit_id, "employees.manage")
    for key in ("name", "active", "external_id"):
        if key in changes and changes[key] is None:
            raise ValidationError(_("%(field)s cannot be empty.") % {"field": key})
    if "email" in changes:
        changes["email"] = changes["email"] or ""
        _check_email(changes["email"])
    return actions.do_update_employee(principal, employee, **changes)


# Users -------------------------------------------------------------------------------


class UserOut(Schema):
    id: int = Field(..., alias="user_id")
    email: str = Field(..., alias="user.email")
    name: str = Field(..., alias="user.name")
    role: str
    unit_id: int | None
    employee_id: int | None
    active: bool = Field(..., alias="user.is_active")


class InvitationIn(Schema):
    email: str = Field(..., max_length=254)
    name: str = Field("", max_length=200)
    role: str = Field(..., description="admin, cx_manager, unit_manager, employee, evaluator")
    unit_id: int | None = Field(None, description="Required for unit_manager")
    employee_id: int | None = Field(None, description="Required for employee")
    language: str | None = Field(None, description="Language of the e-mail: nb, nn, sv, da, en")


class InvitationOut(Schema):
    id: int
    email: str
    role: str
    unit_id: int | None
    employee_id: int | None
    expires_at: datetime


class UserPatch(Schema):
    role: str | None = None
    unit_id: int | None = None
    employee_id: int | None = None
    active: bool | None = None


@router.get("/users", response=list[UserOut], summary="Users of the organisation")
@paginate(CursorPagination, ordering=("id",))
def list_users(request: HttpRequest) -> Any:
    return access.memberships_visible(principal_of(request))


@router.get("/users/{user_id}", response=UserOut, summary="One user")
def get_user(request: HttpRequest, user_id: int) -> Membership:
    return access.access_membership(principal_of(request), user_id)


@router.post(
    "/users",
    response={201: InvitationOut},
    summary="Invite a user: creates an invitation and e-mails the link",
)
def invite_user(request: HttpRequest, payload: InvitationIn) -> Status[Any]:
    principal = principal_of(request)
    access.require_scope(principal, "users.manage")
    organisation = access.access_organisation(principal)
    _check_email(payload.email)
    if not payload.email:
        raise ValidationError(_("Enter a valid e-mail address."))
    unit = (
        _unit_ref(principal, payload.unit_id, "users.manage")
        if payload.unit_id is not None
        else None
    )
    employee = (
        _employee_ref(principal, payload.employee_id, "users.manage")
        if payload.employee_id is not None
        else None
    )
    issued = actions.do_invite_user(
        principal,
        organisation,
        email=payload.email,
        name=payload.name,
        role=payload.role,
        unit=unit,
        employee=employee,
        language=payload.language,
    )
    return Status(201, issued.invitation)


@router.patch("/users/{user_id}", response=UserOut, summary="Change a user's role or status")
def update_user(request: HttpRequest, user_id: int, payload: UserPatch) -> Membership:
    principal = principal_of(request)
    membership = access.access_membership(principal, user_id, "users.manage")
    changes = payload.dict(exclude_unset=True)
    if {"role", "unit_id", "employee_id"} & changes.keys():
        role = changes.get("role") or membership.role
        unit_id = changes.get("unit_id", membership.unit_id)
        employee_id = changes.get("employee_id", membership.employee_id)
        actions.do_change_membership(
            principal,
            membership,
            role=role,
            unit=_unit_ref(principal, unit_id, "users.manage") if unit_id else None,
            employee=(
                _employee_ref(principal, employee_id, "users.manage") if employee_id else None
            ),
        )
    if changes.get("active") is not None:
        actions.do_set_user_active(principal, membership, active=changes["active"])
    return access.access_membership(principal, user_id, "users.manage")
