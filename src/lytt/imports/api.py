"""API: upload and run imports, follow their progress and errors."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from lytt.accounts.access import access_organisation, principal_of, require_scope
from lytt.imports import actions
from lytt.imports.access import access_import, imports_visible
from lytt.imports.answers import import_survey, survey_question_keys
from lytt.imports.mapping import guess_mapping
from lytt.imports.models import ImportBatch, ImportKind
from lytt.imports.parsing import read_table
from lytt.jobs.api import JobOut, job_out

router = Router()


class RowErrorOut(Schema):
    row: int
    reason: str


class ImportOut(Schema):
    id: int
    kind: str
    filename: str
    sha256: str
    status: str
    mapping: dict[str, str]
    total_rows: int
    imported: int
    skipped_duplicates: int
    errors: list[RowErrorOut]
    created_at: datetime
    job: JobOut | None


class ImportSummaryOut(Schema):
    id: int
    kind: str
    filename: str
    status: str
    total_rows: int
    imported: int
    skipped_duplicates: int
    error_count: int
    job_id: int | None
    created_at: datetime


class ImportPage(Schema):
    items: list[ImportSummaryOut]
    next_cursor: int | None


def import_out(batch: ImportBatch) -> ImportOut:
    return ImportOut(
        id=batch.pk,
        kind=batch.kind,
        filename=batch.filename,
        sha256=batch.sha256,
        status=batch.status,
        mapping=batch.mapping,
        total_rows=batch.total_rows,
        imported=batch.imported,
        skipped_duplicates=batch.skipped_duplicates,
        errors=[RowErrorOut(row=e["row"], reason=e["reason"]) for e in batch.errors],
        created_at=batch.created_at,
        job=job_out(batch.job) if batch.job is not None else None,
    )


@router.post("", response={201: ImportOut}, summary="Upload a CSV or XLSX file and import it")
def create_import(
    request: HttpRequest,
    file: File[UploadedFile],
    kind: Form[str],
    mapping: Form[str] = "",
    survey_id: Form[int | None] = None,
    source: Form[str] = "",
) -> Status[ImportOut]:
    """`kind`: answers, reviews or visits. `mapping`: JSON {field: column name}, e.g.
    `{"date": "Dato", "rating": "Karakter", "q:nps": "NPS"}`; without it the columns
    are guessed from their names. `survey_id` is required for answers; `source` is the
    review source for rows without one. Files of more than 500 rows run as a background
    job: follow `job.id` at /api/v1/jobs/{id} or poll this import."""
    who = principal_of(request)
    require_scope(who, "imports.manage")
    org = access_organisation(who)
    if kind not in ImportKind.values:
        raise ValidationError({"kind": _("Choose answers, reviews or visits.")})
    try:
        chosen: dict[str, Any] | None = json.loads(mapping) if mapping.strip() else None
    except ValueError:
        raise ValidationError({"mapping": _("The mapping must be JSON.")}) from None
    if chosen is not None and not isinstance(chosen, dict):
        raise ValidationError({"mapping": _("The mapping must be JSON.")})
    content = file.read()
    options: dict[str, Any] = {}
    if survey_id:
        from lytt.surveys.access import access_survey

        options["survey_id"] = access_survey(who, survey_id).pk
    if source:
        options["source"] = source
    batch = actions.do_upload_import(
        who, org, kind=kind, filename=file.name or "upload.csv", content=content, options=options
    )
    if chosen is None:
        keys = survey_question_keys(import_survey(batch)) if kind == ImportKind.ANSWERS else []
        chosen = guess_mapping(kind, read_table(content, batch.filename).headers, keys)
    batch = actions.do_start_import(who, batch, mapping=chosen, options=options)
    return Status(201, import_out(access_import(who, batch.pk)))


@router.get("", response=ImportPage, summary="Imports, newest first")
def list_imports(request: HttpRequest, cursor: int | None = None, limit: int = 50) -> ImportPage:
    qs = imports_visible(principal_of(request)).order_by("-pk")
    if cursor:
        qs = qs.filter(pk__lt=cursor)
    limit = max(1, min(limit, 200))
    items = list(qs[: limit + 1])
    more = len(items) > limit
    items = items[:limit]
    return ImportPage(
        items=[
            ImportSummaryOut(
                id=b.pk,
                kind=b.kind,
                filename=b.filename,
                status=b.status,
                total_rows=b.total_rows,
                imported=b.imported,
                skipped_duplicates=b.skipped_duplicates,
                error_count=b.error_count,
                job_id=b.job_id,
                created_at=b.created_at,
            )
            for b in items
        ],
        next_cursor=items[-1].pk if more else None,
    )


@router.get("/{import_id}", response=ImportOut, summary="An import's status and row errors")
def get_import(request: HttpRequest, import_id: int) -> ImportOut:
    return import_out(access_import(principal_of(request), import_id))
