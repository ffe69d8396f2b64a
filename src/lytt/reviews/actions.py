"""Writes to public reviews."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lytt.accounts.audit import record
from lytt.accounts.models import Organisation, Unit
from lytt.reviews.models import PublicReview, ReviewSource

LANGUAGES = ("", "nb", "nn", "sv", "da", "en")


@dataclass(frozen=True)
class ReviewData:
    """A validated review, ready to store."""

    source: str
    rating: float
    rating_max: int
    posted_at: datetime
    text: str = ""
    language: str = ""
    unit_id: int | None = None
    author: str = ""
    link: str = ""
    external_id: str = ""

    @property
    def fingerprint(self) -> str:
        """Stable identity of a review: its source and external id when it has one,
        otherwise its source, unit, day, rating, author and text."""
        if self.external_id:
            parts = ["x", self.source, self.external_id.strip()]
        else:
            parts = [
                "v",
                self.source,
                str(self.unit_id or ""),
                self.posted_at.date().isoformat(),
                f"{self.rating:g}/{self.rating_max}",
                " ".join(self.author.split()).casefold(),
                " ".join(self.text.split()).casefold(),
            ]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def clean_review(
    organisation: Organisation,
    *,
    source: str,
    rating: Any,
    rating_max: Any = 5,
    posted_at: datetime,
    text: str = "",
    language: str = "",
    unit: Unit | None = None,
    author: str = "",
    link: str = "",
    external_id: str = "",
) -> ReviewData:
    """Validate a review's values; raises ValidationError with a translated message."""
    source = (source or "").strip().lower()
    if source not in ReviewSource.values:
        raise ValidationError(
            _("Unknown source “%(value)s”: use google, tripadvisor, trustpilot, facebook or other.")
            % {"value": source}
        )
    try:
        rating_max_i = int(rating_max if rating_max not in (None, "") else 5)
    except (TypeError, ValueError):
        raise ValidationError(_("The best possible rating must be a whole number.")) from None
    if not 1 <= rating_max_i <= 100:
        raise ValidationError(_("The best possible rating must be between 1 and 100."))
    try:
        rating_f = float(rating)
    except (TypeError, ValueError):
        raise ValidationError(_("The rating must be a number.")) from None
    if rating_f != rating_f or not 0 <= rating_f <= rating_max_i:
        raise ValidationError(
            _("The rating must be between 0 and %(max)s.") % {"max": rating_max_i}
        )
    language = (language or "").strip().lower()
    if language not in LANGUAGES:
        raise ValidationError(
            _("Unknown language “%(value)s”: use nb, nn, sv, da or en.") % {"value": language}
        )
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationError(_("Unknown unit."))
    if timezone.is_naive(posted_at):
        posted_at = timezone.make_aware(posted_at)
    if posted_at > timezone.now() + timedelta(days=1):
        raise ValidationError(_("The date lies in the future."))
    link = (link or "").strip()
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            raise ValidationError(_("The link is not a web address.")) from None
    if len(link) > 500 or len(author) > 200 or len(external_id) > 200:
        raise ValidationError(_("A value is too long."))
    return ReviewData(
        source=source,
        rating=rating_f,
        rating_max=rating_max_i,
        posted_at=posted_at,
        text=(text or "").strip(),
        language=language,
        unit_id=unit.pk if unit is not None else None,
        author=(author or "").strip(),
        link=link,
        external_id=(external_id or "").strip(),
    )


def _model(organisation: Organisation, data: ReviewData) -> PublicReview:
    return PublicReview(
        organisation=organisation,
        unit_id=data.unit_id,
        source=data.source,
        rating=data.rating,
        rating_max=data.rating_max,
        text=data.text,
        language=data.language,
        posted_at=data.posted_at,
        author=data.author,
        link=data.link,
        external_id=data.external_id,
        fingerprint=data.fingerprint,
    )


@transaction.atomic
def do_create_review(actor: Any, organisation: Organisation, data: ReviewData) -> PublicReview:
    if PublicReview.objects.filter(
        organisation=organisation, fingerprint=data.fingerprint
    ).exists():
        raise ValidationError(_("This review is already stored."))
    review = _model(organisation, data)
    review.save()
    record(actor, organisation.pk, "review.created", review, source=data.source)
    return review


@transaction.atomic
def do_bulk_create_reviews(
    actor: Any, organisation: Organisation, items: list[ReviewData], *, note: str = ""
) -> set[str]:
    """Store many reviews at once (imports, demo data), skipping any whose fingerprint is
    already stored or repeated in `items`. Returns the fingerprints stored. One audit
    record for the whole batch."""
    wanted = {d.fingerprint: d for d in items}
    existing = set(
        PublicReview.objects.filter(
            organisation=organisation, fingerprint__in=list(wanted)
        ).values_list("fingerprint", flat=True)
    )
    new = [_model(organisation, d) for fp, d in wanted.items() if fp not in existing]
    PublicReview.objects.bulk_create(new, batch_size=500)
    if new:
        record(actor, organisation.pk, "review.bulk_created", None, count=len(new), note=note)
    return {r.fingerprint for r in new}


@transaction.atomic
def do_blank_review_author(actor: Any, review: PublicReview) -> PublicReview:
    """Remove the reviewer's name (privacy request); the review itself stays."""
    review.author = ""
    review.save(update_fields=["author"])
    record(actor, review.organisation_id, "review.author_blanked", review)
    return review
