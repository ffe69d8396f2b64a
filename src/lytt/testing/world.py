"""A small two-organisation world with one persona per role.

Organisation A ("Acme"): chain > region North (unit X "Storo", unit Y "Sentrum"),
region South (unit Z "Malmö").  Organisation B ("Other") for mallory.

- ada: admin of A          - alice: CX manager of A
- bob: unit manager of X   - carla: employee at X (linked to employee Carla)
- eve: evaluator in A      - mallory: admin of B
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.test import Client

from lytt.accounts import actions
from lytt.accounts.models import Employee, Organisation, Role, Unit, User

PASSWORD = "correct horse battery staple 42"
PERSONAS = ("ada", "alice", "bob", "carla", "eve", "mallory")


@dataclass
class World:
    org: Organisation
    other_org: Organisation
    chain: Unit
    north: Unit
    south: Unit
    unit_x: Unit
    unit_y: Unit
    unit_z: Unit
    other_unit: Unit
    carla_employee: Employee
    employee_y: Employee
    other_employee: Employee
    users: dict[str, User] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    personal_tokens: dict[str, str] = field(default_factory=dict)

    def client(self, persona: str | None) -> Client:
        client = Client()
        if persona is not None:
            client.force_login(self.users[persona])
        return client

    def api(self, persona: str | None, *, personal: bool = False) -> Client:
        """A client that sends the persona's API token (or none): a role token, or with
        `personal` the persona's own personal token."""
        if persona is None:
            return Client()
        secret = self.personal_token(persona) if personal else self.token(persona)
        return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    def personal_token(self, persona: str) -> str:
        """The persona's personal API token, acting as them (created on first use)."""
        if persona not in self.personal_tokens:
            issued = actions.do_create_personal_token(
                self.users[persona], name=f"{persona} personal"
            )
            self.personal_tokens[persona] = issued.secret
        return self.personal_tokens[persona]

    def token(self, persona: str) -> str:
        """An API token with the persona's role and scope (created on first use)."""
        if persona not in self.tokens:
            m = self.users[persona].membership
            role = Role.UNIT_MANAGER if m.role == Role.EMPLOYEE else m.role
            unit = m.unit or (m.employee.unit if m.employee else None)
            admin = self.users["mallory" if m.organisation_id == self.other_org.pk else "ada"]
            issued = actions.do_create_api_token(
                admin,
                name=f"{persona} token",
                role=role,
                unit=unit if role == Role.UNIT_MANAGER else None,
            )
            self.tokens[persona] = issued.secret
        return self.tokens[persona]


def build_world() -> World:
    org = actions.do_create_organisation(None, name="Acme Retail", slug="acme")
    other = actions.do_create_organisation(None, name="Other Org", slug="other")
    chain = actions.do_create_unit(None, org, name="Acme", kind="chain")
    north = actions.do_create_unit(None, org, name="Region North", kind="region", parent=chain)
    south = actions.do_create_unit(
        None, org, name="Region South", kind="region", parent=chain, language="sv"
    )
    unit_x = actions.do_create_unit(
        None, org, name="Storo", kind="shop", parent=north, channels=["in_person"]
    )
    unit_y = actions.do_create_unit(
        None, org, name="Sentrum", kind="restaurant", parent=north, channels=["in_person"]
    )
    unit_z = actions.do_create_unit(
        None, org, name="Malmö", kind="shop", parent=south, channels=["in_person", "phone"]
    )
    other_unit = actions.do_create_unit(None, other, name="Other Shop", kind="shop")
    carla_employee = actions.do_create_employee(None, unit_x, name="Carla Nilsen")
    employee_y = actions.do_create_employee(None, unit_y, name="Yngve Sentrumsen")
    other_employee = actions.do_create_employee(None, other_unit, name="Otto Otherson")
    world = World(
        org,
        other,
        chain,
        north,
        south,
        unit_x,
        unit_y,
        unit_z,
        other_unit,
        carla_employee,
        employee_y,
        other_employee,
    )
    specs: dict[str, tuple[Organisation, str, dict[str, Any]]] = {
        "ada": (org, Role.ADMIN, {}),
        "alice": (org, Role.CX_MANAGER, {}),
        "bob": (org, Role.UNIT_MANAGER, {"unit": unit_x}),
        "carla": (org, Role.EMPLOYEE, {"employee": carla_employee}),
        "eve": (org, Role.EVALUATOR, {}),
        "mallory": (other, Role.ADMIN, {}),
    }
    for key, (organisation, role, extra) in specs.items():
        world.users[key] = actions.do_create_user(
            None,
            organisation,
            email=f"{key}@example.com",
            name=key.title(),
            role=role,
            password=PASSWORD,
            **extra,
        )
    return world
