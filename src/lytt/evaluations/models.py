"""Mystery shopping: evaluation forms of weighted sections and criteria, assignments of
evaluators to units and channels, and the evaluations they submit.

A form that has evaluations is never changed: editing it creates a new version (a new
`EvaluationForm` row with the same `family` and `version + 1`), so every evaluation keeps
pointing at exactly the criteria it was scored against.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lytt.accounts.models import Channel, Employee, Organisation, Unit


class FormStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    LIVE = "live", _("Live")
    ARCHIVED = "archived", _("Archived")


class EvaluationForm(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="evaluation_forms"
    )
    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(_("language"), max_length=5, default="nb")
    status = models.CharField(
        _("status"), max_length=10, choices=FormStatus.choices, default=FormStatus.DRAFT
    )
    # All versions of one form share a family; the newest has the highest version.
    family = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "-version"]
        verbose_name = _("evaluation form")
        constraints = [
            models.UniqueConstraint(fields=["family", "version"], name="evaluations_form_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class Section(models.Model):
    form = models.ForeignKey(EvaluationForm, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(_("key"), max_length=60)
    title = models.JSONField(_("title"), default=dict)  # {language: text}
    weight = models.FloatField(_("weight"), default=1.0)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("section")
        constraints = [
            models.UniqueConstraint(fields=["form", "key"], name="evaluations_section_key")
        ]

    def __str__(self) -> str:
        return self.key


class CriterionKind(models.TextChoices):
    YNP = "ynp", _("Yes / partly / no / not applicable")
    SCALE = "scale", _("Scale")


class Criterion(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField(_("key"), max_length=60)
    text = models.JSONField(_("text"), default=dict)  # {language: text}
    kind = models.CharField(
        _("kind"), max_length=10, choices=CriterionKind.choices, default=CriterionKind.YNP
    )
    scale_max = models.PositiveSmallIntegerField(_("scale maximum"), default=5)
    weight = models.FloatField(_("weight"), default=1.0)
    required = models.BooleanField(_("required"), default=True)
    competency_item = models.ForeignKey(
        "surveys.CompetencyItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="criteria",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    allow_comment = models.BooleanField(_("allow a comment"), default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.key


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    SUBMITTED = "submitted", _("Submitted")
    CANCELLED = "cancelled", _("Cancelled")


class Assignment(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="evaluation_assignments"
    )
    form = models.ForeignKey(EvaluationForm, on_delete=models.PROTECT, related_name="assignments")
    # Null only when the evaluator's login was deleted; the evaluations stay.
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="evaluation_assignments",
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="evaluation_assignments")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.ASSIGNED,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("assignment")

    def is_overdue(self, today: object = None) -> bool:
        today = today or timezone.localdate()
        return self.status == AssignmentStatus.ASSIGNED and self.due_date < today  # type: ignore[operator]


class Evaluation(models.Model):
    """One mystery shop. A draft until `submitted_at` is set; scores are set on submit."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="evaluations"
    )
    assignment = models.OneToOneField(
        Assignment, on_delete=models.PROTECT, related_name="evaluation"
    )
    form = models.ForeignKey(EvaluationForm, on_delete=models.PROTECT, related_name="evaluations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="evaluations")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    employee = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.SET_NULL, related_name="evaluations"
    )
    visited_at = models.DateTimeField(_("visited at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, db_index=True)
    total_score = models.FloatField(_("total score"), null=True, blank=True)
    section_scores = models.JSONField(_("section scores"), default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("evaluation")

    @property
    def total_percent(self) -> int | None:
        return None if self.total_score is None else round(self.total_score * 100)


class CriterionResult(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="results")
    criterion_key = models.SlugField(max_length=60)
    # "yes", "partly", "no", "na" for yes/partly/no criteria; the number as text for scales.
    value = models.CharField(max_length=10, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "criterion_key"], name="evaluations_result_key"
            )
        ]
