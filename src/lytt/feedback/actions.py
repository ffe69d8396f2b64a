"""Every write to customers, visits and responses.

`do_submit_response` is the one way an answer enters Lytt: the respondent page, the API,
invitations, imports and the demo all call it (or, for large volumes, its bulk sibling
`do_import_responses_bulk`). It keeps to a handful of queries: the touchpoint (with its
survey, version, unit and organisation) is expected to be loaded by the caller with
`select_related`, answers are written with one `bulk_create`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lytt.accounts.access import require_scope
from lytt.accounts.audit import record
from lytt.accounts.models import AuditEvent, Channel, Employee, Organisation, Unit, User
from lytt.feedback import answers as answer_lib
from lytt.feedback.customers import customer_key
from lytt.feedback.models import (
    Answer,
    Customer,
    Response,
    ResponseSource,
    ResponseStatus,
    Visit,
    VisitSource,
)

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
# Sources that answer a live survey right now; imports and demo data may carry
# historical answers to a survey that has closed since.
LIVE_SOURCES = {
    ResponseSource.WEB,
    ResponseSource.KIOSK,
    ResponseSource.EMBED,
    ResponseSource.API,
    ResponseSource.INVITATION,
}


def _check_actor_scope(actor: Any, unit: Unit) -> None:
    """A logged-in or token actor may only write inside its own scope."""
    if actor is None:
        return
    scope = require_scope(actor, "feedback.submit")
    if unit.organisation_id != scope.organisation_id:
        raise PermissionDenied("organisation")
    if scope.unit_path is not None and not unit.path.startswith(scope.unit_path):
        raise PermissionDenied("unit")


def _check_channel(channel: str) -> str:
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Unknown channel: %(name)s") % {"name": channel}})
    return channel


def _find_customer(
    org: Organisation,
    seen_at: datetime,
    email: str | None = None,
    phone: str | None = None,
    loyalty_id: str | None = None,
) -> tuple[Customer | None, bool]:
    key = customer_key(org, email=email, phone=phone, loyalty_id=loyalty_id)
    if key is None:
        return None, False
    found = list(Customer.objects.filter(organisation_id=org.pk, key_hash=key).order_by()[:1])
    customer = found[0] if found else None
    if customer is not None:
        if seen_at > customer.last_seen_at:
            Customer.objects.filter(pk=customer.pk).update(last_seen_at=seen_at)
            customer.last_seen_at = seen_at
        return customer, False
    try:
        with transaction.atomic():
            customer = Customer.objects.create(
                organisation_id=org.pk, key_hash=key, first_seen_at=seen_at, last_seen_at=seen_at
            )
    except IntegrityError:  # created concurrently
        customer = Customer.objects.get(organisation_id=org.pk, key_hash=key)
        return customer, False
    return customer, True


@transaction.atomic
def do_identify_customer(
    actor: Any,
    org: Organisation,
    *,
    email: str | None = None,
    phone: str | None = None,
    loyalty_id: str | None = None,
    seen_at: datetime | None = None,
) -> Customer | None:
    """The organisation's customer with this e-mail, phone or loyalty id (created on
    first sight), or None when no identifier is given: anonymous stays anonymous."""
    customer, created = _find_customer(
        org, seen_at or timezone.now(), email=email, phone=phone, loyalty_id=loyalty_id
    )
    if created and customer is not None:
        record(actor, org.pk, "customer.identified", customer)
    return customer


def _check_employee(employee: Employee | None, org_id: int) -> Employee | None:
    if employee is not None and employee.organisation_id != org_id:
        raise ValidationError({"employee": _("The employee belongs to another organisation.")})
    return employee


@transaction.atomic
def do_record_visit(
    actor: Any,
    *,
    unit: Unit,
    channel: str,
    occurred_at: datetime | None = None,
    employee: Employee | None = None,
    email: str | None = None,
    phone: str | None = None,
    loyalty_id: str | None = None,
    source: str = VisitSource.API,
    external_id: str = "",
) -> Visit:
    """Record a visit or contact (whether or not a survey is answered). A visit with an
    `external_id` already recorded from the same source is returned unchanged."""
    _check_actor_scope(actor, unit)
    _check_channel(channel)
    if source not in VisitSource.values:
        raise ValidationError({"source": _("Unknown source: %(name)s") % {"name": source}})
    org = unit.organisation
    _check_employee(employee, org.pk)
    external_id = (external_id or "").strip()
    if external_id:
        existing = Visit.objects.filter(
            organisation_id=org.pk, source=source, external_id=external_id
        ).first()
        if existing is not None:
            return existing
    occurred_at = occurred_at or timezone.now()
    customer, _created = _find_customer(
        org, occurred_at, email=email, phone=phone, loyalty_id=loyalty_id
    )
    visit = Visit.objects.create(
        organisation_id=org.pk,
        unit=unit,
        channel=channel,
        employee=employee,
        customer=customer,
        occurred_at=occurred_at,
        source=source,
        external_id=external_id,
    )
    record(actor, org.pk, "visit.recorded", visit, unit=unit.pk, source=source)
    return visit


def _mark_invitation_answered(invitation: Any, response: Response, now: datetime) -> None:
    """Mark a one-time invitation answered; a second answer is refused (race-safe:
    the conditional UPDATE only succeeds once)."""
    model = type(invitation)
    updated = model.objects.filter(pk=invitation.pk, answered_at__isnull=True).update(
        answered_at=now
    )
    if not updated:
        raise ValidationError(_("This link has already been used to answer the survey."))
    invitation.answered_at = now
    if any(f.name == "response" for f in model._meta.get_fields()):
        model.objects.filter(pk=invitation.pk).update(response=response)
        invitation.response = response


def _resolve_language(language: str | None, survey: Any) -> str:
    if language and language in LANGUAGE_CODES:
        return language
    return survey.default_language


def do_submit_response(
    actor: Any,
    *,
    answers: Mapping[str, Any],
    touchpoint: Any = None,
    survey: Any = None,
    unit: Unit | None = None,
    channel: str | None = None,
    employee: Employee | None = None,
    language: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    loyalty_id: str | None = None,
    customer: Customer | None = None,
    visit: Visit | None = None,
    source: str = ResponseSource.WEB,
    external_id: str | None = None,
    completed: bool = True,
    page: str = "",
    contact_consent: bool = False,
    consent_text: str = "",
    invitation: Any = None,
    started_at: datetime | None = None,
    completed_at: datetime | None = None,
) -> Response:
    """Store one response to a survey's current version.

    Give either `touchpoint` (its survey, unit, channel and employee are used; load it
    with `select_related("survey__current_version", "unit", "organisation")`) or
    `survey` + `unit` + `channel`. `answers` maps question keys to raw values; each is
    validated against the question (translated messages, raised as a ValidationError
    keyed by question). With `completed=False` the response is stored as partial and
    required questions may be missing, except those of `page` when given (page-by-page
    saving; later pages go through `do_save_response_page`). An `external_id` already stored for the same source returns
    the stored response (safe retries, import dedupe). With `invitation`, the one-time
    invitation is marked answered; a second answer is refused.

    Checks and reads run before the transaction: on SQLite a write transaction holds the
    database's single write lock from its first statement, so only the writes go inside
    it, and concurrent submissions wait for each other as briefly as possible.
    """
    if source not in ResponseSource.values:
        raise ValidationError({"source": _("Unknown source: %(name)s") % {"name": source}})
    if touchpoint is not None:
        survey = touchpoint.survey
        unit = touchpoint.unit
        channel = channel or touchpoint.channel
        employee = employee or touchpoint.employee
        if source in LIVE_SOURCES and not touchpoint.active:
            raise ValidationError(_("This survey is closed."))
    if survey is None or unit is None:
        raise ValidationError(_("Say which survey and unit the answer belongs to."))
    if channel is None:
        raise ValidationError({"channel": _("Say which channel the answer came through.")})
    _check_channel(channel)
    _check_actor_scope(actor, unit)
    org_id = survey.organisation_id
    if unit.organisation_id != org_id:
        raise ValidationError({"unit": _("The unit belongs to another organisation.")})
    _check_employee(employee, org_id)
    if visit is not None and visit.organisation_id != org_id:
        raise ValidationError({"visit": _("The visit belongs to another organisation.")})
    version = survey.current_version
    if version is None:
        raise ValidationError(_("This survey has no questions yet."))
    if source in LIVE_SOURCES and survey.status != "live":
        raise ValidationError(_("This survey is closed."))
    external_id = (external_id or "").strip()
    if external_id:
        existing = list(
            Response.objects.filter(
                organisation_id=org_id, source=source, external_id=external_id
            ).order_by()[:1]
        )
        if existing:
            return existing[0]
    definition = version.definition
    values, errors = answer_lib.clean_answers(
        definition,
        answers,
        only=[q["key"] for q in answer_lib.page_questions(definition, page)] if page else None,
        enforce_required=completed or bool(page),
    )
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    score, score_kind = answer_lib.headline_score(definition, values)
    by_key = answer_lib.questions_by_key(definition)
    try:
        with transaction.atomic():
            response = _store_response(
                actor,
                survey,
                version,
                touchpoint,
                unit,
                channel,
                employee,
                visit,
                customer,
                values,
                by_key,
                now,
                score,
                score_kind,
                org=touchpoint.organisation if touchpoint is not None else None,
                email=email,
                phone=phone,
                loyalty_id=loyalty_id,
                language=language,
                completed=completed,
                source=source,
                page=page,
                started_at=started_at,
                completed_at=completed_at,
                contact_consent=contact_consent,
                consent_text=consent_text,
                external_id=external_id,
                invitation=invitation,
            )
    except IntegrityError:
        # A concurrent retry with the same external id won the race: answer with it.
        if external_id:
            stored = Response.objects.filter(
                organisation_id=org_id, source=source, external_id=external_id
            ).first()
            if stored is not None:
                return stored
        raise
    return response


def _store_response(
    actor: Any,
    survey: Any,
    version: Any,
    touchpoint: Any,
    unit: Unit,
    channel: str,
    employee: Employee | None,
    visit: Visit | None,
    customer: Customer | None,
    values: Mapping[str, Any],
    by_key: Mapping[str, Any],
    now: datetime,
    score: float | None,
    score_kind: str,
    *,
    org: Any,
    email: str | None,
    phone: str | None,
    loyalty_id: str | None,
    language: str | None,
    completed: bool,
    source: str,
    page: str,
    started_at: datetime | None,
    completed_at: datetime | None,
    contact_consent: bool,
    consent_text: str,
    external_id: str,
    invitation: Any,
) -> Response:
    """The writes of do_submit_response; runs inside its transaction."""
    org_id = survey.organisation_id
    if customer is None and (email or phone or loyalty_id):
        customer, _created = _find_customer(
            org or survey.organisation,
            completed_at or now,
            email=email,
            phone=phone,
            loyalty_id=loyalty_id,
        )
    if customer is None and visit is not None:
        customer = visit.customer
    response = Response.objects.create(
        organisation_id=org_id,
        survey=survey,
        version=version,
        touchpoint=touchpoint,
        unit=unit,
        channel=channel,
        employee=employee,
        customer=customer,
        visit=visit,
        language=_resolve_language(language, survey),
        status=ResponseStatus.COMPLETE if completed else ResponseStatus.PARTIAL,
        source=source,
        started_at=started_at or now,
        completed_at=(completed_at or now) if completed else None,
        last_page=page,
        score=score,
        score_kind=score_kind,
        contact_consent=bool(contact_consent and consent_text),
        consent_text=consent_text if contact_consent else "",
        external_id=external_id,
    )
    created = Answer.objects.bulk_create(
        [
            Answer(response=response, **answer_lib.answer_fields(by_key[k], v))
            for k, v in values.items()
        ]
    )
    # Callers (the API) read the answers back: serve them without another query.
    cached = Answer.objects.filter(response=response)
    cached._result_cache = created
    cached._prefetch_done = True  # type: ignore[attr-defined]
    response._prefetched_objects_cache = {"answers": cached}  # type: ignore[attr-defined]
    if invitation is not None:
        _mark_invitation_answered(invitation, response, now)
    record(
        actor,
        org_id,
        "response.submitted" if completed else "response.started",
        response,
        survey=survey.pk,
        unit=unit.pk,
        source=source,
    )
    return response


@transaction.atomic
def do_save_response_page(
    actor: Any,
    response: Response,
    *,
    page: str,
    answers: Mapping[str, Any],
    complete: bool = False,
    invitation: Any = None,
) -> Response:
    """Save one page of a partial response (replacing earlier answers to that page's
    questions). With `complete=True` the response is completed: every visible required
    question of every page must then be answered."""
    response = Response.objects.select_for_update().select_related("version").get(pk=response.pk)
    if response.status == ResponseStatus.COMPLETE:
        raise ValidationError(_("This answer has already been submitted."))
    definition = response.version.definition
    page_qs = [q["key"] for q in answer_lib.page_questions(definition, page)]
    stored = list(response.answers.all())
    previous = {
        k: v for k, v in answer_lib.stored_values(stored, definition).items() if k not in page_qs
    }
    values, errors = answer_lib.clean_answers(
        definition, answers, only=page_qs, previous=previous, reject_unknown=False
    )
    if errors:
        raise ValidationError(errors)
    all_values = {**previous, **values}
    if complete:
        _values, missing = answer_lib.clean_answers(definition, all_values, reject_unknown=False)
        if missing:
            raise ValidationError(missing)
    response.answers.filter(question_key__in=page_qs).delete()
    by_key = answer_lib.questions_by_key(definition)
    Answer.objects.bulk_create(
        [
            Answer(response=response, **answer_lib.answer_fields(by_key[k], v))
            for k, v in values.items()
        ]
    )
    response.last_page = page
    response.score, response.score_kind = answer_lib.headline_score(definition, all_values)
    fields = ["last_page", "score", "score_kind"]
    if complete:
        now = timezone.now()
        response.status = ResponseStatus.COMPLETE
        response.completed_at = now
        fields += ["status", "completed_at"]
        if invitation is not None:
            _mark_invitation_answered(invitation, response, now)
    response.save(update_fields=fields)
    record(
        actor,
        response.organisation_id,
        "response.submitted" if complete else "response.updated",
        response,
        page=page,
    )
    return response


@transaction.atomic
def do_record_contact_consent(
    actor: Any, response: Response, *, consent: bool, consent_text: str
) -> Response:
    """Record the respondent's answer to "may we contact you?" with the exact text shown."""
    if response.status != ResponseStatus.COMPLETE:
        raise ValidationError(_("Consent can only be given for a submitted answer."))
    response.contact_consent = bool(consent)
    response.consent_text = consent_text if consent else ""
    response.save(update_fields=["contact_consent", "consent_text"])
    record(actor, response.organisation_id, "response.consent_recorded", response, consent=consent)
    return response


@dataclass
class BulkResult:
    created: list[Response] = field(default_factory=list)
    skipped: int = 0  # already stored (same source and external id)
    errors: list[tuple[int, dict[str, str]]] = field(default_factory=list)


@transaction.atomic
def do_import_responses_bulk(
    actor: Any,
    rows: Iterable[Mapping[str, Any]],
    *,
    source: str = ResponseSource.IMPORT,
    batch_size: int = 1000,
) -> BulkResult:
    """Store many complete responses at once (imports, demo data).

    Each row: `touchpoint` or `survey` + `unit` + `channel` (objects; the survey with
    `current_version` loaded), optional `employee`, `answers` {key: raw},
    `language`, `started_at`, `completed_at`, `external_id`, `customer` (a Customer) or
    `email`/`phone`/`loyalty_id`, `visit`, `contact_consent` + `consent_text`.
    Answers are validated like `do_submit_response` (required questions are not enforced,
    historical data may be incomplete); invalid rows are reported in `errors` by index and
    skipped, rows whose external id is already stored are skipped. One audit event is
    written for the whole import.
    """
    if source not in ResponseSource.values:
        raise ValidationError({"source": _("Unknown source: %(name)s") % {"name": source}})
    result = BulkResult()
    org_ids: set[int] = set()
    batch: list[tuple[Response, list[Answer]]] = []
    customers: dict[tuple[int, str], Customer] = {}
    checked_units: set[int] = set()

    def flush() -> None:
        if not batch:
            return
        ext = [r.external_id for r, _a in batch if r.external_id]
        if ext:
            seen = set(
                Response.objects.filter(
                    organisation_id__in={r.organisation_id for r, _a in batch},
                    source=source,
                    external_id__in=ext,
                ).values_list("external_id", flat=True)
            )
            kept = [(r, a) for r, a in batch if not r.external_id or r.external_id not in seen]
            result.skipped += len(batch) - len(kept)
        else:
            kept = list(batch)
        Response.objects.bulk_create([r for r, _a in kept])
        rows_out: list[Answer] = []
        for response, answer_rows in kept:
            for a in answer_rows:
                a.response = response
            rows_out.extend(answer_rows)
        Answer.objects.bulk_create(rows_out, batch_size=2000)
        result.created.extend(r for r, _a in kept)
        batch.clear()

    seen_ext: set[tuple[int, str]] = set()
    for index, row in enumerate(rows):
        tp = row.get("touchpoint")
        survey = tp.survey if tp is not None else row.get("survey")
        unit = tp.unit if tp is not None else row.get("unit")
        channel = row.get("channel") or (tp.channel if tp is not None else None)
        if survey is None or unit is None or channel not in Channel.values:
            result.errors.append((index, {"row": _("Say which survey, unit and channel.")}))
            continue
        if survey.current_version is None or unit.organisation_id != survey.organisation_id:
            result.errors.append((index, {"survey": _("This survey has no questions yet.")}))
            continue
        if unit.pk not in checked_units:
            _check_actor_scope(actor, unit)
            checked_units.add(unit.pk)
        definition = survey.current_version.definition
        values, errors = answer_lib.clean_answers(
            definition, row.get("answers") or {}, enforce_required=False
        )
        if errors:
            result.errors.append((index, errors))
            continue
        org_id = survey.organisation_id
        external_id = str(row.get("external_id") or "").strip()
        if external_id:
            if (org_id, external_id) in seen_ext:
                result.skipped += 1
                continue
            seen_ext.add((org_id, external_id))
        completed_at = row.get("completed_at") or timezone.now()
        customer = row.get("customer")
        if customer is None and (row.get("email") or row.get("phone") or row.get("loyalty_id")):
            org = survey.organisation
            key = customer_key(
                org,
                email=row.get("email"),
                phone=row.get("phone"),
                loyalty_id=row.get("loyalty_id"),
            )
            if key is not None:
                customer = customers.get((org_id, key))
                if customer is None:
                    customer, _created = _find_customer(
                        org,
                        completed_at,
                        email=row.get("email"),
                        phone=row.get("phone"),
                        loyalty_id=row.get("loyalty_id"),
                    )
                    if customer is not None:
                        customers[(org_id, key)] = customer
        score, score_kind = answer_lib.headline_score(definition, values)
        by_key = answer_lib.questions_by_key(definition)
        consent = bool(row.get("contact_consent") and row.get("consent_text"))
        employee = row.get("employee") or (tp.employee if tp is not None else None)
        response = Response(
            organisation_id=org_id,
            survey=survey,
            version=survey.current_version,
            touchpoint=tp,
            unit=unit,
            channel=channel,
            employee=employee,
            customer=customer,
            visit=row.get("visit"),
            language=_resolve_language(row.get("language"), survey),
            status=ResponseStatus.COMPLETE,
            source=source,
            started_at=row.get("started_at") or completed_at,
            completed_at=completed_at,
            score=score,
            score_kind=score_kind,
            contact_consent=consent,
            consent_text=str(row.get("consent_text") or "") if consent else "",
            external_id=external_id,
        )
        answer_rows = [Answer(**answer_lib.answer_fields(by_key[k], v)) for k, v in values.items()]
        batch.append((response, answer_rows))
        org_ids.add(org_id)
        if len(batch) >= batch_size:
            flush()
    flush()
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                organisation_id=org_id,
                actor=actor if isinstance(actor, User) else None,
                action="response.imported",
                object_type="response",
                data={
                    "source": source,
                    "count": sum(1 for r in result.created if r.organisation_id == org_id),
                },
            )
            for org_id in sorted(org_ids)
        ]
    )
    return result
