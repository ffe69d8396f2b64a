"""The organisation pages, per persona, without JavaScript (plain form posts)."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from lytt.accounts import actions
from lytt.accounts.models import ApiToken, Employee, Invitation, Unit
from lytt.testing.world import World


def test_unit_tree_shows_type_channels_and_hierarchy(world: World) -> None:
    body = world.client("alice").get("/accounts/units/").content.decode()
    assert "Sentrum" in body and "Malmö" in body
    assert "Restaurant" in body and "Phone" in body  # Malmö's channels
    assert 'action="/accounts/units/new/"' in body
    # Indentation follows depth.
    assert re.search(r'--level: 2">\s*<a href="/accounts/units/%d/">Storo' % world.unit_x.pk, body)


def test_unit_manager_sees_own_subtree_read_only(world: World) -> None:
    body = world.client("bob").get("/accounts/units/").content.decode()
    assert "Storo" in body and "Sentrum" not in body and "Region North" not in body
    assert "/edit/" not in body and "New unit" not in body
    assert world.client("bob").get(f"/accounts/units/{world.unit_x.pk}/edit/").status_code == 403


def test_create_and_move_a_unit(world: World) -> None:
    client = world.client("alice")
    response = client.post(
        "/accounts/units/new/",
        {
            "name": "Kiosk",
            "kind": "shop",
            "parent": world.unit_y.pk,
            "channels": ["in_person", "web"],
            "language": "nn",
        },
    )
    kiosk = Unit.objects.get(name="Kiosk")
    assert response.status_code == 302 and response["Location"] == f"/accounts/units/{kiosk.pk}/"
    assert kiosk.path == f"{world.unit_y.path}{kiosk.pk}/" and kiosk.channels == [
        "in_person",
        "web",
    ]
    response = client.post(
        f"/accounts/units/{world.unit_y.pk}/edit/",
        {"name": "Sentrum", "kind": "restaurant", "parent": world.south.pk, "language": "nb"},
    )
    assert response.status_code == 302
    kiosk.refresh_from_db()
    assert kiosk.path.startswith(world.south.path)


def test_moving_a_unit_under_itself_is_refused_and_nothing_changes(world: World) -> None:
    response = world.client("ada").post(
        f"/accounts/units/{world.north.pk}/edit/",
        {"name": "Renamed", "kind": "region", "parent": world.unit_x.pk, "language": "nb"},
    )
    assert response.status_code == 200
    assert "not one of the available choices" in response.content.decode()
    world.north.refresh_from_db()
    assert world.north.name == "Region North"


def test_bad_unit_form_keeps_input_and_says_why(world: World) -> None:
    response = world.client("ada").post(
        "/accounts/units/new/", {"name": "", "kind": "shop", "language": "nb"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "This field is required" in body and 'role="alert"' in body
    assert not Unit.objects.filter(name="").exists()


def test_unit_detail_lists_its_employees(world: World) -> None:
    body = world.client("bob").get(f"/accounts/units/{world.unit_x.pk}/").content.decode()
    assert "Carla Nilsen" in body and "Add employee" in body
    # carla may see her unit but not the list of colleagues.
    body = world.client("carla").get(f"/accounts/units/{world.unit_x.pk}/").content.decode()
    assert "Storo" in body and "Carla Nilsen" not in body


def test_unit_manager_manages_employees_in_their_subtree(world: World) -> None:
    client = world.client("bob")
    response = client.post("/accounts/employees/new/", {"name": "Nina Ny", "unit": world.unit_x.pk})
    assert response.status_code == 302
    nina = Employee.objects.get(name="Nina Ny")
    assert nina.unit == world.unit_x
    # Another unit is not a choice for bob.
    response = client.post("/accounts/employees/new/", {"name": "Sneaky", "unit": world.unit_y.pk})
    assert response.status_code == 200 and not Employee.objects.filter(name="Sneaky").exists()
    response = client.post(f"/accounts/employees/{nina.pk}/active/", {"active": "0"})
    assert response.status_code == 302
    nina.refresh_from_db()
    assert not nina.active
    assert "Nina Ny is deactivated." in client.get("/accounts/employees/").content.decode()
    body = client.get("/accounts/employees/").content.decode()
    assert "Nina Ny" not in body
    body = client.get("/accounts/employees/?inactive=on").content.decode()
    assert "Nina Ny" in body


def test_deactivating_inline_with_htmx_returns_the_row(world: World) -> None:
    response = world.client("bob").post(
        f"/accounts/employees/{world.carla_employee.pk}/active/",
        {"active": "0"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200 and body.lstrip().startswith("<tr")
    assert "Inactive" in body and "Reactivate" in body and "<html" not in body
    world.carla_employee.refresh_from_db()
    assert not world.carla_employee.active


def test_employee_search_and_unit_filter(world: World) -> None:
    client = world.client("alice")
    body = client.get("/accounts/employees/?q=yngve").content.decode()
    assert "Yngve Sentrumsen" in body and "Carla Nilsen" not in body
    body = client.get(f"/accounts/employees/?unit={world.unit_x.pk}").content.decode()
    assert "Carla Nilsen" in body and "Yngve Sentrumsen" not in body
    # htmx asks for the rows only.
    partial = client.get("/accounts/employees/?q=carla", HTTP_HX_REQUEST="true").content.decode()
    assert "Carla Nilsen" in partial and "<html" not in partial


def test_admin_invites_a_user_and_the_invitee_joins(
    world: World, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("ada").post(
            "/accounts/users/invite/",
            {
                "email": "siri@example.com",
                "name": "Siri",
                "role": "unit_manager",
                "unit": world.unit_y.pk,
                "language": "sv",
            },
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    url = re.search(r"https?://\S+/accounts/invitation/\S+/", mail.outbox[0].body)
    assert url is not None
    path = url.group(0).split("://", 1)[1].split("/", 1)[1]
    client = world.client(None)
    response = client.post("/" + path, {"name": "Siri S", "password": "long enough pass 123"})
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="siri@example.com")
    assert invitation.accepted_at is not None
    # The same link cannot be used twice.
    assert client.get("/" + path).status_code == 404


def test_invite_form_reports_missing_unit(world: World) -> None:
    response = world.client("ada").post(
        "/accounts/users/invite/",
        {"email": "x@example.com", "role": "unit_manager", "language": "nb"},
    )
    assert response.status_code == 200
    assert "A unit manager needs a unit." in response.content.decode()
    assert not Invitation.objects.exists()


def test_cx_manager_sees_users_but_cannot_change_them(world: World) -> None:
    body = world.client("alice").get("/accounts/users/").content.decode()
    assert "bob@example.com" in body and "Invite a user" not in body
    assert world.client("alice").get(f"/accounts/users/{world.users['bob'].pk}/").status_code == 403


def test_admin_changes_a_role_and_deactivates_a_user(world: World) -> None:
    client = world.client("ada")
    bob = world.users["bob"]
    response = client.post(
        f"/accounts/users/{bob.pk}/", {"role": "unit_manager", "unit": world.north.pk}
    )
    assert response.status_code == 302
    bob.membership.refresh_from_db()
    assert bob.membership.unit == world.north
    client.post(f"/accounts/users/{bob.pk}/active/", {"active": "0"})
    bob.refresh_from_db()
    assert not bob.is_active


def test_admin_cannot_deactivate_themselves(world: World) -> None:
    ada = world.users["ada"]
    response = world.client("ada").post(
        f"/accounts/users/{ada.pk}/active/", {"active": "0"}, follow=True
    )
    assert "You cannot deactivate yourself." in response.content.decode()
    ada.refresh_from_db()
    assert ada.is_active


def test_token_secret_is_shown_once(world: World) -> None:
    client = world.client("ada")
    response = client.post(
        "/accounts/tokens/",
        {"name": "Kassesystem", "role": "unit_manager", "unit": world.unit_x.pk},
    )
    body = response.content.decode()
    secret = re.search(r'value="(lytt_[^"]+)"', body)
    assert secret is not None
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(name="Kassesystem")
    assert actions.authenticate_token(secret.group(1)) == token
    assert secret.group(1) not in client.get("/accounts/tokens/").content.decode()
    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert actions.authenticate_token(secret.group(1)) is None


def test_audit_log_shows_the_latest_events_of_the_organisation(world: World) -> None:
    actions.do_update_unit(world.users["ada"], world.unit_z, city="Malmö stad")
    body = world.client("alice").get("/accounts/audit/").content.decode()
    assert "unit.updated" in body and "Ada" in body
    assert "Other Shop" not in body


def test_navigation_shows_entries_by_role(world: World) -> None:
    admin = world.client("ada").get("/").content.decode()
    for url in (
        "/accounts/units/",
        "/accounts/employees/",
        "/accounts/users/",
        "/accounts/tokens/",
        "/accounts/audit/",
    ):
        assert f'href="{url}"' in admin
    bob = world.client("bob").get("/").content.decode()
    assert 'href="/accounts/units/"' in bob and 'href="/accounts/users/"' not in bob
    eve = world.client("eve").get("/").content.decode()
    assert 'href="/accounts/units/"' not in eve


# Query counts: list pages must not grow with rows. --------------------------------


def _grow(world: World, start: int, n: int) -> None:
    for i in range(start, start + n):
        unit = actions.do_create_unit(
            None, world.org, name=f"Shop {i}", kind="shop", parent=world.north
        )
        employee = actions.do_create_employee(None, unit, name=f"Person {i}")
        actions.do_create_user(
            None,
            world.org,
            email=f"m{i}@example.com",
            name=f"M {i}",
            role="unit_manager",
            unit=unit,
        )
        actions.do_invite_user(
            None, world.org, email=f"i{i}@example.com", role="employee", employee=employee
        )


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/units/",
        "/accounts/employees/",
        "/accounts/users/",
        "/accounts/audit/",
        "/accounts/tokens/",
    ],
)
def test_list_pages_query_count_does_not_grow_with_rows(
    world: World, url: str, django_assert_max_num_queries
) -> None:
    client = world.client("ada")
    _grow(world, 0, 2)
    client.get(url)  # warm up session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(world, 2, 25)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
