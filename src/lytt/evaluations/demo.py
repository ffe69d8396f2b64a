"""Demo data for mystery shopping: the standard form, about twelve months of submitted
evaluations for every shop, restaurant and customer-service centre by eve and two
other evaluators, open assignments for eve (one overdue, one with a draft), and two for
olav, who has a personal API token (printed by `lytt demo`) to do them through the API."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from lytt.accounts import actions as accounts_actions
from lytt.accounts.models import Channel, Role, UnitKind, User
from lytt.demo.organisation import DEMO_DOMAIN, DEMO_PASSWORD, DemoChain
from lytt.evaluations import actions
from lytt.evaluations.models import CriterionKind

MONTHS = 12
MEASURED_KINDS = {UnitKind.SHOP, UnitKind.RESTAURANT, UnitKind.CONTACT_CENTRE}
# Criteria an evaluator often cannot judge on a given visit.
OFTEN_NOT_APPLICABLE = {"wait-acknowledged", "demonstrated", "objections", "upsell-relevant"}


def _evaluators(chain: DemoChain) -> list[User]:
    org = chain.organisation
    eve = User.objects.get(email=f"eve@{DEMO_DOMAIN}")
    others = [
        accounts_actions.do_create_user(
            None,
            org,
            email=f"{key}@{DEMO_DOMAIN}",
            name=name,
            role=Role.EVALUATOR,
            password=DEMO_PASSWORD,
        )
        for key, name in (("olav", "Olav Observatør"), ("stina", "Stina Granskare"))
    ]
    return [eve, *others]


def _channel(unit: Any, rng: random.Random) -> str:
    channels = [c for c in unit.channels if c in Channel.values] or [Channel.IN_PERSON]
    if unit.kind == UnitKind.CONTACT_CENTRE:
        remote = [c for c in channels if c != Channel.IN_PERSON]
        return rng.choice(remote or channels)
    return Channel.IN_PERSON if Channel.IN_PERSON in channels else rng.choice(channels)


def _answers(criteria: list[Any], quality: float, rng: random.Random) -> dict[str, str]:
    """Answers around a unit's quality (0..1), with some n/a and the odd miss."""
    out: dict[str, str] = {}
    for c in criteria:
        if c.key in OFTEN_NOT_APPLICABLE and rng.random() < 0.35:
            out[c.key] = "na"
            continue
        p = min(max(rng.gauss(quality, 0.15), 0.0), 1.0)
        if c.kind == CriterionKind.SCALE:
            out[c.key] = str(round(p * c.scale_max))
        else:
            r = rng.random()
            out[c.key] = "yes" if r < p else ("partly" if r < p + (1 - p) / 2 else "no")
    return out


COMMENTS = [
    "Hyggelig og kunnskapsrik medarbeider, men ingen spurte hva jeg egentlig trengte.",
    "Rask hilsen og god oppfølging. Mersalgsspørsmålet var lukket.",
    "Lang ventetid uten at noen sa noe. Løsningen ble bra til slutt.",
    "Trevligt bemötande, tydligt vad som händer härnäst.",
    "Venlig, men usikker på produkterne. Ingen opsummering af mit behov.",
    "",
]


def load_demo_mystery(
    chain: DemoChain, rng: random.Random, echo: Callable[[str], Any] = print
) -> None:
    org = chain.organisation
    form = actions.do_create_default_form(None, org)
    criteria = actions.criteria_of(form)
    ordered = list(criteria.values())
    evaluators = _evaluators(chain)
    eve = evaluators[0]
    measured = [u for u in chain.units if u.kind in MEASURED_KINDS]
    staff: dict[int, list[Any]] = {}
    for e in chain.employees:
        staff.setdefault(e.unit_id, []).append(e)
    today = timezone.localdate()
    count = 0
    for unit in measured:
        quality = rng.uniform(0.5, 0.9)
        trend = rng.uniform(-0.01, 0.02)  # per month
        for month in range(MONTHS, 0, -1):
            day = today - dt.timedelta(days=30 * month - rng.randint(0, 20))
            evaluator = rng.choice(evaluators)
            assignment = actions.do_assign_evaluation(
                None,
                form=form,
                evaluator=evaluator,
                unit=unit,
                channel=_channel(unit, rng),
                due_date=day + dt.timedelta(days=rng.randint(0, 7)),
            )
            visited = timezone.make_aware(
                dt.datetime.combine(day, dt.time(rng.randint(9, 18), rng.choice((0, 15, 30, 45))))
            )
            people = staff.get(unit.pk) or []
            employee = rng.choice(people) if people and rng.random() < 0.8 else None
            actions.do_submit_evaluation(
                evaluator,
                assignment,
                answers=_answers(ordered, quality + trend * (MONTHS - month), rng),
                employee=employee,
                visited_at=visited,
                comment=rng.choice(COMMENTS),
                submitted_at=visited + dt.timedelta(hours=rng.randint(1, 30)),
            )
            count += 1
    # Open work for eve: one overdue, one with a draft saved on her phone, two ahead.
    open_units = rng.sample(measured, k=min(4, len(measured)))
    for n, (unit, days) in enumerate(zip(open_units, (-4, 3, 10, 21), strict=False)):
        assignment = actions.do_assign_evaluation(
            None,
            form=form,
            evaluator=eve,
            unit=unit,
            channel=_channel(unit, rng),
            due_date=today + dt.timedelta(days=days),
        )
        if n == 1:
            first = ordered[:8]
            actions.do_save_evaluation_draft(
                eve, assignment, answers=_answers(first, 0.7, rng), comment=""
            )
    # Olav works from an app through the API: two open shops and a personal token.
    olav = evaluators[1]
    olav_units = [u for u in measured if u not in open_units][:2] or measured[:2]
    for unit, days in zip(olav_units, (5, 12), strict=False):
        actions.do_assign_evaluation(
            None,
            form=form,
            evaluator=olav,
            unit=unit,
            channel=_channel(unit, rng),
            due_date=today + dt.timedelta(days=days),
        )
    issued = accounts_actions.do_create_personal_token(olav, name="Evalueringsapp")
    echo(
        f"Mystery shopping: 1 form, {count} evaluations, "
        f"{len(open_units) + len(olav_units)} open assignments"
    )
    echo(f"Personal API token of {olav.email} (evaluator, shown once): {issued.secret}")
