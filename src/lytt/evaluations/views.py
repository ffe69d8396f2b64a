"""Mystery-shopping pages. Thin: reads through lytt.evaluations.access, writes through
lytt.evaluations.actions. A ValidationError from an action is shown as a message and
the user's input is shown again; nothing already stored is lost."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Avg, Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lytt.accounts import access as accounts_access
from lytt.accounts.access import require_scope
from lytt.accounts.models import Channel, Employee, Role, Unit, User
from lytt.evaluations import access, actions, builder
from lytt.evaluations.models import (
    AssignmentStatus,
    CriterionKind,
    EvaluationForm,
    FormStatus,
)
from lytt.surveys.definition import text_for


def _language() -> str:
    return (get_language() or "nb").split("-")[0]


def _errors(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


# Forms -------------------------------------------------------------------------------


@login_required
def form_list(request: HttpRequest) -> HttpResponse:
    forms_ = list(access.forms_visible(request.user).order_by("name", "family", "-version"))
    return render(request, "evaluations/form_list.html", {"forms": forms_})


@login_required
@require_POST
def form_create_default(request: HttpRequest) -> HttpResponse:
    require_scope(request.user, "mystery.manage")
    organisation = accounts_access.access_organisation(request.user)
    form = actions.do_create_default_form(request.user, organisation)
    messages.success(request, _("The standard form was created."))
    return redirect("evaluations:form-detail", form.pk)


def _competency_items(user: Any) -> list[tuple[str, str]]:
    from lytt.surveys.models import CompetencyItem

    scope = require_scope(user, "mystery.manage")
    language = _language()
    return [
        (i.key, text_for(i.text, language))
        for i in CompetencyItem.objects.filter(
            organisation_id=scope.organisation_id, active=True
        ).order_by("order", "pk")
    ]


class FormHeaderForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    language = forms.ChoiceField(label=gettext_lazy("Language of the texts below"))
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=FormStatus.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.conf import settings

        self.fields["language"].choices = settings.LANGUAGES  # type: ignore[attr-defined]


def _builder(request: HttpRequest, form: EvaluationForm | None) -> HttpResponse:
    initial = (
        {"name": form.name, "language": form.language, "status": form.status}
        if form is not None
        else {"language": _language(), "status": FormStatus.DRAFT}
    )
    header = FormHeaderForm(request.POST or None, initial=initial)
    language = form.language if form is not None else initial["language"]
    rows = builder.rows_for(form, language)
    if request.method == "POST":
        rows = builder.rows_from_post(request.POST)
        if header.is_valid():
            language = header.cleaned_data["language"]
            sections = builder.sections_from_post(request.POST, form, language)
            try:
                if form is None:
                    saved = actions.do_create_form(
                        request.user,
                        accounts_access.access_organisation(request.user),
                        sections=sections,
                        **header.cleaned_data,
                    )
                else:
                    saved = actions.do_update_form(
                        request.user, form, sections=sections, **header.cleaned_data
                    )
            except ValidationError as exc:
                header.add_error(None, exc)
            else:
                if form is not None and saved.pk != form.pk:
                    messages.success(
                        request,
                        _("The form has evaluations, so your changes were saved as version %(n)s.")
                        % {"n": saved.version},
                    )
                else:
                    messages.success(request, _("Form saved."))
                return redirect("evaluations:form-detail", saved.pk)
    return render(
        request,
        "evaluations/form_builder.html",
        {
            "form_obj": form,
            "header": header,
            "rows": rows,
            "kinds": CriterionKind.choices,
            "competency_items": _competency_items(request.user),
            "has_evaluations": form is not None and form.evaluations.exists(),
        },
    )


@login_required
def form_create(request: HttpRequest) -> HttpResponse:
    require_scope(request.user, "mystery.manage")
    return _builder(request, None)


@login_required
def form_detail(request: HttpRequest, form_id: int) -> HttpResponse:
    return _builder(request, access.access_form(request.user, form_id))


# Assignments -------------------------------------------------------------------------


class AssignmentForm(forms.Form):
    form = forms.ModelChoiceField(
        label=gettext_lazy("Form"), queryset=EvaluationForm.objects.none()
    )
    evaluator = forms.ModelChoiceField(
        label=gettext_lazy("Evaluator"), queryset=User.objects.none()
    )
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        label=gettext_lazy("Unit"), queryset=Unit.objects.none()
    )
    channel = forms.ChoiceField(label=gettext_lazy("Channel"), choices=Channel.choices)
    due_date = forms.DateField(
        label=gettext_lazy("Due date"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = require_scope(user, "mystery.manage")
        self.fields["form"].queryset = access.forms_visible(user).filter(  # type: ignore[attr-defined]
            status=FormStatus.LIVE
        )
        self.fields["evaluator"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            membership__organisation_id=scope.organisation_id,
            membership__role=Role.EVALUATOR,
            is_active=True,
        ).order_by("name", "email")
        self.fields["unit"].queryset = accounts_access.units_visible(user).order_by("path")  # type: ignore[attr-defined]


class AssignmentFilter(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("All")), *AssignmentStatus.choices],
    )


@login_required
def assignment_list(request: HttpRequest) -> HttpResponse:
    require_scope(request.user, "mystery.manage")
    create = AssignmentForm(request.user, request.POST or None)
    if request.method == "POST" and create.is_valid():
        data = create.cleaned_data
        try:
            actions.do_assign_evaluation(
                request.user,
                form=data["form"],
                evaluator=data["evaluator"],
                unit=data["unit"],
                channel=data["channel"],
                due_date=data["due_date"],
            )
        except ValidationError as exc:
            create.add_error(None, exc)
        else:
            messages.success(request, _("Assignment created."))
            return redirect("evaluations:assignment-list")
    filt = AssignmentFilter(request.GET or None)
    qs = access.assignments_visible(request.user).order_by("-due_date", "-pk")
    if filt.is_valid() and filt.cleaned_data["status"]:
        qs = qs.filter(status=filt.cleaned_data["status"])
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluations/assignment_list.html",
        {
            "page": page,
            "create": create,
            "filter": filt,
            "today": timezone.localdate(),
            "query": f"status={filt.cleaned_data['status']}" if filt.is_valid() else "",
        },
    )


@login_required
@require_POST
def assignment_cancel(request: HttpRequest, assignment_id: int) -> HttpResponse:
    require_scope(request.user, "mystery.manage")
    assignment = access.access_assignment(request.user, assignment_id)
    try:
        actions.do_cancel_assignment(request.user, assignment)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("Assignment cancelled."))
    return redirect("evaluations:assignment-list")


# The evaluator's pages ----------------------------------------------------------------


@login_required
def my_assignments(request: HttpRequest) -> HttpResponse:
    scope = require_scope(request.user, "mystery.evaluate")
    qs = access.assignments_visible(request.user).filter(evaluator_id=scope.user_id)
    open_ = list(qs.filter(status=AssignmentStatus.ASSIGNED).order_by("due_date", "pk"))
    done = list(qs.filter(status=AssignmentStatus.SUBMITTED).order_by("-due_date", "-pk")[:20])
    return render(
        request,
        "evaluations/my_assignments.html",
        {"open": open_, "done": done, "today": timezone.localdate()},
    )


def _form_view(
    form: EvaluationForm, values: dict[str, str], comments: dict[str, str]
) -> list[dict[str, Any]]:
    language = _language()
    out = []
    for s in form.sections.all():
        criteria = []
        for c in s.criteria.all():
            if c.kind == CriterionKind.SCALE:
                choices = [(str(n), str(n)) for n in range(c.scale_max + 1)]
            else:
                choices = [("yes", _("Yes")), ("partly", _("Partly")), ("no", _("No"))]
            choices.append(("na", _("Not applicable")))
            criteria.append(
                {
                    "c": c,
                    "text": text_for(c.text, language, form.language),
                    "choices": choices,
                    "value": values.get(c.key, ""),
                    "comment": comments.get(c.key, ""),
                }
            )
        out.append(
            {"s": s, "title": text_for(s.title, language, form.language), "criteria": criteria}
        )
    return out


@login_required
def evaluate(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = access.access_own_assignment(request.user, assignment_id)
    if assignment.status == AssignmentStatus.SUBMITTED:
        return redirect("evaluations:evaluation-detail", assignment.evaluation.pk)
    if assignment.status == AssignmentStatus.CANCELLED:
        messages.info(request, _("This assignment was cancelled."))
        return redirect("evaluations:my-assignments")
    form = access.with_structure(EvaluationForm.objects.filter(pk=assignment.form_id)).get()
    assignment.form = form
    evaluation = getattr(assignment, "evaluation", None)
    stored = {r.criterion_key: r for r in evaluation.results.all()} if evaluation else {}
    values = {k: r.value for k, r in stored.items()}
    comments = {k: r.comment for k, r in stored.items()}
    employees = Employee.objects.filter(
        organisation_id=assignment.organisation_id,
        unit__path__startswith=assignment.unit.path,
        active=True,
    ).order_by("name")
    error = None
    if request.method == "POST":
        criteria = actions.criteria_of(form)
        answers = {k: request.POST.get(f"a-{k}", "") for k in criteria if f"a-{k}" in request.POST}
        new_comments = {
            k: request.POST.get(f"c-{k}", "") for k in criteria if f"c-{k}" in request.POST
        }
        values.update({k: v for k, v in answers.items()})
        comments.update(new_comments)
        employee = None
        raw_employee = request.POST.get("employee") or ""
        if raw_employee:
            employee = employees.filter(pk=raw_employee if raw_employee.isdigit() else 0).first()
        visited_at = None
        raw_visit = request.POST.get("visited_at") or ""
        try:
            if raw_visit:
                visited_at = timezone.make_aware(dt.datetime.fromisoformat(raw_visit))
            if raw_employee and employee is None:
                raise ValidationError(_("Choose an employee of the evaluated unit."))
            # Keep what was answered even when the submission is refused.
            valid = {k: v for k, v in answers.items() if _valid(criteria[k], v)}
            actions.do_save_evaluation_draft(
                request.user,
                assignment,
                answers=valid,
                comments=new_comments,
                employee=employee,
                visited_at=visited_at,
                comment=request.POST.get("comment", ""),
            )
            if len(valid) != len(answers):
                bad = sorted(set(answers) - set(valid))
                for key in bad:
                    actions.clean_answer(criteria[key], answers[key])  # raises the message
            if request.POST.get("action") == "submit":
                assignment.refresh_from_db()
                assignment.form = form
                evaluation = actions.do_submit_evaluation(request.user, assignment)
                messages.success(request, _("Thank you! The evaluation was submitted."))
                return redirect("evaluations:evaluation-detail", evaluation.pk)
            messages.success(request, _("Draft saved. You can continue later."))
            return redirect("evaluations:evaluate", assignment.pk)
        except (ValidationError, ValueError) as exc:
            error = (
                _errors(exc)
                if isinstance(exc, ValidationError)
                else _("Give the visit time as a date and time.")
            )
        evaluation = getattr(assignment, "evaluation", None)
    return render(
        request,
        "evaluations/evaluate.html",
        {
            "assignment": assignment,
            "evaluation": evaluation,
            "sections": _form_view(form, values, comments),
            "employees": employees,
            "error": error,
            "post": request.POST if request.method == "POST" else None,
        },
        status=400 if error else 200,
    )


def _valid(criterion: Any, raw: str) -> bool:
    try:
        actions.clean_answer(criterion, raw)
    except ValidationError:
        return False
    return True


# Evaluations -------------------------------------------------------------------------


class EvaluationFilter(forms.Form):
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        label=gettext_lazy("Unit"), queryset=Unit.objects.none(), required=False
    )
    channel = forms.ChoiceField(
        label=gettext_lazy("Channel"),
        required=False,
        choices=[("", gettext_lazy("All")), *Channel.choices],
    )
    since = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = require_scope(user)
        if scope.has("units.view"):
            units = accounts_access.units_visible(user).order_by("path")
        else:
            units = Unit.objects.none()
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


@login_required
def evaluation_list(request: HttpRequest) -> HttpResponse:
    qs = access.evaluations_visible(request.user)
    filt = EvaluationFilter(request.user, request.GET or None)
    query = ""
    if filt.is_valid():
        qs = access.filter_evaluations(qs, **filt.cleaned_data)
        query = "&".join(
            f"{k}={getattr(v, 'pk', v)}" for k, v in request.GET.items() if k != "page" and v
        )
    page = Paginator(qs.order_by("-submitted_at", "-pk"), 50).get_page(request.GET.get("page"))
    per_unit = [
        {**row, "percent": None if row["avg"] is None else round(row["avg"] * 100)}
        for row in qs.order_by()
        .values("unit_id", "unit__name", "unit__path")
        .annotate(n=Count("id"), avg=Avg("total_score"))
        .order_by("unit__path")
    ]
    return render(
        request,
        "evaluations/evaluation_list.html",
        {
            "per_unit": per_unit,
            "page": page,
            "filter": filt,
            "query": query,
            "can_manage": require_scope(request.user).has("mystery.manage"),
        },
    )


@login_required
def evaluation_detail(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    evaluation = access.access_evaluation(request.user, evaluation_id)
    form = access.with_structure(EvaluationForm.objects.filter(pk=evaluation.form_id)).get()
    stored = {r.criterion_key: r for r in evaluation.results.all()}
    language = _language()
    labels = {"yes": _("Yes"), "partly": _("Partly"), "no": _("No"), "na": _("Not applicable")}
    sections = []
    for s in form.sections.all():
        score = evaluation.section_scores.get(s.key)
        rows = []
        for c in s.criteria.all():
            r = stored.get(c.key)
            value = r.value if r else ""
            shown = labels.get(value, value)
            if c.kind == CriterionKind.SCALE and value not in ("", "na"):
                shown = f"{value} / {c.scale_max}"
            rows.append(
                {
                    "text": text_for(c.text, language, form.language),
                    "value": value,
                    "shown": shown,
                    "comment": r.comment if r else "",
                    "competency": text_for(c.competency_item.text, language)
                    if c.competency_item
                    else "",
                }
            )
        sections.append(
            {
                "title": text_for(s.title, language, form.language),
                "weight": s.weight,
                "percent": None if score is None else round(score * 100),
                "rows": rows,
            }
        )
    return render(
        request,
        "evaluations/evaluation_detail.html",
        {"evaluation": evaluation, "form_obj": form, "sections": sections},
    )
