"""Every write to invitations, the unsubscribe list and the invitation policy.

The link in an invitation carries a token derived from the server's SECRET_KEY and a
random salt stored on the row (`invitation_token`); only its SHA-256 hash is stored for
look-up. So the reminder can repeat the same link days later without the clear token
ever being stored, and a copy of the database alone cannot answer anyone's survey.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lytt.accounts.access import scope_of
from lytt.accounts.audit import record
from lytt.accounts.models import Channel, Employee, Organisation, Unit
from lytt.feedback.customers import customer_key
from lytt.invitations.models import (
    OPEN_STATUSES,
    Invitation,
    InvitationPolicy,
    InvitationStatus,
    Suppression,
)
from lytt.lib.hashing import sha256_hex
from lytt.surveys.models import Survey, SurveyStatus, Touchpoint

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class Skip:
    """Why an invitation was not created (stable codes for the API and the CSV report)."""

    UNSUBSCRIBED = "unsubscribed"
    QUIET_PERIOD = "quiet_period"
    DUPLICATE = "duplicate"


def skip_message(reason: str, days: int = 0) -> str:
    if reason == Skip.UNSUBSCRIBED:
        return _("The customer has unsubscribed from invitations.")
    if reason == Skip.QUIET_PERIOD:
        return _("The customer was asked less than %(days)d days ago (quiet period).") % {
            "days": days
        }
    return _("This invitation was already created (same upload row or id).")


@dataclass
class InvitationResult:
    invitation: Invitation | None
    skipped: str | None = None  # a Skip code
    message: str = ""

    @property
    def created(self) -> bool:
        return self.skipped is None


# Tokens -----------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    """The clear token of an invitation's link (derived, never stored)."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"lytt-invitation:{invitation.token_salt}".encode(), "sha256"
    ).hexdigest()
    return digest[:43]


def find_invitation(token: str) -> Invitation | None:
    """The invitation for a clear token (any status), or None."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("organisation", "survey", "touchpoint", "unit")
        .filter(token_hash=sha256_hex(token))
        .first()
    )


def invitation_url(invitation: Invitation, name: str = "invite:answer") -> str:
    from django.urls import reverse

    return settings.SITE_URL.rstrip("/") + reverse(name, args=[invitation_token(invitation)])


# Policy -----------------------------------------------------------------------------


def policy_for(organisation_id: int) -> InvitationPolicy:
    """The organisation's policy, or the defaults (unsaved) when none was set."""
    policy = InvitationPolicy.objects.filter(organisation_id=organisation_id).first()
    return policy or InvitationPolicy(organisation_id=organisation_id)


@transaction.atomic
def do_update_invitation_policy(
    actor: Any,
    organisation: Organisation,
    *,
    quiet_period_days: int,
    reminder_after_days: int,
    expire_after_days: int,
) -> InvitationPolicy:
    _check_actor(actor, organisation.pk, "invitations.policy")
    if not 0 <= quiet_period_days <= 3650:
        raise ValidationError(_("The quiet period must be between 0 and 3650 days."))
    if not 1 <= expire_after_days <= 365:
        raise ValidationError(_("A link must expire after 1 to 365 days."))
    if not 0 <= reminder_after_days < expire_after_days:
        raise ValidationError(
            _("The reminder must come before the link expires (0 turns reminders off).")
        )
    policy, _created = InvitationPolicy.objects.select_for_update().get_or_create(
        organisation=organisation
    )
    policy.quiet_period_days = quiet_period_days
    policy.reminder_after_days = reminder_after_days
    policy.expire_after_days = expire_after_days
    policy.updated_at = timezone.now()
    policy.save()
    record(
        actor,
        organisation.pk,
        "invitation_policy.updated",
        policy,
        quiet_period_days=quiet_period_days,
        reminder_after_days=reminder_after_days,
        expire_after_days=expire_after_days,
    )
    return policy


# Creating ---------------------------------------------------------------------------


def _check_actor(actor: Any, organisation_id: int, perm: str, unit: Unit | None = None) -> None:
    """Last line of defence: actor None is the system (demo, jobs, tests)."""
    if actor is None:
        return
    scope = scope_of(actor)
    if scope is None or scope.organisation_id != organisation_id:
        raise PermissionDenied("organisation")
    scope.require(perm)
    if (
        unit is not None
        and scope.unit_path is not None
        and not unit.path.startswith(scope.unit_path)
    ):
        raise PermissionDenied("unit")


def _touchpoint_for(actor: Any, survey: Survey, unit: Unit, channel: str) -> Touchpoint:
    from lytt.surveys.actions import do_create_touchpoint

    found = Touchpoint.objects.filter(
        survey=survey, unit=unit, channel=channel, employee__isnull=True, active=True
    ).first()
    return found or do_create_touchpoint(actor, survey, unit=unit, channel=channel)


def _language(survey: Survey, unit: Unit, language: str | None) -> str:
    if language:
        if language not in LANGUAGE_CODES:
            raise ValidationError(_("Unknown language: %(code)s") % {"code": language})
        if survey.languages and language not in survey.languages:
            return survey.default_language
        return language
    if not survey.languages or unit.language in survey.languages:
        return unit.language
    return survey.default_language


def clean_email(email: str) -> str:
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            _("Not a valid e-mail address: %(value)s") % {"value": email[:80]}
        ) from None
    return email


@transaction.atomic
def do_create_invitation(
    actor: Any,
    *,
    survey: Survey,
    unit: Unit,
    email: str,
    channel: str,
    employee: Employee | None = None,
    language: str | None = None,
    visited_at: datetime | None = None,
    visit: Any = None,
    touchpoint: Touchpoint | None = None,
    dedupe_key: str = "",
    send: bool = True,
    now: datetime | None = None,
) -> InvitationResult:
    """Invite one customer to answer `survey` about a visit or contact at `unit`.

    Skipped, with a reason, when the customer unsubscribed (a `suppressed` row is kept
    for the counts, without the address), was asked within the quiet period, or this
    `dedupe_key` (an upload row or the caller's id) was already used."""
    from lytt.feedback.actions import do_identify_customer

    now = now or timezone.now()
    organisation = survey.organisation
    _check_actor(actor, organisation.pk, "invitations.manage", unit)
    if unit.organisation_id != organisation.pk:
        raise ValidationError(_("The unit belongs to another organisation."))
    if survey.status != SurveyStatus.LIVE:
        raise ValidationError(_("Invitations can only be sent for a live survey."))
    if channel not in Channel.values:
        raise ValidationError(_("Unknown channel: %(name)s") % {"name": channel})
    if employee is not None and employee.organisation_id != organisation.pk:
        raise ValidationError(_("The employee belongs to another organisation."))
    if touchpoint is not None and touchpoint.survey_id != survey.pk:
        raise ValidationError(_("The touchpoint belongs to another survey."))
    email = clean_email(email)
    dedupe_key = (dedupe_key or "").strip()[:64]
    if dedupe_key:
        existing = Invitation.objects.filter(
            organisation=organisation, dedupe_key=dedupe_key
        ).first()
        if existing is not None:
            return InvitationResult(existing, Skip.DUPLICATE, skip_message(Skip.DUPLICATE))
    key = customer_key(organisation, email=email)
    assert key is not None  # a valid e-mail always gives a key
    policy = policy_for(organisation.pk)
    suppressed = Suppression.objects.filter(organisation=organisation, key_hash=key).exists()
    if not suppressed and policy.quiet_period_days:
        recent = (
            Invitation.objects.filter(
                organisation=organisation,
                customer__key_hash=key,
                created_at__gt=now - timedelta(days=policy.quiet_period_days),
            )
            .exclude(status=InvitationStatus.SUPPRESSED)
            .exists()
        )
        if recent:
            return InvitationResult(
                None,
                Skip.QUIET_PERIOD,
                skip_message(Skip.QUIET_PERIOD, policy.quiet_period_days),
            )
    customer = do_identify_customer(actor, organisation, email=email)
    touchpoint = touchpoint or _touchpoint_for(actor, survey, unit, channel)
    invitation = Invitation(
        organisation=organisation,
        survey=survey,
        touchpoint=touchpoint,
        unit=unit,
        channel=channel,
        employee=employee,
        customer=customer,
        email="" if suppressed else email,
        language=_language(survey, unit, language),
        token_salt=secrets.token_hex(16),
        status=InvitationStatus.SUPPRESSED if suppressed else InvitationStatus.QUEUED,
        visit=visit,
        visited_at=visited_at,
        dedupe_key=dedupe_key,
        created_at=now,
        expires_at=now + timedelta(days=policy.expire_after_days),
    )
    invitation.token_hash = sha256_hex(invitation_token(invitation))
    invitation.save()
    record(
        actor,
        organisation.pk,
        "invitation.created",
        invitation,
        survey=survey.pk,
        unit=unit.pk,
        status=invitation.status,
    )
    if suppressed:
        return InvitationResult(invitation, Skip.UNSUBSCRIBED, skip_message(Skip.UNSUBSCRIBED))
    if send:
        from lytt.invitations.tasks import send_invitation

        pk = invitation.pk
        transaction.on_commit(lambda: send_invitation.enqueue(pk))
    return InvitationResult(invitation)


# Sending ----------------------------------------------------------------------------


def _mail_later(invitation_id: int, kind: str) -> None:
    from lytt.invitations.tasks import deliver_invitation_email

    transaction.on_commit(lambda: deliver_invitation_email.enqueue(invitation_id, kind))


def _is_suppressed(invitation: Invitation) -> bool:
    return Suppression.objects.filter(
        organisation_id=invitation.organisation_id, key_hash=invitation.customer.key_hash
    ).exists()


def _suppress(invitation: Invitation) -> None:
    invitation.status = InvitationStatus.SUPPRESSED
    invitation.email = ""
    invitation.save(update_fields=["status", "email"])


@transaction.atomic
def do_send_invitation(
    actor: Any, invitation: Invitation, *, deliver: bool = True, now: datetime | None = None
) -> Invitation:
    """Mark a queued invitation sent and e-mail it after commit. Safe to re-run: an
    invitation that is no longer queued is left as it is. `deliver=False` records an
    invitation sent by another system (imports, demo data) without e-mailing it."""
    invitation = (
        Invitation.objects.select_for_update().select_related("customer").get(pk=invitation.pk)
    )
    _check_actor(actor, invitation.organisation_id, "invitations.manage")
    if invitation.status != InvitationStatus.QUEUED or not invitation.email:
        return invitation
    if _is_suppressed(invitation):
        _suppress(invitation)
        return invitation
    invitation.status = InvitationStatus.SENT
    invitation.sent_at = now or timezone.now()
    invitation.save(update_fields=["status", "sent_at"])
    record(actor, invitation.organisation_id, "invitation.sent", invitation, deliver=deliver)
    if deliver:
        _mail_later(invitation.pk, "invitation")
    return invitation


@dataclass
class ReminderRun:
    reminded: list[int] = field(default_factory=list)
    suppressed: list[int] = field(default_factory=list)


@transaction.atomic
def do_send_due_reminders(
    actor: Any = None, *, now: datetime | None = None, limit: int = 1000, deliver: bool = True
) -> ReminderRun:
    """Remind, once, every sent invitation whose reminder is due under its organisation's
    policy. Rows are marked `reminded` in the same transaction that queues the e-mail
    (on commit), so a re-run after a crash never reminds anyone twice."""
    now = now or timezone.now()
    run = ReminderRun()
    open_sent = Invitation.objects.filter(
        status=InvitationStatus.SENT,
        reminded_at__isnull=True,
        answered_at__isnull=True,
        expires_at__gt=now,
    ).exclude(email="")
    # Each organisation has its own reminder delay: select what is due per organisation,
    # so one organisation's not-yet-due rows never crowd out another's due ones.
    due: list[Invitation] = []
    for org_id in sorted(set(open_sent.values_list("organisation_id", flat=True))):
        policy = policy_for(org_id)
        if not policy.reminder_after_days or len(due) >= limit:
            continue
        due += list(
            open_sent.filter(
                organisation_id=org_id,
                sent_at__lte=now - timedelta(days=policy.reminder_after_days),
            )
            .select_for_update()
            .select_related("customer")
            .order_by("sent_at", "pk")[: limit - len(due)]
        )
    for invitation in due:
        if _is_suppressed(invitation):
            _suppress(invitation)
            run.suppressed.append(invitation.pk)
            continue
        invitation.status = InvitationStatus.REMINDED
        invitation.reminded_at = now
        invitation.save(update_fields=["status", "reminded_at"])
        record(actor, invitation.organisation_id, "invitation.reminded", invitation)
        if deliver:
            _mail_later(invitation.pk, "reminder")
        run.reminded.append(invitation.pk)
    return run


@transaction.atomic
def do_expire_invitations(actor: Any = None, *, now: datetime | None = None) -> int:
    """Expire open invitations past their date and forget their e-mail addresses."""
    now = now or timezone.now()
    due = Invitation.objects.filter(status__in=OPEN_STATUSES, expires_at__lte=now)
    ids = list(due.values_list("pk", flat=True)[:5000])
    count = Invitation.objects.filter(pk__in=ids).update(status=InvitationStatus.EXPIRED, email="")
    if count:
        record(actor, None, "invitations.expired", None, count=count)
    return count


# The customer's side ------------------------------------------------------------------


@transaction.atomic
def do_unsubscribe(actor: Any, invitation: Invitation) -> Suppression:
    """The customer behind `invitation` never gets another invitation from this
    organisation; their open invitations are withdrawn and their addresses forgotten."""
    invitation = Invitation.objects.select_related("customer").get(pk=invitation.pk)
    key = invitation.customer.key_hash
    suppression, created = Suppression.objects.get_or_create(
        organisation_id=invitation.organisation_id, key_hash=key
    )
    withdrawn = Invitation.objects.filter(
        organisation_id=invitation.organisation_id,
        customer__key_hash=key,
        status__in=OPEN_STATUSES,
    ).update(status=InvitationStatus.SUPPRESSED, email="")
    if created:
        record(
            actor,
            invitation.organisation_id,
            "customer.unsubscribed",
            suppression,
            invitation=invitation.pk,
            withdrawn=withdrawn,
        )
    return suppression


def answerable(invitation: Invitation, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        invitation.status in OPEN_STATUSES
        and invitation.answered_at is None
        and invitation.expires_at > now
    )


@transaction.atomic
def do_mark_invitation_answered(
    actor: Any, invitation: Invitation, response: Any = None, *, now: datetime | None = None
) -> Invitation:
    """Close the one-time link: raises when it was already answered or has expired."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status == InvitationStatus.ANSWERED:
        raise ValidationError(_("This survey link has already been answered."))
    if invitation.answered_at is None:
        # Not yet stamped by the feedback engine (do_submit_response(invitation=...)).
        now = now or timezone.now()
        if not answerable(invitation, now):
            raise ValidationError(_("This survey link is no longer valid."))
        invitation.answered_at = now
    invitation.status = InvitationStatus.ANSWERED
    invitation.email = ""
    if response is not None:
        invitation.response = response
    invitation.save(update_fields=["status", "answered_at", "email", "response"])
    if invitation.response_id is not None:
        # The answer belongs to the invited customer, visit and employee.
        from lytt.feedback.models import Response

        linked = Response.objects.filter(pk=invitation.response_id, customer__isnull=True)
        linked.update(customer_id=invitation.customer_id)
        if invitation.visit_id is not None:
            Response.objects.filter(pk=invitation.response_id, visit__isnull=True).update(
                visit_id=invitation.visit_id
            )
        if invitation.employee_id is not None:
            Response.objects.filter(pk=invitation.response_id, employee__isnull=True).update(
                employee_id=invitation.employee_id
            )
    record(
        actor,
        invitation.organisation_id,
        "invitation.answered",
        invitation,
        response=getattr(response, "pk", None),
    )
    return invitation


# Contacts file ------------------------------------------------------------------------


@dataclass
class CsvReport:
    created: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row, reason)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row, message)
    total: int = 0


def _resolve(options: dict[tuple[str, str], Any], value: str) -> Any:
    """A unit or employee by id, external id or (case-insensitive) name."""
    value = value.strip()
    return (
        options.get(("id", value))
        or options.get(("ext", value))
        or options.get(("name", value.casefold()))
    )


def _index(objects: Any) -> dict[tuple[str, str], Any]:
    found: dict[tuple[str, str], Any] = {}
    for obj in objects:
        found[("id", str(obj.pk))] = obj
        if obj.external_id:
            found.setdefault(("ext", obj.external_id), obj)
        found.setdefault(("name", obj.name.casefold()), obj)
    return found


@transaction.atomic
def do_create_invitations_from_csv(
    actor: Any, file: Any, *, survey: Survey, send: bool = True
) -> CsvReport:
    """Create invitations from a contacts CSV (see `lytt.invitations.contacts`).

    Good rows are kept even when others are bad; each bad row is reported with its row
    number and the reason. Uploading the same file again creates no duplicates: a row is
    recognised by survey, e-mail, unit and visit time."""
    from lytt.accounts.access import employees_visible, units_visible
    from lytt.invitations.contacts import (
        ContactsFileError,
        decode,
        parse_contacts,
        parse_visited_at,
    )

    _check_actor(actor, survey.organisation_id, "invitations.manage")
    data = file.read() if hasattr(file, "read") else file
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        parsed = parse_contacts(decode(data))
    except ContactsFileError as exc:
        raise ValidationError(str(exc)) from None
    if actor is None:
        units = Unit.objects.filter(organisation_id=survey.organisation_id)
        employees = Employee.objects.filter(organisation_id=survey.organisation_id)
    else:
        units = units_visible(actor, "invitations.manage")
        employees = employees_visible(actor, "invitations.manage")
    unit_index = _index(units)
    employee_index = _index(employees.filter(active=True))
    report = CsvReport(total=len(parsed.rows))
    tz = timezone.get_current_timezone()
    for row in parsed.rows:
        v = row.values
        unit = _resolve(unit_index, v.get("unit", ""))
        if unit is None:
            report.errors.append(
                (row.number, _("Unknown unit: %(value)s") % {"value": v.get("unit", "")[:80]})
            )
            continue
        employee = None
        if v.get("employee"):
            employee = _resolve(employee_index, v["employee"])
            if employee is None:
                report.errors.append(
                    (row.number, _("Unknown employee: %(value)s") % {"value": v["employee"][:80]})
                )
                continue
        try:
            naive = parse_visited_at(v.get("visited_at", ""))
        except ValueError:
            report.errors.append(
                (
                    row.number,
                    _("Not a date: %(value)s (use 2026-11-23 14:05 or 23.11.2026 14:05)")
                    % {"value": v.get("visited_at", "")[:40]},
                )
            )
            continue
        visited_at = timezone.make_aware(naive, tz) if naive else None
        email = v.get("email", "")
        key = "|".join(
            ["csv", str(survey.pk), email.strip().lower(), str(unit.pk), v.get("visited_at", "")]
        )
        try:
            with transaction.atomic():
                result = do_create_invitation(
                    actor,
                    survey=survey,
                    unit=unit,
                    email=email,
                    channel=v.get("channel", "").strip().lower(),
                    employee=employee,
                    language=v.get("language", "").strip().lower() or None,
                    visited_at=visited_at,
                    dedupe_key=sha256_hex(key),
                    send=send,
                )
        except ValidationError as exc:
            report.errors.append((row.number, " ".join(exc.messages)))
            continue
        except PermissionDenied:
            report.errors.append((row.number, _("The unit is outside your area.")))
            continue
        if result.created:
            report.created += 1
        else:
            report.skipped.append((row.number, result.message))
    record(
        actor,
        survey.organisation_id,
        "invitations.uploaded",
        survey,
        rows=report.total,
        created=report.created,
        skipped=len(report.skipped),
        errors=len(report.errors),
    )
    return report
