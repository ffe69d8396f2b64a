"""Writes to jobs. Creating, finishing and failing a job are audited; progress updates
are not (they happen once per chunk and would flood the audit trail)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from lytt.accounts.audit import record
from lytt.accounts.models import Organisation, User
from lytt.jobs.models import Job, JobStatus


@transaction.atomic
def do_create_job(actor: Any, organisation: Organisation, *, kind: str, total: int = 0) -> Job:
    job = Job.objects.create(
        organisation=organisation,
        kind=kind,
        total=max(0, int(total)),
        created_by=actor if isinstance(actor, User) else None,
    )
    record(actor, organisation.pk, "job.created", job, kind=kind, total=job.total)
    return job


@transaction.atomic
def do_start_job(actor: Any, job: Job, *, total: int | None = None) -> Job:
    """Mark a job running (again: a resumed job keeps its progress)."""
    fields = ["status", "started_at", "error"]
    job.status = JobStatus.RUNNING
    job.error = ""
    if job.started_at is None:
        job.started_at = timezone.now()
    if total is not None:
        job.total = max(0, int(total))
        fields.append("total")
    job.save(update_fields=fields)
    return job


@transaction.atomic
def do_update_job_progress(
    actor: Any, job: Job, *, processed: int, result: dict[str, Any] | None = None
) -> Job:
    """Record progress. Call it inside the transaction that commits the work itself, so
    progress and work are saved together (a killed worker loses neither)."""
    job.processed = max(0, int(processed))
    fields = ["processed"]
    if result is not None:
        job.result = result
        fields.append("result")
    job.save(update_fields=fields)
    return job


@transaction.atomic
def do_finish_job(actor: Any, job: Job, *, result: dict[str, Any] | None = None) -> Job:
    job.status = JobStatus.DONE
    job.finished_at = timezone.now()
    job.processed = max(job.processed, job.total)
    if result is not None:
        job.result = result
    job.error = ""
    job.save(update_fields=["status", "finished_at", "processed", "result", "error"])
    record(actor, job.organisation_id, "job.finished", job, kind=job.kind)
    return job


@transaction.atomic
def do_fail_job(actor: Any, job: Job, *, error: str) -> Job:
    job.status = JobStatus.FAILED
    job.finished_at = timezone.now()
    job.error = error[:2000]
    job.save(update_fields=["status", "finished_at", "error"])
    record(actor, job.organisation_id, "job.failed", job, kind=job.kind, error=job.error)
    return job
