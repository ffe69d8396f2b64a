"""Writes for imports: upload, start, one chunk of rows, finish, fail, resume.

The work is done in chunks; each chunk's rows, the batch's counters and errors and the
job's progress are committed together, so a killed worker loses nothing and a re-run
continues where it stopped. Every row has a stable dedupe key (its external id, or a
fingerprint of its mapped values), so importing the same rows twice adds nothing.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lytt.accounts.audit import record
from lytt.accounts.models import Organisation, User
from lytt.imports.mapping import FIELDS
from lytt.imports.models import ImportBatch, ImportKind, ImportStatus
from lytt.imports.parsing import RowError, Table, read_table
from lytt.jobs import actions as jobs
from lytt.jobs.models import JobStatus

log = logging.getLogger(__name__)

INLINE_LIMIT = 500  # files with more data rows run as a background job
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ERRORS = 10_000


@transaction.atomic
def do_upload_import(
    actor: Any,
    organisation: Organisation,
    *,
    kind: str,
    filename: str,
    content: bytes,
    options: dict[str, Any] | None = None,
) -> ImportBatch:
    """Store an uploaded file after checking it can be read. Answers need the survey in
    `options["survey_id"]`."""
    if kind not in ImportKind.values:
        raise ValidationError(_("Choose what the file holds."))
    if len(content) > MAX_FILE_BYTES:
        raise ValidationError(_("The file is larger than 20 MB; split it into smaller files."))
    if not content:
        raise ValidationError(_("The file is empty."))
    table = read_table(content, filename)
    batch = ImportBatch.objects.create(
        organisation=organisation,
        kind=kind,
        filename=(filename or "upload")[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        total_rows=len(table.rows),
        options=dict(options or {}),
        created_by=actor if isinstance(actor, User) else None,
    )
    if kind == ImportKind.ANSWERS:
        from lytt.imports.answers import validate_answer_options

        validate_answer_options(batch)
    record(actor, organisation.pk, "import.uploaded", batch, kind=kind, rows=len(table.rows))
    return batch


def validate_mapping(batch: ImportBatch, table: Table, mapping: dict[str, str]) -> dict[str, str]:
    headers = set(table.headers)
    clean: dict[str, str] = {}
    for key, column in (mapping or {}).items():
        if not column:
            continue
        if not isinstance(column, str) or column not in headers:
            raise ValidationError(_("The file has no column “%(column)s”.") % {"column": column})
        clean[str(key)] = column
    specs = FIELDS[batch.kind]
    known = {s.key for s in specs}
    for key in clean:
        if key not in known and not key.startswith("q:"):
            raise ValidationError(_("Unknown field “%(field)s”.") % {"field": key})
    for spec in specs:
        if spec.required and spec.key not in clean:
            raise ValidationError(
                _("Choose the column that holds “%(field)s”.") % {"field": spec.label}
            )
    if (
        batch.kind == ImportKind.REVIEWS
        and "source" not in clean
        and not batch.options.get("source")
    ):
        raise ValidationError(_("Choose the column that holds the source, or one source for all."))
    if batch.kind == ImportKind.ANSWERS and not any(k.startswith("q:") for k in clean):
        raise ValidationError(_("Map at least one column to a question."))
    return clean


def _enqueue(batch_id: int) -> None:
    from lytt.imports.tasks import run_import

    run_import.enqueue(batch_id)


def _run_inline(batch_id: int) -> None:
    from lytt.imports.runner import process_batch

    try:
        process_batch(batch_id)
    except Exception:  # the batch and its job are marked failed; the page shows it
        log.exception("import %s failed", batch_id)


@transaction.atomic
def do_start_import(
    actor: Any,
    batch: ImportBatch,
    *,
    mapping: dict[str, str],
    options: dict[str, Any] | None = None,
) -> ImportBatch:
    """Fix the column mapping and run the import: inline for small files, as a background
    job for big ones (both through the same chunked job code)."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportStatus.UPLOADED:
        raise ValidationError(_("This import has already been started."))
    batch.options = {**batch.options, **(options or {})}
    table = read_table(bytes(batch.content), batch.filename)
    if batch.kind == ImportKind.ANSWERS:
        from lytt.imports.answers import validate_answer_options

        validate_answer_options(batch)
    batch.mapping = validate_mapping(batch, table, mapping)
    batch.job = jobs.do_create_job(
        actor, batch.organisation, kind=f"import.{batch.kind}", total=batch.total_rows
    )
    batch.status = ImportStatus.QUEUED
    batch.save(update_fields=["options", "mapping", "job", "status"])
    record(actor, batch.organisation_id, "import.started", batch, mapping=batch.mapping)
    _schedule(batch)
    return batch


def _schedule(batch: ImportBatch) -> None:
    batch_id = batch.pk
    if batch.total_rows > INLINE_LIMIT:
        transaction.on_commit(lambda: _enqueue(batch_id))
    else:
        transaction.on_commit(lambda: _run_inline(batch_id))


@transaction.atomic
def do_resume_import(actor: Any, batch: ImportBatch) -> ImportBatch:
    """Run a failed or stalled import again; it continues after the last saved chunk."""
    batch = (
        ImportBatch.objects.select_for_update(of=("self",)).select_related("job").get(pk=batch.pk)
    )
    if batch.status not in (ImportStatus.FAILED, ImportStatus.RUNNING, ImportStatus.QUEUED):
        raise ValidationError(_("Only an unfinished import can be resumed."))
    batch.status = ImportStatus.QUEUED
    batch.save(update_fields=["status"])
    if batch.job is not None:
        batch.job.status = JobStatus.QUEUED
        batch.job.save(update_fields=["status"])
    record(actor, batch.organisation_id, "import.resumed", batch, next_row=batch.next_row)
    _schedule(batch)
    return batch


@transaction.atomic
def do_mark_import_running(actor: Any, batch: ImportBatch) -> ImportBatch:
    batch.status = ImportStatus.RUNNING
    batch.save(update_fields=["status"])
    if batch.job is not None:
        jobs.do_start_job(actor, batch.job, total=batch.total_rows)
        jobs.do_update_job_progress(actor, batch.job, processed=batch.next_row)
    return batch


def _row_values(batch: ImportBatch, table: Table, cells: list[str]) -> dict[str, str]:
    index = {h: i for i, h in enumerate(table.headers)}
    return {key: cells[index[col]] for key, col in batch.mapping.items() if col in index}


def progress(batch: ImportBatch) -> dict[str, Any]:
    from django.urls import reverse

    return {
        "batch_id": batch.pk,
        "imported": batch.imported,
        "skipped_duplicates": batch.skipped_duplicates,
        "errors": len(batch.errors),
        "detail_url": reverse("imports:detail", args=[batch.pk]),
    }


@transaction.atomic
def do_import_chunk(
    actor: Any, batch: ImportBatch, table: Table, processor: Any, *, size: int
) -> ImportBatch:
    """Import the rows from `batch.next_row` on (at most `size`), and save the counters,
    errors, resume position and job progress in the same transaction. The batch row is
    locked, so two workers running the same import never import a chunk twice."""
    current = ImportBatch.objects.select_for_update().only("next_row").get(pk=batch.pk)
    if current.next_row != batch.next_row:
        # Another worker has moved on: continue from its saved position.
        batch.refresh_from_db(
            fields=["next_row", "imported", "skipped_duplicates", "errors", "status"]
        )
        return batch
    start = batch.next_row
    stop = min(start + size, len(table.rows))
    parsed = []
    errors: list[dict[str, Any]] = []
    for i in range(start, stop):
        cells = table.rows[i]
        if not any(c.strip() for c in cells):
            continue
        try:
            item = processor.parse(_row_values(batch, table, cells))
            item.row = table.row_number(i)
            parsed.append(item)
        except RowError as exc:
            errors.append({"row": table.row_number(i), "reason": exc.reason})
    already = processor.existing([p.key for p in parsed]) if parsed else set()
    fresh, seen = [], set(already)
    duplicates = 0
    for p in parsed:
        if p.key in seen:
            duplicates += 1
        else:
            seen.add(p.key)
            fresh.append(p)
    stored, refused = processor.store(fresh) if fresh else (0, [])
    errors = sorted(errors + refused, key=lambda e: e["row"])
    batch.imported += stored
    batch.skipped_duplicates += duplicates + (len(fresh) - stored - len(refused))
    room = MAX_ERRORS - len(batch.errors)
    batch.errors = batch.errors + errors[: max(0, room)]
    batch.next_row = stop
    batch.save(update_fields=["imported", "skipped_duplicates", "errors", "next_row"])
    if batch.job is not None:
        jobs.do_update_job_progress(actor, batch.job, processed=stop, result=progress(batch))
    return batch


@transaction.atomic
def do_finish_import(actor: Any, batch: ImportBatch) -> ImportBatch:
    batch.status = ImportStatus.DONE
    batch.content = b""  # the rows are stored; the file is no longer needed
    batch.save(update_fields=["status", "content"])
    if batch.job is not None:
        jobs.do_finish_job(actor, batch.job, result=progress(batch))
    record(
        actor,
        batch.organisation_id,
        "import.finished",
        batch,
        imported=batch.imported,
        duplicates=batch.skipped_duplicates,
        errors=len(batch.errors),
    )
    return batch


@transaction.atomic
def do_fail_import(actor: Any, batch: ImportBatch, *, error: str) -> ImportBatch:
    batch.status = ImportStatus.FAILED
    batch.save(update_fields=["status"])
    if batch.job is not None:
        jobs.do_fail_job(actor, batch.job, error=error)
    record(actor, batch.organisation_id, "import.failed", batch, error=error[:500])
    return batch
