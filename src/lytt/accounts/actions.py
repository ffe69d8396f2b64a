"""Every write to organisations, units, employees, users and tokens."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lytt.accounts.access import require_scope
from lytt.accounts.audit import record
from lytt.accounts.models import (
    ApiToken,
    Channel,
    Employee,
    Invitation,
    Membership,
    Organisation,
    Role,
    Unit,
    UnitKind,
    User,
)
from lytt.lib.hashing import new_token, sha256_hex

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def _check_language(language: str) -> None:
    if language not in LANGUAGE_CODES:
        raise ValidationError(_("Unknown language: %(code)s") % {"code": language})


def _check_channels(channels: list[str]) -> list[str]:
    valid = set(Channel.values)
    bad = [c for c in channels if c not in valid]
    if bad:
        raise ValidationError(_("Unknown channel: %(name)s") % {"name": ", ".join(bad)})
    return list(dict.fromkeys(channels))


@transaction.atomic
def do_create_organisation(
    actor: Any, *, name: str, slug: str, language: str = "nb"
) -> Organisation:
    _check_language(language)
    if Organisation.objects.filter(slug=slug).exists():
        raise ValidationError(_("An organisation with this short name already exists."))
    org = Organisation.objects.create(name=name, slug=slug, default_language=language)
    record(actor, org.pk, "organisation.created", org, name=name)
    return org


def _place(unit: Unit) -> None:
    parent = unit.parent
    unit.depth = parent.depth + 1 if parent else 0
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"


@transaction.atomic
def do_create_unit(
    actor: Any,
    organisation: Organisation,
    *,
    name: str,
    kind: str,
    parent: Unit | None = None,
    channels: list[str] | None = None,
    language: str | None = None,
    city: str = "",
    external_id: str = "",
) -> Unit:
    if kind not in UnitKind.values:
        raise ValidationError(_("Unknown unit type: %(kind)s") % {"kind": kind})
    if parent is not None and parent.organisation_id != organisation.pk:
        raise ValidationError(_("The parent unit belongs to another organisation."))
    language = language or organisation.default_language
    _check_language(language)
    unit = Unit(
        organisation=organisation,
        parent=parent,
        name=name.strip(),
        kind=kind,
        channels=_check_channels(channels or []),
        language=language,
        city=city,
        external_id=external_id,
        path="/pending/",
    )
    if not unit.name:
        raise ValidationError(_("A unit needs a name."))
    unit.save()
    _place(unit)
    unit.save(update_fields=["path", "depth"])
    record(actor, organisation.pk, "unit.created", unit, name=unit.name, kind=kind)
    return unit


@transaction.atomic
def do_update_unit(actor: Any, unit: Unit, **changes: Any) -> Unit:
    old_path = unit.path
    if "parent" in changes:
        parent = changes.pop("parent")
        if parent is not None:
            if parent.organisation_id != unit.organisation_id:
                raise ValidationError(_("The parent unit belongs to another organisation."))
            if parent.path.startswith(unit.path):
                raise ValidationError(_("A unit cannot be moved inside itself."))
        unit.parent = parent
    if "channels" in changes:
        changes["channels"] = _check_channels(changes["channels"])
    if "kind" in changes and changes["kind"] not in UnitKind.values:
        raise ValidationError(_("Unknown unit type: %(kind)s") % {"kind": changes["kind"]})
    if "language" in changes:
        _check_language(changes["language"])
    if "name" in changes:
        changes["name"] = str(changes["name"]).strip()
        if not changes["name"]:
            raise ValidationError(_("A unit needs a name."))
    for field, value in changes.items():
        setattr(unit, field, value)
    _place(unit)
    unit.save()
    if unit.path != old_path:
        # Move the whole subtree: rewrite the prefix of every descendant's path.
        for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk):
            child.path = unit.path + child.path[len(old_path) :]
            child.depth = child.path.count("/") - 2
            child.save(update_fields=["path", "depth"])
        _forget_tokens_now_and_after_commit()
    record(actor, unit.organisation_id, "unit.updated", unit, fields=sorted(changes))
    return unit


@transaction.atomic
def do_create_employee(
    actor: Any, unit: Unit, *, name: str, email: str = "", external_id: str = ""
) -> Employee:
    if not name.strip():
        raise ValidationError(_("An employee needs a name."))
    employee = Employee.objects.create(
        organisation_id=unit.organisation_id,
        unit=unit,
        name=name.strip(),
        email=email.strip().lower(),
        external_id=external_id,
    )
    record(actor, unit.organisation_id, "employee.created", employee, unit=unit.pk)
    return employee


@transaction.atomic
def do_update_employee(actor: Any, employee: Employee, **changes: Any) -> Employee:
    unit = changes.get("unit")
    if unit is not None and unit.organisation_id != employee.organisation_id:
        raise ValidationError(_("The unit belongs to another organisation."))
    if "name" in changes:
        changes["name"] = str(changes["name"]).strip()
        if not changes["name"]:
            raise ValidationError(_("An employee needs a name."))
    if "email" in changes:
        changes["email"] = str(changes["email"] or "").strip().lower()
    for field, value in changes.items():
        setattr(employee, field, value)
    employee.save()
    record(actor, employee.organisation_id, "employee.updated", employee, fields=sorted(changes))
    return employee


def _check_membership(
    organisation: Organisation,
    role: str,
    unit: Unit | None,
    employee: Employee | None,
    current: Membership | None = None,
) -> None:
    if role not in Role.values:
        raise ValidationError(_("Unknown role: %(role)s") % {"role": role})
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationError(_("The unit belongs to another organisation."))
    if employee is not None and employee.organisation_id != organisation.pk:
        raise ValidationError(_("The employee belongs to another organisation."))
    if role == Role.UNIT_MANAGER and unit is None:
        raise ValidationError(_("A unit manager needs a unit."))
    if role == Role.EMPLOYEE and employee is None:
        raise ValidationError(_("An employee login must be linked to an employee."))
    if employee is not None:
        taken = Membership.objects.filter(employee=employee)
        if current is not None:
            taken = taken.exclude(pk=current.pk)
        if taken.exists():
            raise ValidationError(_("This employee already has a login."))


@transaction.atomic
def do_create_user(
    actor: Any,
    organisation: Organisation,
    *,
    email: str,
    name: str,
    role: str,
    password: str | None = None,
    unit: Unit | None = None,
    employee: Employee | None = None,
    language: str = "",
) -> User:
    _check_membership(organisation, role, unit, employee)
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        raise ValidationError(_("A user with this e-mail already exists."))
    user = User.objects.create_user(email, password, name=name, language=language)
    Membership.objects.create(
        user=user, organisation=organisation, role=role, unit=unit, employee=employee
    )
    record(actor, organisation.pk, "user.created", user, role=role)
    return user


@transaction.atomic
def do_change_membership(
    actor: Any,
    membership: Membership,
    *,
    role: str,
    unit: Unit | None = None,
    employee: Employee | None = None,
) -> Membership:
    _check_membership(membership.organisation, role, unit, employee, current=membership)
    if isinstance(actor, User) and actor.pk == membership.user_id and role != membership.role:
        raise ValidationError(_("You cannot change your own role."))
    # Only the roles that use them keep a unit or an employee link.
    if role != Role.UNIT_MANAGER:
        unit = None
    if role != Role.EMPLOYEE:
        employee = None
    membership.role, membership.unit, membership.employee = role, unit, employee
    membership.save()
    _forget_tokens_now_and_after_commit()
    record(actor, membership.organisation_id, "user.role_changed", membership.user, role=role)
    return membership


@transaction.atomic
def do_set_user_active(actor: Any, membership: Membership, *, active: bool) -> User:
    user = membership.user
    if isinstance(actor, User) and actor.pk == user.pk and not active:
        raise ValidationError(_("You cannot deactivate yourself."))
    user.is_active = active
    user.save(update_fields=["is_active"])
    _forget_tokens_now_and_after_commit()
    if not active:
        # A personal token acts as its user: it must not outlive the login. Revoked, so
        # reactivating the user does not bring old secrets back to life.
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    record(
        actor, membership.organisation_id, "user.activated" if active else "user.deactivated", user
    )
    return user


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    token: str  # the clear token; only in the e-mail, never stored

    @property
    def url(self) -> str:
        return settings.SITE_URL.rstrip("/") + reverse("accounts:accept", args=[self.token])


@transaction.atomic
def do_invite_user(
    actor: Any,
    organisation: Organisation,
    *,
    email: str,
    role: str,
    name: str = "",
    unit: Unit | None = None,
    employee: Employee | None = None,
    language: str | None = None,
) -> IssuedInvitation:
    _check_membership(organisation, role, unit, employee)
    if language:
        _check_language(language)
    email = email.strip().lower()
    if not email:
        raise ValidationError(_("An invitation needs an e-mail address."))
    if User.objects.filter(email=email).exists():
        raise ValidationError(_("A user with this e-mail already exists."))
    token = new_token("inv_")
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        name=name,
        role=role,
        unit=unit,
        employee=employee,
        token_hash=sha256_hex(token),
        invited_by=actor if isinstance(actor, User) else None,
        expires_at=timezone.now() + timedelta(days=7),
    )
    issued = IssuedInvitation(invitation, token)
    record(actor, organisation.pk, "user.invited", invitation, email=email, role=role)
    lang = language or organisation.default_language

    def send() -> None:
        with translation.override(lang):
            body = render_to_string(
                "accounts/email/invitation.txt",
                {"organisation": organisation, "url": issued.url, "invitation": invitation},
            )
            subject = _("You are invited to %(org)s on Lytt") % {"org": organisation.name}
        send_mail(subject, body, None, [email])

    transaction.on_commit(send)
    return issued


def find_invitation(token: str) -> Invitation | None:
    """The open invitation for a clear token, or None when unknown, used or expired."""
    try:
        inv = Invitation.objects.select_related("organisation").get(token_hash=sha256_hex(token))
    except Invitation.DoesNotExist:
        return None
    if inv.accepted_at is not None or inv.expires_at < timezone.now():
        return None
    return inv


@transaction.atomic
def do_accept_invitation(invitation: Invitation, *, name: str, password: str) -> User:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."))
    user = do_create_user(
        None,
        invitation.organisation,
        email=invitation.email,
        name=name or invitation.name,
        role=invitation.role,
        password=password,
        unit=invitation.unit,
        employee=invitation.employee,
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    record(user, invitation.organisation_id, "user.invitation_accepted", invitation)
    return user


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once


@transaction.atomic
def do_create_api_token(
    actor: Any, *, name: str, role: str, unit: Unit | None = None
) -> IssuedToken:
    scope = require_scope(actor, "tokens.manage")
    organisation = Organisation.objects.get(pk=scope.organisation_id)
    if role not in Role.values or role == Role.EMPLOYEE:
        raise ValidationError(_("Unknown role: %(role)s") % {"role": role})
    if role == Role.UNIT_MANAGER and unit is None:
        raise ValidationError(_("A unit manager needs a unit."))
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationError(_("The unit belongs to another organisation."))
    secret = new_token("lytt_")
    token = ApiToken.objects.create(
        organisation=organisation,
        name=name,
        prefix=secret[:12],
        token_hash=sha256_hex(secret),
        role=role,
        unit=unit,
        created_by=actor if isinstance(actor, User) else None,
    )
    record(actor, organisation.pk, "token.created", token, role=role)
    return IssuedToken(token, secret)


@transaction.atomic
def do_create_personal_token(actor: Any, *, name: str) -> IssuedToken:
    """A token that acts as `actor` (a logged-in user with a membership) through the
    API: same role, same scope, and only as long as the user is active."""
    if not isinstance(actor, User):
        raise ValidationError(_("Only a logged-in user can create a personal token."))
    scope = require_scope(actor)
    name = name.strip()
    if not name:
        raise ValidationError(_("A token needs a name."))
    secret = new_token("lytt_")
    token = ApiToken.objects.create(
        organisation_id=scope.organisation_id,
        name=name,
        prefix=secret[:12],
        token_hash=sha256_hex(secret),
        role="",
        user=actor,
        created_by=actor,
    )
    record(actor, scope.organisation_id, "token.created", token, personal=True)
    return IssuedToken(token, secret)


@transaction.atomic
def do_revoke_api_token(actor: Any, token: ApiToken) -> ApiToken:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    _forget_tokens_now_and_after_commit()
    record(actor, token.organisation_id, "token.revoked", token)
    return token


# Tokens that authenticated recently, by the SHA-256 of the secret, kept per process for
# TOKEN_TTL seconds: an API client sends many requests in a row, and the lookup would
# otherwise be the most expensive part of a small one. Revoking a token, deactivating a
# user, changing a membership or moving a unit forgets them in this process at once
# and in every other process within TOKEN_TTL seconds. Failed lookups are not kept.
TOKEN_TTL = 5.0
_TOKENS: dict[str, tuple[float, ApiToken]] = {}


def forget_cached_tokens() -> None:
    _TOKENS.clear()


def _forget_tokens_now_and_after_commit() -> None:
    # After the commit too: a request of this process could cache the old state between.
    forget_cached_tokens()
    transaction.on_commit(forget_cached_tokens)


def authenticate_token_cached(secret: str) -> ApiToken | None:
    """`authenticate_token`, remembered for TOKEN_TTL seconds per process."""
    if not secret or len(secret) > 200:
        return None
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


def authenticate_token(secret: str) -> ApiToken | None:
    """The live token for a clear secret. Updates last use at most once a minute."""
    if not secret or len(secret) > 200:
        return None
    try:
        token = ApiToken.objects.select_related("unit", "user").get(
            token_hash=sha256_hex(secret), revoked_at__isnull=True
        )
    except ApiToken.DoesNotExist:
        return None
    if token.user is not None and not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
