"""API: submit and read responses, record and list visits, read texts.

Writes need the "feedback.submit" permission and stay inside the caller's unit scope;
reads need "feedback.view" and are scoped like the pages (employees see only their own).
Ids in a request body that the caller may not use get 404, like ids that do not exist.
"""

import time
from datetime import date, datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import CursorPagination, paginate
from pydantic import BaseModel, StringConstraints

from lytt.accounts import access as accounts_access
from lytt.accounts.access import principal_of, require_scope
from lytt.accounts.models import Channel, Employee, Unit
from lytt.feedback import actions
from lytt.feedback.access import (
    SubmissionState,
    access_custom_theme,
    access_response,
    access_submission,
    access_visit,
    custom_themes_visible,
    responses_visible,
    visits_visible,
)
from lytt.feedback.models import Answer, Response, ResponseSource, TextAnalysis, VisitSource
from lytt.feedback.queries import ResponseFilters, filter_responses
from lytt.feedback.understanding import analysis_fields
from lytt.surveys.models import Survey, Touchpoint

router = Router()


def _unit_ref(principal: Any, unit_id: int) -> Unit:
    try:
        return accounts_access.access_unit(principal, unit_id, "feedback.submit")
    except Http404:
        raise HttpError(404, _("Unknown unit: %(id)s") % {"id": unit_id}) from None


def _employee_ref(principal: Any, employee_id: int | None) -> Employee | None:
    if employee_id is None:
        return None
    scope = require_scope(principal, "feedback.submit")
    found = (
        Employee.objects.filter(scope.unit_filter("unit"), pk=employee_id)
        .select_related("unit")
        .first()
    )
    if found is None:
        raise HttpError(404, _("Unknown employee: %(id)s") % {"id": employee_id})
    return found


# Touchpoints looked up by token, kept for a few seconds per process: submissions
# arrive in bursts for the same few touchpoints, and the lookup (survey, version, unit,
# organisation, employee) is the most expensive part of a submission. A touchpoint
# deactivated or a survey closed is therefore refused within TOUCHPOINT_TTL seconds.
TOUCHPOINT_TTL = 5.0
_TOUCHPOINTS: dict[str, tuple[float, Touchpoint | None]] = {}


def _touchpoint(token: str) -> Touchpoint | None:
    now = time.monotonic()
    hit = _TOUCHPOINTS.get(token)
    if hit is not None and hit[0] > now:
        return hit[1]
    found = list(
        Touchpoint.objects.select_related(
            "survey__current_version", "unit", "organisation", "employee"
        )
        .filter(token=token)
        .order_by()[:1]
    )
    tp = found[0] if found else None
    if len(_TOUCHPOINTS) > 2000:
        _TOUCHPOINTS.clear()
    _TOUCHPOINTS[token] = (now + TOUCHPOINT_TTL, tp)
    return tp


def _in_scope(scope: Any, unit: Unit) -> bool:
    if unit.organisation_id != scope.organisation_id:
        return False
    return scope.unit_path is None or unit.path.startswith(scope.unit_path)


# Request bodies are plain pydantic models: ninja's Schema adds a wrapping validator
# (for reading Django objects) that only responses need.
class CustomerIn(BaseModel):
    email: str | None = None
    phone: str | None = None
    loyalty_id: str | None = None


class ResponseIn(BaseModel):
    touchpoint: str | None = Field(None, description="A touchpoint's public token")
    survey_id: int | None = Field(
        None, description="With unit_id and channel, instead of a touchpoint"
    )
    unit_id: int | None = None
    channel: str | None = None
    employee_id: int | None = None
    answers: dict[str, Any] = Field(..., description="Question key to answer value")
    language: str | None = None
    customer: CustomerIn | None = None
    visit_id: int | None = None
    external_id: str | None = Field(None, max_length=100)
    completed_at: datetime | None = None


class NeedOut(Schema):
    label: str = Field(description="confirmation, control or influence")
    evidence: list[str] = Field(description="The words in the text that show it.")


class TextAnalysisOut(Schema):
    """What the text engine read in a text (see docs/text-engine.md for every label)."""

    language: str = Field(description="nb, nn, sv, da, en or und")
    sentiment: str = Field(description="positive, neutral or negative")
    sentiment_score: float = Field(description="From -1 (negative) to 1 (positive).")
    emotions: dict[str, float] = Field(description="Plutchik's eight, each a probability.")
    strategy: str = Field(
        description="The customer's strategy: irritation, passivity, relation or none."
    )
    strategy_evidence: list[str]
    needs: list[NeedOut]
    themes: list[str]
    root_causes: list[str]
    churn_risk: float = Field(description="From 0 to 1; 0.5 and above is high.")


class StoredTextAnalysisOut(TextAnalysisOut):
    engine: str = Field(description="The text engine's version that read it.")
    analysed_at: datetime


class AnswerOut(Schema):
    question_key: str
    competency_item_key: str
    number: float | None
    text: str
    choices: list[str]
    analysis: StoredTextAnalysisOut | None = Field(
        None,
        description="What the text engine read in a free-text answer; null until the "
        "background worker has read it (usually within a second or two).",
    )

    @staticmethod
    def resolve_analysis(obj: Answer) -> TextAnalysis | None:
        try:
            return obj.analysis
        except TextAnalysis.DoesNotExist:
            return None


class ResponseOut(Schema):
    id: int
    survey_id: int
    version: int
    touchpoint_id: int | None
    unit_id: int
    channel: str
    employee_id: int | None
    customer_id: int | None
    visit_id: int | None
    language: str
    status: str
    source: str
    started_at: datetime
    completed_at: datetime | None
    score: float | None
    score_kind: str
    contact_consent: bool
    external_id: str
    answers: list[AnswerOut]

    @staticmethod
    def resolve_version(obj: Response) -> int:
        return obj.version.number

    @staticmethod
    def resolve_answers(obj: Response) -> list[Any]:
        if "answers" in getattr(obj, "_prefetched_objects_cache", {}):
            return list(obj.answers.all())
        return list(obj.answers.select_related("analysis"))


class VisitIn(Schema):
    unit_id: int
    channel: str
    employee_id: int | None = None
    occurred_at: datetime | None = None
    customer: CustomerIn | None = None
    external_id: str | None = Field(None, max_length=100)


class VisitOut(Schema):
    id: int
    unit_id: int
    channel: str
    employee_id: int | None
    customer_id: int | None
    occurred_at: datetime
    source: str
    external_id: str


def _ids(customer: CustomerIn | None) -> dict[str, Any]:
    if customer is None:
        return {}
    return {"email": customer.email, "phone": customer.phone, "loyalty_id": customer.loyalty_id}


class SubmissionOut(BaseModel):
    id: int
    status: str = Field(..., description="pending, stored or rejected")
    response_id: int | None = Field(None, description="The stored response, once stored")
    external_id: str
    error: str = ""
    url: str = Field(..., description="Where to read this submission's status")


def _submission_out(state: SubmissionState) -> dict[str, Any]:
    return {
        "id": state.id,
        "status": state.status,
        "response_id": state.response_id,
        "external_id": state.external_id,
        "error": state.error,
        "url": f"/api/v1/submissions/{state.id}",
    }


def _wants_async(request: HttpRequest) -> bool:
    prefer = request.headers.get("Prefer", "")
    return any(p.strip().lower() == "respond-async" for p in prefer.split(","))


@router.post(
    "/responses",
    response={201: ResponseOut, 202: SubmissionOut},
    summary="Submit a response (answers to a survey)",
    description=(
        "Validates the answers and stores the response (201, the stored response). With "
        "the header `Prefer: respond-async` (RFC 7240) the validated response is accepted "
        "for storage by a background job within about a second and the answer is 202 "
        "with a submission to poll at `url`: the way to send many answers quickly. Bad "
        "answers are refused with 422 either way; the same `external_id` again returns "
        "what was stored or accepted the first time."
    ),
)
def submit_response(request: HttpRequest, payload: ResponseIn) -> Any:
    principal = principal_of(request)
    scope = require_scope(principal, "feedback.submit")
    kwargs: dict[str, Any] = {}
    if payload.touchpoint:
        tp = _touchpoint(payload.touchpoint)
        if tp is None or not _in_scope(scope, tp.unit):
            raise HttpError(404, _("Unknown touchpoint."))
        kwargs["touchpoint"] = tp
        if payload.channel:
            kwargs["channel"] = payload.channel
    else:
        if payload.survey_id is None or payload.unit_id is None:
            raise ValidationError(_("Give a touchpoint token, or a survey id and a unit id."))
        survey = (
            Survey.objects.select_related("current_version", "organisation")
            .filter(organisation_id=scope.organisation_id, pk=payload.survey_id)
            .first()
        )
        if survey is None:
            raise HttpError(404, _("Unknown survey: %(id)s") % {"id": payload.survey_id})
        kwargs.update(survey=survey, unit=_unit_ref(principal, payload.unit_id))
        kwargs["channel"] = payload.channel
    if payload.channel is not None and payload.channel not in Channel.values:
        raise ValidationError(
            {"channel": _("Unknown channel: %(name)s") % {"name": payload.channel}}
        )
    employee = _employee_ref(principal, payload.employee_id)
    if employee is not None:
        kwargs["employee"] = employee
    if payload.visit_id is not None:
        try:
            kwargs["visit"] = access_visit(principal, payload.visit_id, "feedback.submit")
        except Http404:
            raise HttpError(404, _("Unknown visit: %(id)s") % {"id": payload.visit_id}) from None
    common = {
        "answers": payload.answers,
        "language": payload.language,
        "external_id": payload.external_id,
        "completed_at": payload.completed_at,
        **_ids(payload.customer),
        **kwargs,
    }
    if _wants_async(request):
        accepted = actions.do_accept_submission(principal, **common)
        return Status(
            202,
            _submission_out(
                SubmissionState(accepted.pk, accepted.status, None, accepted.external_id, "")
            ),
        )
    response = actions.do_submit_response(principal, source=ResponseSource.API, **common)
    if not hasattr(response, "_prefetched_objects_cache"):  # an already stored external id
        response = (
            Response.objects.select_related("version")
            .prefetch_related("answers")
            .get(pk=response.pk)
        )
    return Status(201, response)


@router.get(
    "/submissions/{submission_id}",
    response=SubmissionOut,
    summary="The status of a response sent with Prefer: respond-async",
)
def get_submission(request: HttpRequest, submission_id: int) -> dict[str, Any]:
    return _submission_out(access_submission(principal_of(request), submission_id))


@router.get("/responses", response=list[ResponseOut], summary="List responses, newest first")
@paginate(CursorPagination, ordering=("-id",))
def list_responses(
    request: HttpRequest,
    unit_id: int | None = None,
    survey_id: int | None = None,
    channel: str | None = None,
    since: date | None = None,
    until: date | None = None,
    score_min: float | None = None,
    score_max: float | None = None,
    status: str = "complete",
) -> Any:
    principal = principal_of(request)
    unit = None
    if unit_id is not None:
        try:
            unit = accounts_access.access_unit(principal, unit_id, "feedback.view")
        except Http404:
            raise HttpError(404, _("Unknown unit: %(id)s") % {"id": unit_id}) from None
    filters = ResponseFilters(
        unit=unit,
        survey_id=survey_id,
        channel=channel,
        since=since,
        until=until,
        score_min=score_min,
        score_max=score_max,
        status=status if status in ("complete", "partial") else None,
    )
    return (
        filter_responses(responses_visible(principal), filters)
        .select_related("version")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("analysis")))
    )


@router.get("/responses/{response_id}", response=ResponseOut, summary="One response")
def get_response(request: HttpRequest, response_id: int) -> Response:
    return access_response(principal_of(request), response_id)


@router.post("/visits", response={201: VisitOut}, summary="Record a visit or contact")
def record_visit(request: HttpRequest, payload: VisitIn) -> Any:
    principal = principal_of(request)
    require_scope(principal, "feedback.submit")
    visit = actions.do_record_visit(
        principal,
        unit=_unit_ref(principal, payload.unit_id),
        channel=payload.channel,
        occurred_at=payload.occurred_at,
        employee=_employee_ref(principal, payload.employee_id),
        source=VisitSource.API,
        external_id=payload.external_id or "",
        **_ids(payload.customer),
    )
    return Status(201, visit)


@router.get("/visits", response=list[VisitOut], summary="List visits, newest first")
@paginate(CursorPagination, ordering=("-id",))
def list_visits(
    request: HttpRequest,
    unit_id: int | None = None,
    channel: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> Any:
    principal = principal_of(request)
    qs = visits_visible(principal)
    if unit_id is not None:
        try:
            unit = accounts_access.access_unit(principal, unit_id, "feedback.view")
        except Http404:
            raise HttpError(404, _("Unknown unit: %(id)s") % {"id": unit_id}) from None
        qs = qs.filter(unit__path__startswith=unit.path)
    if channel:
        qs = qs.filter(channel=channel)
    if since:
        qs = qs.filter(occurred_at__date__gte=since)
    if until:
        qs = qs.filter(occurred_at__date__lte=until)
    return qs


# Texts ---------------------------------------------------------------------------------

MAX_TEXTS = 100
MAX_TEXT_CHARS = 10_000


class TextsIn(Schema):
    texts: list[Annotated[str, StringConstraints(max_length=MAX_TEXT_CHARS)]] = Field(
        min_length=1, max_length=MAX_TEXTS
    )


@router.post(
    "/texts/analyze",
    response=list[TextAnalysisOut],
    summary="Read texts with the text engine",
    description=(
        f"Reads up to {MAX_TEXTS} texts (each up to {MAX_TEXT_CHARS:,} characters) in "
        "bokmål, nynorsk, Swedish, Danish or English, and returns for each, in order, what "
        "Lytt reads in a free-text answer: language, sentiment, emotions, customer "
        "strategy, needs, themes, root causes and churn risk. Nothing is stored. Free-text "
        "answers to surveys are read by the background worker and carry the same fields "
        "under `analysis`."
    ),
)
def analyze_texts(request: HttpRequest, payload: TextsIn) -> list[dict[str, Any]]:
    from lytt.text import analyze_many

    require_scope(principal_of(request), "feedback.view")
    return [analysis_fields(found) for found in analyze_many(payload.texts)]


# The organisation's own themes ---------------------------------------------------------


class CustomThemeIn(Schema):
    name: str = Field(max_length=60, description="Shown as the theme's label.")
    keywords: list[str] = Field(
        min_length=1,
        max_length=100,
        description="Words or phrases in any language, matched tolerant of spelling; end "
        "one with * to also match inflected and compound forms.",
    )


class CustomThemeOut(Schema):
    id: int
    name: str
    keywords: list[str]
    updated_at: datetime


def _save_theme(request: HttpRequest, payload: CustomThemeIn, theme: Any = None) -> Any:
    principal = principal_of(request)
    try:
        return actions.do_save_custom_theme(
            principal,
            accounts_access.access_organisation(principal),
            name=payload.name,
            keywords=payload.keywords,
            theme=theme,
        )
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from None


@router.get("/themes", response=list[CustomThemeOut], summary="The organisation's own themes")
def list_custom_themes(request: HttpRequest) -> Any:
    return list(custom_themes_visible(principal_of(request)))


@router.post(
    "/themes",
    response={201: CustomThemeOut},
    summary="Add a theme of the organisation's own",
    description=(
        "Free-text answers mentioning any of the keywords get the theme's name among "
        "their `themes`. Every free-text answer of the organisation is read again in the "
        "background, so older answers get it too."
    ),
)
def create_custom_theme(request: HttpRequest, payload: CustomThemeIn) -> Any:
    require_scope(principal_of(request), "themes.manage")
    return Status(201, _save_theme(request, payload))


@router.put("/themes/{theme_id}", response=CustomThemeOut, summary="Change an own theme")
def update_custom_theme(request: HttpRequest, theme_id: int, payload: CustomThemeIn) -> Any:
    return _save_theme(request, payload, access_custom_theme(principal_of(request), theme_id))


@router.delete("/themes/{theme_id}", response={204: None}, summary="Delete an own theme")
def delete_custom_theme(request: HttpRequest, theme_id: int) -> Any:
    principal = principal_of(request)
    actions.do_delete_custom_theme(principal, access_custom_theme(principal, theme_id))
    return Status(204, None)
