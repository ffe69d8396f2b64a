from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from lytt.surveys import actions as survey_actions
from lytt.surveys.models import Survey, Touchpoint
from lytt.testing.world import World

DEFINITION: dict[str, Any] = {
    "pages": [
        {
            "key": "p1",
            "questions": [
                {
                    "key": "nps",
                    "type": "nps",
                    "required": True,
                    "text": {
                        "nb": "Hvor sannsynlig er det at du anbefaler oss?",
                        "en": "How likely are you to recommend us?",
                    },
                },
                {
                    "key": "why",
                    "type": "text",
                    "required": False,
                    "text": {"nb": "Hvorfor?", "en": "Why?"},
                    "show_if": {"question": "nps", "op": "lte", "value": 6},
                },
            ],
        },
        {
            "key": "p2",
            "questions": [
                {
                    "key": "helped",
                    "type": "yes_no",
                    "required": True,
                    "text": {"nb": "Fikk du hjelp?", "en": "Did you get help?"},
                },
                {
                    "key": "topics",
                    "type": "multiple_choice",
                    "required": False,
                    "text": {"nb": "Hva handlet det om?", "en": "What was it about?"},
                    "options": [
                        {"key": "price", "text": {"nb": "Pris", "en": "Price"}},
                        {"key": "service", "text": {"nb": "Service", "en": "Service"}},
                        {"key": "range", "text": {"nb": "Utvalg", "en": "Range"}},
                    ],
                },
            ],
        },
    ]
}


@dataclass
class SurveySetup:
    survey: Survey
    tp_x: Touchpoint
    tp_y: Touchpoint
    tp_other: Touchpoint
    other_survey: Survey


def make_survey(world: World, org: Any | None = None, name: str = "Etter besøket") -> Survey:
    org = org or world.org
    survey = survey_actions.do_create_survey(
        None,
        org,
        name=name,
        languages=["nb", "en"],
        default_language="nb",
        definition=DEFINITION,
    )
    return survey_actions.do_publish_survey(None, survey)


@pytest.fixture
def setup(world: World) -> SurveySetup:
    survey = make_survey(world)
    other_survey = make_survey(world, world.other_org, "Andre")
    tp_x = survey_actions.do_create_touchpoint(
        None, survey, unit=world.unit_x, channel="in_person", employee=world.carla_employee
    )
    tp_y = survey_actions.do_create_touchpoint(None, survey, unit=world.unit_y, channel="in_person")
    tp_other = survey_actions.do_create_touchpoint(
        None, other_survey, unit=world.other_unit, channel="in_person"
    )
    survey.refresh_from_db()
    return SurveySetup(survey, tp_x, tp_y, tp_other, other_survey)


def load_touchpoint(tp: Touchpoint) -> Touchpoint:
    return Touchpoint.objects.select_related(
        "survey__current_version", "unit", "organisation", "employee"
    ).get(pk=tp.pk)


@pytest.fixture(autouse=True)
def _fresh_touchpoint_cache() -> None:
    from lytt.feedback import api

    api._TOUCHPOINTS.clear()
