"""Background tasks (django-tasks; `lytt worker` runs them)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_import(batch_id: int) -> dict[str, int]:
    from lytt.imports.runner import process_batch

    batch = process_batch(batch_id)
    return {"imported": batch.imported, "errors": len(batch.errors)}
