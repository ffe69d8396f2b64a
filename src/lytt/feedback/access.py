"""Scoped reads of responses and visits.

Administrators and CX managers see their whole organisation, unit managers their unit
subtree, employees only the responses and visits linked to themselves.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from lytt.accounts.access import require_scope
from lytt.feedback.models import Response, Visit


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
