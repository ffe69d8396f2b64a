"""API for mystery shopping: forms, assignments, evaluations, and submitting an
evaluation as the assigned evaluator. Scoped like the pages: reads through
lytt.evaluations.access, writes through lytt.evaluations.actions.

An evaluator's own work (her assignments, the form to fill in, submitting) needs a
person: a session or a personal API token. A role token gets 403 "personal token
needed" (lytt.accounts.access.require_person)."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import CursorPagination, paginate

from lytt.accounts import access as accounts_access
from lytt.accounts.access import principal_of, require_person, require_scope, scope_of
from lytt.accounts.models import Employee, Role, User
from lytt.evaluations import access, actions
from lytt.evaluations.models import Evaluation, EvaluationForm, FormStatus

router = Router()


# Forms -------------------------------------------------------------------------------


class CriterionSchema(Schema):
    key: str = Field(..., max_length=60)
    text: dict[str, str] = Field(..., description="Text per language code")
    kind: str = Field("ynp", description="ynp (yes/partly/no/n.a.) or scale")
    scale_max: int = Field(5, ge=1, le=100)
    weight: float = Field(1.0, ge=0)
    required: bool = True
    allow_comment: bool = True
    competency_item: str | None = Field(None, description="Key of a competency item")


class SectionSchema(Schema):
    key: str = Field(..., max_length=60)
    title: dict[str, str]
    weight: float = Field(1.0, ge=0)
    criteria: list[CriterionSchema]


class FormOut(Schema):
    id: int
    name: str
    language: str
    status: str
    version: int
    family: str
    created_at: datetime

    @staticmethod
    def resolve_family(obj: EvaluationForm) -> str:
        return str(obj.family)


class FormDetailOut(FormOut):
    sections: list[SectionSchema]

    @staticmethod
    def resolve_sections(obj: EvaluationForm) -> list[dict[str, Any]]:
        return actions.form_sections(obj)


class FormIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    language: str = "nb"
    status: str = Field(FormStatus.DRAFT, description="draft, live or archived")
    sections: list[SectionSchema]


@router.get("/forms", response=list[FormOut], summary="Evaluation forms (all versions)")
@paginate(CursorPagination, ordering=("id",))
def list_forms(request: HttpRequest) -> Any:
    return access.forms_visible(principal_of(request))


@router.get("/forms/{form_id}", response=FormDetailOut, summary="One form with its criteria")
def get_form(request: HttpRequest, form_id: int) -> EvaluationForm:
    return access.access_form(principal_of(request), form_id)


@router.post("/forms", response={201: FormDetailOut}, summary="Create an evaluation form")
def create_form(request: HttpRequest, payload: FormIn) -> Status[EvaluationForm]:
    principal = principal_of(request)
    require_scope(principal, "mystery.manage")
    organisation = accounts_access.access_organisation(principal)
    form = actions.do_create_form(
        principal,
        organisation,
        name=payload.name,
        language=payload.language,
        status=payload.status,
        sections=[s.dict() for s in payload.sections],
    )
    return Status(201, access.access_form(principal, form.pk))


# Assignments -------------------------------------------------------------------------


class AssignmentOut(Schema):
    id: int
    form_id: int
    evaluator_id: int
    unit_id: int
    channel: str
    due_date: date
    status: str
    evaluation_id: int | None
    created_at: datetime

    @staticmethod
    def resolve_evaluation_id(obj: Any) -> int | None:
        evaluation = getattr(obj, "evaluation", None) if _has_evaluation(obj) else None
        return evaluation.pk if evaluation else None


def _has_evaluation(obj: Any) -> bool:
    try:
        return obj.evaluation is not None
    except Evaluation.DoesNotExist:
        return False


class AssignmentIn(Schema):
    form_id: int
    evaluator_id: int
    unit_id: int
    channel: str = Field(..., description="in_person, phone, chat, email, web")
    due_date: date


def _manager_or_person(principal: Any) -> None:
    """Managers see every assignment, with any token; an evaluator sees her own, so she
    must be a person (session or personal token)."""
    scope = scope_of(principal)
    if scope is None or not scope.has("mystery.manage"):
        require_person(principal, "mystery.evaluate")


@router.get(
    "/assignments",
    response=list[AssignmentOut],
    summary="Assignments in scope (an evaluator: her own, with a personal token)",
)
@paginate(CursorPagination, ordering=("id",))
def list_assignments(request: HttpRequest, status: str | None = None) -> Any:
    principal = principal_of(request)
    _manager_or_person(principal)
    qs = access.assignments_visible(principal)
    return qs.filter(status=status) if status else qs


@router.get("/assignments/{assignment_id}", response=AssignmentOut, summary="One assignment")
def get_assignment(request: HttpRequest, assignment_id: int) -> Any:
    principal = principal_of(request)
    _manager_or_person(principal)
    return access.access_assignment(principal, assignment_id)


class EmployeeRefOut(Schema):
    id: int
    name: str


class AssignmentWorkOut(Schema):
    assignment: AssignmentOut
    form: FormDetailOut
    employees: list[EmployeeRefOut] = Field(
        ..., description="Active employees of the evaluated unit (for `employee_id`)"
    )
    answers: dict[str, str] = Field(..., description="Answers saved so far (a draft)")
    comments: dict[str, str]
    employee_id: int | None
    visited_at: datetime | None
    comment: str


@router.get(
    "/assignments/{assignment_id}/form",
    response=AssignmentWorkOut,
    summary="The form to fill in for an assignment, with the saved draft (the assigned evaluator)",
)
def get_assignment_form(request: HttpRequest, assignment_id: int) -> dict[str, Any]:
    principal = principal_of(request)
    require_person(principal, "mystery.evaluate")
    assignment = access.access_own_assignment(principal, assignment_id)
    form = access.with_structure(EvaluationForm.objects.filter(pk=assignment.form_id)).get()
    evaluation = assignment.evaluation if _has_evaluation(assignment) else None
    results = list(evaluation.results.all()) if evaluation else []
    employees = Employee.objects.filter(
        organisation_id=assignment.organisation_id,
        unit__path__startswith=assignment.unit.path,
        active=True,
    ).order_by("name", "pk")
    return {
        "assignment": assignment,
        "form": form,
        "employees": list(employees),
        "answers": {r.criterion_key: r.value for r in results if r.value},
        "comments": {r.criterion_key: r.comment for r in results if r.comment},
        "employee_id": evaluation.employee_id if evaluation else None,
        "visited_at": evaluation.visited_at if evaluation else None,
        "comment": evaluation.comment if evaluation else "",
    }


@router.post("/assignments", response={201: AssignmentOut}, summary="Assign an evaluator")
def create_assignment(request: HttpRequest, payload: AssignmentIn) -> Status[Any]:
    principal = principal_of(request)
    scope = require_scope(principal, "mystery.manage")
    try:
        form = access.access_form(principal, payload.form_id)
    except Http404:
        raise HttpError(404, _("Unknown form: %(id)s") % {"id": payload.form_id}) from None
    try:
        unit = accounts_access.access_unit(principal, payload.unit_id)
    except Http404:
        raise HttpError(404, _("Unknown unit: %(id)s") % {"id": payload.unit_id}) from None
    evaluator = User.objects.filter(
        pk=payload.evaluator_id,
        membership__organisation_id=scope.organisation_id,
        membership__role=Role.EVALUATOR,
    ).first()
    if evaluator is None:
        raise HttpError(404, _("Unknown evaluator: %(id)s") % {"id": payload.evaluator_id})
    assignment = actions.do_assign_evaluation(
        principal,
        form=form,
        evaluator=evaluator,
        unit=unit,
        channel=payload.channel,
        due_date=payload.due_date,
    )
    return Status(201, assignment)


# Evaluations -------------------------------------------------------------------------


class ResultOut(Schema):
    criterion_key: str
    value: str
    comment: str


class EvaluationOut(Schema):
    id: int
    assignment_id: int
    form_id: int
    unit_id: int
    channel: str
    employee_id: int | None
    visited_at: datetime | None
    submitted_at: datetime | None
    total_score: float | None = Field(None, description="0..1, weighted share of points")
    section_scores: dict[str, float | None]
    comment: str


class EvaluationDetailOut(EvaluationOut):
    results: list[ResultOut]

    @staticmethod
    def resolve_results(obj: Evaluation) -> list[Any]:
        return list(obj.results.all())


@router.get("/evaluations", response=list[EvaluationOut], summary="Submitted evaluations")
@paginate(CursorPagination, ordering=("id",))
def list_evaluations(
    request: HttpRequest,
    unit_id: int | None = None,
    channel: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> Any:
    """Filters: `unit_id` (the unit and its subtree), `channel`, `since`/`until` (visit date)."""
    principal = principal_of(request)
    qs = access.evaluations_visible(principal)
    unit = None
    if unit_id is not None:
        try:
            unit = accounts_access.access_unit(principal, unit_id, "mystery.view")
        except Http404:
            raise HttpError(404, _("Unknown unit: %(id)s") % {"id": unit_id}) from None
    return access.filter_evaluations(
        qs,
        unit=unit,
        channel=channel or "",
        since=since,
        until=until,
    )


@router.get("/evaluations/{evaluation_id}", response=EvaluationDetailOut, summary="One evaluation")
def get_evaluation(request: HttpRequest, evaluation_id: int) -> Evaluation:
    return access.access_evaluation(principal_of(request), evaluation_id)


class EvaluationIn(Schema):
    answers: dict[str, str | int | float] = Field(
        default_factory=dict,
        description='Criterion key → "yes", "partly", "no", "na" or a number (scale)',
    )
    comments: dict[str, str] = Field(default_factory=dict)
    employee_id: int | None = None
    visited_at: datetime | None = None
    comment: str | None = None
    draft: bool = Field(False, description="Only save; submit later")


@router.post(
    "/assignments/{assignment_id}/evaluation",
    response=EvaluationDetailOut,
    summary="Save or submit the evaluation of an assignment (the assigned evaluator)",
)
def submit_evaluation(request: HttpRequest, assignment_id: int, payload: EvaluationIn) -> Any:
    principal = principal_of(request)
    require_person(principal, "mystery.evaluate")
    assignment = access.access_own_assignment(principal, assignment_id)
    employee = None
    if payload.employee_id is not None:
        employee = Employee.objects.filter(
            pk=payload.employee_id,
            organisation_id=assignment.organisation_id,
            unit__path__startswith=assignment.unit.path,
        ).first()
        if employee is None:
            raise HttpError(404, _("Unknown employee: %(id)s") % {"id": payload.employee_id})
    # Saved first, in its own transaction, so a refused submission loses no answers.
    evaluation = actions.do_save_evaluation_draft(
        principal,
        assignment,
        answers=payload.answers,
        comments=payload.comments,
        employee=employee,
        visited_at=payload.visited_at,
        comment=payload.comment,
    )
    if not payload.draft:
        assignment.refresh_from_db()
        try:
            evaluation = actions.do_submit_evaluation(principal, assignment)
        except ValidationError as exc:
            raise HttpError(422, " ".join(exc.messages)) from None
    return access.with_evaluation(evaluation.pk)
