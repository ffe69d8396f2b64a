"""The organisation API, per persona, and its problem-details errors."""

from __future__ import annotations

import json
from typing import Any

from django.core import mail
from django.test import Client

from lytt.accounts.models import Employee, Invitation, Unit
from lytt.testing.world import World


def _send(client: Client, method: str, url: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"]
    return body


def test_401_without_a_token_and_with_a_wrong_one(world: World) -> None:
    body = _problem(Client().get("/api/v1/units"), 401)
    assert "Bearer" in body["detail"]
    wrong = Client(HTTP_AUTHORIZATION="Bearer lytt_not-a-real-token")
    assert _problem(wrong.get("/api/v1/units"), 401)["instance"] == "/api/v1/units"


def test_403_when_the_role_lacks_the_permission(world: World) -> None:
    body = _problem(world.api("eve").get("/api/v1/units"), 403)
    assert body["detail"] == "Your role does not allow this."
    _problem(
        _send(
            world.api("alice"), "post", "/api/v1/users", {"email": "a@b.no", "role": "evaluator"}
        ),
        403,
    )


def test_404_outside_the_scope_looks_like_missing(world: World) -> None:
    hidden = _problem(world.api("bob").get(f"/api/v1/units/{world.unit_y.pk}"), 404)
    missing = _problem(world.api("bob").get("/api/v1/units/999999"), 404)
    assert hidden["detail"] == missing["detail"]
    body = _problem(
        _send(
            world.api("bob"), "post", "/api/v1/employees", {"name": "X", "unit_id": world.unit_y.pk}
        ),
        404,
    )
    assert str(world.unit_y.pk) in body["detail"]
    assert not Employee.objects.filter(name="X").exists()


def test_422_names_the_bad_field(world: World) -> None:
    body = _problem(_send(world.api("ada"), "post", "/api/v1/units", {"kind": "shop"}), 422)
    assert body["errors"][0]["field"].endswith("name")
    body = _problem(
        _send(world.api("ada"), "post", "/api/v1/units", {"name": "X", "kind": "castle"}), 422
    )
    assert "Unknown unit type: castle" in body["detail"]
    body = _problem(
        _send(
            world.api("ada"),
            "patch",
            f"/api/v1/units/{world.north.pk}",
            {"parent_id": world.unit_x.pk},
        ),
        422,
    )
    assert "inside itself" in body["detail"]
    body = _problem(
        _send(
            world.api("ada"),
            "post",
            "/api/v1/users",
            {"email": "not-an-email", "role": "evaluator"},
        ),
        422,
    )
    assert "e-mail" in body["detail"]


def test_units_list_is_cursor_paginated_and_scoped(world: World) -> None:
    client = world.api("alice")
    seen: list[str] = []
    url = "/api/v1/units?page_size=4"
    while url:
        page = client.get(url).json()
        seen += [u["name"] for u in page["results"]]
        url = page["next"]
    assert sorted(seen) == sorted(
        ["Acme", "Region North", "Region South", "Storo", "Sentrum", "Malmö"]
    )
    bob = world.api("bob").get("/api/v1/units").json()["results"]
    assert [u["name"] for u in bob] == ["Storo"]


def test_create_and_move_units(world: World) -> None:
    client = world.api("ada")
    response = _send(
        client,
        "post",
        "/api/v1/units",
        {
            "name": "Kafé",
            "kind": "restaurant",
            "parent_id": world.unit_y.pk,
            "channels": ["in_person"],
        },
    )
    assert response.status_code == 201
    cafe = response.json()
    assert cafe["path"] == f"{world.unit_y.path}{cafe['id']}/"
    response = _send(
        client, "patch", f"/api/v1/units/{world.unit_y.pk}", {"parent_id": world.south.pk}
    )
    assert response.status_code == 200
    assert Unit.objects.get(pk=cafe["id"]).path.startswith(world.south.path)


def test_employees_filter_create_and_patch(world: World) -> None:
    client = world.api("alice")
    names = [
        e["name"]
        for e in client.get(f"/api/v1/employees?unit_id={world.unit_x.pk}").json()["results"]
    ]
    assert names == ["Carla Nilsen"]
    response = _send(
        client,
        "post",
        "/api/v1/employees",
        {"name": "Per", "unit_id": world.unit_y.pk, "email": "Per@Example.com"},
    )
    assert response.status_code == 201 and response.json()["email"] == "per@example.com"
    per = response.json()["id"]
    response = _send(
        client, "patch", f"/api/v1/employees/{per}", {"active": False, "unit_id": world.unit_x.pk}
    )
    assert response.json()["active"] is False and response.json()["unit_id"] == world.unit_x.pk
    inactive = client.get("/api/v1/employees?active=false").json()["results"]
    assert [e["name"] for e in inactive] == ["Per"]
    # bob's token may add staff to his unit only.
    assert (
        _send(
            world.api("bob"),
            "post",
            "/api/v1/employees",
            {"name": "Bo", "unit_id": world.unit_x.pk},
        ).status_code
        == 201
    )


def test_invite_through_the_api_sends_the_email(
    world: World, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(
            world.api("ada"),
            "post",
            "/api/v1/users",
            {
                "email": "Ola@Example.com",
                "role": "employee",
                "employee_id": world.employee_y.pk,
                "language": "nn",
            },
        )
    assert response.status_code == 201
    assert response.json()["email"] == "ola@example.com"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ola@example.com"]
    assert Invitation.objects.get(email="ola@example.com").employee == world.employee_y


def test_patch_user_role_and_active(world: World) -> None:
    client = world.api("ada")
    bob = world.users["bob"].pk
    response = _send(client, "patch", f"/api/v1/users/{bob}", {"role": "cx_manager"})
    assert response.json()["role"] == "cx_manager" and response.json()["unit_id"] is None
    response = _send(client, "patch", f"/api/v1/users/{bob}", {"active": False})
    assert response.json()["active"] is False
    body = _problem(_send(client, "patch", f"/api/v1/users/{bob}", {"role": "unit_manager"}), 422)
    assert "needs a unit" in body["detail"]
    assert (
        _send(world.api("mallory"), "patch", f"/api/v1/users/{bob}", {"active": True}).status_code
        == 404
    )
