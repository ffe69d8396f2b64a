from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from lytt.invitations import actions
from lytt.invitations.models import Invitation
from lytt.surveys import actions as survey_actions
from lytt.surveys.models import Survey
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
                    "text": {"nb": "Anbefale oss?", "sv": "Rekommendera oss?", "en": "Recommend?"},
                },
                {
                    "key": "why",
                    "type": "text",
                    "required": False,
                    "text": {"nb": "Hvorfor?", "sv": "Varför?", "en": "Why?"},
                },
            ],
        }
    ]
}


def make_survey(world: World, org: Any = None, name: str = "Etter besøket") -> Survey:
    survey = survey_actions.do_create_survey(
        None,
        org or world.org,
        name=name,
        languages=["nb", "sv", "en"],
        default_language="nb",
        definition=DEFINITION,
    )
    return survey_actions.do_publish_survey(None, survey)


@dataclass
class Setup:
    survey: Survey
    other_survey: Survey


@pytest.fixture
def setup(world: World) -> Setup:
    return Setup(make_survey(world), make_survey(world, world.other_org, "Andre"))


def invite(
    world: World, survey: Survey, email: str = "kunde@example.com", unit: Any = None, **kw: Any
) -> actions.InvitationResult:
    return actions.do_create_invitation(
        None,
        survey=survey,
        unit=unit or world.unit_x,
        email=email,
        channel=kw.pop("channel", "in_person"),
        **kw,
    )


def link(invitation: Invitation) -> str:
    return f"/i/{actions.invitation_token(invitation)}/"
