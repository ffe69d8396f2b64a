"""Surveys, their versions, the shared competency model and touchpoints.

A survey's questions live in an immutable-once-answered `SurveyVersion.definition`
(see `lytt.surveys.definition` for its shape and the helpers that read it). Editing a
survey that has answers creates a new version; every answer keeps the version it was
given on.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lytt.accounts.models import Channel, Employee, Organisation, Unit


def new_touchpoint_token() -> str:
    """A public, unguessable token for a respondent URL (/s/<token>/)."""
    return secrets.token_urlsafe(12)


class CompetencyModel(models.Model):
    """The organisation's one competency model, shared by surveys and mystery shops."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="competency_model"
    )
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("competency model")

    def __str__(self) -> str:
        return self.name


class CompetencyItem(models.Model):
    """A statement about how the customer was treated, rated on a scale."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="competency_items"
    )
    model = models.ForeignKey(CompetencyModel, on_delete=models.CASCADE, related_name="items")
    key = models.SlugField(_("key"), max_length=60)
    text = models.JSONField(_("text"), default=dict)  # {language: text}
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("competency item")
        constraints = [
            models.UniqueConstraint(fields=["model", "key"], name="surveys_item_unique_key")
        ]

    def __str__(self) -> str:
        return self.key


class SurveyKind(models.TextChoices):
    POST_VISIT_RETAIL = "post_visit_retail", _("After a shop visit")
    RESTAURANT = "restaurant", _("Restaurant")
    CUSTOMER_SERVICE = "customer_service", _("Customer-service contact")
    COMPLAINT_FOLLOW_UP = "complaint_follow_up", _("Complaint follow-up")
    CUSTOM = "custom", _("Custom")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    LIVE = "live", _("Live")
    CLOSED = "closed", _("Closed")


class Survey(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="surveys")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("type"), max_length=30, choices=SurveyKind.choices, default=SurveyKind.CUSTOM
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    # The unit that owns the survey (a unit manager's own survey); None: the whole
    # organisation. Unit managers see organisation-wide surveys but edit only their own.
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="surveys"
    )
    languages = models.JSONField(_("languages"), default=list)
    default_language = models.CharField(_("default language"), max_length=5, default="nb")
    current_version = models.ForeignKey(
        "SurveyVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("survey")

    def __str__(self) -> str:
        return self.name


class SurveyVersion(models.Model):
    """One version of a survey's questions. Immutable once it has responses."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(_("definition"), default=dict)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["survey", "-number"]
        verbose_name = _("survey version")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "number"], name="surveys_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey_id} v{self.number}"


class TouchpointKind(models.TextChoices):
    LINK = "link", _("Link")
    QR = "qr", _("QR code")
    EMBED = "embed", _("Embedded on a web page")
    KIOSK = "kiosk", _("Kiosk (tablet)")


class Touchpoint(models.Model):
    """Where a survey is distributed: a unit, a channel and optionally an employee."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="touchpoints"
    )
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="touchpoints")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="touchpoints")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    employee = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.SET_NULL, related_name="touchpoints"
    )
    token = models.CharField(max_length=40, unique=True, default=new_touchpoint_token)
    kind = models.CharField(
        _("type"), max_length=10, choices=TouchpointKind.choices, default=TouchpointKind.LINK
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("touchpoint")

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.unit_id}/{self.channel}"

    def get_respondent_path(self) -> str:
        """The public respondent path (the page itself is owned by lytt.feedback)."""
        return f"/s/{self.token}/"
