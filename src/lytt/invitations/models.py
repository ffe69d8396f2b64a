"""One-time survey invitations sent by e-mail, the unsubscribe list and the per-organisation
sending policy (quiet period, reminder, expiry)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lytt.accounts.models import Channel, Employee, Organisation, Unit


class InvitationStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    REMINDED = "reminded", _("Reminded")
    ANSWERED = "answered", _("Answered")
    EXPIRED = "expired", _("Expired")
    SUPPRESSED = "suppressed", _("Suppressed")


# Statuses in which the link still works and the address is still kept.
OPEN_STATUSES = (InvitationStatus.QUEUED, InvitationStatus.SENT, InvitationStatus.REMINDED)


class Invitation(models.Model):
    """A one-time link to a survey for one customer after a visit or contact.

    The e-mail address is kept only while it is needed (to send and remind) and is
    blanked when the invitation is answered, expires or is suppressed. The link's token
    is stored only as a SHA-256 hash.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="survey_invitations"
    )
    survey = models.ForeignKey(
        "surveys.Survey", on_delete=models.CASCADE, related_name="invitations"
    )
    touchpoint = models.ForeignKey(
        "surveys.Touchpoint",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="survey_invitations")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    employee = models.ForeignKey(
        Employee,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_invitations",
    )
    customer = models.ForeignKey(
        "feedback.Customer", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=5)
    token_hash = models.CharField(max_length=64, unique=True)
    token_salt = models.CharField(max_length=32)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=InvitationStatus.choices,
        default=InvitationStatus.QUEUED,
        db_index=True,
    )
    visit = models.ForeignKey(
        "feedback.Visit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )
    visited_at = models.DateTimeField(_("visited at"), null=True, blank=True)
    # The upload row or API caller's own id; with the organisation it keeps re-uploads
    # of the same contacts file from creating duplicates.
    dedupe_key = models.CharField(max_length=64, blank=True, db_index=True)
    response = models.ForeignKey(
        "feedback.Response",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("survey invitation")
        indexes = [
            models.Index(fields=["organisation", "customer", "-created_at"]),
            models.Index(fields=["status", "sent_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="invitations_unique_dedupe_key",
            )
        ]

    def __str__(self) -> str:
        return f"invitation {self.pk} ({self.status})"


class Suppression(models.Model):
    """A customer who unsubscribed: never invited again by this organisation.

    Stored as the customer's keyed hash only, so the list itself holds no address."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="suppressions"
    )
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("unsubscribed customer")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key_hash"], name="invitations_unique_suppression"
            )
        ]


class InvitationPolicy(models.Model):
    """How often an organisation may ask the same customer, and when to remind/expire."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="invitation_policy"
    )
    quiet_period_days = models.PositiveIntegerField(_("quiet period (days)"), default=30)
    reminder_after_days = models.PositiveIntegerField(_("reminder after (days)"), default=3)
    expire_after_days = models.PositiveIntegerField(_("link expires after (days)"), default=14)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("invitation policy")
