"""API: create invitations (one or many, or a contacts CSV) and read them back.

Scoped like the pages: only admins, CX managers and unit managers (their subtree).
Skipped invitations (unsubscribed customer, quiet period, duplicate id) are reported per
item with a stable `skipped` code and a translated message; nothing is lost for the
other items.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import CursorPagination, paginate

from lytt.accounts.access import access_employee, access_unit, principal_of, require_scope
from lytt.invitations import actions
from lytt.invitations.access import access_invitation, invitations_visible
from lytt.surveys.access import access_survey

router = Router()


class InvitationIn(Schema):
    survey_id: int
    unit_id: int
    email: str
    channel: str
    employee_id: int | None = None
    language: str | None = None
    visited_at: datetime | None = None
    external_id: str = ""  # the caller's id; the same id twice creates one invitation


class InvitationOut(Schema):
    id: int
    survey_id: int
    unit_id: int
    channel: str
    employee_id: int | None
    language: str
    status: str
    visited_at: datetime | None
    created_at: datetime
    sent_at: datetime | None
    reminded_at: datetime | None
    answered_at: datetime | None
    expires_at: datetime
    response_id: int | None


class InvitationResultOut(Schema):
    index: int
    created: bool
    invitation: InvitationOut | None
    skipped: str | None
    message: str


class CsvRowProblem(Schema):
    row: int
    message: str


class CsvReportOut(Schema):
    rows: int
    created: int
    skipped: list[CsvRowProblem]
    errors: list[CsvRowProblem]


def _ref(load: Any, kind: str, value: int) -> Any:
    """An object named in a request; 404 naming the id when outside the caller's scope."""
    try:
        return load(value)
    except Http404:
        messages = {
            "survey": _("Unknown survey: %(id)s"),
            "unit": _("Unknown unit: %(id)s"),
            "employee": _("Unknown employee: %(id)s"),
        }
        raise HttpError(404, messages[kind] % {"id": value}) from None


@router.post(
    "",
    response={201: list[InvitationResultOut]},
    summary="Invite one or many customers",
)
def create_invitations(request: HttpRequest, payload: InvitationIn | list[InvitationIn]) -> Status:
    who = principal_of(request)
    require_scope(who, "invitations.manage")
    items = payload if isinstance(payload, list) else [payload]
    if len(items) > 1000:
        raise ValidationError(_("At most 1000 invitations per request."))
    results: list[InvitationResultOut] = []
    with transaction.atomic():
        for index, item in enumerate(items):
            survey = _ref(lambda v: access_survey(who, v), "survey", item.survey_id)
            unit = _ref(lambda v: access_unit(who, v, "invitations.manage"), "unit", item.unit_id)
            employee = None
            if item.employee_id is not None:
                employee = _ref(
                    lambda v: access_employee(who, v, "invitations.manage"),
                    "employee",
                    item.employee_id,
                )
            try:
                result = actions.do_create_invitation(
                    who,
                    survey=survey,
                    unit=unit,
                    email=item.email,
                    channel=item.channel,
                    employee=employee,
                    language=item.language,
                    visited_at=item.visited_at,
                    dedupe_key=f"api:{item.external_id}" if item.external_id else "",
                )
            except ValidationError as exc:
                if len(items) == 1:
                    raise
                raise ValidationError(
                    _("Item %(index)d: %(message)s")
                    % {"index": index, "message": " ".join(exc.messages)}
                ) from None
            results.append(
                InvitationResultOut(
                    index=index,
                    created=result.created,
                    invitation=InvitationOut.from_orm(result.invitation)
                    if result.invitation is not None
                    else None,
                    skipped=result.skipped,
                    message=result.message,
                )
            )
    return Status(201, results)


@router.get("", response=list[InvitationOut], summary="List invitations")
@paginate(CursorPagination, ordering=("-id",))
def list_invitations(
    request: HttpRequest,
    survey_id: int | None = None,
    unit_id: int | None = None,
    status: str | None = None,
) -> Any:
    who = principal_of(request)
    qs = invitations_visible(who)
    if survey_id is not None:
        qs = qs.filter(survey_id=survey_id)
    if unit_id is not None:
        unit = _ref(lambda v: access_unit(who, v, "invitations.manage"), "unit", unit_id)
        qs = qs.filter(unit__path__startswith=unit.path)
    if status:
        qs = qs.filter(status=status)
    return qs


@router.post("/csv", response={201: CsvReportOut}, summary="Invite the customers in a contacts CSV")
def upload_contacts(request: HttpRequest, survey_id: Form[int], file: File[UploadedFile]) -> Status:
    who = principal_of(request)
    require_scope(who, "invitations.manage")
    survey = _ref(lambda v: access_survey(who, v), "survey", survey_id)
    report = actions.do_create_invitations_from_csv(who, file.read(), survey=survey)
    return Status(
        201,
        CsvReportOut(
            rows=report.total,
            created=report.created,
            skipped=[CsvRowProblem(row=r, message=m) for r, m in report.skipped],
            errors=[CsvRowProblem(row=r, message=m) for r, m in report.errors],
        ),
    )


@router.get("/{invitation_id}", response=InvitationOut, summary="One invitation")
def get_invitation(request: HttpRequest, invitation_id: int) -> Any:
    return access_invitation(principal_of(request), invitation_id)
