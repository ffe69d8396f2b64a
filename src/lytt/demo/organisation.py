"""The demo chain: Nordhavn, a Norwegian-Swedish-Danish retail and restaurant chain."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from lytt.accounts import actions
from lytt.accounts.models import Employee, Organisation, Role, Unit, UnitKind

FIRST_NAMES = {
    "nb": [
        "Ingrid",
        "Ola",
        "Kari",
        "Sindre",
        "Marte",
        "Eirik",
        "Silje",
        "Håkon",
        "Tone",
        "Jonas",
        "Ragnhild",
        "Torbjørn",
        "Nora",
        "Magnus",
        "Ida",
        "Øystein",
        "Hege",
        "Lars",
    ],
    "sv": [
        "Astrid",
        "Erik",
        "Linnea",
        "Oskar",
        "Maja",
        "Johan",
        "Elsa",
        "Björn",
        "Saga",
        "Gustav",
        "Ebba",
        "Nils",
        "Freja",
        "Anders",
        "Klara",
        "Axel",
    ],
    "da": [
        "Mette",
        "Søren",
        "Freja",
        "Mads",
        "Signe",
        "Rasmus",
        "Ida",
        "Niels",
        "Karen",
        "Emil",
        "Line",
        "Jens",
        "Sofie",
        "Anders",
    ],
}
LAST_NAMES = {
    "nb": [
        "Hansen",
        "Johansen",
        "Olsen",
        "Larsen",
        "Berg",
        "Haugen",
        "Bakke",
        "Solberg",
        "Dahl",
        "Lie",
        "Strand",
        "Nygård",
        "Aasen",
        "Moen",
        "Sæther",
    ],
    "sv": [
        "Andersson",
        "Johansson",
        "Karlsson",
        "Nilsson",
        "Eriksson",
        "Lindqvist",
        "Berg",
        "Lundgren",
        "Holm",
        "Sjöberg",
        "Åberg",
        "Ek",
    ],
    "da": [
        "Nielsen",
        "Jensen",
        "Hansen",
        "Pedersen",
        "Andersen",
        "Christensen",
        "Larsen",
        "Sørensen",
        "Rasmussen",
        "Kjær",
        "Møller",
    ],
}

# (region name, language, [(unit name, kind, city, channels, staff count)])
STRUCTURE = [
    (
        "Region Norge",
        "nb",
        [
            ("Nordhavn Storo", "shop", "Oslo", ["in_person"], 7),
            ("Nordhavn Byporten", "shop", "Oslo", ["in_person"], 6),
            ("Nordhavn Kafé Grünerløkka", "restaurant", "Oslo", ["in_person"], 6),
            ("Nordhavn Bergen Sentrum", "shop", "Bergen", ["in_person"], 6),
            ("Nordhavn Kafé Voss", "restaurant", "Voss", ["in_person"], 5),
            (
                "Nordhavn Kundesenter",
                "contact_centre",
                "Trondheim",
                ["phone", "chat", "email", "web"],
                12,
            ),
        ],
    ),
    (
        "Region Sverige",
        "sv",
        [
            ("Nordhavn Göteborg Nordstan", "shop", "Göteborg", ["in_person"], 7),
            ("Nordhavn Malmö Triangeln", "shop", "Malmö", ["in_person"], 6),
            ("Nordhavn Café Södermalm", "restaurant", "Stockholm", ["in_person"], 6),
            ("Nordhavn Uppsala", "shop", "Uppsala", ["in_person"], 5),
        ],
    ),
    (
        "Region Danmark",
        "da",
        [
            ("Nordhavn København Strøget", "shop", "København", ["in_person"], 6),
            ("Nordhavn Café Aarhus", "restaurant", "Aarhus", ["in_person"], 5),
            ("Nordhavn Odense", "shop", "Odense", ["in_person"], 4),
        ],
    ),
]

DEMO_PASSWORD = "lytt-demo-2026"
DEMO_DOMAIN = "demo.lytt.example"


@dataclass(frozen=True)
class Persona:
    key: str
    email: str
    description: str


@dataclass
class DemoChain:
    organisation: Organisation
    chain: Unit
    regions: list[Unit]
    units: list[Unit]
    employees: list[Employee]
    personas: list[Persona]


def build_chain(rng: random.Random) -> DemoChain:
    org = actions.do_create_organisation(None, name="Nordhavn Handel & Kafé", slug="nordhavn")
    chain = actions.do_create_unit(
        None,
        org,
        name="Nordhavn",
        kind=UnitKind.CHAIN,
        channels=["in_person", "phone", "chat", "email", "web"],
    )
    regions: list[Unit] = []
    units: list[Unit] = []
    employees: list[Employee] = []
    for region_name, language, members in STRUCTURE:
        region = actions.do_create_unit(
            None, org, name=region_name, kind=UnitKind.REGION, parent=chain, language=language
        )
        regions.append(region)
        for name, kind, city, channels, staff in members:
            unit = actions.do_create_unit(
                None,
                org,
                name=name,
                kind=kind,
                parent=region,
                channels=channels,
                language=language,
                city=city,
            )
            units.append(unit)
            used: set[str] = set()
            while len([e for e in employees if e.unit_id == unit.pk]) < staff:
                full = f"{rng.choice(FIRST_NAMES[language])} {rng.choice(LAST_NAMES[language])}"
                if full in used:
                    continue
                used.add(full)
                employees.append(
                    actions.do_create_employee(
                        None, unit, name=full, external_id=f"E{len(employees) + 1001}"
                    )
                )

    def user(key: str, role: str, name: str, description: str, **kw: Any) -> Persona:
        email = f"{key}@{DEMO_DOMAIN}"
        actions.do_create_user(
            None, org, email=email, name=name, role=role, password=DEMO_PASSWORD, **kw
        )  # type: ignore[arg-type]
        return Persona(key, email, description)

    storo = units[0]
    carla_employee = actions.do_create_employee(
        None, storo, name="Carla Nilsen", email=f"carla@{DEMO_DOMAIN}", external_id="E0001"
    )
    employees.append(carla_employee)
    personas = [
        user("admin", Role.ADMIN, "Ada Admin", "administrator: users, tokens, everything"),
        user("alice", Role.CX_MANAGER, "Alice Aasen", "CX manager: the whole chain"),
        user("bob", Role.UNIT_MANAGER, "Bob Berg", f"unit manager: {storo.name}", unit=storo),
        user(
            "rita",
            Role.UNIT_MANAGER,
            "Rita Lindqvist",
            f"regional manager: {regions[1].name}",
            unit=regions[1],
        ),
        user(
            "carla",
            Role.EMPLOYEE,
            "Carla Nilsen",
            f"employee at {storo.name}: own results",
            employee=carla_employee,
        ),
        user("eve", Role.EVALUATOR, "Eve Evensen", "mystery-shop evaluator"),
    ]
    return DemoChain(org, chain, regions, units, employees, personas)
