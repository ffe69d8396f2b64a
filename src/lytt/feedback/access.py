"""Scoped reads of responses, visits and the organisation's own themes.

Administrators and CX managers see their whole organisation, unit managers their unit
subtree, employees only the responses and visits linked to themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from lytt.accounts.access import require_scope, units_visible
from lytt.feedback.models import CustomTheme, Response, Submission, SubmissionStatus, Visit


def responses_visible(principal: Any, perm: str = "feedback.view") -> QuerySet[Response]:
    scope = require_scope(principal, perm)
    qs = Response.objects.filter(scope.unit_filter("unit"))
    if scope.employee_id is not None:
        qs = qs.filter(employee_id=scope.employee_id)
    return qs


def access_response(principal: Any, response_id: Any, perm: str = "feedback.view") -> Response:
    try:
        return (
            responses_visible(principal, perm)
            .select_related("survey", "version", "unit", "employee", "touchpoint")
            .get(pk=int(response_id))
        )
    except (Response.DoesNotExist, ValueError, TypeError):
        raise Http404("response") from None


def visits_visible(principal: Any, perm: str = "feedback.view") -> QuerySet[Visit]:
    scope = require_scope(principal, perm)
    qs = Visit.objects.filter(scope.unit_filter("unit"))
    if scope.employee_id is not None:
        qs = qs.filter(employee_id=scope.employee_id)
    return qs


def access_visit(principal: Any, visit_id: Any, perm: str = "feedback.view") -> Visit:
    try:
        return visits_visible(principal, perm).select_related("unit").get(pk=int(visit_id))
    except (Visit.DoesNotExist, ValueError, TypeError):
        raise Http404("visit") from None


@dataclass(frozen=True)
class SubmissionState:
    id: int
    status: str
    response_id: int | None
    external_id: str
    error: str


def access_submission(
    principal: Any, submission_id: Any, perm: str = "feedback.submit"
) -> SubmissionState:
    """Where an API submission accepted for storage stands, for whoever may submit in
    its unit: pending or rejected (still in the journal), or stored (its response)."""
    scope = require_scope(principal, perm)
    try:
        pk = int(submission_id)
    except (ValueError, TypeError):
        raise Http404("submission") from None
    found = Submission.objects.filter(pk=pk, organisation_id=scope.organisation_id).first()
    if found is not None:
        # The journal may be another database: check the unit there, not by a join.
        if not units_visible(principal, perm).filter(pk=found.unit_id).exists():
            raise Http404("submission")
        return SubmissionState(pk, found.status, None, found.external_id, found.error)
    stored = (
        Response.objects.filter(scope.unit_filter("unit"), submission_id=pk)
        .values_list("pk", "external_id")
        .first()
    )
    if stored is None:
        raise Http404("submission")
    return SubmissionState(pk, SubmissionStatus.STORED, stored[0], stored[1], "")


def custom_themes_visible(principal: Any, perm: str = "themes.manage") -> QuerySet[CustomTheme]:
    """The organisation's own themes (organisation-wide: for administrators and CX
    managers)."""
    scope = require_scope(principal, perm)
    return CustomTheme.objects.filter(organisation_id=scope.organisation_id)


def access_custom_theme(principal: Any, theme_id: Any, perm: str = "themes.manage") -> CustomTheme:
    try:
        return custom_themes_visible(principal, perm).get(pk=int(theme_id))
    except (CustomTheme.DoesNotExist, ValueError, TypeError):
        raise Http404("theme") from None
