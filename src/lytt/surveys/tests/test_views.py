"""The builder pages, driven as a manager would with plain form posts (no JavaScript)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from lytt.surveys import actions
from lytt.surveys.definition import question_map, questions
from lytt.surveys.models import Survey, SurveyStatus, Touchpoint


@pytest.fixture
def alice(world):
    return world.client("alice")


def _survey(alice, **extra):
    data = {
        "name": "Etter besøket",
        "kind": "post_visit_retail",
        "languages": ["nb", "sv"],
        "default_language": "nb",
        **extra,
    }
    response = alice.post("/surveys/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Survey.objects.get(name=data["name"])


def test_manager_builds_publishes_and_prints_a_poster(world, alice):
    survey = _survey(alice)
    page = alice.get(f"/surveys/{survey.pk}/edit/")
    assert page.status_code == 200
    assert "Hvor sannsynlig" in page.content.decode()

    # Add one question of every type through the plain form.
    for qtype, extra in [
        ("nps", {}),
        ("csat", {}),
        ("ces", {}),
        ("rating", {}),
        ("yes_no", {}),
        ("single_choice", {"options": "Rød\nBlå"}),
        ("multiple_choice", {"options": "Pris\nKvalitet\nService"}),
        ("text", {}),
        ("competency", {"competency_item": "listened"}),
    ]:
        data = {"type": qtype, "text": f"Spørsmål {qtype}", "page": "new", **extra}
        response = alice.post(f"/surveys/{survey.pk}/questions/add/", data)
        assert response.status_code == 302, (qtype, response.content.decode()[:3000])
    survey.refresh_from_db()
    types = [q["type"] for q in questions(survey.current_version.definition)]
    for qtype in (
        "nps",
        "csat",
        "ces",
        "rating",
        "yes_no",
        "single_choice",
        "multiple_choice",
        "text",
        "competency",
    ):
        assert qtype in types

    # Edit the yes/no question: Swedish text, required; then a text shown only on "no".
    qmap = question_map(survey.current_version.definition)
    yes_no = next(
        k for k, q in qmap.items() if q["type"] == "yes_no" and q["text"]["nb"] == "Spørsmål yes_no"
    )
    text_q = next(k for k, q in qmap.items() if q["text"].get("nb") == "Spørsmål text")
    response = alice.post(
        f"/surveys/{survey.pk}/questions/{yes_no}/",
        {"text_nb": "Fikk du hjelp?", "text_sv": "Fick du hjälp?", "required": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    response = alice.post(
        f"/surveys/{survey.pk}/questions/{text_q}/",
        {
            "text_nb": "Hva manglet?",
            "text_sv": "Vad saknades?",
            "show_if_question": yes_no,
            "show_if_op": "eq",
            "show_if_value": "nei",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    survey.refresh_from_db()
    qmap = question_map(survey.current_version.definition)
    assert qmap[yes_no]["required"] is True
    assert qmap[text_q]["show_if"] == {"question": yes_no, "op": "eq", "value": False}

    # A question can never move above the question its condition refers to.
    refused = False
    for _ in range(12):
        response = alice.post(
            f"/surveys/{survey.pk}/questions/{text_q}/move/", {"direction": "up"}, follow=True
        )
        refused = refused or "earlier question" in response.content.decode()
    survey.refresh_from_db()
    keys = [q["key"] for q in questions(survey.current_version.definition)]
    assert keys.index(yes_no) == keys.index(text_q) - 1
    assert refused

    # Preview in Swedish, publish, distribute, print.
    preview = alice.get(f"/surveys/{survey.pk}/preview/?lang=sv")
    assert "Fick du hjälp?" in preview.content.decode()
    assert alice.post(f"/surveys/{survey.pk}/publish/").status_code == 302
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.LIVE
    response = alice.post(
        f"/surveys/{survey.pk}/touchpoints/",
        {"unit": world.unit_z.pk, "channel": "in_person", "kind": "qr"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    tp = Touchpoint.objects.get(survey=survey)
    detail = alice.get(f"/surveys/touchpoints/{tp.pk}/").content.decode()
    assert f"/s/{tp.token}/?kiosk=1" in detail
    assert "<iframe" not in detail.replace("&lt;iframe", "")  # the snippet is shown escaped
    poster = alice.get(f"/surveys/touchpoints/{tp.pk}/poster.pdf")
    assert poster["Content-Type"] == "application/pdf"
    assert poster.content.startswith(b"%PDF")
    svg = alice.get(f"/surveys/touchpoints/{tp.pk}/qr.svg")
    root = ET.fromstring(svg.content)
    assert root.tag.endswith("svg")
    png = alice.get(f"/surveys/touchpoints/{tp.pk}/qr.png")
    assert png.content.startswith(b"\x89PNG")


def test_move_and_remove_with_htmx_return_the_list(world, alice):
    survey = _survey(alice, kind="custom")
    keys = [q["key"] for q in questions(survey.current_version.definition)]
    response = alice.post(
        f"/surveys/{survey.pk}/questions/{keys[1]}/move/",
        {"direction": "up"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'id="add-question"' in response.content.decode()
    survey.refresh_from_db()
    assert [q["key"] for q in questions(survey.current_version.definition)] == [keys[1], keys[0]]
    response = alice.post(
        f"/surveys/{survey.pk}/questions/{keys[0]}/delete/", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    survey.refresh_from_db()
    assert [q["key"] for q in questions(survey.current_version.definition)] == [keys[1]]


def test_add_question_without_text_is_refused_and_shown(world, alice):
    survey = _survey(alice, kind="custom")
    response = alice.post(
        f"/surveys/{survey.pk}/questions/add/", {"type": "text", "text": "", "page": "p1"}
    )
    assert response.status_code == 200
    assert "default language" in response.content.decode()
    survey.refresh_from_db()
    assert len(questions(survey.current_version.definition)) == 2


def test_competency_page_edits_items(world, alice):
    actions.do_ensure_competency_model(None, world.org)
    item = world.org.competency_items.get(key="listened")
    response = alice.post(
        f"/surveys/competency/{item.pk}/",
        {
            f"i{item.pk}-text_nb": "De hørte etter",
            f"i{item.pk}-text_sv": "De lyssnade på mig",
            f"i{item.pk}-order": "3",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text["nb"] == "De hørte etter"
    assert item.text["sv"] == "De lyssnade på mig"
    assert "nn" not in item.text  # an emptied field removes that language's text
    assert item.active is False  # unchecked box
    response = alice.post(
        "/surveys/competency/add/",
        {"key": "explained-price", "text_en": "They explained the price"},
    )
    assert response.status_code == 302
    assert world.org.competency_items.filter(key="explained-price").exists()
    response = alice.post("/surveys/competency/add/", {"text_sv": "De log mot mig"})
    assert response.status_code == 302
    assert world.org.competency_items.filter(key="de-log-mot-mig").exists()


def test_list_query_count_does_not_grow(world, alice, django_assert_max_num_queries):
    for n in range(8):
        s = actions.do_create_survey(None, world.org, name=f"S{n}", kind="custom")
        actions.do_create_touchpoint(None, s, unit=world.unit_x, channel="in_person")
    with django_assert_max_num_queries(12):
        assert alice.get("/surveys/").status_code == 200
    with django_assert_max_num_queries(12):
        assert alice.get(f"/surveys/{s.pk}/touchpoints/").status_code == 200


def test_refused_htmx_move_shows_the_reason_in_the_partial(world, alice):
    survey = _survey(alice, kind="custom")
    definition = survey.current_version.definition
    definition["pages"][0]["questions"][1]["show_if"] = {"question": "nps", "op": "lte", "value": 6}
    actions.do_update_survey_definition(None, survey, definition)
    response = alice.post(
        f"/surveys/{survey.pk}/questions/reason/move/", {"direction": "up"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "earlier question" in response.content.decode()
    survey.refresh_from_db()
    assert [q["key"] for q in questions(survey.current_version.definition)] == ["nps", "reason"]


def test_api_patch_is_all_or_nothing(world):
    import json

    survey = actions.do_create_survey(None, world.org, name="Før", kind="custom")
    response = world.api("alice").patch(
        f"/api/v1/surveys/{survey.pk}",
        json.dumps({"name": "Etter", "definition": {"pages": []}}),
        content_type="application/json",
    )
    assert response.status_code == 422
    survey.refresh_from_db()
    assert survey.name == "Før"


def test_unit_manager_counts_only_own_touchpoints(world):
    survey = actions.do_create_survey(None, world.org, name="Kjeden", kind="custom")
    actions.do_create_touchpoint(None, survey, unit=world.unit_x, channel="in_person")
    for _ in range(3):
        actions.do_create_touchpoint(None, survey, unit=world.unit_y, channel="in_person")
    listed = world.client("bob").get("/surveys/").context["surveys"]
    assert [s.touchpoint_count for s in listed] == [1]
    listed = world.client("alice").get("/surveys/").context["surveys"]
    assert [s.touchpoint_count for s in listed] == [4]


def test_other_list_pages_have_bounded_queries(
    world, alice, django_assert_max_num_queries, monkeypatch
):
    actions.do_ensure_competency_model(None, world.org)
    survey = actions.do_create_survey(None, world.org, name="S", kind="post_visit_retail")
    monkeypatch.setattr(actions, "has_responses", lambda v: True)  # every edit a new version
    for n in range(5):
        definition = survey.current_version.definition
        definition["pages"][0]["questions"][0]["help"] = {"nb": f"Hjelp {n}"}
        actions.do_update_survey_definition(None, survey, definition)
    assert survey.current_version.number == 6
    with django_assert_max_num_queries(10):
        assert alice.get("/surveys/competency/").status_code == 200
    with django_assert_max_num_queries(10):
        assert alice.get(f"/surveys/{survey.pk}/versions/").status_code == 200
    with django_assert_max_num_queries(12):
        assert alice.get(f"/surveys/{survey.pk}/edit/").status_code == 200
