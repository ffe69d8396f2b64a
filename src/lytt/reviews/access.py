"""Scoped reads of public reviews: whoever may view feedback sees the reviews of the
units in their scope; reviews without a unit are visible organisation-wide only."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from lytt.accounts.access import require_scope
from lytt.reviews.models import PublicReview


def reviews_visible(principal: Any) -> QuerySet[PublicReview]:
    scope = require_scope(principal, "feedback.view")
    qs = PublicReview.objects.filter(organisation_id=scope.organisation_id)
    if scope.unit_path is not None:
        qs = qs.filter(Q(unit__path__startswith=scope.unit_path))
    return qs.select_related("unit")


def access_review(principal: Any, review_id: Any) -> PublicReview:
    try:
        return reviews_visible(principal).get(pk=int(review_id))
    except (PublicReview.DoesNotExist, ValueError, TypeError):
        raise Http404("review") from None
