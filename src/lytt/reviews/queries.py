"""Reads of public reviews with filters (shared by the list page and the API)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import F, QuerySet
from django.utils import timezone

from lytt.accounts.models import Unit
from lytt.reviews.access import reviews_visible
from lytt.reviews.models import PublicReview


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def filtered_reviews(
    principal: Any,
    *,
    unit: Unit | None = None,
    source: str | None = None,
    min_stars: float | None = None,
    max_stars: float | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[PublicReview]:
    qs = reviews_visible(principal)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if source:
        qs = qs.filter(source=source)
    # Compare on the common 1–5 scale: rating * 5 >= stars * rating_max.
    if min_stars is not None:
        qs = qs.filter(rating__gte=F("rating_max") * min_stars / 5.0)
    if max_stars is not None:
        qs = qs.filter(rating__lte=F("rating_max") * max_stars / 5.0)
    if date_from is not None:
        qs = qs.filter(posted_at__gte=_start(date_from))
    if date_to is not None:
        qs = qs.filter(posted_at__lt=_start(date_to + timedelta(days=1)))
    return qs
