from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from lytt.accounts.models import Unit
from lytt.reviews import actions
from lytt.reviews.models import PublicReview
from lytt.testing.world import World


def make_review(
    world: World, unit: Unit | None, *, text: str = "Fin butikk", rating: float = 4, **kw: Any
) -> PublicReview:
    data = actions.clean_review(
        world.org if unit is None else unit.organisation,
        source=kw.pop("source", "google"),
        rating=rating,
        rating_max=kw.pop("rating_max", 5),
        posted_at=kw.pop("posted_at", timezone.make_aware(datetime(2025, 5, 1, 12))),
        text=text,
        unit=unit,
        **kw,
    )
    return actions.do_create_review(None, world.org if unit is None else unit.organisation, data)
