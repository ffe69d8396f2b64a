"""Login, logout, login throttling and the password-reset e-mail flow."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from lytt.testing.world import PASSWORD, World


def test_login_and_logout(world: World) -> None:
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "bob@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/accounts/units/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/accounts/units/").status_code == 302


def test_deactivated_users_cannot_log_in(world: World) -> None:
    from lytt.accounts import actions

    actions.do_set_user_active(world.users["ada"], world.users["bob"].membership, active=False)
    response = Client().post(
        "/accounts/login/", {"username": "bob@example.com", "password": PASSWORD}
    )
    assert response.status_code == 200  # the form again, with an error


@pytest.fixture
def axes_on(settings):  # type: ignore[no-untyped-def]
    settings.AXES_ENABLED = True
    from axes.handlers.proxy import AxesProxyHandler

    AxesProxyHandler.implementation = None  # pick up the setting
    yield
    AxesProxyHandler.implementation = None


def test_five_failed_logins_lock_the_account(world: World, axes_on: None) -> None:
    client = Client()
    for _ in range(5):
        response = client.post(
            "/accounts/login/", {"username": "bob@example.com", "password": "wrong"}
        )
    # Locked: even the right password is refused now.
    response = client.post(
        "/accounts/login/", {"username": "bob@example.com", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked.
    response = Client().post(
        "/accounts/login/", {"username": "alice@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_four_failed_logins_do_not_lock(world: World, axes_on: None) -> None:
    client = Client()
    for _ in range(4):
        client.post("/accounts/login/", {"username": "bob@example.com", "password": "wrong"})
    response = client.post(
        "/accounts/login/", {"username": "bob@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_password_reset_email_flow(world: World) -> None:
    client = Client()
    response = client.post("/accounts/password-reset/", {"email": "carla@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"/accounts/reset/[^/\s]+/[^/\s]+/", mail.outbox[0].body)
    assert link is not None
    response = client.get(link.group(0), follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(0)
    new = "brand new secret 2026"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    world.users["carla"].refresh_from_db()
    assert world.users["carla"].check_password(new)


def test_password_reset_does_not_reveal_unknown_addresses(world: World) -> None:
    response = Client().post("/accounts/password-reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302 and mail.outbox == []
