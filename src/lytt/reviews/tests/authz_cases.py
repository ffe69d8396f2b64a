from __future__ import annotations

import itertools

from lytt.reviews.models import PublicReview
from lytt.reviews.tests.helpers import make_review
from lytt.testing.authz import AuthzCase, Target
from lytt.testing.world import World

VIEWERS = frozenset({"ada", "alice", "bob", "carla", "mallory"})
MARKER = "Sentrum-review-secret"


_counter = itertools.count()


def _review_y(w: World) -> int:
    """The review in unit_y (sibling of bob's unit), made once per world."""
    found = PublicReview.objects.filter(organisation=w.org, text=MARKER).first()
    return (found or make_review(w, w.unit_y, text=MARKER, author="Kari")).pk


CASES = [
    AuthzCase(
        route="reviews:list",
        build=lambda w: (_review_y(w), Target("/reviews/", marker=MARKER))[1],
        can=VIEWERS,
        sees=frozenset({"ada", "alice"}),
    ),
    AuthzCase(
        route="reviews:blank-author",
        method="POST",
        build=lambda w: Target(f"/reviews/{_review_y(w)}/blank-author/", {}, marker=MARKER),
        can=frozenset({"ada", "alice"}),
        sees=frozenset(),
    ),
    AuthzCase(
        route="api:lytt_reviews_api_list_reviews",
        build=lambda w: (_review_y(w), Target("/api/v1/reviews", marker=MARKER))[1],
        can=frozenset({"ada", "alice", "bob", "carla", "mallory"}),  # carla: unit token
        sees=frozenset({"ada", "alice"}),
        api=True,
    ),
    AuthzCase(
        route="api:lytt_reviews_api_get_review",
        build=lambda w: Target(f"/api/v1/reviews/{_review_y(w)}", marker=MARKER),
        can=frozenset({"ada", "alice"}),
        api=True,
    ),
    AuthzCase(
        route="api:lytt_reviews_api_create_review",
        method="POST",
        json=True,
        build=lambda w: Target(
            "/api/v1/reviews",
            {
                "unit_id": w.unit_y.pk,
                "source": "google",
                "rating": 5,
                "text": f"new review {next(_counter)}",
                "posted_at": "2025-04-02T10:00:00+02:00",
            },
        ),
        can=frozenset({"ada", "alice"}),
    ),
]
