"""The surveys API: scope per persona, versioning, validation messages, downloads."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

from PIL import Image

from lytt.surveys import actions
from lytt.surveys.models import Survey


def _post(client, url, data, method="post"):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def test_unit_manager_sees_org_and_own_surveys_only(world):
    org_wide = actions.do_create_survey(None, world.org, name="Hele kjeden", kind="custom")
    mine = actions.do_create_survey(None, world.org, name="Storo", kind="custom", unit=world.unit_x)
    actions.do_create_survey(None, world.org, name="Sentrum", kind="custom", unit=world.unit_y)
    actions.do_create_survey(None, world.other_org, name="Annen", kind="custom")
    names = {s["name"] for s in world.api("bob").get("/api/v1/surveys").json()["results"]}
    assert names == {"Hele kjeden", "Storo"}
    names = {s["name"] for s in world.api("alice").get("/api/v1/surveys").json()["results"]}
    assert names == {"Hele kjeden", "Storo", "Sentrum"}
    names = {s["name"] for s in world.api("mallory").get("/api/v1/surveys").json()["results"]}
    assert names == {"Annen"}
    # Bob may change his unit's survey but not the chain's.
    assert (
        _post(
            world.api("bob"), f"/api/v1/surveys/{mine.pk}", {"name": "Storo 2"}, "patch"
        ).status_code
        == 200
    )
    assert (
        _post(
            world.api("bob"), f"/api/v1/surveys/{org_wide.pk}", {"name": "X"}, "patch"
        ).status_code
        == 403
    )


def test_unit_manager_creates_for_own_unit_only(world):
    bob = world.api("bob")
    r = _post(bob, "/api/v1/surveys", {"name": "Uten enhet"})
    assert r.status_code == 422
    assert "your units" in r.json()["detail"]
    assert (
        _post(bob, "/api/v1/surveys", {"name": "Sentrum", "unit_id": world.unit_y.pk}).status_code
        == 404
    )
    r = _post(
        bob, "/api/v1/surveys", {"name": "Storo", "unit_id": world.unit_x.pk, "kind": "restaurant"}
    )
    assert r.status_code == 201
    assert r.json()["unit_id"] == world.unit_x.pk
    assert r.json()["definition"]["pages"]


def test_patch_definition_validates_and_versions(world, monkeypatch):
    alice = world.api("alice")
    r = _post(alice, "/api/v1/surveys", {"name": "S", "kind": "custom", "languages": ["nb", "sv"]})
    sid = r.json()["id"]
    definition = r.json()["definition"]
    bad = {
        "pages": [{"key": "p1", "questions": [{"key": "a", "type": "nps", "text": {"sv": "Hur"}}]}]
    }
    r = _post(alice, f"/api/v1/surveys/{sid}", {"definition": bad}, "patch")
    assert r.status_code == 422
    assert "default language (nb) is missing" in r.json()["detail"]
    assert Survey.objects.get(pk=sid).current_version.definition == definition

    old_version = Survey.objects.get(pk=sid).current_version
    monkeypatch.setattr(actions, "has_responses", lambda v: v.pk == old_version.pk)
    definition["pages"][0]["questions"][1]["required"] = True
    r = _post(alice, f"/api/v1/surveys/{sid}", {"definition": definition}, "patch")
    assert r.status_code == 200
    assert r.json()["version"] == 2
    versions = alice.get(f"/api/v1/surveys/{sid}/versions").json()
    assert [v["number"] for v in versions] == [2, 1]
    assert versions[0]["current"] and not versions[1]["current"]
    v1 = alice.get(f"/api/v1/surveys/{sid}/versions/1").json()
    assert v1["definition"]["pages"][0]["questions"][1]["required"] is False


def test_publish_close_and_touchpoints(world):
    alice = world.api("alice")
    sid = _post(alice, "/api/v1/surveys", {"name": "S", "kind": "post_visit_retail"}).json()["id"]
    assert alice.post(f"/api/v1/surveys/{sid}/publish").json()["status"] == "live"
    r = _post(
        alice,
        "/api/v1/surveys/touchpoints",
        {"survey_id": sid, "unit_id": world.unit_z.pk, "channel": "phone", "kind": "kiosk"},
    )
    assert r.status_code == 201
    tp = r.json()
    assert tp["url"].endswith(f"/s/{tp['token']}/")
    assert tp["kiosk_url"].endswith("?kiosk=1")
    assert "<script" not in tp["embed_html"] and tp["url"] in tp["embed_html"]
    r = _post(
        alice,
        "/api/v1/surveys/touchpoints",
        {"survey_id": sid, "unit_id": world.unit_z.pk, "channel": "fax"},
    )
    assert r.status_code == 422
    svg = alice.get(f"/api/v1/surveys/touchpoints/{tp['id']}/qr.svg")
    assert ET.fromstring(svg.content).tag.endswith("svg")
    png = alice.get(f"/api/v1/surveys/touchpoints/{tp['id']}/qr.png")
    assert Image.open(io.BytesIO(png.content)).size[0] > 100
    pdf = alice.get(f"/api/v1/surveys/touchpoints/{tp['id']}/poster.pdf")
    assert pdf.content.startswith(b"%PDF") and pdf.content.rstrip().endswith(b"%%EOF")
    assert (
        _post(alice, f"/api/v1/surveys/touchpoints/{tp['id']}", {"active": False}, "patch").json()[
            "active"
        ]
        is False
    )
    assert alice.post(f"/api/v1/surveys/{sid}/close").json()["status"] == "closed"
    r = _post(
        alice,
        "/api/v1/surveys/touchpoints",
        {"survey_id": sid, "unit_id": world.unit_z.pk, "channel": "phone"},
    )
    assert r.status_code == 422


def test_bob_sees_touchpoints_of_his_unit_only(world):
    s = actions.do_create_survey(None, world.org, name="S", kind="custom")
    actions.do_create_touchpoint(None, s, unit=world.unit_x, channel="in_person")
    actions.do_create_touchpoint(None, s, unit=world.unit_y, channel="in_person")
    units = {
        t["unit_id"] for t in world.api("bob").get("/api/v1/surveys/touchpoints").json()["results"]
    }
    assert units == {world.unit_x.pk}
    r = _post(
        world.api("bob"),
        "/api/v1/surveys/touchpoints",
        {"survey_id": s.pk, "unit_id": world.unit_y.pk, "channel": "in_person"},
    )
    assert r.status_code == 404


def test_competency_items_api(world):
    actions.do_ensure_competency_model(None, world.org)
    alice = world.api("alice")
    items = alice.get("/api/v1/surveys/competency-items").json()["results"]
    assert [i["key"] for i in items][:3] == ["greeted", "first-impression", "asked-needs"]
    r = _post(
        alice,
        f"/api/v1/surveys/competency-items/{items[0]['id']}",
        {"text": {"sv": "Hej!"}, "order": 20},
        "patch",
    )
    assert (
        r.json()["text"]["sv"] == "Hej!"
        and r.json()["text"]["nb"] == "Jeg ble hilst på og sett raskt"
    )
    r = _post(alice, "/api/v1/surveys/competency-items", {"text": {"en": "They smiled at me"}})
    assert r.status_code == 201 and r.json()["key"] == "they-smiled-at-me"
    r = _post(alice, "/api/v1/surveys/competency-items", {"key": "greeted", "text": {"en": "x"}})
    assert r.status_code == 422
    assert (
        _post(
            world.api("bob"),
            f"/api/v1/surveys/competency-items/{items[0]['id']}",
            {"active": False},
            "patch",
        ).status_code
        == 403
    )


def test_list_query_counts(world, django_assert_max_num_queries):
    for n in range(10):
        s = actions.do_create_survey(None, world.org, name=f"S{n}", kind="custom")
        actions.do_create_touchpoint(None, s, unit=world.unit_x, channel="in_person")
    alice = world.api("alice")
    alice.get("/api/v1/me")  # warm the token
    with django_assert_max_num_queries(8):
        assert len(alice.get("/api/v1/surveys").json()["results"]) == 10
    with django_assert_max_num_queries(8):
        assert len(alice.get("/api/v1/surveys/touchpoints").json()["results"]) == 10
