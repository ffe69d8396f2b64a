"""API: surveys and their versions, the competency model, touchpoints and their QR
codes and posters. Reads go through lytt.surveys.access, writes through the actions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import CursorPagination, paginate

from lytt.accounts.access import access_employee, access_organisation, access_unit, principal_of
from lytt.accounts.models import Employee, Unit
from lytt.surveys import access, actions, distribution
from lytt.surveys.models import CompetencyItem, Survey, SurveyVersion, Touchpoint

router = Router()


# Competency model -----------------------------------------------------------------


class CompetencyItemOut(Schema):
    id: int
    key: str
    text: dict[str, str]
    order: int
    active: bool


class CompetencyItemIn(Schema):
    key: str | None = Field(
        None,
        description="Stable key (lower-case letters, digits, - and _); made from the text when left out",
    )
    text: dict[str, str] = Field(..., description="The statement per language")


class CompetencyItemPatch(Schema):
    text: dict[str, str] | None = Field(None, description="Texts to change, per language")
    active: bool | None = None
    order: int | None = None


@router.get(
    "/competency-items",
    response=list[CompetencyItemOut],
    summary="The organisation's competency items (shared with mystery shopping)",
)
@paginate(CursorPagination, ordering=("id",))
def list_competency_items(request: HttpRequest) -> Any:
    return access.competency_items_visible(principal_of(request))


@router.post(
    "/competency-items", response={201: CompetencyItemOut}, summary="Add a competency item"
)
def create_competency_item(
    request: HttpRequest, payload: CompetencyItemIn
) -> Status[CompetencyItem]:
    principal = principal_of(request)
    access.require_competency_manager(principal)
    item = actions.do_create_competency_item(
        principal, access_organisation(principal), key=payload.key, text=payload.text
    )
    return Status(201, item)


@router.patch(
    "/competency-items/{int:item_id}",
    response=CompetencyItemOut,
    summary="Change a competency item's texts, position or activity",
)
def update_competency_item(
    request: HttpRequest, item_id: int, payload: CompetencyItemPatch
) -> CompetencyItem:
    principal = principal_of(request)
    item = access.access_competency_item(principal, item_id)
    access.require_competency_manager(principal)
    return actions.do_update_competency_item(principal, item, **payload.dict(exclude_unset=True))


# Surveys --------------------------------------------------------------------------


class SurveyOut(Schema):
    id: int
    name: str
    kind: str
    status: str
    unit_id: int | None
    languages: list[str]
    default_language: str
    version: int | None = Field(None, description="Number of the current version")
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_version(obj: Survey) -> int | None:
        return obj.current_version.number if obj.current_version else None


class SurveyDetailOut(SurveyOut):
    definition: dict[str, Any] | None = Field(None, description="The current definition")

    @staticmethod
    def resolve_definition(obj: Survey) -> dict[str, Any] | None:
        return obj.current_version.definition if obj.current_version else None


class SurveyIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    kind: str = Field(
        "custom",
        description=(
            "post_visit_retail, restaurant, customer_service, complaint_follow_up or custom; "
            "the template used when no definition is given"
        ),
    )
    languages: list[str] | None = Field(None, description="Subset of nb, nn, sv, da, en")
    default_language: str | None = None
    unit_id: int | None = Field(
        None, description="The unit owning the survey (required for unit managers)"
    )
    definition: dict[str, Any] | None = Field(
        None, description="Questions; the kind's template when left out"
    )


class SurveyPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    languages: list[str] | None = None
    default_language: str | None = None
    definition: dict[str, Any] | None = Field(
        None,
        description="New questions. Makes a new version when the current one has responses.",
    )


class VersionOut(Schema):
    number: int
    definition: dict[str, Any]
    created_at: datetime
    current: bool


@router.get("", response=list[SurveyOut], summary="Surveys the caller can see")
@paginate(CursorPagination, ordering=("id",))
def list_surveys(request: HttpRequest) -> Any:
    return access.surveys_visible(principal_of(request))


@router.post("", response={201: SurveyDetailOut}, summary="Create a survey (from a template)")
def create_survey(request: HttpRequest, payload: SurveyIn) -> Status[Survey]:
    principal = principal_of(request)
    try:
        unit = access.owner_unit_for_new_survey(principal, payload.unit_id)
    except Http404:
        raise HttpError(404, _("Unknown unit: %(id)s") % {"id": payload.unit_id}) from None
    survey = actions.do_create_survey(
        principal,
        access_organisation(principal),
        name=payload.name,
        kind=payload.kind,
        languages=payload.languages,
        default_language=payload.default_language,
        unit=unit,
        definition=payload.definition,
    )
    return Status(201, survey)


@router.get("/{int:survey_id}", response=SurveyDetailOut, summary="One survey with its questions")
def get_survey(request: HttpRequest, survey_id: int) -> Survey:
    return access.access_survey(principal_of(request), survey_id)


@router.patch(
    "/{int:survey_id}",
    response=SurveyDetailOut,
    summary="Rename a survey, change its languages or its questions",
)
def update_survey(request: HttpRequest, survey_id: int, payload: SurveyPatch) -> Survey:
    principal = principal_of(request)
    survey = access.access_survey_for_edit(principal, survey_id)
    changes = payload.dict(exclude_unset=True)
    definition = changes.pop("definition", None)
    with transaction.atomic():  # all of the patch or none of it
        if changes:
            survey = actions.do_update_survey(principal, survey, **changes)
        if definition is not None:
            actions.do_update_survey_definition(principal, survey, definition)
    return access.access_survey(principal, survey_id)


@router.post("/{int:survey_id}/publish", response=SurveyDetailOut, summary="Put a survey live")
def publish_survey(request: HttpRequest, survey_id: int) -> Survey:
    principal = principal_of(request)
    survey = access.access_survey_for_edit(principal, survey_id)
    actions.do_publish_survey(principal, survey)
    return access.access_survey(principal, survey_id)


@router.post("/{int:survey_id}/close", response=SurveyDetailOut, summary="Close a survey")
def close_survey(request: HttpRequest, survey_id: int) -> Survey:
    principal = principal_of(request)
    survey = access.access_survey_for_edit(principal, survey_id)
    actions.do_close_survey(principal, survey)
    return access.access_survey(principal, survey_id)


def _version_out(survey: Survey, version: SurveyVersion) -> VersionOut:
    return VersionOut(
        number=version.number,
        definition=version.definition,
        created_at=version.created_at,
        current=version.pk == survey.current_version_id,
    )


@router.get(
    "/{int:survey_id}/versions", response=list[VersionOut], summary="All versions of a survey"
)
def list_survey_versions(request: HttpRequest, survey_id: int) -> list[VersionOut]:
    principal = principal_of(request)
    survey = access.access_survey(principal, survey_id)
    return [_version_out(survey, v) for v in access.versions_of(principal, survey)]


@router.get(
    "/{int:survey_id}/versions/{int:number}", response=VersionOut, summary="One version of a survey"
)
def get_survey_version(request: HttpRequest, survey_id: int, number: int) -> VersionOut:
    principal = principal_of(request)
    survey = access.access_survey(principal, survey_id)
    return _version_out(survey, access.access_version(principal, survey, number))


# Touchpoints ----------------------------------------------------------------------


class TouchpointOut(Schema):
    id: int
    survey_id: int
    unit_id: int
    channel: str
    employee_id: int | None
    kind: str
    active: bool
    token: str
    url: str
    kiosk_url: str
    embed_html: str
    created_at: datetime

    @staticmethod
    def resolve_url(obj: Touchpoint) -> str:
        return distribution.respondent_url(obj)

    @staticmethod
    def resolve_kiosk_url(obj: Touchpoint) -> str:
        return distribution.kiosk_url(obj)

    @staticmethod
    def resolve_embed_html(obj: Touchpoint) -> str:
        return distribution.embed_snippet(obj)


class TouchpointIn(Schema):
    survey_id: int
    unit_id: int
    channel: str = Field(..., description="in_person, phone, chat, email, web")
    employee_id: int | None = None
    kind: str = Field("link", description="link, qr, embed or kiosk")


class TouchpointPatch(Schema):
    active: bool


@router.get("/touchpoints", response=list[TouchpointOut], summary="Touchpoints in scope")
@paginate(CursorPagination, ordering=("id",))
def list_touchpoints(request: HttpRequest, survey_id: int | None = None) -> Any:
    qs = access.touchpoints_visible(principal_of(request))
    if survey_id is not None:
        qs = qs.filter(survey_id=survey_id)
    return qs


def _ref_unit(principal: Any, unit_id: int) -> Unit:
    try:
        return access_unit(principal, unit_id, "surveys.manage")
    except Http404:
        raise HttpError(404, _("Unknown unit: %(id)s") % {"id": unit_id}) from None


def _ref_employee(principal: Any, employee_id: int) -> Employee:
    try:
        return access_employee(principal, employee_id, "surveys.manage")
    except Http404:
        raise HttpError(404, _("Unknown employee: %(id)s") % {"id": employee_id}) from None


@router.post("/touchpoints", response={201: TouchpointOut}, summary="Distribute a survey")
def create_touchpoint(request: HttpRequest, payload: TouchpointIn) -> Status[Touchpoint]:
    principal = principal_of(request)
    try:
        survey = access.access_survey(principal, payload.survey_id, "surveys.manage")
    except Http404:
        raise HttpError(404, _("Unknown survey: %(id)s") % {"id": payload.survey_id}) from None
    unit = _ref_unit(principal, payload.unit_id)
    employee = _ref_employee(principal, payload.employee_id) if payload.employee_id else None
    touchpoint = actions.do_create_touchpoint(
        principal, survey, unit=unit, channel=payload.channel, employee=employee, kind=payload.kind
    )
    return Status(201, touchpoint)


@router.get("/touchpoints/{int:touchpoint_id}", response=TouchpointOut, summary="One touchpoint")
def get_touchpoint(request: HttpRequest, touchpoint_id: int) -> Touchpoint:
    return access.access_touchpoint(principal_of(request), touchpoint_id)


@router.patch(
    "/touchpoints/{int:touchpoint_id}",
    response=TouchpointOut,
    summary="Switch a touchpoint on or off",
)
def update_touchpoint(
    request: HttpRequest, touchpoint_id: int, payload: TouchpointPatch
) -> Touchpoint:
    principal = principal_of(request)
    touchpoint = access.access_touchpoint(principal, touchpoint_id, "surveys.manage")
    return actions.do_set_touchpoint_active(principal, touchpoint, active=payload.active)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.get(
    "/touchpoints/{int:touchpoint_id}/qr.svg",
    summary="QR code (SVG) of the respondent link",
    response={200: None},
)
def touchpoint_qr_svg(request: HttpRequest, touchpoint_id: int) -> HttpResponse:
    tp = access.access_touchpoint(principal_of(request), touchpoint_id)
    return _download(distribution.qr_svg(tp), "image/svg+xml", f"lytt-qr-{tp.pk}.svg")


@router.get(
    "/touchpoints/{int:touchpoint_id}/qr.png",
    summary="QR code (PNG) of the respondent link",
    response={200: None},
)
def touchpoint_qr_png(request: HttpRequest, touchpoint_id: int) -> HttpResponse:
    tp = access.access_touchpoint(principal_of(request), touchpoint_id)
    return _download(distribution.qr_png(tp), "image/png", f"lytt-qr-{tp.pk}.png")


@router.get(
    "/touchpoints/{int:touchpoint_id}/poster.pdf",
    summary="Printable A4 poster with the QR code",
    response={200: None},
)
def touchpoint_poster(request: HttpRequest, touchpoint_id: int) -> HttpResponse:
    tp = access.access_touchpoint(principal_of(request), touchpoint_id)
    return _download(distribution.poster_pdf(tp), "application/pdf", f"lytt-poster-{tp.pk}.pdf")
