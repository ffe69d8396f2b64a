"""Versioning against real responses (lytt.feedback): an answered version never changes."""

from __future__ import annotations

from lytt.feedback.actions import do_submit_response
from lytt.surveys import actions
from lytt.surveys.definition import questions


def test_answered_version_is_kept_and_edits_go_to_a_new_one(world):
    survey = actions.do_create_survey(
        None, world.org, name="S", kind="custom", languages=["nb", "sv"]
    )
    actions.do_publish_survey(None, survey)
    tp = actions.do_create_touchpoint(None, survey, unit=world.unit_x, channel="in_person")
    v1 = survey.current_version
    assert not actions.has_responses(v1)
    response = do_submit_response(
        None, touchpoint=tp, answers={"nps": 9, "reason": "Bra"}, language="sv"
    )
    assert response.version_id == v1.pk
    assert actions.has_responses(v1)

    before = v1.definition
    definition = {"pages": [{"key": "p1", "questions": questions(before)[:1]}]}
    v2 = actions.do_update_survey_definition(None, survey, definition)
    assert v2.number == 2 and v2.pk != v1.pk
    v1.refresh_from_db()
    assert v1.definition == before
    # Further edits before anyone answers v2 change v2 in place.
    definition["pages"][0]["questions"][0]["required"] = False
    assert actions.do_update_survey_definition(None, survey, definition).pk == v2.pk
