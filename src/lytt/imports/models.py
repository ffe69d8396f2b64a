"""An uploaded file being imported: its content, column mapping, progress and errors."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lytt.accounts.models import Organisation
from lytt.jobs.models import Job


class ImportKind(models.TextChoices):
    ANSWERS = "answers", _("Historical survey answers")
    REVIEWS = "reviews", _("Public reviews")
    VISITS = "visits", _("Visits and contacts")


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Waiting for column mapping")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportBatch(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="import_batches"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ImportKind.choices)
    filename = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    # The file itself, so a worker on another machine can read it and a failed import
    # can be resumed. Removed when the import is done.
    content = models.BinaryField(editable=False)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    next_row = models.PositiveIntegerField(default=0, editable=False)  # resume position
    imported = models.PositiveIntegerField(_("imported"), default=0)
    skipped_duplicates = models.PositiveIntegerField(_("already imported"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)  # [{row, reason}]
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_kind_display()})"

    @property
    def error_count(self) -> int:
        return len(self.errors)
