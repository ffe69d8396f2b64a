"""API: the status and progress of a background job."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from lytt.accounts.access import principal_of
from lytt.jobs.access import access_job
from lytt.jobs.models import Job

router = Router()


class JobOut(Schema):
    id: int
    kind: str
    status: str
    total: int
    processed: int
    percent: int
    result: dict[str, Any]
    error: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


def job_out(job: Job) -> JobOut:
    return JobOut(
        id=job.pk,
        kind=job.kind,
        status=job.status,
        total=job.total,
        processed=job.processed,
        percent=job.percent,
        result=job.result,
        error=job.error,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
    )


@router.get("/{job_id}", response=JobOut, summary="A background job's status and progress")
def get_job(request: HttpRequest, job_id: int) -> JobOut:
    return job_out(access_job(principal_of(request), job_id))
