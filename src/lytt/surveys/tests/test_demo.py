from __future__ import annotations

import random

import pytest

from lytt.demo.loader import EXTENSIONS
from lytt.demo.organisation import build_chain
from lytt.surveys.demo import load_demo_surveys
from lytt.surveys.models import CompetencyItem, Survey, SurveyStatus, Touchpoint


@pytest.mark.django_db
def test_demo_surveys():
    assert "lytt.surveys.demo:load_demo_surveys" in EXTENSIONS
    ours = EXTENSIONS.index("lytt.surveys.demo:load_demo_surveys")
    # Surveys come before the capabilities that answer them.
    for app in ("feedback", "invitations", "evaluations", "imports"):
        assert all(ours < i for i, ref in enumerate(EXTENSIONS) if ref.startswith(f"lytt.{app}."))
    chain = build_chain(random.Random(3))
    lines: list[str] = []
    load_demo_surveys(chain, random.Random(3), lines.append)
    org = chain.organisation
    assert CompetencyItem.objects.filter(organisation=org, key="explained-price").exists()
    live = Survey.objects.filter(organisation=org, status=SurveyStatus.LIVE)
    assert set(live.values_list("kind", flat=True)) == {
        "post_visit_retail",
        "restaurant",
        "customer_service",
        "complaint_follow_up",
    }
    # Every unit that takes feedback has a touchpoint for each of its channels.
    for unit in chain.units:
        channels = set(Touchpoint.objects.filter(unit=unit).values_list("channel", flat=True))
        assert set(unit.channels) <= channels, unit.name
    assert Touchpoint.objects.filter(organisation=org, kind="kiosk").exists()
    assert Touchpoint.objects.filter(organisation=org, employee__isnull=False).exists()
    assert lines and lines[0].startswith("Surveys:")
