"""Background work of feedback: storing API submissions accepted into the journal.

`lytt worker` runs `store_submissions_forever` in a thread beside the django-tasks
worker: it stores pending submissions as they arrive (within IDLE_SECONDS), so web
requests never enqueue anything. The `store_submissions` task does one pass; it is what
the immediate backend of the tests runs when a submission commits.
"""

from __future__ import annotations

import logging
import threading
import time

from django.db import connection, connections
from django_tasks import task

log = logging.getLogger(__name__)

IDLE_SECONDS = 0.25
# On SQLite every write transaction takes the database's one write lock. Between two
# batches the loop pauses briefly so other writers waiting for the lock get it
# (SQLite's busy handler polls; without the pause the loop would take it again first).
SQLITE_PAUSE_SECONDS = 0.01


def store_pending() -> int:
    """Store every pending submission, batch by batch; how many were handled."""
    from lytt.feedback.actions import do_store_submissions

    total = 0
    while handled := do_store_submissions():
        total += handled
        if connection.vendor == "sqlite":
            time.sleep(SQLITE_PAUSE_SECONDS)
    return total


@task()
def store_submissions() -> dict[str, int]:
    return {"stored": store_pending()}


def store_submissions_forever(stop: threading.Event, idle: float = IDLE_SECONDS) -> None:
    """Store submissions as they arrive until `stop` is set. A failure is logged and
    retried; a process killed mid-batch loses nothing (the batch rolls back)."""
    try:
        while not stop.is_set():
            try:
                handled = store_pending()
            except Exception:
                log.exception("storing submissions failed; retrying")
                connections.close_all()
                stop.wait(5)
                continue
            if not handled:
                stop.wait(idle)
    finally:
        connections.close_all()
