"""Scoped reads of jobs.

Administrators and CX managers (who may run imports) see every job of their
organisation; anyone else sees only the jobs they started themselves.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from lytt.accounts.access import require_scope
from lytt.jobs.models import Job


def jobs_visible(principal: Any) -> QuerySet[Job]:
    scope = require_scope(principal)
    qs = Job.objects.filter(organisation_id=scope.organisation_id)
    if not (scope.org_wide and scope.has("imports.manage")):
        if scope.user_id is None:
            return qs.none()
        qs = qs.filter(created_by_id=scope.user_id)
    return qs


def access_job(principal: Any, job_id: Any) -> Job:
    try:
        return jobs_visible(principal).get(pk=int(job_id))
    except (Job.DoesNotExist, ValueError, TypeError):
        raise Http404("job") from None
