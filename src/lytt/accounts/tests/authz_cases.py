"""Authorisation cases for every page and API operation of lytt.accounts.

Objects for the cases live in unit_y (a sibling of bob's unit_x) or in the organisation
itself, with markers so that a leak to bob, carla, eve or mallory is caught."""

from __future__ import annotations

from lytt.accounts import actions
from lytt.testing.authz import ANYONE, AuthzCase, Target
from lytt.testing.world import World

ADMINS = frozenset({"ada"})
ORG_MANAGERS = frozenset({"ada", "alice"})
UNIT_Y = "Sentrum"  # unit_y's name
EMPLOYEE_Y = "Yngve Sentrumsen"
BOB_EMAIL = "bob@example.com"


def _token_id(w: World) -> int:
    issued = actions.do_create_api_token(w.users["ada"], name="revocable", role="cx_manager")
    return issued.token.pk


def _personal_token_id(w: World, persona: str = "eve") -> int:
    issued = actions.do_create_personal_token(w.users[persona], name=f"{persona}s hemmelige app")
    return issued.token.pk


def _api(route: str, build, can, method: str = "GET", **kw) -> AuthzCase:  # type: ignore[no-untyped-def]
    return AuthzCase(
        route=f"api:lytt_accounts_api_{route}",
        build=build,
        can=frozenset(can),
        method=method,
        api=True,
        json=method != "GET",
        note="token",
        **kw,
    )


CASES = [
    AuthzCase(
        route="api:lytt_accounts_api_me",
        build=lambda w: Target("/api/v1/me"),
        can=ANYONE,
        api=True,
        note="token",
    ),
    AuthzCase(
        route="api:lytt_accounts_api_me",
        build=lambda w: Target("/api/v1/me"),
        can=ANYONE,
        api=True,
        personal=True,
    ),
    # Units -------------------------------------------------------------------------
    AuthzCase(
        route="accounts:unit-list",
        build=lambda w: Target("/accounts/units/", marker=UNIT_Y),
        can=frozenset({"ada", "alice", "bob", "carla", "mallory"}),
        sees=ORG_MANAGERS,
    ),
    AuthzCase(
        route="accounts:unit-create",
        build=lambda w: Target(f"/accounts/units/new/?parent={w.unit_y.pk}", marker=UNIT_Y),
        can=ORG_MANAGERS,
        note="under unit_y",
    ),
    AuthzCase(
        route="accounts:unit-create",
        build=lambda w: Target(
            "/accounts/units/new/", data={"name": "Ny butikk", "kind": "shop", "language": "nb"}
        ),
        can=frozenset({"ada", "alice", "mallory"}),
        method="POST",
        note="top level",
    ),
    AuthzCase(
        route="accounts:unit-detail",
        build=lambda w: Target(f"/accounts/units/{w.unit_y.pk}/", marker=UNIT_Y),
        can=ORG_MANAGERS,
    ),
    AuthzCase(
        route="accounts:unit-detail",
        build=lambda w: Target(f"/accounts/units/{w.unit_x.pk}/", marker="Storo"),
        can=frozenset({"ada", "alice", "bob", "carla"}),
        note="bob's unit",
    ),
    AuthzCase(
        route="accounts:unit-edit",
        build=lambda w: Target(f"/accounts/units/{w.unit_y.pk}/edit/", marker=UNIT_Y),
        can=ORG_MANAGERS,
    ),
    AuthzCase(
        route="accounts:unit-edit",
        build=lambda w: Target(
            f"/accounts/units/{w.unit_y.pk}/edit/",
            data={"name": "Sentrum", "kind": "restaurant", "language": "nb", "parent": w.north.pk},
        ),
        can=ORG_MANAGERS,
        method="POST",
    ),
    # Employees ---------------------------------------------------------------------
    AuthzCase(
        route="accounts:employee-list",
        build=lambda w: Target("/accounts/employees/", marker=EMPLOYEE_Y),
        can=frozenset({"ada", "alice", "bob", "mallory"}),
        sees=ORG_MANAGERS,
    ),
    AuthzCase(
        route="accounts:employee-list",
        build=lambda w: Target(f"/accounts/employees/?unit={w.unit_y.pk}", marker=EMPLOYEE_Y),
        can=frozenset({"ada", "alice", "bob", "mallory"}),
        sees=ORG_MANAGERS,
        note="filtered to unit_y",
    ),
    AuthzCase(
        route="accounts:employee-create",
        build=lambda w: Target(f"/accounts/employees/new/?unit={w.unit_y.pk}", marker=UNIT_Y),
        can=ORG_MANAGERS,
        note="in unit_y",
    ),
    AuthzCase(
        route="accounts:employee-create",
        build=lambda w: Target(
            "/accounts/employees/new/", data={"name": "Ny Ansatt", "unit": w.unit_x.pk}
        ),
        # mallory gets the form back with "not one of the available choices"
        can=frozenset({"ada", "alice", "bob", "mallory"}),
        method="POST",
        note="in unit_x",
    ),
    AuthzCase(
        route="accounts:employee-edit",
        build=lambda w: Target(f"/accounts/employees/{w.employee_y.pk}/edit/", marker=EMPLOYEE_Y),
        can=ORG_MANAGERS,
    ),
    AuthzCase(
        route="accounts:employee-edit",
        build=lambda w: Target(
            f"/accounts/employees/{w.employee_y.pk}/edit/",
            data={"name": EMPLOYEE_Y, "unit": w.unit_y.pk},
        ),
        can=ORG_MANAGERS,
        method="POST",
    ),
    AuthzCase(
        route="accounts:employee-set-active",
        build=lambda w: Target(
            f"/accounts/employees/{w.employee_y.pk}/active/", data={"active": "0"}
        ),
        can=ORG_MANAGERS,
        method="POST",
    ),
    # Users -------------------------------------------------------------------------
    AuthzCase(
        route="accounts:user-list",
        build=lambda w: Target("/accounts/users/", marker=BOB_EMAIL),
        can=frozenset({"ada", "alice", "mallory"}),
        sees=ORG_MANAGERS,
    ),
    AuthzCase(
        route="accounts:user-invite",
        build=lambda w: Target("/accounts/users/invite/"),
        can=frozenset({"ada", "mallory"}),
    ),
    AuthzCase(
        route="accounts:user-invite",
        build=lambda w: Target(
            "/accounts/users/invite/",
            data={"email": "new.person@example.com", "role": "cx_manager", "language": "nb"},
        ),
        can=frozenset({"ada", "mallory"}),
        method="POST",
    ),
    AuthzCase(
        route="accounts:user-edit",
        build=lambda w: Target(f"/accounts/users/{w.users['bob'].pk}/", marker=BOB_EMAIL),
        can=ADMINS,
    ),
    AuthzCase(
        route="accounts:user-edit",
        build=lambda w: Target(
            f"/accounts/users/{w.users['bob'].pk}/",
            data={"role": "unit_manager", "unit": w.unit_x.pk},
        ),
        can=ADMINS,
        method="POST",
    ),
    AuthzCase(
        route="accounts:user-set-active",
        build=lambda w: Target(
            f"/accounts/users/{w.users['bob'].pk}/active/", data={"active": "0"}
        ),
        can=ADMINS,
        method="POST",
    ),
    # Tokens and audit ----------------------------------------------------------------
    AuthzCase(
        route="accounts:token-list",
        build=lambda w: _token_id(w) and Target("/accounts/tokens/", marker="revocable"),
        can=frozenset({"ada", "mallory"}),
        sees=ADMINS,
    ),
    AuthzCase(
        route="accounts:token-list",
        build=lambda w: Target("/accounts/tokens/", data={"name": "CRM", "role": "cx_manager"}),
        can=frozenset({"ada", "mallory"}),
        method="POST",
    ),
    AuthzCase(
        route="accounts:token-revoke",
        build=lambda w: Target(f"/accounts/tokens/{_token_id(w)}/revoke/"),
        can=ADMINS,
        method="POST",
    ),
    AuthzCase(
        route="accounts:my-tokens",
        build=lambda w: (
            _personal_token_id(w) and Target("/accounts/my-tokens/", marker="eves hemmelige app")
        ),
        can=ANYONE,
        sees=frozenset({"eve"}),
        note="another user's personal token",
    ),
    AuthzCase(
        route="accounts:my-tokens",
        build=lambda w: Target("/accounts/my-tokens/", data={"name": "Min app"}),
        can=ANYONE,
        method="POST",
    ),
    AuthzCase(
        route="accounts:my-token-revoke",
        build=lambda w: Target(f"/accounts/my-tokens/{_personal_token_id(w)}/revoke/"),
        can=frozenset({"eve"}),
        method="POST",
        note="eve's own",
    ),
    AuthzCase(
        route="accounts:my-token-revoke",
        build=lambda w: Target(f"/accounts/my-tokens/{_token_id(w)}/revoke/"),
        can=frozenset(),
        method="POST",
        note="a role token",
    ),
    AuthzCase(
        route="accounts:audit-list",
        build=lambda w: Target("/accounts/audit/", marker=UNIT_Y),
        can=frozenset({"ada", "alice", "mallory"}),
        sees=ORG_MANAGERS,
    ),
    # API: units --------------------------------------------------------------------
    _api(
        "list_units",
        lambda w: Target("/api/v1/units", marker=UNIT_Y),
        {"ada", "alice", "bob", "carla", "mallory"},
        sees=ORG_MANAGERS,
    ),
    _api("get_unit", lambda w: Target(f"/api/v1/units/{w.unit_y.pk}", marker=UNIT_Y), ORG_MANAGERS),
    _api(
        "create_unit",
        lambda w: Target(
            "/api/v1/units", data={"name": "Ny", "kind": "shop", "parent_id": w.unit_y.pk}
        ),
        ORG_MANAGERS,
        method="POST",
    ),
    _api(
        "update_unit",
        lambda w: Target(f"/api/v1/units/{w.unit_y.pk}", data={"city": "Oslo"}, marker=UNIT_Y),
        ORG_MANAGERS,
        method="PATCH",
    ),
    # API: employees ------------------------------------------------------------------
    _api(
        "list_employees",
        lambda w: Target("/api/v1/employees", marker=EMPLOYEE_Y),
        {"ada", "alice", "bob", "carla", "mallory"},
        sees=ORG_MANAGERS,
    ),
    _api(
        "get_employee",
        lambda w: Target(f"/api/v1/employees/{w.employee_y.pk}", marker=EMPLOYEE_Y),
        ORG_MANAGERS,
    ),
    _api(
        "create_employee",
        lambda w: Target("/api/v1/employees", data={"name": "Ny", "unit_id": w.unit_y.pk}),
        ORG_MANAGERS,
        method="POST",
    ),
    _api(
        "update_employee",
        lambda w: Target(
            f"/api/v1/employees/{w.employee_y.pk}", data={"active": False}, marker=EMPLOYEE_Y
        ),
        ORG_MANAGERS,
        method="PATCH",
    ),
    # API: users --------------------------------------------------------------------
    _api(
        "list_users",
        lambda w: Target("/api/v1/users", marker=BOB_EMAIL),
        {"ada", "alice", "mallory"},
        sees=ORG_MANAGERS,
    ),
    _api(
        "get_user",
        lambda w: Target(f"/api/v1/users/{w.users['bob'].pk}", marker=BOB_EMAIL),
        ORG_MANAGERS,
    ),
    _api(
        "invite_user",
        lambda w: Target(
            "/api/v1/users", data={"email": "api.new@example.com", "role": "evaluator"}
        ),
        {"ada", "mallory"},
        method="POST",
    ),
    _api(
        "update_user",
        lambda w: Target(
            f"/api/v1/users/{w.users['bob'].pk}", data={"active": False}, marker=BOB_EMAIL
        ),
        ADMINS,
        method="PATCH",
    ),
]
