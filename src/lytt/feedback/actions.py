"""Every write to customers, visits and responses.

`do_submit_response` is the one way an answer enters Lytt: the respondent page, the API,
invitations, imports and the demo all call it (or, for large volumes, its bulk sibling
`do_import_responses_bulk`). It keeps to a handful of queries: the touchpoint (with its
survey, version, unit and organisation) is expected to be loaded by the caller with
`select_related`, answers are written with one `bulk_create`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lytt.accounts.access import require_scope
from lytt.accounts.audit import actor_ref, record
from lytt.accounts.models import AuditEvent, Channel, Employee, Organisation, Unit, User
from lytt.feedback import answers as answer_lib
from lytt.feedback.customers import customer_key
from lytt.feedback.models import (
    Answer,
    Customer,
    CustomTheme,
    Response,
    ResponseSource,
    ResponseStatus,
    Submission,
    SubmissionStatus,
    TextAnalysis,
    Visit,
    VisitSource,
)
from lytt.feedback.routers import intake_alias
from lytt.feedback.understanding import analysis_fields, own_themes
from lytt.lib.rows import insert_row, insert_rows

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
CHANNELS = frozenset(Channel.values)  # `.values` builds a new list on every access
SOURCES = frozenset(ResponseSource.values)
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
    if channel not in CHANNELS:
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


@dataclass(frozen=True)
class CheckedSubmission:
    survey: Any
    version: Any
    unit: Unit
    channel: str
    employee: Employee | None
    organisation_id: int


def _check_submission(
    actor: Any,
    *,
    touchpoint: Any,
    survey: Any,
    unit: Unit | None,
    channel: str | None,
    employee: Employee | None,
    visit: Visit | None,
    source: str,
) -> CheckedSubmission:
    """Where an answer goes, checked (no writes): the survey is live, its version, unit,
    channel and employee belong together and to the actor's scope."""
    if source not in SOURCES:
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
    return CheckedSubmission(survey, version, unit, channel, employee, org_id)


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
    checked = _check_submission(
        actor,
        touchpoint=touchpoint,
        survey=survey,
        unit=unit,
        channel=channel,
        employee=employee,
        visit=visit,
        source=source,
    )
    survey, version, unit = checked.survey, checked.version, checked.unit
    channel, employee, org_id = checked.channel, checked.employee, checked.organisation_id
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
    if source not in SOURCES:
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
        if survey is None or unit is None or channel not in CHANNELS:
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


# Intake: accept now, store in batches -----------------------------------------------

STORE_BATCH = 100


def _store_now() -> None:
    """With the immediate task backend (tests, no worker), store at once."""
    from lytt.feedback.tasks import store_submissions

    store_submissions.enqueue()


def _stored_by_worker() -> bool:
    """True when a worker's journal loop stores submissions (database task backend)."""
    from lytt.feedback.tasks import store_submissions

    return bool(store_submissions.get_backend().supports_defer)


@dataclass(frozen=True)
class Accepted:
    """What `do_accept_submission` accepted (or had accepted before, same external id)."""

    pk: int
    status: str
    external_id: str


def do_accept_submission(
    actor: Any,
    *,
    answers: Mapping[str, Any],
    touchpoint: Any = None,
    survey: Any = None,
    unit: Unit | None = None,
    channel: str | None = None,
    employee: Employee | None = None,
    visit: Visit | None = None,
    language: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    loyalty_id: str | None = None,
    external_id: str | None = None,
    completed_at: datetime | None = None,
) -> Accepted:
    """Validate a complete API response like `do_submit_response` and accept it for
    storage by the `store_submissions` job: one INSERT, so senders of many answers get
    an acknowledgement at once. The same `external_id` again returns the submission
    already accepted. Bad answers raise a ValidationError here, never later."""
    checked = _check_submission(
        actor,
        touchpoint=touchpoint,
        survey=survey,
        unit=unit,
        channel=channel,
        employee=employee,
        visit=visit,
        source=ResponseSource.API,
    )
    definition = checked.version.definition
    values, errors = answer_lib.clean_answers(definition, answers, enforce_required=True)
    if errors:
        raise ValidationError(errors)
    org = touchpoint.organisation if touchpoint is not None else checked.survey.organisation
    external_id = (external_id or "").strip()
    payload = {
        "survey": checked.survey.pk,
        "version": checked.version.pk,
        "touchpoint": touchpoint.pk if touchpoint is not None else None,
        "unit": checked.unit.pk,
        "channel": checked.channel,
        "employee": checked.employee.pk if checked.employee is not None else None,
        "visit": visit.pk if visit is not None else None,
        "language": _resolve_language(language, checked.survey),
        "customer_key": customer_key(org, email=email, phone=phone, loyalty_id=loyalty_id),
        "values": values,  # validated; mapped onto Answer columns when stored
        "completed_at": completed_at.isoformat() if completed_at else None,
        "actor": actor_ref(actor),
    }
    intake = intake_alias()
    received_at = timezone.now()
    try:
        # One statement in autocommit mode (a savepoint inside a caller's transaction):
        # the hot path of a busy API.
        with (
            transaction.atomic(using=intake)
            if connections[intake].in_atomic_block
            else nullcontext()
        ):
            pk = insert_row(
                Submission,
                [
                    "organisation_id",
                    "unit_id",
                    "received_at",
                    "status",
                    "external_id",
                    "payload",
                    "error",
                ],
                [
                    checked.organisation_id,
                    checked.unit.pk,
                    received_at,
                    SubmissionStatus.PENDING,
                    external_id,
                    payload,
                    "",
                ],
                using=intake,
            )
    except IntegrityError:
        stored = Submission.objects.filter(
            organisation_id=checked.organisation_id, external_id=external_id
        ).first()
        if not external_id or stored is None:
            raise
        return Accepted(stored.pk, stored.status, stored.external_id)
    if not _stored_by_worker():
        transaction.on_commit(_store_now, using=intake)
    return Accepted(pk, SubmissionStatus.PENDING, external_id)


def do_store_submissions(limit: int = STORE_BATCH) -> int:
    """Store up to `limit` pending submissions as responses; returns how many were
    handled. Idempotent: a run killed before its commit leaves the rows pending, and a
    row whose response was stored but not yet marked (the journal in its own SQLite
    file) is recognised by `Response.submission_id` and only marked."""
    now = timezone.now()
    intake = intake_alias()
    same_database = intake == DEFAULT_DB_ALIAS
    with transaction.atomic():  # on SQLite: waits for, then holds, the write lock
        pending = Submission.objects.filter(status=SubmissionStatus.PENDING).order_by("id")
        if same_database and connection.features.has_select_for_update_skip_locked:
            pending = pending.select_for_update(skip_locked=True)
        rows = list(pending[:limit])
        if not rows:
            return 0
        _store_batch(rows, now)
        if same_database:
            _mark_stored(rows, now)
    if not same_database:
        with transaction.atomic(using=intake):
            _mark_stored(rows, now)
    return len(rows)


ANALYSE_BATCH = 200
# what reading an answer again replaces: every column but the keys
ANALYSED_FIELDS = [
    f.name for f in TextAnalysis._meta.concrete_fields if f.name not in ("answer", "response")
]


def do_analyse_answers(limit: int = ANALYSE_BATCH) -> int:
    """Read up to `limit` free-text answers with the text engine and store what it found
    (`TextAnalysis`, with the organisation's own themes); returns how many were read.
    Idempotent and safe to run in many workers: on PostgreSQL each takes rows the others
    have not locked; a run killed before its commit leaves its rows to the next one; an
    answer read again (its organisation changed its themes) gets its analysis replaced.

    The engine's models load (about a second) before the transaction, so the SQLite
    write lock is held only while about `limit` texts are read (some 50 µs each)."""
    from lytt.text import __version__ as engine
    from lytt.text import analyze, analyze_many

    analyze("")  # loads the models outside the transaction
    now = timezone.now()
    with transaction.atomic():
        pending = Answer.objects.filter(analysed=False).exclude(text="").order_by("id")
        if connection.features.has_select_for_update_skip_locked:
            pending = pending.select_for_update(skip_locked=True, of=("self",))
        rows = list(
            pending.values_list("id", "response_id", "text", "response__organisation_id")[:limit]
        )
        if not rows:
            return 0
        by_org: dict[int, list[tuple[int, int, str]]] = {}
        for pk, response_id, text, org_id in rows:
            by_org.setdefault(org_id, []).append((pk, response_id, text))
        analyses = []
        for org_id, org_rows in by_org.items():
            found = analyze_many([t for _pk, _r, t in org_rows], custom_themes=own_themes(org_id))
            analyses += [
                TextAnalysis(
                    answer_id=pk,
                    response_id=response_id,
                    engine=engine,
                    analysed_at=now,
                    **analysis_fields(result),
                )
                for (pk, response_id, _t), result in zip(org_rows, found, strict=True)
            ]
        TextAnalysis.objects.bulk_create(
            analyses,
            update_conflicts=True,
            unique_fields=["answer"],
            update_fields=ANALYSED_FIELDS,
        )
        Answer.objects.filter(pk__in=[r[0] for r in rows]).update(analysed=True)
    return len(rows)


def _read_again(org_id: int) -> None:
    """Every free-text answer of the organisation waits to be read again (its themes
    changed); the worker replaces the analyses in the background."""
    Answer.objects.filter(response__organisation_id=org_id, analysed=True).exclude(text="").update(
        analysed=False
    )


def _clean_theme(name: str, keywords: Iterable[str]) -> tuple[str, list[str]]:
    name = " ".join(name.split())
    words = list(dict.fromkeys(" ".join(k.split()) for k in keywords if k.strip()))
    if not name:
        raise ValidationError(_("Give the theme a name."))
    if len(name) > 60:
        raise ValidationError(_("A theme's name can be at most 60 characters."))
    if not words:
        raise ValidationError(_("Give at least one keyword."))
    if len(words) > 100 or any(len(w) > 60 for w in words):
        raise ValidationError(_("At most 100 keywords, each at most 60 characters."))
    return name, words


def do_save_custom_theme(
    actor: Any,
    organisation: Organisation,
    *,
    name: str,
    keywords: Iterable[str],
    theme: CustomTheme | None = None,
) -> CustomTheme:
    """Create a theme of the organisation's own (or change `theme`). Every free-text
    answer of the organisation is then read again in the background with it."""
    name, words = _clean_theme(name, keywords)
    with transaction.atomic():
        clash = CustomTheme.objects.filter(organisation=organisation, name__iexact=name)
        if theme is not None:
            clash = clash.exclude(pk=theme.pk)
        if clash.exists():
            raise ValidationError(_("There is already a theme called %(name)s.") % {"name": name})
        if theme is None:
            theme = CustomTheme.objects.create(organisation=organisation, name=name, keywords=words)
            action = "theme.created"
        else:
            theme.name, theme.keywords, theme.updated_at = name, words, timezone.now()
            theme.save(update_fields=["name", "keywords", "updated_at"])
            action = "theme.changed"
        record(actor, organisation.pk, action, theme, name=name, keywords=words)
        _read_again(organisation.pk)
    return theme


def do_delete_custom_theme(actor: Any, theme: CustomTheme) -> None:
    with transaction.atomic():
        record(actor, theme.organisation_id, "theme.deleted", theme, name=theme.name)
        theme.delete()
        _read_again(theme.organisation_id)


def _mark_stored(rows: list[Submission], now: datetime) -> None:
    """Stored rows leave the journal (their response carries `submission_id`), rejected
    ones stay with their reason."""
    Submission.objects.filter(
        pk__in=[r.pk for r in rows if r.status == SubmissionStatus.STORED]
    ).delete()
    for row in rows:
        if row.status == SubmissionStatus.REJECTED:
            Submission.objects.filter(pk=row.pk).update(
                status=row.status, error=row.error, stored_at=now
            )


def _store_batch(rows: list[Submission], now: datetime) -> None:
    from lytt.surveys.models import SurveyVersion, Touchpoint

    payloads = [r.payload for r in rows]

    def ids(key: str) -> set[int]:
        return {p[key] for p in payloads if p.get(key) is not None}

    versions = {v.pk: v for v in SurveyVersion.objects.filter(pk__in=ids("version"))}
    questions = {pk: answer_lib.questions_by_key(v.definition) for pk, v in versions.items()}
    units = set(Unit.objects.filter(pk__in=ids("unit")).values_list("pk", flat=True))
    employees = set(Employee.objects.filter(pk__in=ids("employee")).values_list("pk", flat=True))
    visits = dict(Visit.objects.filter(pk__in=ids("visit")).values_list("pk", "customer_id"))
    touchpoints = set(
        Touchpoint.objects.filter(pk__in=ids("touchpoint")).values_list("pk", flat=True)
    )
    already = dict(
        Response.objects.filter(submission_id__in=[r.pk for r in rows]).values_list(
            "submission_id", "pk"
        )
    )
    stored_ext = {
        (org, ext): pk
        for org, ext, pk in Response.objects.filter(
            source=ResponseSource.API,
            external_id__in={r.external_id for r in rows if r.external_id},
            organisation_id__in={r.organisation_id for r in rows},
        ).values_list("organisation_id", "external_id", "pk")
    }
    customers = _customers_for(rows, now)

    responses: list[tuple[Submission, Response, list[dict[str, Any]]]] = []
    for row in rows:
        p = row.payload
        existing = already.get(row.pk) or stored_ext.get((row.organisation_id, row.external_id))
        if existing is not None:
            row.status = SubmissionStatus.STORED
            continue
        if p["version"] not in versions or p["unit"] not in units:
            row.status = SubmissionStatus.REJECTED
            row.error = "survey version or unit no longer exists"
            continue
        completed_at = datetime.fromisoformat(p["completed_at"]) if p["completed_at"] else None
        customer_id = customers.get((row.organisation_id, p["customer_key"]))
        if customer_id is None and p["visit"] in visits:
            customer_id = visits[p["visit"]]
        version = versions[p["version"]]
        by_key = questions[version.pk]
        answers = [answer_lib.answer_fields(by_key[k], v) for k, v in p["values"].items()]
        score, score_kind = answer_lib.headline_score(version.definition, p["values"])
        response = Response(
            organisation_id=row.organisation_id,
            survey_id=version.survey_id,
            version_id=version.pk,
            touchpoint_id=p["touchpoint"] if p["touchpoint"] in touchpoints else None,
            unit_id=p["unit"],
            channel=p["channel"],
            employee_id=p["employee"] if p["employee"] in employees else None,
            customer_id=customer_id,
            visit_id=p["visit"] if p["visit"] in visits else None,
            language=p["language"],
            status=ResponseStatus.COMPLETE,
            source=ResponseSource.API,
            started_at=completed_at or row.received_at,
            completed_at=completed_at or row.received_at,
            score=score,
            score_kind=score_kind,
            external_id=row.external_id,
            submission_id=row.pk,
        )
        responses.append((row, response, answers))
    Response.objects.bulk_create([r for _s, r, _a in responses])
    # Most rows of a batch are answers and audit events: one prepared statement each.
    insert_rows(
        Answer,
        ["response", "question_key", "competency_item_key", "number", "text", "choices"],
        (
            (
                r.pk,
                a["question_key"],
                a["competency_item_key"],
                a["number"],
                a["text"],
                a["choices"],
            )
            for _s, r, answers in responses
            for a in answers
        ),
    )
    insert_rows(
        AuditEvent,
        ["organisation", "actor", "action", "object_type", "object_id", "data", "at"],
        (
            (
                r.organisation_id,
                s.payload["actor"].get("user"),
                "response.submitted",
                "response",
                str(r.pk),
                {
                    k: v
                    for k, v in {
                        "survey": r.survey_id,
                        "unit": r.unit_id,
                        "source": ResponseSource.API,
                        "token": s.payload["actor"].get("token"),
                        "submission": s.pk,
                    }.items()
                    if v is not None
                },
                now,
            )
            for s, r, _a in responses
        ),
    )
    for s, _r, _a in responses:
        s.status = SubmissionStatus.STORED


def _customers_for(rows: list[Submission], now: datetime) -> dict[tuple[int, str], int]:
    """(organisation id, key hash) -> customer id for every identified submission,
    creating customers seen for the first time and moving last_seen_at forward."""
    seen: dict[tuple[int, str], datetime] = {}
    for row in rows:
        key = row.payload.get("customer_key")
        if key:
            at = row.payload["completed_at"]
            when = datetime.fromisoformat(at) if at else row.received_at
            seen[(row.organisation_id, key)] = max(when, seen.get((row.organisation_id, key), when))
    if not seen:
        return {}

    def lookup() -> dict[tuple[int, str], Customer]:
        found: dict[tuple[int, str], Customer] = {}
        for org_id in {org for org, _k in seen}:
            keys = [k for org, k in seen if org == org_id]
            for c in Customer.objects.filter(organisation_id=org_id, key_hash__in=keys):
                found[(org_id, c.key_hash)] = c
        return found

    found = lookup()
    missing = [k for k in seen if k not in found]
    if missing:
        Customer.objects.bulk_create(
            [
                Customer(
                    organisation_id=org,
                    key_hash=key,
                    first_seen_at=seen[(org, key)],
                    last_seen_at=seen[(org, key)],
                )
                for org, key in missing
            ],
            ignore_conflicts=True,
        )
        found = lookup()
    later = [(seen[k], c.pk) for k, c in found.items() if seen[k] > c.last_seen_at]
    if later:
        adapt = connection.ops.adapt_datetimefield_value
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE feedback_customer SET last_seen_at = %s "
                "WHERE id = %s AND last_seen_at < %s",
                [(adapt(when), pk, adapt(when)) for when, pk in later],
            )
    return {k: c.pk for k, c in found.items()}
