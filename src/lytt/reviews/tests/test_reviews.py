from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lytt.accounts.models import AuditEvent
from lytt.reviews import actions
from lytt.reviews.models import PublicReview
from lytt.reviews.tests.helpers import make_review
from lytt.testing.world import World


def test_the_same_review_is_stored_once(world: World) -> None:
    make_review(world, world.unit_x, text="Hyggelig  betjening")
    with pytest.raises(ValidationError):
        make_review(world, world.unit_x, text="hyggelig betjening")
    make_review(world, world.unit_y, text="Hyggelig betjening")  # another unit
    assert PublicReview.objects.count() == 2


def test_external_id_identifies_a_review(world: World) -> None:
    make_review(world, world.unit_x, text="A", external_id="g-1")
    with pytest.raises(ValidationError):
        make_review(world, world.unit_x, text="B (edited)", external_id="g-1")


@pytest.mark.parametrize(
    "kw",
    [
        {"source": "yelpish"},
        {"rating": 6},
        {"rating": -1},
        {"rating_max": 0},
        {"language": "de"},
        {"link": "javascript:alert(1)"},
        {"posted_at": timezone.make_aware(datetime(2999, 1, 1))},
    ],
)
def test_bad_values_are_refused(world: World, kw: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        make_review(world, world.unit_x, **kw)
    assert PublicReview.objects.count() == 0


def test_unit_of_another_organisation_is_refused(world: World) -> None:
    with pytest.raises(ValidationError):
        actions.clean_review(
            world.org,
            source="google",
            rating=4,
            posted_at=timezone.now(),
            unit=world.other_unit,
        )


def test_bulk_create_skips_stored_and_repeated(world: World) -> None:
    make_review(world, world.unit_x, text="A")
    items = [
        actions.clean_review(
            world.org,
            source="google",
            rating=4,
            posted_at=timezone.make_aware(datetime(2025, 5, 1, 12)),
            text=t,
            unit=world.unit_x,
        )
        for t in ["A", "B", "B", "C"]
    ]
    stored = actions.do_bulk_create_reviews(None, world.org, items)
    assert len(stored) == 2
    assert PublicReview.objects.count() == 3


def test_blank_author(world: World) -> None:
    review = make_review(world, world.unit_y, author="Kari Nordmann")
    response = world.client("alice").post(f"/reviews/{review.pk}/blank-author/")
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.author == ""
    assert AuditEvent.objects.filter(action="review.author_blanked").count() == 1


def test_stars_on_a_common_scale(world: World) -> None:
    review = make_review(world, world.unit_x, rating=8, rating_max=10)
    assert review.stars == 4.0


def test_list_is_scoped_to_the_unit_subtree(world: World) -> None:
    make_review(world, world.unit_x, text="Review of Storo")
    make_review(world, world.unit_y, text="Review of Sentrum")
    make_review(world, None, text="Review of the chain")
    admin = world.client("alice").get("/reviews/").content.decode()
    assert "Review of Storo" in admin and "Review of Sentrum" in admin
    assert "Review of the chain" in admin
    bob = world.client("bob").get("/reviews/").content.decode()
    assert "Review of Storo" in bob
    assert "Review of Sentrum" not in bob and "Review of the chain" not in bob
    assert "Review of" not in world.client("mallory").get("/reviews/").content.decode()


def test_list_filters(world: World) -> None:
    make_review(world, world.unit_x, text="Low google", rating=1)
    make_review(
        world,
        world.unit_y,
        text="High trip",
        rating=9,
        rating_max=10,
        source="tripadvisor",
        posted_at=timezone.make_aware(datetime(2025, 7, 1, 12)),
    )
    client = world.client("alice")

    def shown(query: str) -> str:
        return client.get("/reviews/?" + query).content.decode()

    assert "High trip" not in shown("source=google") and "Low google" in shown("source=google")
    assert "Low google" not in shown("min_stars=4") and "High trip" in shown("min_stars=4")
    assert "High trip" not in shown("max_stars=2")
    assert "Low google" not in shown("date_from=2025-06-01")
    assert "High trip" not in shown("date_to=2025-06-01")
    assert "High trip" not in shown(f"unit={world.unit_x.pk}")


def test_list_query_count(world: World, django_assert_max_num_queries: Any) -> None:
    for i in range(30):
        make_review(world, world.unit_x if i % 2 else world.unit_y, text=f"Review {i}")
    client = world.client("alice")
    client.get("/reviews/")
    with django_assert_max_num_queries(12):
        response = client.get("/reviews/")
    assert "Review 29" in response.content.decode()


def test_api_list_read_create(world: World) -> None:
    make_review(world, world.unit_x, text="Storo review")
    make_review(world, world.unit_y, text="Sentrum review")
    ada = world.api("ada")
    created = ada.post(
        "/api/v1/reviews",
        data={
            "unit_id": world.unit_z.pk,
            "source": "trustpilot",
            "rating": 2,
            "text": "Lang kø",
            "language": "sv",
            "posted_at": "2025-04-02T10:00:00+02:00",
            "link": "https://example.com/x",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    rid = created.json()["id"]
    assert ada.get(f"/api/v1/reviews/{rid}").json()["text"] == "Lang kø"
    duplicate = ada.post(
        "/api/v1/reviews",
        data=created.json() | {"unit_id": world.unit_z.pk},
        content_type="application/json",
    )
    assert duplicate.status_code in (400, 422)
    page = ada.get("/api/v1/reviews?limit=2").json()
    assert len(page["items"]) == 2 and page["next_cursor"]
    rest = ada.get(f"/api/v1/reviews?limit=2&cursor={page['next_cursor']}").json()
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None
    bob = world.api("bob").get("/api/v1/reviews").json()
    assert [r["text"] for r in bob["items"]] == ["Storo review"]
    assert world.api("bob").get(f"/api/v1/reviews/{rid}").status_code == 404
    assert world.api("bob").get(f"/api/v1/reviews?unit_id={world.unit_y.pk}").status_code == 404


def test_api_list_query_count(world: World, django_assert_max_num_queries: Any) -> None:
    for i in range(40):
        make_review(world, world.unit_x, text=f"Review {i}")
    client = world.api("alice")
    client.get("/api/v1/reviews")
    with django_assert_max_num_queries(8):
        body = client.get("/api/v1/reviews?limit=40").json()
    assert len(body["items"]) == 40
