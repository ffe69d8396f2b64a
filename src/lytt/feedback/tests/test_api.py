from __future__ import annotations

import json

from lytt.feedback import actions
from lytt.feedback.models import Response, Visit
from lytt.feedback.tests.conftest import SurveySetup, load_touchpoint
from lytt.testing.world import World


def post(client, url: str, data: dict):  # type: ignore[no-untyped-def]
    return client.post(url, data=json.dumps(data), content_type="application/json")


def test_submit_by_touchpoint_and_by_survey_and_unit(world: World, setup: SurveySetup) -> None:
    api = world.api("alice")
    r = post(
        api,
        "/api/v1/responses",
        {
            "touchpoint": setup.tp_x.token,
            "answers": {"nps": 10, "helped": True, "topics": ["service"]},
            "language": "en",
            "customer": {"email": " Kari@Example.no "},
            "external_id": "pos-1",
        },
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["score"] == 10 and body["source"] == "api" and body["customer_id"]
    assert {a["question_key"] for a in body["answers"]} == {"nps", "helped", "topics"}
    r2 = post(
        api,
        "/api/v1/responses",
        {
            "survey_id": setup.survey.pk,
            "unit_id": world.unit_z.pk,
            "channel": "phone",
            "answers": {"nps": 2, "helped": "no"},
            "customer": {"email": "kari@example.no"},
        },
    )
    assert r2.status_code == 201, r2.content
    assert r2.json()["customer_id"] == body["customer_id"]
    assert r2.json()["unit_id"] == world.unit_z.pk


def test_submit_errors_are_problem_details(world: World, setup: SurveySetup) -> None:
    api = world.api("alice")
    r = post(api, "/api/v1/responses", {"touchpoint": setup.tp_x.token, "answers": {"nps": 42}})
    assert r.status_code in (400, 422)
    assert r["Content-Type"].startswith("application/problem+json")
    assert Response.objects.count() == 0
    r = post(api, "/api/v1/responses", {"touchpoint": setup.tp_other.token, "answers": {}})
    assert r.status_code == 404
    r = post(
        world.api("bob"),
        "/api/v1/responses",
        {"survey_id": setup.survey.pk, "unit_id": world.unit_y.pk, "channel": "web", "answers": {}},
    )
    assert r.status_code == 404


def test_list_filters_and_cursor(world: World, setup: SurveySetup) -> None:
    tp_x, tp_y = load_touchpoint(setup.tp_x), load_touchpoint(setup.tp_y)
    for i in range(5):
        actions.do_submit_response(None, touchpoint=tp_x, answers={"nps": i, "helped": True})
    actions.do_submit_response(None, touchpoint=tp_y, answers={"nps": 9, "helped": True})
    api = world.api("ada")
    page = api.get("/api/v1/responses?page_size=2").json()
    assert len(page["results"]) == 2 and page["next"]
    seen = [r["id"] for r in page["results"]]
    nxt = api.get(page["next"]).json()
    assert not set(seen) & {r["id"] for r in nxt["results"]}
    only_y = api.get(f"/api/v1/responses?unit_id={world.unit_y.pk}").json()["results"]
    assert [r["unit_id"] for r in only_y] == [world.unit_y.pk]
    low = api.get("/api/v1/responses?score_max=2").json()["results"]
    assert sorted(r["score"] for r in low) == [0, 1, 2]
    bob = world.api("bob").get("/api/v1/responses").json()["results"]
    assert {r["unit_id"] for r in bob} == {world.unit_x.pk}
    assert world.api("bob").get(f"/api/v1/responses?unit_id={world.unit_y.pk}").status_code == 404


def test_employee_sees_only_own_responses(world: World, setup: SurveySetup) -> None:
    tp_x, tp_y = load_touchpoint(setup.tp_x), load_touchpoint(setup.tp_y)
    own = actions.do_submit_response(None, touchpoint=tp_x, answers={"nps": 5, "helped": True})
    actions.do_submit_response(
        None,
        touchpoint=tp_x,
        employee=None,
        answers={"nps": 6, "helped": True},
    )
    Response.objects.exclude(pk=own.pk).update(employee=None)
    actions.do_submit_response(None, touchpoint=tp_y, answers={"nps": 7, "helped": True})
    page = world.client("carla").get("/feedback/responses/")
    assert [r.pk for r in page.context["responses"]] == [own.pk]


def test_visits_api(world: World) -> None:
    api = world.api("bob")
    r = post(
        api,
        "/api/v1/visits",
        {"unit_id": world.unit_x.pk, "channel": "in_person", "customer": {"phone": "900 11 222"}},
    )
    assert r.status_code == 201 and r.json()["customer_id"]
    assert (
        post(
            api, "/api/v1/visits", {"unit_id": world.unit_y.pk, "channel": "in_person"}
        ).status_code
        == 404
    )
    bad = post(api, "/api/v1/visits", {"unit_id": world.unit_x.pk, "channel": "smoke"})
    assert bad.status_code in (400, 422)
    assert Visit.objects.count() == 1
    listed = api.get("/api/v1/visits").json()["results"]
    assert [v["unit_id"] for v in listed] == [world.unit_x.pk]


def test_response_list_query_count(
    world: World,
    setup: SurveySetup,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    tp_x, tp_y = load_touchpoint(setup.tp_x), load_touchpoint(setup.tp_y)
    for i in range(30):
        actions.do_submit_response(
            None, touchpoint=tp_x if i % 2 else tp_y, answers={"nps": i % 11, "helped": True}
        )
    client = world.client("alice")
    client.get("/feedback/responses/")  # warm the session and scope
    with django_assert_max_num_queries(8):
        page = client.get("/feedback/responses/?channel=in_person&score_min=3")
    assert page.status_code == 200
    assert all(r.score >= 3 for r in page.context["responses"])
    api = world.api("alice")
    with django_assert_max_num_queries(8):
        assert api.get("/api/v1/responses?page_size=25").status_code == 200


def test_response_detail_shows_answers(world: World, setup: SurveySetup) -> None:
    r = actions.do_submit_response(
        None,
        touchpoint=load_touchpoint(setup.tp_x),
        answers={"nps": 4, "why": "Lang kø", "helped": "no", "topics": ["price"]},
    )
    body = world.client("bob").get(f"/feedback/responses/{r.pk}/").content.decode()
    assert "Lang kø" in body and "Pris" in body
    assert world.client("carla").get(f"/feedback/responses/{r.pk}/").status_code == 200
    assert world.client("mallory").get(f"/feedback/responses/{r.pk}/").status_code == 404


def test_closed_touchpoint_refused_once_cache_expires(world: World, setup: SurveySetup) -> None:
    from lytt.feedback import api as feedback_api
    from lytt.surveys import actions as survey_actions

    client = world.api("ada")
    body = {"touchpoint": setup.tp_x.token, "answers": {"nps": 5, "helped": True}}
    assert post(client, "/api/v1/responses", body).status_code == 201
    survey_actions.do_set_touchpoint_active(None, setup.tp_x, active=False)
    feedback_api._TOUCHPOINTS.clear()  # what TOUCHPOINT_TTL seconds do in production
    r = post(client, "/api/v1/responses", body)
    assert r.status_code in (400, 422)
    assert Response.objects.count() == 1


def test_response_list_htmx_returns_only_the_rows(world: World, setup: SurveySetup) -> None:
    actions.do_submit_response(
        None, touchpoint=load_touchpoint(setup.tp_y), answers={"nps": 1, "helped": True}
    )
    client = world.client("ada")
    full = client.get(f"/feedback/responses/?unit={world.unit_y.pk}").content.decode()
    part = client.get(
        f"/feedback/responses/?unit={world.unit_x.pk}",
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="response-results",
    ).content.decode()
    assert "<html" in full and "Sentrum" in full
    assert "<html" not in part and "<table" not in part and "<p>" in part
