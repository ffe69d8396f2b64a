"""Public reviews (Google, Tripadvisor, Trustpilot, Facebook, ...): one more feedback
source next to surveys and mystery shops (DOMAIN.md section 5)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lytt.accounts.models import Organisation, Unit


class ReviewSource(models.TextChoices):
    GOOGLE = "google", "Google"
    TRIPADVISOR = "tripadvisor", "Tripadvisor"
    TRUSTPILOT = "trustpilot", "Trustpilot"
    FACEBOOK = "facebook", "Facebook"
    OTHER = "other", _("Other")


class PublicReview(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="public_reviews"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="public_reviews"
    )
    source = models.CharField(_("source"), max_length=20, choices=ReviewSource.choices)
    rating = models.FloatField(_("rating"))
    rating_max = models.PositiveSmallIntegerField(_("best possible rating"), default=5)
    text = models.TextField(_("text"), blank=True)
    language = models.CharField(_("language"), max_length=5, blank=True)
    posted_at = models.DateTimeField(_("posted"), db_index=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    external_id = models.CharField(_("external id"), max_length=200, blank=True)
    fingerprint = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-posted_at", "-pk"]
        verbose_name = _("public review")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "fingerprint"], name="reviews_unique_fingerprint"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.rating:g}/{self.rating_max}"

    @property
    def stars(self) -> float:
        """The rating on a 1–5 scale, whatever the source's scale."""
        if not self.rating_max:
            return 0.0
        return round(self.rating * 5 / self.rating_max, 1)
