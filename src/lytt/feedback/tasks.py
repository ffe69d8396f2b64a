"""Background work of feedback: storing API submissions accepted into the journal, and
reading free-text answers with the text engine.

`lytt worker` runs `intake_forever` in a thread beside the django-tasks worker: it
stores pending submissions as they arrive (within IDLE_SECONDS), then reads the
free-text answers not yet read (`TextAnalysis`), so web requests never enqueue
anything and never wait for the text engine. The `store_submissions` task does one pass
of storing; it is what the immediate backend of the tests runs when a submission commits.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from django.db import connection, connections
from django_tasks import task

log = logging.getLogger(__name__)

IDLE_SECONDS = 0.25
# On SQLite every write transaction takes the database's one write lock. Between two
# batches the loop pauses briefly so other writers waiting for the lock get it
# (SQLite's busy handler polls; without the pause the loop would take it again first).
SQLITE_PAUSE_SECONDS = 0.01


def _in_batches(step: Callable[[], int]) -> int:
    """Run `step` (one batch; returns how many rows it handled) until it handles none;
    the total."""
    total = 0
    while handled := step():
        total += handled
        if connection.vendor == "sqlite":
            time.sleep(SQLITE_PAUSE_SECONDS)
    return total


def store_pending() -> int:
    """Store every pending submission, batch by batch; how many were handled."""
    from lytt.feedback.actions import do_store_submissions

    return _in_batches(do_store_submissions)


def analyse_pending() -> int:
    """Read every free-text answer not yet read, batch by batch; how many were read."""
    from lytt.feedback.actions import do_analyse_answers

    return _in_batches(do_analyse_answers)


@task()
def store_submissions() -> dict[str, int]:
    return {"stored": store_pending()}


def intake_forever(stop: threading.Event, idle: float = IDLE_SECONDS) -> None:
    """Store submissions as they arrive and read new free-text answers, until `stop` is
    set. Each round stores every pending submission and reads one batch of answers, so a
    backlog of texts (after an upgrade) never holds up storing. A failure is logged and
    retried; a process killed mid-batch loses nothing (the batch rolls back)."""
    from lytt.feedback.actions import do_analyse_answers

    try:
        while not stop.is_set():
            try:
                handled = store_pending() + do_analyse_answers()
            except Exception:
                log.exception("storing submissions or reading answers failed; retrying")
                connections.close_all()
                stop.wait(5)
                continue
            if not handled:
                stop.wait(idle)
    finally:
        connections.close_all()
