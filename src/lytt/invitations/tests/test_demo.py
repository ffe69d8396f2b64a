"""The feedback demo (src/lytt/demo/feedback.py) and its comment composer."""

from __future__ import annotations

import random
import statistics

import pytest

from lytt.demo import feedback as demo
from lytt.demo.feedback_text import TONES, compose_comment
from lytt.demo.loader import EXTENSIONS
from lytt.demo.organisation import build_chain


def test_comments_vary_and_are_deterministic() -> None:
    def sample(seed: int) -> list[str]:
        rng = random.Random(seed)
        return [
            compose_comment(
                rng,
                lang=rng.choice(["nb", "nn", "sv", "da", "en"]),
                tone=rng.choice(TONES),
                kind=rng.choice(["shop", "restaurant", "contact_centre"]),
                employee_name="Kari Hansen",
            )
            for _ in range(3000)
        ]

    first = sample(1)
    assert first == sample(1)
    assert len(set(first)) > 2500  # no template repeats visibly
    assert all(c.strip() for c in first)
    assert any("ae" in c or "oe" in c or "aa" in c for c in first)  # æ/ø/å skipped


def test_tone_follows_quality() -> None:
    rng = random.Random(4)
    low = [demo.tone_for(0.1, rng) for _ in range(500)]
    high = [demo.tone_for(0.9, rng) for _ in range(500)]
    assert set(low) <= {"irritated", "passive"}
    assert set(high) <= {"praise", "relation"}


def test_norwegian_shops_are_closed_on_sundays() -> None:
    assert sum(demo.hour_weights("shop", "nb", 6)) == 0
    assert sum(demo.hour_weights("shop", "sv", 6)) > 0
    assert sum(demo.hour_weights("shop", "nb", 5)) > sum(demo.hour_weights("shop", "nb", 1))


@pytest.mark.django_db
def test_demo_feedback_loads_a_small_year(monkeypatch: pytest.MonkeyPatch) -> None:
    from lytt.feedback.models import Answer, Response, Visit
    from lytt.invitations.models import Invitation
    from lytt.surveys.demo import load_demo_surveys

    assert EXTENSIONS.index("lytt.demo.feedback:load_demo_feedback") > EXTENSIONS.index(
        "lytt.surveys.demo:load_demo_surveys"
    )
    monkeypatch.setattr(demo, "TARGET_RESPONSES", 1500)
    chain = build_chain(random.Random(1))
    load_demo_surveys(chain, random.Random(2), lambda m: None)
    messages: list[str] = []
    demo.load_demo_feedback(chain, random.Random(3), messages.append)
    responses = Response.objects.filter(organisation=chain.organisation)
    assert responses.count() >= 1500
    assert set(responses.values_list("unit_id", flat=True)) == {u.pk for u in chain.units}
    assert Visit.objects.filter(organisation=chain.organisation).count() > 0
    texts = Answer.objects.filter(response__organisation=chain.organisation).exclude(text="")
    share = texts.count() / responses.count()
    assert 0.15 < share < 0.4
    # Recognised customers come back, and some come back to a second bad experience.
    repeat = responses.filter(customer__isnull=False).values_list("customer_id", flat=True)
    assert len(repeat) > len(set(repeat))
    # Employees differ consistently: per-employee mean NPS has a real spread.
    by_employee: dict[int, list[float]] = {}
    for emp, score in responses.filter(score_kind="nps").values_list("employee_id", "score"):
        if emp is not None and score is not None:
            by_employee.setdefault(emp, []).append(score)
    means = [statistics.mean(v) for v in by_employee.values() if len(v) >= 10]
    assert len(means) > 10 and statistics.pstdev(means) > 0.3
    statuses = set(
        Invitation.objects.filter(organisation=chain.organisation).values_list("status", flat=True)
    )
    assert {"answered", "expired"} <= statuses
    assert all(i.email == "" for i in Invitation.objects.filter(status="answered"))
    assert any("responses" in m for m in messages)
