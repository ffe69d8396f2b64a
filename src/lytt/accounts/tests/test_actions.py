"""The accounts actions: hierarchy moves, cross-organisation guards, invitations."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from lytt.accounts import actions
from lytt.accounts.models import AuditEvent, Invitation, Membership, Role, Unit, User
from lytt.testing.world import World


def test_moving_a_unit_rewrites_the_paths_of_its_whole_subtree(world: World) -> None:
    shelf = actions.do_create_unit(None, world.org, name="Shelf", kind="other", parent=world.unit_x)
    ada = world.users["ada"]
    actions.do_update_unit(ada, world.north, parent=world.south)
    for unit in (world.north, world.unit_x, world.unit_y, shelf):
        unit.refresh_from_db()
    assert world.north.path == f"{world.south.path}{world.north.pk}/"
    assert world.unit_x.path == f"{world.north.path}{world.unit_x.pk}/"
    assert shelf.path == f"{world.unit_x.path}{shelf.pk}/"
    assert (world.north.depth, world.unit_x.depth, shelf.depth) == (2, 3, 4)
    # Every path is still consistent with its parent chain.
    for unit in Unit.objects.filter(organisation=world.org):
        expected = (unit.parent.path if unit.parent else "/") + f"{unit.pk}/"
        assert unit.path == expected
        assert unit.depth == unit.path.count("/") - 2
    assert AuditEvent.objects.filter(action="unit.updated", object_id=str(world.north.pk)).exists()


def test_a_unit_cannot_move_inside_itself(world: World) -> None:
    with pytest.raises(ValidationError):
        actions.do_update_unit(world.users["ada"], world.north, parent=world.unit_x)
    with pytest.raises(ValidationError):
        actions.do_update_unit(world.users["ada"], world.north, parent=world.north)
    world.north.refresh_from_db()
    assert world.north.parent_id == world.chain.pk


def test_parents_from_another_organisation_are_rejected(world: World) -> None:
    with pytest.raises(ValidationError, match="another organisation"):
        actions.do_create_unit(None, world.org, name="Sneaky", kind="shop", parent=world.other_unit)
    with pytest.raises(ValidationError, match="another organisation"):
        actions.do_update_unit(None, world.unit_x, parent=world.other_unit)
    with pytest.raises(ValidationError):
        actions.do_update_employee(None, world.carla_employee, unit=world.other_unit)
    world.unit_x.refresh_from_db()
    assert world.unit_x.parent_id == world.north.pk


def test_bad_unit_values_are_rejected_with_a_message(world: World) -> None:
    with pytest.raises(ValidationError, match="Unknown channel"):
        actions.do_create_unit(None, world.org, name="X", kind="shop", channels=["fax"])
    with pytest.raises(ValidationError, match="Unknown unit type"):
        actions.do_update_unit(None, world.unit_x, kind="castle")
    with pytest.raises(ValidationError, match="needs a name"):
        actions.do_update_unit(None, world.unit_x, name="   ")
    world.unit_x.refresh_from_db()
    assert (world.unit_x.name, world.unit_x.kind) == ("Storo", "shop")


def test_invitation_email_is_sent_on_commit_only(
    world: World, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        issued = actions.do_invite_user(
            world.users["ada"], world.org, email="New@Example.com", role=Role.CX_MANAGER
        )
    assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.com"]
    assert issued.token in mail.outbox[0].body
    # The clear token is never stored.
    assert issued.invitation.token_hash != issued.token
    assert issued.token not in str(Invitation.objects.values_list().get(pk=issued.invitation.pk))


def test_invitation_is_not_sent_when_the_transaction_rolls_back(
    world: World, django_capture_on_commit_callbacks
) -> None:
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        actions.do_invite_user(None, world.org, email="x@example.com", role=Role.EVALUATOR)
        raise RuntimeError("roll back")
    assert mail.outbox == []
    assert not Invitation.objects.filter(email="x@example.com").exists()


def test_accepting_an_invitation_creates_the_user_once(world: World) -> None:
    issued = actions.do_invite_user(
        None, world.org, email="una@example.com", role=Role.UNIT_MANAGER, unit=world.unit_y
    )
    invitation = actions.find_invitation(issued.token)
    assert invitation is not None
    user = actions.do_accept_invitation(invitation, name="Una", password="a long secret 9876")
    assert user.membership.role == Role.UNIT_MANAGER
    assert user.membership.unit == world.unit_y
    assert user.check_password("a long secret 9876")
    with pytest.raises(ValidationError, match="already been used"):
        actions.do_accept_invitation(invitation, name="Una again", password="x" * 20)
    assert actions.find_invitation(issued.token) is None
    assert User.objects.filter(email="una@example.com").count() == 1


def test_invitation_checks_role_requirements(world: World) -> None:
    with pytest.raises(ValidationError, match="needs a unit"):
        actions.do_invite_user(None, world.org, email="a@example.com", role=Role.UNIT_MANAGER)
    with pytest.raises(ValidationError, match="linked to an employee"):
        actions.do_invite_user(None, world.org, email="b@example.com", role=Role.EMPLOYEE)
    with pytest.raises(ValidationError, match="already exists"):
        actions.do_invite_user(None, world.org, email="BOB@example.com", role=Role.EVALUATOR)
    with pytest.raises(ValidationError, match="already has a login"):
        actions.do_invite_user(
            None,
            world.org,
            email="c@example.com",
            role=Role.EMPLOYEE,
            employee=world.carla_employee,
        )
    with pytest.raises(ValidationError, match="another organisation"):
        actions.do_invite_user(
            None, world.org, email="d@example.com", role=Role.UNIT_MANAGER, unit=world.other_unit
        )
    assert not Invitation.objects.exists()


def test_changing_a_role_drops_links_the_new_role_does_not_use(world: World) -> None:
    bob = world.users["bob"].membership
    actions.do_change_membership(world.users["ada"], bob, role=Role.CX_MANAGER, unit=world.unit_x)
    bob.refresh_from_db()
    assert (bob.role, bob.unit) == (Role.CX_MANAGER, None)


def test_admins_cannot_lock_themselves_out(world: World) -> None:
    ada = world.users["ada"]
    with pytest.raises(ValidationError):
        actions.do_change_membership(ada, ada.membership, role=Role.EVALUATOR)
    with pytest.raises(ValidationError):
        actions.do_set_user_active(ada, ada.membership, active=False)
    ada.refresh_from_db()
    assert ada.is_active and Membership.objects.get(user=ada).role == Role.ADMIN


def test_revoked_tokens_no_longer_authenticate(world: World) -> None:
    issued = actions.do_create_api_token(world.users["ada"], name="crm", role=Role.CX_MANAGER)
    assert actions.authenticate_token(issued.secret) == issued.token
    actions.do_revoke_api_token(world.users["ada"], issued.token)
    assert actions.authenticate_token(issued.secret) is None
    assert issued.secret not in issued.token.token_hash


def test_tokens_need_the_token_permission(world: World) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.do_create_api_token(world.users["alice"], name="x", role=Role.CX_MANAGER)
