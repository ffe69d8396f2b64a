"""Scoped reads of mystery-shopping data.

- Forms: administrators and CX managers ("mystery.manage") of the organisation.
- Assignments: managers see all of the organisation's; an evaluator ("mystery.evaluate")
  only the ones assigned to her. A role token is not a person, so an evaluator-role
  token has no assignments; evaluators use their session or a personal API token
  (which acts as them).
- Submitted evaluations ("mystery.view"): managers org-wide, unit managers their unit
  subtree, employees only evaluations linked to themselves; an evaluator sees the
  evaluations she made. Drafts are seen only through the evaluator's assignment.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from lytt.accounts.access import require_scope, scope_of
from lytt.evaluations.models import Assignment, Criterion, Evaluation, EvaluationForm, Section


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("bad id") from None


def with_structure(qs: QuerySet[EvaluationForm]) -> QuerySet[EvaluationForm]:
    return qs.prefetch_related(
        Prefetch(
            "sections",
            queryset=Section.objects.order_by("order", "pk").prefetch_related(
                Prefetch(
                    "criteria",
                    queryset=Criterion.objects.order_by("order", "pk").select_related(
                        "competency_item"
                    ),
                )
            ),
        )
    )


def forms_visible(principal: Any) -> QuerySet[EvaluationForm]:
    scope = require_scope(principal, "mystery.manage")
    return EvaluationForm.objects.filter(organisation_id=scope.organisation_id)


def access_form(principal: Any, form_id: Any) -> EvaluationForm:
    try:
        return with_structure(forms_visible(principal)).get(pk=_int(form_id))
    except EvaluationForm.DoesNotExist:
        raise Http404("form") from None


def assignments_visible(principal: Any) -> QuerySet[Assignment]:
    scope = scope_of(principal)
    if scope is not None and scope.has("mystery.manage"):
        qs = Assignment.objects.filter(organisation_id=scope.organisation_id)
    else:
        scope = require_scope(principal, "mystery.evaluate")
        qs = Assignment.objects.filter(
            organisation_id=scope.organisation_id, evaluator_id=scope.user_id
        )
        if scope.user_id is None:
            qs = qs.none()
    return qs.select_related("unit", "form", "evaluator", "evaluation")


def access_assignment(principal: Any, assignment_id: Any) -> Assignment:
    try:
        return assignments_visible(principal).get(pk=_int(assignment_id))
    except Assignment.DoesNotExist:
        raise Http404("assignment") from None


def access_own_assignment(principal: Any, assignment_id: Any) -> Assignment:
    """An assignment the caller is the evaluator of (to fill in and submit)."""
    scope = require_scope(principal, "mystery.evaluate")
    try:
        return (
            Assignment.objects.filter(
                organisation_id=scope.organisation_id, evaluator_id=scope.user_id
            )
            .exclude(evaluator_id__isnull=True)
            .select_related("unit", "form", "evaluation")
            .get(pk=_int(assignment_id))
        )
    except Assignment.DoesNotExist:
        raise Http404("assignment") from None


def evaluations_visible(principal: Any) -> QuerySet[Evaluation]:
    scope = scope_of(principal)
    if scope is not None and scope.has("mystery.evaluate") and not scope.has("mystery.view"):
        qs = Evaluation.objects.filter(
            organisation_id=scope.organisation_id,
            assignment__evaluator_id=scope.user_id,
            submitted_at__isnull=False,
        )
        if scope.user_id is None:
            qs = qs.none()
    else:
        scope = require_scope(principal, "mystery.view")
        qs = Evaluation.objects.filter(scope.unit_filter("unit"), submitted_at__isnull=False)
        if scope.employee_id is not None:
            qs = qs.filter(employee_id=scope.employee_id)
    return qs.select_related("unit", "employee", "form", "assignment__evaluator")


def access_evaluation(principal: Any, evaluation_id: Any) -> Evaluation:
    try:
        return evaluations_visible(principal).get(pk=_int(evaluation_id))
    except Evaluation.DoesNotExist:
        raise Http404("evaluation") from None


def with_evaluation(evaluation_id: int) -> Evaluation:
    """An evaluation just written by the caller's own action, with its results."""
    return Evaluation.objects.prefetch_related("results").get(pk=evaluation_id)


def filter_evaluations(
    qs: Any, *, unit: Any = None, channel: str = "", since: Any = None, until: Any = None
) -> Any:
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if channel:
        qs = qs.filter(channel=channel)
    if since:
        qs = qs.filter(visited_at__date__gte=since)
    if until:
        qs = qs.filter(visited_at__date__lte=until)
    return qs
