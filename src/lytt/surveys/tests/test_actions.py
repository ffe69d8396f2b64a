"""Survey actions: templates, versioning, competency model, touchpoints."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lytt.accounts.models import AuditEvent
from lytt.surveys import actions, catalogue
from lytt.surveys.definition import LANGUAGE_CODES, questions
from lytt.surveys.models import CompetencyItem, SurveyStatus, SurveyVersion


@pytest.mark.parametrize("kind", catalogue.TEMPLATE_KINDS)
def test_every_template_is_valid_in_every_language(world, kind):
    for lang in LANGUAGE_CODES:
        survey = actions.do_create_survey(
            world.users["ada"],
            world.org,
            name=f"{kind} {lang}",
            kind=kind,
            languages=[lang],
            default_language=lang,
        )
        qs = questions(survey.current_version.definition)
        assert qs
        assert all(q["text"].get(lang) for q in qs)


def test_templates_fill_competency_texts_from_the_organisation(world):
    actions.do_ensure_competency_model(world.users["ada"], world.org)
    item = CompetencyItem.objects.get(organisation=world.org, key="greeted")
    actions.do_update_competency_item(world.users["ada"], item, text={"nb": "Hei og velkommen"})
    survey = actions.do_create_survey(
        world.users["ada"], world.org, name="Butikk", kind="post_visit_retail", languages=["nb"]
    )
    greeted = [
        q
        for q in questions(survey.current_version.definition)
        if q.get("competency_item") == "greeted"
    ]
    assert greeted[0]["text"] == {"nb": "Hei og velkommen"}


def test_deactivated_items_are_left_out_of_templates(world):
    actions.do_ensure_competency_model(world.users["ada"], world.org)
    item = CompetencyItem.objects.get(organisation=world.org, key="greeted")
    actions.do_update_competency_item(world.users["ada"], item, active=False)
    survey = actions.do_create_survey(world.users["ada"], world.org, name="B", kind="restaurant")
    assert "greeted" not in {
        q.get("competency_item") for q in questions(survey.current_version.definition)
    }


def test_competency_model_is_created_once(world):
    a = actions.do_ensure_competency_model(world.users["ada"], world.org)
    b = actions.do_ensure_competency_model(world.users["ada"], world.org)
    assert a.pk == b.pk
    assert CompetencyItem.objects.filter(organisation=world.org).count() == len(
        catalogue.DEFAULT_COMPETENCY_ITEMS
    )
    assert all(
        set(i.text) == set(LANGUAGE_CODES)
        for i in CompetencyItem.objects.filter(organisation=world.org)
    )


def test_actor_of_another_org_cannot_write(world):
    with pytest.raises(PermissionDenied):
        actions.do_ensure_competency_model(world.users["mallory"], world.org)


def test_editing_without_responses_changes_the_version_in_place(world, monkeypatch):
    survey = actions.do_create_survey(world.users["ada"], world.org, name="S", kind="custom")
    definition = survey.current_version.definition
    definition["pages"][0]["questions"][1]["required"] = True
    version = actions.do_update_survey_definition(world.users["ada"], survey, definition)
    assert version.number == 1
    assert SurveyVersion.objects.filter(survey=survey).count() == 1


def test_editing_with_responses_makes_a_new_version(world, monkeypatch):
    survey = actions.do_create_survey(world.users["ada"], world.org, name="S", kind="custom")
    old = survey.current_version
    old_definition = old.definition
    monkeypatch.setattr(actions, "has_responses", lambda v: v.pk == old.pk)
    definition = {**old_definition, "pages": [dict(old_definition["pages"][0])]}
    definition["pages"][0]["questions"] = old_definition["pages"][0]["questions"][:1]
    version = actions.do_update_survey_definition(world.users["ada"], survey, definition)
    assert version.number == 2
    old.refresh_from_db()
    assert old.definition == old_definition
    survey.refresh_from_db()
    assert survey.current_version_id == version.pk
    assert AuditEvent.objects.filter(action="survey_version.created").exists()


def test_unchanged_definition_makes_no_version(world, monkeypatch):
    survey = actions.do_create_survey(world.users["ada"], world.org, name="S", kind="custom")
    monkeypatch.setattr(actions, "has_responses", lambda v: True)
    version = actions.do_update_survey_definition(
        world.users["ada"], survey, survey.current_version.definition
    )
    assert version.number == 1


def test_invalid_definition_keeps_what_is_stored(world):
    survey = actions.do_create_survey(world.users["ada"], world.org, name="S", kind="custom")
    before = survey.current_version.definition
    with pytest.raises(ValidationError):
        actions.do_update_survey_definition(
            world.users["ada"],
            survey,
            {"pages": [{"key": "p1", "questions": [{"key": "x", "type": "stars"}]}]},
        )
    survey.current_version.refresh_from_db()
    assert survey.current_version.definition == before


def test_publish_and_close(world):
    survey = actions.do_create_survey(world.users["ada"], world.org, name="S", kind="custom")
    actions.do_publish_survey(world.users["ada"], survey)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.LIVE
    actions.do_close_survey(world.users["ada"], survey)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED
    with pytest.raises(ValidationError):
        actions.do_update_survey_definition(
            world.users["ada"], survey, survey.current_version.definition
        )


def test_languages_must_include_default(world):
    with pytest.raises(ValidationError):
        actions.do_create_survey(
            world.users["ada"], world.org, name="S", languages=["sv"], default_language="nb"
        )
    with pytest.raises(ValidationError):
        actions.do_create_survey(
            world.users["ada"], world.org, name="S", languages=["xx"], default_language="xx"
        )


def test_touchpoint_rules(world):
    survey = actions.do_create_survey(
        world.users["ada"], world.org, name="S", kind="custom", unit=world.unit_x
    )
    tp = actions.do_create_touchpoint(
        world.users["ada"],
        survey,
        unit=world.unit_x,
        channel="in_person",
        employee=world.carla_employee,
        kind="qr",
    )
    assert len(tp.token) >= 16
    with pytest.raises(ValidationError):
        actions.do_create_touchpoint(
            world.users["ada"], survey, unit=world.unit_y, channel="in_person"
        )
    with pytest.raises(ValidationError):
        actions.do_create_touchpoint(
            world.users["ada"], survey, unit=world.unit_x, channel="pigeon"
        )
    org_survey = actions.do_create_survey(world.users["ada"], world.org, name="O", kind="custom")
    with pytest.raises(ValidationError):
        actions.do_create_touchpoint(
            world.users["ada"],
            org_survey,
            unit=world.unit_y,
            channel="in_person",
            employee=world.carla_employee,
        )
    actions.do_set_touchpoint_active(world.users["ada"], tp, active=False)
    tp.refresh_from_db()
    assert not tp.active
