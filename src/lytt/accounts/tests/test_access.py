"""The scoped access functions, per persona."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from lytt.accounts import access
from lytt.testing.world import World


def _names(qs) -> set[str]:  # type: ignore[no-untyped-def]
    return {str(o) for o in qs}


def test_units_visible_per_persona(world: World) -> None:
    every = {"Acme", "Region North", "Region South", "Storo", "Sentrum", "Malmö"}
    assert _names(access.units_visible(world.users["ada"])) == every
    assert _names(access.units_visible(world.users["alice"])) == every
    assert _names(access.units_visible(world.users["bob"])) == {"Storo"}
    assert _names(access.units_visible(world.users["carla"])) == {"Storo"}
    assert _names(access.units_visible(world.users["mallory"])) == {"Other Shop"}
    with pytest.raises(PermissionDenied):
        access.units_visible(world.users["eve"])


def test_access_unit_hides_what_is_outside_the_scope(world: World) -> None:
    assert access.access_unit(world.users["bob"], world.unit_x.pk) == world.unit_x
    for persona, unit in (("bob", world.unit_y), ("carla", world.north), ("mallory", world.unit_x)):
        with pytest.raises(Http404):
            access.access_unit(world.users[persona], unit.pk)
    with pytest.raises(Http404):
        access.access_unit(world.users["ada"], "not-a-number")
    with pytest.raises(PermissionDenied):
        access.access_unit(world.users["bob"], world.unit_x.pk, "units.manage")


def test_employees_visible_per_persona(world: World) -> None:
    assert _names(access.employees_visible(world.users["alice"])) == {
        "Carla Nilsen",
        "Yngve Sentrumsen",
    }
    assert _names(access.employees_visible(world.users["bob"])) == {"Carla Nilsen"}
    assert _names(access.employees_visible(world.users["mallory"])) == {"Otto Otherson"}
    for persona in ("carla", "eve"):
        with pytest.raises(PermissionDenied):
            access.employees_visible(world.users[persona])
    with pytest.raises(Http404):
        access.access_employee(world.users["bob"], world.employee_y.pk, "employees.manage")


def test_users_and_tokens_and_audit_per_persona(world: World) -> None:
    assert len(access.memberships_visible(world.users["alice"])) == 5
    assert [m.user.email for m in access.memberships_visible(world.users["mallory"])] == [
        "mallory@example.com"
    ]
    for persona in ("bob", "carla", "eve"):
        with pytest.raises(PermissionDenied):
            access.memberships_visible(world.users[persona])
    with pytest.raises(PermissionDenied):
        access.access_membership(world.users["alice"], world.users["bob"].pk, "users.manage")
    with pytest.raises(Http404):
        access.access_membership(world.users["mallory"], world.users["bob"].pk)
    with pytest.raises(PermissionDenied):
        access.tokens_visible(world.users["alice"])
    assert access.audit_events_visible(world.users["alice"]).exists()
    assert (
        not access.audit_events_visible(world.users["mallory"])
        .filter(organisation=world.org)
        .exists()
    )
    with pytest.raises(PermissionDenied):
        access.audit_events_visible(world.users["bob"])


def test_unit_manager_tokens_are_scoped_like_the_user(world: World) -> None:
    from lytt.accounts.access import TokenPrincipal
    from lytt.accounts.actions import authenticate_token

    token = authenticate_token(world.token("bob"))
    assert token is not None
    principal = TokenPrincipal(token)
    assert _names(access.units_visible(principal)) == {"Storo"}
