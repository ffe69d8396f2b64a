from __future__ import annotations

import random

import pytest

from lytt.demo.organisation import build_chain
from lytt.reviews.demo import load_demo_reviews
from lytt.reviews.models import PublicReview


@pytest.mark.django_db
def test_demo_reviews_are_varied_and_in_the_units_languages() -> None:
    chain = build_chain(random.Random(1))
    messages: list[str] = []
    load_demo_reviews(chain, random.Random(2), messages.append)
    reviews = PublicReview.objects.filter(organisation=chain.organisation)
    count = reviews.count()
    assert 1200 <= count <= 2000
    assert messages == [f"Public reviews: {count}"]
    assert set(reviews.values_list("language", flat=True)) >= {"nb", "sv", "da", "en"}
    assert set(reviews.values_list("rating", flat=True)) >= {1.0, 2.0, 3.0, 4.0, 5.0}
    assert reviews.values("text").distinct().count() > count * 0.5
    swedish = reviews.filter(unit__language="sv").exclude(language="en")
    assert set(swedish.values_list("language", flat=True)) == {"sv"}
    # Loading again adds nothing (same external ids).
    load_demo_reviews(chain, random.Random(2), messages.append)
    assert reviews.count() == count
