"""Personal API tokens: made by any user on their own page, acting as that user (their
membership's current role and scope), dead once revoked or the user is deactivated."""

from __future__ import annotations

import re

from django.test import Client

from lytt.accounts import actions
from lytt.accounts.models import ApiToken, AuditEvent, Role
from lytt.testing.world import World


def _bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_page_shows_the_secret_once_and_only_own_tokens(world: World) -> None:
    other = actions.do_create_personal_token(world.users["alice"], name="Alices skript")
    client = world.client("eve")
    page = client.post("/accounts/my-tokens/", {"name": "Evaluering på mobilen"})
    assert page.status_code == 200
    assert "no-cache" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]
    html = page.content.decode()
    secret = re.search(r'value="(lytt_[^"]+)"', html)
    assert secret, html
    token = ApiToken.objects.get(name="Evaluering på mobilen")
    assert token.user == world.users["eve"] and token.role == ""
    assert token.organisation_id == world.org.pk
    assert actions.authenticate_token(secret.group(1)) == token
    again = client.get("/accounts/my-tokens/").content.decode()
    assert secret.group(1) not in again and "Evaluering på mobilen" in again
    assert other.token.name not in again
    # Revoking someone else's token is a 404, one's own works.
    assert client.post(f"/accounts/my-tokens/{other.token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get(pk=other.token.pk).revoked_at is None
    client.post(f"/accounts/my-tokens/{token.pk}/revoke/")
    assert actions.authenticate_token(secret.group(1)) is None


def test_blank_name_is_refused(world: World) -> None:
    page = world.client("carla").post("/accounts/my-tokens/", {"name": "   "})
    assert page.status_code == 200
    assert not ApiToken.objects.filter(user=world.users["carla"]).exists()


def test_personal_token_acts_as_the_user_with_their_current_scope(world: World) -> None:
    issued = actions.do_create_personal_token(world.users["bob"], name="Bobs rapport")
    client = Client(**_bearer(issued.secret))
    me = client.get("/api/v1/me").json()
    assert me["role"] == Role.UNIT_MANAGER and me["unit_path"] == world.unit_x.path
    names = {u["name"] for u in client.get("/api/v1/units").json()["results"]}
    assert names == {"Storo"}
    # Moving bob to the whole region widens what his token sees, with no new token.
    actions.do_change_membership(
        world.users["ada"], world.users["bob"].membership, role=Role.UNIT_MANAGER, unit=world.north
    )
    names = {u["name"] for u in client.get("/api/v1/units").json()["results"]}
    assert names == {"Region North", "Storo", "Sentrum"}
    # Writes are recorded as bob, naming the token.
    created = client.post(
        "/api/v1/employees",
        data={"name": "Ny Ansatt", "unit_id": world.unit_y.pk},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    event = AuditEvent.objects.get(action="employee.created", object_id=str(created.json()["id"]))
    assert event.actor == world.users["bob"]
    assert event.data["token"] == issued.token.prefix


def test_deactivating_the_user_revokes_their_personal_tokens(world: World) -> None:
    issued = actions.do_create_personal_token(world.users["eve"], name="Eves app")
    client = Client(**_bearer(issued.secret))
    assert client.get("/api/v1/me").status_code == 200
    actions.do_set_user_active(world.users["ada"], world.users["eve"].membership, active=False)
    assert client.get("/api/v1/me").status_code == 401
    assert ApiToken.objects.get(pk=issued.token.pk).revoked_at is not None
    # Reactivation does not bring the old secret back.
    actions.do_set_user_active(world.users["ada"], world.users["eve"].membership, active=True)
    assert client.get("/api/v1/me").status_code == 401


def test_inactive_user_token_is_refused_even_if_not_revoked(world: World) -> None:
    issued = actions.do_create_personal_token(world.users["alice"], name="Alices app")
    user = world.users["alice"]
    user.is_active = False
    user.save(update_fields=["is_active"])  # e.g. deactivated by an operator in the shell
    assert actions.authenticate_token(issued.secret) is None


def test_admin_token_page_lists_personal_tokens_with_their_owner(world: World) -> None:
    actions.do_create_personal_token(world.users["eve"], name="Eves app")
    html = world.client("ada").get("/accounts/tokens/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Eves app" in html and "Personal token of Eve" in html
    # Role tokens keep working as before.
    page = world.client("ada").post("/accounts/tokens/", {"name": "CRM", "role": Role.CX_MANAGER})
    secret = re.search(r'value="(lytt_[^"]+)"', page.content.decode())
    assert secret
    token = actions.authenticate_token(secret.group(1))
    assert token is not None and token.user is None and token.role == Role.CX_MANAGER
