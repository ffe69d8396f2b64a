"""Demo data for surveys: the competency model (one statement reworded and one added,
so the page shows an organisation's own model), one live survey per unit type offered in
all five languages (each unit's poster speaks the unit's language), touchpoints per unit
and channel, personal QR codes for some staff, and a complaint follow-up survey."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TYPE_CHECKING

from lytt.accounts.models import Membership, Role
from lytt.surveys import actions
from lytt.surveys.models import CompetencyItem, Survey, TouchpointKind

if TYPE_CHECKING:
    from lytt.demo.organisation import DemoChain

ALL_LANGUAGES = ["nb", "nn", "sv", "da", "en"]

# unit kind -> (survey kind, survey name)
SURVEYS = {
    "shop": ("post_visit_retail", "Etter butikkbesøket"),
    "restaurant": ("restaurant", "Etter kafébesøket"),
    "contact_centre": ("customer_service", "Etter kontakt med kundesenteret"),
}
CHANNEL_KIND = {
    "in_person": TouchpointKind.QR,
    "phone": TouchpointKind.LINK,
    "chat": TouchpointKind.LINK,
    "email": TouchpointKind.LINK,
    "web": TouchpointKind.EMBED,
}


def load_demo_surveys(chain: DemoChain, rng: random.Random, echo: Callable[[str], None]) -> None:
    org = chain.organisation
    manager = (
        Membership.objects.filter(organisation=org, role=Role.CX_MANAGER)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    actor = manager.user if manager else None
    actions.do_ensure_competency_model(actor, org)
    greeted = CompetencyItem.objects.get(organisation=org, key="greeted")
    actions.do_update_competency_item(
        actor,
        greeted,
        text={
            "nb": "Jeg ble hilst på innen kort tid",
            "nn": "Eg vart helsa på innan kort tid",
            "sv": "Jag blev hälsad på inom kort",
            "da": "Jeg blev hilst på inden for kort tid",
            "en": "I was greeted within a short time",
        },
    )
    actions.do_create_competency_item(
        actor,
        org,
        key="explained-price",
        text={
            "nb": "De forklarte prisen tydelig",
            "nn": "Dei forklarte prisen tydeleg",
            "sv": "De förklarade priset tydligt",
            "da": "De forklarede prisen tydeligt",
            "en": "They explained the price clearly",
        },
    )

    surveys: dict[str, Survey] = {}
    for unit_kind, (survey_kind, name) in SURVEYS.items():
        if not any(u.kind == unit_kind for u in chain.units):
            continue
        survey = actions.do_create_survey(
            actor, org, name=name, kind=survey_kind, languages=ALL_LANGUAGES, default_language="nb"
        )
        surveys[unit_kind] = actions.do_publish_survey(actor, survey)

    touchpoints = 0
    for unit in chain.units:
        unit_survey = surveys.get(unit.kind)
        if unit_survey is None:
            continue
        for channel in unit.channels or ["in_person"]:
            actions.do_create_touchpoint(
                actor,
                unit_survey,
                unit=unit,
                channel=channel,
                kind=CHANNEL_KIND.get(channel, "link"),
            )
            touchpoints += 1
        if unit.kind == "restaurant":
            actions.do_create_touchpoint(
                actor, unit_survey, unit=unit, channel="in_person", kind=TouchpointKind.KIOSK
            )
            touchpoints += 1
        if unit.kind == "shop":
            staff = [e for e in chain.employees if e.unit_id == unit.pk]
            for employee in rng.sample(staff, k=min(2, len(staff))):
                actions.do_create_touchpoint(
                    actor,
                    unit_survey,
                    unit=unit,
                    channel="in_person",
                    employee=employee,
                    kind=TouchpointKind.QR,
                )
                touchpoints += 1

    complaint = actions.do_create_survey(
        actor,
        org,
        name="Oppfølging av klage",
        kind="complaint_follow_up",
        languages=ALL_LANGUAGES,
        default_language="nb",
    )
    actions.do_publish_survey(actor, complaint)
    centre = next((u for u in chain.units if u.kind == "contact_centre"), chain.units[0])
    actions.do_create_touchpoint(actor, complaint, unit=centre, channel="email", kind="link")
    touchpoints += 1
    # A draft being worked on, so the builder shows one that is not live yet.
    actions.do_create_survey(
        actor,
        org,
        name="Ny: julehandel 2026",
        kind="post_visit_retail",
        languages=["nb", "sv", "da"],
    )
    echo(f"Surveys: {len(surveys) + 2} ({len(surveys) + 1} live), touchpoints: {touchpoints}")
