"""Scoped reads of surveys, versions, competency items and touchpoints.

Surveys belong to the organisation (``unit`` None) or to one unit. Everyone with
``surveys.view`` sees the organisation's surveys and those of units inside their scope;
unit managers may change only surveys of their own units (`can_edit_survey`).
Touchpoints are per unit and follow the unit scope. The competency model is shared by
surveys and mystery shopping; it is read by anyone who works with either and changed
only by organisation-wide survey managers.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from lytt.accounts.access import Scope, access_unit, require_scope, scope_of
from lytt.accounts.models import Unit
from lytt.surveys.models import CompetencyItem, Survey, SurveyVersion, Touchpoint

COMPETENCY_READ_PERMS = ("surveys.view", "mystery.view", "mystery.manage", "mystery.evaluate")


def _survey_filter(scope: Scope) -> Q:
    q = Q(organisation_id=scope.organisation_id)
    if scope.unit_path is not None:
        q &= Q(unit__isnull=True) | Q(unit__path__startswith=scope.unit_path)
    return q


def surveys_visible(principal: Any, perm: str = "surveys.view") -> QuerySet[Survey]:
    scope = require_scope(principal, perm)
    return (
        Survey.objects.filter(_survey_filter(scope))
        .select_related("current_version", "unit")
        .order_by("name", "pk")
    )


def access_survey(principal: Any, survey_id: Any, perm: str = "surveys.view") -> Survey:
    try:
        return surveys_visible(principal, perm).get(pk=int(survey_id))
    except (Survey.DoesNotExist, ValueError, TypeError):
        raise Http404("survey") from None


def can_edit_survey(principal: Any, survey: Survey) -> bool:
    scope = scope_of(principal)
    if scope is None or not scope.has("surveys.manage"):
        return False
    if scope.organisation_id != survey.organisation_id:
        return False
    return scope.org_wide or survey.unit_id is not None


def access_survey_for_edit(principal: Any, survey_id: Any) -> Survey:
    """A survey the principal may change: 404 outside scope, 403 for an
    organisation-wide survey seen by a unit manager."""
    survey = access_survey(principal, survey_id, "surveys.manage")
    if not can_edit_survey(principal, survey):
        raise PermissionDenied("surveys.manage")
    return survey


def versions_of(principal: Any, survey: Survey) -> QuerySet[SurveyVersion]:
    # `survey` came from access_survey; re-check the organisation defensively.
    scope = require_scope(principal, "surveys.view")
    if survey.organisation_id != scope.organisation_id:
        raise Http404("survey")
    return SurveyVersion.objects.filter(survey=survey).order_by("-number")


def access_version(principal: Any, survey: Survey, number: Any) -> SurveyVersion:
    try:
        return versions_of(principal, survey).get(number=int(number))
    except (SurveyVersion.DoesNotExist, ValueError, TypeError):
        raise Http404("version") from None


# Competency model -----------------------------------------------------------------


def _competency_scope(principal: Any) -> Scope:
    scope = require_scope(principal)
    if not any(scope.has(p) for p in COMPETENCY_READ_PERMS):
        raise PermissionDenied("surveys.view")
    return scope


def competency_items_visible(principal: Any) -> QuerySet[CompetencyItem]:
    scope = _competency_scope(principal)
    return CompetencyItem.objects.filter(organisation_id=scope.organisation_id).order_by(
        "order", "pk"
    )


def access_competency_item(principal: Any, item_id: Any) -> CompetencyItem:
    try:
        return competency_items_visible(principal).get(pk=int(item_id))
    except (CompetencyItem.DoesNotExist, ValueError, TypeError):
        raise Http404("competency item") from None


def require_competency_manager(principal: Any) -> Scope:
    """Changing the shared competency model: organisation-wide survey managers only."""
    scope = require_scope(principal, "surveys.manage")
    if not scope.org_wide:
        raise PermissionDenied("surveys.manage")
    return scope


# Touchpoints ----------------------------------------------------------------------


def touchpoints_visible(principal: Any, perm: str = "surveys.view") -> QuerySet[Touchpoint]:
    scope = require_scope(principal, perm)
    return (
        Touchpoint.objects.filter(scope.unit_filter("unit"))
        .select_related("unit", "employee", "survey")
        .order_by("unit__path", "channel", "pk")
    )


def access_touchpoint(principal: Any, touchpoint_id: Any, perm: str = "surveys.view") -> Touchpoint:
    try:
        return touchpoints_visible(principal, perm).get(pk=int(touchpoint_id))
    except (Touchpoint.DoesNotExist, ValueError, TypeError):
        raise Http404("touchpoint") from None


def owner_unit_for_new_survey(principal: Any, unit_id: Any | None) -> Unit | None:
    """The unit a new survey will belong to. Organisation-wide managers may leave it
    out (a survey for the whole organisation); unit managers must name a unit of their
    own subtree (404 for one outside it)."""
    scope = require_scope(principal, "surveys.manage")
    if unit_id in (None, ""):
        if not scope.org_wide:
            raise ValidationError(_("Choose which of your units the survey belongs to."))
        return None
    return access_unit(principal, unit_id, "surveys.manage")
