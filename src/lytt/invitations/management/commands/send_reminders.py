"""`lytt manage send_reminders`: expire old invitation links and send due reminders.

Operators run it from cron (e.g. every hour). Safe to run as often as you like and to
run again after a crash: each invitation is reminded at most once.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lytt.invitations import actions

BATCH = 1000


class Command(BaseCommand):
    help = "Expire old invitation links and send the reminders that are due."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Queue the work for `lytt worker` instead of doing it now.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["queue"]:
            from lytt.invitations.tasks import send_due_reminders

            send_due_reminders.enqueue()
            self.stdout.write("queued")
            return
        expired = actions.do_expire_invitations(None)
        reminded = withdrawn = 0
        # Each run handles up to `limit` rows in one transaction; repeat until done.
        for _round in range(1000):
            run = actions.do_send_due_reminders(None, limit=BATCH)
            reminded += len(run.reminded)
            withdrawn += len(run.suppressed)
            if len(run.reminded) + len(run.suppressed) < BATCH:
                break
        self.stdout.write(
            f"expired {expired}, reminded {reminded}, withdrawn (unsubscribed) {withdrawn}"
        )
