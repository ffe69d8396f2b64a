"""Every write of mystery-shopping data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lytt.accounts.access import scope_of
from lytt.accounts.audit import record
from lytt.accounts.models import Channel, Employee, Membership, Organisation, Role, Unit, User
from lytt.evaluations import scoring
from lytt.evaluations.models import (
    Assignment,
    AssignmentStatus,
    Criterion,
    CriterionKind,
    CriterionResult,
    Evaluation,
    EvaluationForm,
    FormStatus,
    Section,
)

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _check_org(actor: Any, organisation_id: int) -> None:
    scope = scope_of(actor)
    if actor is not None and (scope is None or scope.organisation_id != organisation_id):
        raise ValidationError(_("You cannot change another organisation's data."))


# Forms -------------------------------------------------------------------------------


def _text(value: Any, what: str) -> dict[str, str]:
    if isinstance(value, str):
        value = {"nb": value}
    if not isinstance(value, dict) or not any(str(v).strip() for v in value.values()):
        raise ValidationError(_("Give a text for %(what)s.") % {"what": what})
    out: dict[str, str] = {}
    for lang, text in value.items():
        if lang not in LANGUAGE_CODES:
            raise ValidationError(_("Unknown language: %(code)s") % {"code": lang})
        if str(text).strip():
            out[lang] = str(text).strip()
    return out


def _number(value: Any, what: str, minimum: float = 0) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValidationError(_("%(what)s must be a number.") % {"what": what}) from None
    if number < minimum or number > 1000:
        raise ValidationError(_("%(what)s must be between 0 and 1000.") % {"what": what})
    return number


def clean_sections(organisation: Organisation, sections: Any) -> list[dict[str, Any]]:
    """Validate a form's sections and criteria; raises a translated ValidationError."""
    from lytt.surveys.models import CompetencyItem

    if not isinstance(sections, list) or not sections:
        raise ValidationError(_("A form needs at least one section."))
    items = {i.key: i for i in CompetencyItem.objects.filter(organisation=organisation)}
    section_keys: set[str] = set()
    criterion_keys: set[str] = set()
    cleaned: list[dict[str, Any]] = []
    for s in sections:
        key = str(s.get("key") or "").strip()
        if not key or not key.replace("-", "").replace("_", "").isalnum():
            raise ValidationError(_("Each section needs a key of letters, digits and dashes."))
        if key in section_keys:
            raise ValidationError(_("The section key %(key)s is used twice.") % {"key": key})
        section_keys.add(key)
        criteria = []
        for c in s.get("criteria") or []:
            ckey = str(c.get("key") or "").strip()
            if not ckey or not ckey.replace("-", "").replace("_", "").isalnum():
                raise ValidationError(
                    _("Each criterion needs a key of letters, digits and dashes.")
                )
            if ckey in criterion_keys:
                raise ValidationError(_("The criterion key %(key)s is used twice.") % {"key": ckey})
            criterion_keys.add(ckey)
            kind = c.get("kind") or CriterionKind.YNP
            if kind not in CriterionKind.values:
                raise ValidationError(_("Unknown criterion kind: %(kind)s") % {"kind": kind})
            scale_max = int(_number(c.get("scale_max") or 5, _("Scale maximum"), 1))
            item_key = c.get("competency_item") or None
            if item_key is not None and item_key not in items:
                raise ValidationError(_("Unknown competency item: %(key)s") % {"key": item_key})
            criteria.append(
                {
                    "key": ckey,
                    "text": _text(c.get("text"), ckey),
                    "kind": kind,
                    "scale_max": scale_max,
                    "weight": _number(c.get("weight", 1), _("Weight")),
                    "required": bool(c.get("required", True)),
                    "allow_comment": bool(c.get("allow_comment", True)),
                    "competency_item": items[item_key] if item_key else None,
                }
            )
        if not criteria:
            raise ValidationError(
                _("The section %(key)s needs at least one criterion.") % {"key": key}
            )
        cleaned.append(
            {
                "key": key,
                "title": _text(s.get("title"), key),
                "weight": _number(s.get("weight", 1), _("Weight")),
                "criteria": criteria,
            }
        )
    return cleaned


def _write_structure(form: EvaluationForm, sections: list[dict[str, Any]]) -> None:
    for n, s in enumerate(sections, start=1):
        section = Section.objects.create(
            form=form, key=s["key"], title=s["title"], weight=s["weight"], order=n
        )
        Criterion.objects.bulk_create(
            Criterion(
                section=section,
                key=c["key"],
                text=c["text"],
                kind=c["kind"],
                scale_max=c["scale_max"],
                weight=c["weight"],
                required=c["required"],
                allow_comment=c["allow_comment"],
                competency_item=c["competency_item"],
                order=m,
            )
            for m, c in enumerate(s["criteria"], start=1)
        )


def _check_language(language: str) -> None:
    if language not in LANGUAGE_CODES:
        raise ValidationError(_("Unknown language: %(code)s") % {"code": language})


@transaction.atomic
def do_create_form(
    actor: Any,
    organisation: Organisation,
    *,
    name: str,
    language: str = "nb",
    sections: Any,
    status: str = FormStatus.DRAFT,
) -> EvaluationForm:
    _check_org(actor, organisation.pk)
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the form a name."))
    _check_language(language)
    if status not in FormStatus.values:
        raise ValidationError(_("Unknown status: %(status)s") % {"status": status})
    cleaned = clean_sections(organisation, sections)
    form = EvaluationForm.objects.create(
        organisation=organisation, name=name[:200], language=language, status=status
    )
    _write_structure(form, cleaned)
    record(actor, organisation.pk, "evaluation_form.created", form, name=form.name)
    return form


def form_sections(form: EvaluationForm) -> list[dict[str, Any]]:
    """A form's structure as the dicts `do_create_form` takes."""
    return [
        {
            "key": s.key,
            "title": dict(s.title),
            "weight": s.weight,
            "criteria": [
                {
                    "key": c.key,
                    "text": dict(c.text),
                    "kind": c.kind,
                    "scale_max": c.scale_max,
                    "weight": c.weight,
                    "required": c.required,
                    "allow_comment": c.allow_comment,
                    "competency_item": c.competency_item.key if c.competency_item else None,
                }
                for c in s.criteria.all()
            ],
        }
        for s in form.sections.all()
    ]


@transaction.atomic
def do_update_form(
    actor: Any,
    form: EvaluationForm,
    *,
    name: str | None = None,
    language: str | None = None,
    status: str | None = None,
    sections: Any = None,
) -> EvaluationForm:
    """Change a form. A form that has evaluations is kept as it is: the change becomes a
    new version (same family, version + 1) and the old one is archived."""
    _check_org(actor, form.organisation_id)
    name = form.name if name is None else name.strip()
    if not name:
        raise ValidationError(_("Give the form a name."))
    language = language or form.language
    _check_language(language)
    status = status or form.status
    if status not in FormStatus.values:
        raise ValidationError(_("Unknown status: %(status)s") % {"status": status})
    cleaned = clean_sections(form.organisation, sections) if sections is not None else None
    structure_changes = cleaned is not None
    if structure_changes and form.evaluations.exists():
        if cleaned is None:  # pragma: no cover - narrowed above
            raise AssertionError
        new = EvaluationForm.objects.create(
            organisation_id=form.organisation_id,
            name=name[:200],
            language=language,
            status=status,
            family=form.family,
            version=form.version + 1,
        )
        _write_structure(new, cleaned)
        form.status = FormStatus.ARCHIVED
        form.save(update_fields=["status"])
        record(
            actor,
            form.organisation_id,
            "evaluation_form.versioned",
            new,
            previous=form.pk,
            version=new.version,
        )
        return new
    form.name, form.language, form.status = name[:200], language, status
    form.save(update_fields=["name", "language", "status"])
    if cleaned is not None:
        form.sections.all().delete()
        _write_structure(form, cleaned)
    record(actor, form.organisation_id, "evaluation_form.updated", form, name=form.name)
    return form


@transaction.atomic
def do_create_default_form(
    actor: Any, organisation: Organisation, *, status: str = FormStatus.LIVE
) -> EvaluationForm:
    """The built-in Kundeserviceprisen-style form, criteria mapped to competency items."""
    from lytt.evaluations.template import TEMPLATE_NAME, template_sections
    from lytt.surveys.actions import do_ensure_competency_model

    do_ensure_competency_model(actor, organisation)
    language = (
        organisation.default_language if organisation.default_language in LANGUAGE_CODES else "nb"
    )
    return do_create_form(
        actor,
        organisation,
        name=TEMPLATE_NAME.get(language, TEMPLATE_NAME["en"]),
        language=language,
        sections=template_sections(),
        status=status,
    )


# Assignments -------------------------------------------------------------------------


@transaction.atomic
def do_assign_evaluation(
    actor: Any,
    *,
    form: EvaluationForm,
    evaluator: User,
    unit: Unit,
    channel: str,
    due_date: dt.date,
) -> Assignment:
    _check_org(actor, form.organisation_id)
    if unit.organisation_id != form.organisation_id:
        raise ValidationError(_("The unit belongs to another organisation."))
    if form.status != FormStatus.LIVE:
        raise ValidationError(_("Only a live form can be assigned."))
    membership = Membership.objects.filter(user=evaluator).first()
    if (
        membership is None
        or membership.organisation_id != form.organisation_id
        or membership.role != Role.EVALUATOR
    ):
        raise ValidationError(_("Choose an evaluator of this organisation."))
    if channel not in Channel.values:
        raise ValidationError(_("Unknown channel: %(channel)s") % {"channel": channel})
    assignment = Assignment.objects.create(
        organisation_id=form.organisation_id,
        form=form,
        evaluator=evaluator,
        unit=unit,
        channel=channel,
        due_date=due_date,
        created_by=actor if isinstance(actor, User) else None,
    )
    record(
        actor,
        form.organisation_id,
        "assignment.created",
        assignment,
        evaluator=evaluator.pk,
        unit=unit.pk,
        due_date=due_date.isoformat(),
    )
    return assignment


@transaction.atomic
def do_cancel_assignment(actor: Any, assignment: Assignment) -> Assignment:
    _check_org(actor, assignment.organisation_id)
    if assignment.status != AssignmentStatus.ASSIGNED:
        raise ValidationError(_("Only an open assignment can be cancelled."))
    assignment.status = AssignmentStatus.CANCELLED
    assignment.save(update_fields=["status"])
    record(actor, assignment.organisation_id, "assignment.cancelled", assignment)
    return assignment


# Evaluations -------------------------------------------------------------------------


def criteria_of(form: EvaluationForm) -> dict[str, Criterion]:
    return {c.key: c for s in form.sections.all() for c in s.criteria.all()}


def clean_answer(criterion: Criterion, raw: Any) -> str:
    """The stored value of an answer ("" for none); raises a translated ValidationError."""
    if raw is None:
        return ""
    value = str(raw).strip().lower()
    if value == "":
        return ""
    if value in ("na", "n/a"):
        return scoring.NOT_APPLICABLE
    if criterion.kind == CriterionKind.SCALE:
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            number = -1.0
        if not number.is_integer() or not 0 <= number <= criterion.scale_max:
            raise ValidationError(
                _("%(criterion)s: give a whole number from 0 to %(max)s.")
                % {"criterion": criterion.key, "max": criterion.scale_max}
            )
        return str(int(number))
    if value not in scoring.YNP_VALUES:
        raise ValidationError(
            _("%(criterion)s: answer yes, partly, no or not applicable.")
            % {"criterion": criterion.key}
        )
    return value


def _check_evaluator(actor: Any, assignment: Assignment) -> None:
    if actor is not None and getattr(actor, "pk", None) != assignment.evaluator_id:
        raise ValidationError(_("Only the assigned evaluator can fill in this evaluation."))
    if assignment.status != AssignmentStatus.ASSIGNED:
        raise ValidationError(_("This assignment is no longer open."))


def _save(
    assignment: Assignment,
    *,
    answers: Mapping[str, Any],
    comments: Mapping[str, str] | None,
    employee: Employee | None,
    visited_at: dt.datetime | None,
    comment: str | None,
) -> Evaluation:
    form = assignment.form
    criteria = criteria_of(form)
    comments = comments or {}
    unknown = sorted((set(answers) | set(comments)) - set(criteria))
    if unknown:
        raise ValidationError(_("Unknown criteria: %(keys)s") % {"keys": ", ".join(unknown)})
    values = {key: clean_answer(criteria[key], raw) for key, raw in answers.items()}
    if employee is not None and (
        employee.organisation_id != assignment.organisation_id
        or not employee.unit.path.startswith(assignment.unit.path)
    ):
        raise ValidationError(_("The employee does not work at the evaluated unit."))
    if visited_at is not None and visited_at > timezone.now() + dt.timedelta(hours=1):
        raise ValidationError(_("The visit cannot be in the future."))
    evaluation = Evaluation.objects.filter(assignment=assignment).first()
    if evaluation is None:
        evaluation = Evaluation(
            organisation_id=assignment.organisation_id,
            assignment=assignment,
            form=form,
            unit=assignment.unit,
            channel=assignment.channel,
        )
    if employee is not None:
        evaluation.employee = employee
    if visited_at is not None:
        evaluation.visited_at = visited_at
    if comment is not None:
        evaluation.comment = comment.strip()
    evaluation.save()
    existing = {r.criterion_key: r for r in evaluation.results.all()}
    created: list[CriterionResult] = []
    for key in sorted(set(values) | set(comments)):
        result = existing.get(key)
        if result is None:
            result = CriterionResult(evaluation=evaluation, criterion_key=key)
            created.append(result)
        before = (result.value, result.comment)
        if key in values:
            result.value = values[key]
        if key in comments and criteria[key].allow_comment:
            result.comment = str(comments[key]).strip()
        if key in existing and (result.value, result.comment) != before:
            result.save(update_fields=["value", "comment"])
    CriterionResult.objects.bulk_create(created)
    return evaluation


@transaction.atomic
def do_save_evaluation_draft(
    actor: Any,
    assignment: Assignment,
    *,
    answers: Mapping[str, Any],
    comments: Mapping[str, str] | None = None,
    employee: Employee | None = None,
    visited_at: dt.datetime | None = None,
    comment: str | None = None,
) -> Evaluation:
    """Store what the evaluator has so far; unanswered criteria may be filled in later.
    Answers already stored and not sent again are kept."""
    _check_evaluator(actor, assignment)
    evaluation = _save(
        assignment,
        answers=answers,
        comments=comments,
        employee=employee,
        visited_at=visited_at,
        comment=comment,
    )
    record(actor, assignment.organisation_id, "evaluation.draft_saved", evaluation)
    return evaluation


def score_evaluation(form: EvaluationForm, values: Mapping[str, str]) -> scoring.Score:
    specs = [
        scoring.SectionSpec(
            key=s.key,
            weight=s.weight,
            criteria=[
                scoring.CriterionSpec(c.key, c.kind, c.weight, c.scale_max)
                for c in s.criteria.all()
            ],
        )
        for s in form.sections.all()
    ]
    return scoring.score(specs, values)


@transaction.atomic
def do_submit_evaluation(
    actor: Any,
    assignment: Assignment,
    *,
    answers: Mapping[str, Any] | None = None,
    comments: Mapping[str, str] | None = None,
    employee: Employee | None = None,
    visited_at: dt.datetime | None = None,
    comment: str | None = None,
    submitted_at: dt.datetime | None = None,
) -> Evaluation:
    """Save the last answers, check every required criterion is answered, score, submit.
    When a required answer is missing this raises and rolls back; callers that must keep
    the evaluator's answers (the page, the API) save them as a draft first."""
    _check_evaluator(actor, assignment)
    evaluation = _save(
        assignment,
        answers=answers or {},
        comments=comments,
        employee=employee,
        visited_at=visited_at,
        comment=comment,
    )
    form = assignment.form
    values = {r.criterion_key: r.value for r in evaluation.results.all()}
    missing = [
        c.key
        for s in form.sections.all()
        for c in s.criteria.all()
        if c.required and not values.get(c.key)
    ]
    if missing:
        raise ValidationError(
            _("Answer every required criterion first (%(count)s missing: %(keys)s).")
            % {"count": len(missing), "keys": ", ".join(missing)}
        )
    result = score_evaluation(form, values)
    now = submitted_at or timezone.now()
    evaluation.total_score = result.total
    evaluation.section_scores = result.sections
    evaluation.submitted_at = now
    if evaluation.visited_at is None:
        evaluation.visited_at = now
    evaluation.save()
    assignment.status = AssignmentStatus.SUBMITTED
    assignment.save(update_fields=["status"])
    record(
        actor,
        assignment.organisation_id,
        "evaluation.submitted",
        evaluation,
        total_score=result.total,
    )
    return evaluation
