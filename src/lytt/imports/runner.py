"""Running an import batch: the job code shared by the background task and the inline
path for small files."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from lytt.imports import actions
from lytt.imports.models import ImportBatch, ImportStatus
from lytt.imports.parsing import read_table

CHUNK_SIZE = 200


def chunk_committed(batch: ImportBatch) -> None:
    """Called after each committed chunk (tests use it to simulate a killed worker)."""


def _language(batch: ImportBatch) -> str:
    user = batch.created_by
    return (user.language if user and user.language else "") or batch.organisation.default_language


def process_batch(batch_id: int, *, chunk_size: int = CHUNK_SIZE) -> ImportBatch:
    """Import the batch's rows chunk by chunk from where it stopped. Row errors are
    collected in the language of the person who started the import."""
    batch = ImportBatch.objects.select_related("organisation", "created_by", "job").get(pk=batch_id)
    if batch.status in (ImportStatus.DONE, ImportStatus.UPLOADED):
        return batch
    actor = batch.created_by
    with translation.override(_language(batch)):
        try:
            actions.do_mark_import_running(actor, batch)
            table = read_table(bytes(batch.content), batch.filename)
            from lytt.imports.processors import processor_for

            processor = processor_for(batch, actor)
            while batch.next_row < len(table.rows):
                actions.do_import_chunk(actor, batch, table, processor, size=chunk_size)
                chunk_committed(batch)
            actions.do_finish_import(actor, batch)
        except Exception as exc:
            batch.refresh_from_db()
            actions.do_fail_import(
                actor, batch, error=_("The import stopped: %(error)s") % {"error": exc}
            )
            raise
    return batch
