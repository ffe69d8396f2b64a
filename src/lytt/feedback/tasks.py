"""Background tasks of feedback (django-tasks; `lytt worker` runs them)."""

from __future__ import annotations

import time

from django.db import connection
from django_tasks import task

# On SQLite every write transaction takes the database's one write lock. Between two
# batches the job pauses briefly so the web processes' waiting inserts get the lock
# (SQLite's busy handler polls; without the pause the job would take it again first).
SQLITE_PAUSE_SECONDS = 0.01


@task()
def store_submissions() -> dict[str, int]:
    """Store every pending API submission (see `do_accept_submission`), batch by batch."""
    from lytt.feedback.actions import do_store_submissions

    total = 0
    while handled := do_store_submissions():
        total += handled
        if connection.vendor == "sqlite":
            time.sleep(SQLITE_PAUSE_SECONDS)
    return {"stored": total}
