from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lytt.accounts import access, actions
from lytt.accounts.forms import (
    EmployeeFilterForm,
    EmployeeForm,
    InviteForm,
    MembershipForm,
    TokenForm,
    UnitForm,
)
from lytt.accounts.models import Channel, Unit


class AcceptInvitationForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=200)
    password = forms.CharField(label=gettext_lazy("Choose a password"), widget=forms.PasswordInput)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        validate_password(password)
        return password


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = actions.find_invitation(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(request.POST or None, initial={"name": invitation.name})
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.do_accept_invitation(
                invitation, name=form.cleaned_data["name"], password=form.cleaned_data["password"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to Lytt."))
            return redirect("web:home")
    return render(
        request, "accounts/accept_invitation.html", {"form": form, "invitation": invitation}
    )


# Organisation pages -------------------------------------------------------------------
#
# Thin views: every read goes through an access function, every write through an action.
# A ValidationError from an action becomes a form error; nothing already stored is lost.


def _apply(form: forms.Form, write: Callable[[], Any]) -> bool:
    """Run an action for a valid form; put its ValidationError on the form."""
    try:
        write()
    except ValidationError as exc:
        form.add_error(None, exc)
        return False
    return True


def _is_htmx(request: HttpRequest) -> bool:
    """An htmx request that wants a fragment (a history restore wants the whole page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    scope = access.require_scope(request.user, "units.view")
    units = list(
        access.units_visible(request.user)
        .annotate(employee_count=Count("employees", filter=Q(employees__active=True)))
        .order_by("path")
    )
    base = min((u.depth for u in units), default=0)
    for unit in units:
        unit.level = unit.depth - base  # type: ignore[attr-defined]
        unit.channel_labels = [  # type: ignore[attr-defined]
            Channel(c).label for c in unit.channels if c in Channel.values
        ]
    can_manage = scope.has("units.manage")
    form = UnitForm(request.user) if can_manage else None
    return render(
        request,
        "accounts/units.html",
        {"units": units, "form": form, "can_manage": can_manage},
    )


@login_required
def unit_create(request: HttpRequest) -> HttpResponse:
    access.require_scope(request.user, "units.manage")
    organisation = access.access_organisation(request.user)
    form = UnitForm(request.user, request.POST or None, initial=_initial_parent(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created: dict[str, Unit] = {}

        def write() -> None:
            created["unit"] = actions.do_create_unit(
                request.user,
                organisation,
                name=data["name"],
                kind=data["kind"],
                parent=data["parent"],
                channels=data["channels"],
                language=data["language"],
                city=data["city"],
                external_id=data["external_id"],
            )

        if _apply(form, write):
            messages.success(request, _("Unit created."))
            return redirect("accounts:unit-detail", created["unit"].pk)
    return render(request, "accounts/unit_form.html", {"form": form, "unit": None})


def _initial_parent(request: HttpRequest) -> dict[str, Any]:
    parent = request.GET.get("parent")
    if not parent:
        return {"language": access.access_organisation(request.user).default_language}
    unit = access.access_unit(request.user, parent, "units.manage")
    return {"parent": unit, "language": unit.language}


@login_required
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    scope = access.require_scope(request.user, "units.view")
    unit = access.access_unit(request.user, unit_id)
    employees = None
    if scope.has("employees.view"):
        employees = list(access.employees_visible(request.user).filter(unit=unit))
    children = list(access.units_visible(request.user).filter(parent=unit).order_by("name"))
    ancestors = list(
        access.units_visible(request.user)
        .filter(pk__in=[int(p) for p in unit.path.strip("/").split("/")[:-1]])
        .order_by("depth")
    )
    return render(
        request,
        "accounts/unit_detail.html",
        {
            "unit": unit,
            "employees": employees,
            "children": children,
            "ancestors": ancestors,
            "channel_labels": [Channel(c).label for c in unit.channels if c in Channel.values],
            "language_name": dict(settings.LANGUAGES).get(unit.language, unit.language),
            "can_manage": scope.has("units.manage"),
            "can_manage_employees": scope.has("employees.manage"),
        },
    )


@login_required
def unit_edit(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access.access_unit(request.user, unit_id, "units.manage")
    initial = {
        "name": unit.name,
        "kind": unit.kind,
        "parent": unit.parent_id,
        "channels": unit.channels,
        "language": unit.language,
        "city": unit.city,
        "external_id": unit.external_id,
    }
    form = UnitForm(request.user, request.POST or None, initial=initial, unit=unit)
    if request.method == "POST" and form.is_valid():
        changes = {k: form.cleaned_data[k] for k in initial}

        def write() -> None:
            actions.do_update_unit(request.user, unit, **changes)

        if _apply(form, write):
            messages.success(request, _("Unit saved."))
            return redirect("accounts:unit-detail", unit.pk)
        unit.refresh_from_db()
    return render(request, "accounts/unit_form.html", {"form": form, "unit": unit})


EMPLOYEES_PER_PAGE = 50


@login_required
def employee_list(request: HttpRequest) -> HttpResponse:
    scope = access.require_scope(request.user, "employees.view")
    filters = EmployeeFilterForm(request.user, request.GET or None)
    employees = access.employees_visible(request.user).order_by("name", "pk")
    if filters.is_valid():
        if filters.cleaned_data["unit"] is not None:
            employees = employees.filter(unit__path__startswith=filters.cleaned_data["unit"].path)
        if filters.cleaned_data["q"]:
            q = filters.cleaned_data["q"].strip()
            employees = employees.filter(
                Q(name__icontains=q) | Q(email__icontains=q) | Q(external_id__icontains=q)
            )
        if not filters.cleaned_data["inactive"]:
            employees = employees.filter(active=True)
    else:
        employees = employees.filter(active=True)
    page = Paginator(employees, EMPLOYEES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filters": filters,
        "query": query.urlencode(),
        "can_manage": scope.has("employees.manage"),
    }
    template = "accounts/_employee_rows.html" if _is_htmx(request) else "accounts/employees.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def employee_create(request: HttpRequest) -> HttpResponse:
    access.require_scope(request.user, "employees.manage")
    initial = {}
    if request.GET.get("unit"):
        initial["unit"] = access.access_unit(request.user, request.GET["unit"], "employees.manage")
    form = EmployeeForm(request.user, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def write() -> None:
            actions.do_create_employee(
                request.user,
                data["unit"],
                name=data["name"],
                email=data["email"],
                external_id=data["external_id"],
            )

        if _apply(form, write):
            messages.success(request, _("Employee added."))
            return redirect("accounts:unit-detail", data["unit"].pk)
    return render(request, "accounts/employee_form.html", {"form": form, "employee": None})


@login_required
def employee_edit(request: HttpRequest, employee_id: int) -> HttpResponse:
    employee = access.access_employee(request.user, employee_id, "employees.manage")
    initial = {
        "name": employee.name,
        "unit": employee.unit_id,
        "email": employee.email,
        "external_id": employee.external_id,
    }
    form = EmployeeForm(request.user, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {k: form.cleaned_data[k] for k in initial}

        def write() -> None:
            actions.do_update_employee(request.user, employee, **changes)

        if _apply(form, write):
            messages.success(request, _("Employee saved."))
            return redirect("accounts:employee-list")
        employee.refresh_from_db()
    return render(request, "accounts/employee_form.html", {"form": form, "employee": employee})


@login_required
@require_POST
def employee_set_active(request: HttpRequest, employee_id: int) -> HttpResponse:
    employee = access.access_employee(request.user, employee_id, "employees.manage")
    active = request.POST.get("active") == "1"
    actions.do_update_employee(request.user, employee, active=active)
    if _is_htmx(request):
        # Inline: swap just this row; the row says the new status.
        return render(request, "accounts/_employee_row.html", {"e": employee, "can_manage": True})
    if active:
        messages.success(request, _("%(name)s is active again.") % {"name": employee.name})
    else:
        messages.success(request, _("%(name)s is deactivated.") % {"name": employee.name})
    return redirect("accounts:employee-list")


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    scope = access.require_scope(request.user, "users.view")
    memberships = access.memberships_visible(request.user).order_by("user__name", "user__email")
    can_manage = scope.has("users.manage")
    invitations = (
        list(access.open_invitations_visible(request.user).order_by("-created_at"))
        if can_manage
        else []
    )
    return render(
        request,
        "accounts/users.html",
        {
            "memberships": list(memberships),
            "invitations": invitations,
            "can_manage": can_manage,
            "form": InviteForm(request.user) if can_manage else None,
        },
    )


@login_required
def user_invite(request: HttpRequest) -> HttpResponse:
    access.require_scope(request.user, "users.manage")
    organisation = access.access_organisation(request.user)
    form = InviteForm(
        request.user, request.POST or None, initial={"language": organisation.default_language}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def write() -> None:
            actions.do_invite_user(
                request.user,
                organisation,
                email=data["email"],
                name=data["name"],
                role=data["role"],
                unit=data["unit"],
                employee=data["employee"],
                language=data["language"],
            )

        if _apply(form, write):
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": data["email"].lower()}
            )
            return redirect("accounts:user-list")
    return render(request, "accounts/user_invite.html", {"form": form})


@login_required
def user_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    membership = access.access_membership(request.user, user_id, "users.manage")
    initial = {"role": membership.role, "unit": membership.unit_id}
    initial["employee"] = membership.employee_id
    form = MembershipForm(request.user, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def write() -> None:
            actions.do_change_membership(
                request.user,
                membership,
                role=data["role"],
                unit=data["unit"],
                employee=data["employee"],
            )

        if _apply(form, write):
            messages.success(request, _("Role changed."))
            return redirect("accounts:user-list")
        membership.refresh_from_db()
    return render(request, "accounts/user_edit.html", {"form": form, "membership": membership})


@login_required
@require_POST
def user_set_active(request: HttpRequest, user_id: int) -> HttpResponse:
    membership = access.access_membership(request.user, user_id, "users.manage")
    active = request.POST.get("active") == "1"
    try:
        actions.do_set_user_active(request.user, membership, active=active)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        name = str(membership.user)
        if active:
            messages.success(request, _("%(name)s can log in again.") % {"name": name})
        else:
            messages.success(request, _("%(name)s is deactivated.") % {"name": name})
    return redirect("accounts:user-list")


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    access.require_scope(request.user, "tokens.manage")
    form = TokenForm(request.user, request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result: dict[str, actions.IssuedToken] = {}

        def write() -> None:
            result["issued"] = actions.do_create_api_token(
                request.user, name=data["name"], role=data["role"], unit=data["unit"]
            )

        if _apply(form, write):
            issued = result["issued"]
            form = TokenForm(request.user)
    tokens = list(access.tokens_visible(request.user).order_by("-created_at", "-pk"))
    response = render(
        request, "accounts/tokens.html", {"tokens": tokens, "form": form, "issued": issued}
    )
    if issued is not None:
        # The secret is on this page only: never cache it.
        add_never_cache_headers(response)
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = access.access_token(request.user, token_id)
    if token.revoked_at is None:
        actions.do_revoke_api_token(request.user, token)
        messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("accounts:token-list")


AUDIT_PER_PAGE = 50


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    events = access.audit_events_visible(request.user)
    page = Paginator(events, AUDIT_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "accounts/audit.html", {"page": page})
