"""An evaluator does her mystery shop through the API with a personal token: lists her
assignments, reads the form (with her draft), submits; a role token is told it needs a
personal one."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from lytt.accounts import actions as accounts_actions
from lytt.accounts.models import AuditEvent, Role
from lytt.evaluations.models import Assignment, Evaluation
from lytt.evaluations.tests.helpers import EXAMPLE_ANSWERS, EXAMPLE_TOTAL, assign, example_form
from lytt.testing.world import World


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_evaluator_completes_a_shop_with_a_personal_token(world: World) -> None:
    form = example_form(world.org)
    mine = assign(form, world.users["eve"], world.unit_x)
    client = world.api("eve", personal=True)

    listed = client.get("/api/v1/mystery/assignments?status=assigned")
    assert listed.status_code == 200, listed.content
    assert [a["id"] for a in listed.json()["results"]] == [mine.pk]

    # A draft first, then read the form back with what was saved.
    url = f"/api/v1/mystery/assignments/{mine.pk}/evaluation"
    draft = _post(client, url, {"answers": {"c1": "yes", "c4": 3}, "draft": True})
    assert draft.status_code == 200, draft.content
    work = client.get(f"/api/v1/mystery/assignments/{mine.pk}/form")
    assert work.status_code == 200, work.content
    body = work.json()
    assert body["assignment"]["id"] == mine.pk and body["assignment"]["evaluation_id"]
    keys = [c["key"] for s in body["form"]["sections"] for c in s["criteria"]]
    assert keys == ["c1", "c2", "c3", "c4", "c5", "c6"]
    assert body["answers"] == {"c1": "yes", "c4": "3"}
    assert [e["name"] for e in body["employees"]] == ["Carla Nilsen"]

    done = _post(client, url, {"answers": EXAMPLE_ANSWERS, "employee_id": world.carla_employee.pk})
    assert done.status_code == 200, done.content
    assert done.json()["total_score"] == pytest.approx(EXAMPLE_TOTAL)
    assert Assignment.objects.get(pk=mine.pk).status == "submitted"
    event = AuditEvent.objects.filter(action="evaluation.submitted").get()
    assert event.actor == world.users["eve"]
    assert event.data["token"] == world.personal_token("eve")[:12]
    # She can read back what she submitted.
    own = client.get(f"/api/v1/mystery/evaluations/{done.json()['id']}")
    assert own.status_code == 200


def test_role_tokens_get_a_clear_403_asking_for_a_personal_token(world: World) -> None:
    form = example_form(world.org)
    mine = assign(form, world.users["eve"], world.unit_x)
    client = world.api("eve")  # a role token with the evaluator role
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    for response in (
        client.get("/api/v1/mystery/assignments"),
        client.get(f"/api/v1/mystery/assignments/{mine.pk}/form"),
        _post(client, f"/api/v1/mystery/assignments/{mine.pk}/evaluation", {"answers": {}}),
    ):
        assert response.status_code == 403, response.content
        assert response["Content-Type"] == "application/problem+json"
        problem = response.json()
        assert problem["title"] == "Personal token needed"
        assert problem["type"].endswith("/personal-token-required")
        assert "My API tokens" in problem["detail"]
    # A manager's role token still lists every assignment; a unit manager's role lacks it.
    assert world.api("alice").get("/api/v1/mystery/assignments").json()["results"]
    denied = world.api("bob", personal=True).get("/api/v1/mystery/assignments")
    assert denied.status_code == 403
    assert not denied.json()["type"].endswith("/personal-token-required")


def test_personal_token_sees_only_own_assignments(world: World) -> None:
    form = example_form(world.org)
    evan = accounts_actions.do_create_user(
        None, world.org, email="evan@example.com", name="Evan", role=Role.EVALUATOR
    )
    theirs = assign(form, evan, world.unit_y)
    client = world.api("eve", personal=True)
    assert client.get("/api/v1/mystery/assignments").json()["results"] == []
    assert client.get(f"/api/v1/mystery/assignments/{theirs.pk}/form").status_code == 404
    refused = _post(
        client, f"/api/v1/mystery/assignments/{theirs.pk}/evaluation", {"answers": {"c1": "yes"}}
    )
    assert refused.status_code == 404
    assert not Evaluation.objects.filter(assignment=theirs).exists()
