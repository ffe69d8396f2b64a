"""The mystery-shopping demo data loads, is deterministic and shows what it should."""

from __future__ import annotations

import random

import pytest
from django.utils import timezone

from lytt.demo.organisation import build_chain
from lytt.evaluations.demo import load_demo_mystery
from lytt.evaluations.models import Assignment, Evaluation


@pytest.mark.django_db
def test_demo_mystery_loads() -> None:
    chain = build_chain(random.Random(1))
    messages: list[str] = []
    load_demo_mystery(chain, random.Random(2), messages.append)
    submitted = Evaluation.objects.filter(submitted_at__isnull=False)
    measured = {u.pk for u in chain.units if u.kind in ("shop", "restaurant", "contact_centre")}
    assert {e.unit_id for e in submitted} == measured
    assert submitted.count() == 12 * len(measured)
    assert all(0 <= e.total_score <= 1 for e in submitted)
    assert len({round(e.total_score, 3) for e in submitted}) > 10
    evaluators = {e.assignment.evaluator.email.split("@")[0] for e in submitted}
    assert {"eve", "olav", "stina"} <= evaluators
    open_for_eve = Assignment.objects.filter(evaluator__email__startswith="eve@", status="assigned")
    assert open_for_eve.count() == 4
    assert sum(a.due_date < timezone.localdate() for a in open_for_eve) == 1
    assert Evaluation.objects.filter(submitted_at__isnull=True).count() == 1
    assert messages and "evaluations" in messages[0]


@pytest.mark.django_db
def test_demo_evaluator_olav_works_through_the_api_with_his_printed_token() -> None:
    from django.test import Client

    chain = build_chain(random.Random(1))
    messages: list[str] = []
    load_demo_mystery(chain, random.Random(2), messages.append)
    line = next(m for m in messages if "Personal API token" in m)
    assert "olav@" in line
    secret = line.rsplit(" ", 1)[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    listed = client.get("/api/v1/mystery/assignments?status=assigned")
    assert listed.status_code == 200, listed.content
    assignments = listed.json()["results"]
    assert len(assignments) == 2
    work = client.get(f"/api/v1/mystery/assignments/{assignments[0]['id']}/form")
    assert work.status_code == 200 and work.json()["form"]["sections"]
