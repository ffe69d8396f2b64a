"""Loads the demo: the chain first, then each capability's demo data in order."""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from lytt.accounts.models import Organisation, User
from lytt.demo.organisation import DEMO_DOMAIN, DEMO_PASSWORD, DemoChain, Persona, build_chain
from lytt.feedback.tasks import analyse_pending

# Each capability that has demo data adds "module:function" here; the function takes
# (chain: DemoChain, rng: random.Random, echo) and must be deterministic for a seed.
EXTENSIONS: list[str] = [
    "lytt.accounts.demo:load_demo_accounts",
    "lytt.surveys.demo:load_demo_surveys",
    "lytt.demo.feedback:load_demo_feedback",
    "lytt.reviews.demo:load_demo_reviews",
    "lytt.evaluations.demo:load_demo_mystery",
]


@dataclass(frozen=True)
class DemoLogins:
    password: str
    personas: list[Persona]


def remove_demo() -> None:
    with transaction.atomic():
        org = Organisation.objects.filter(slug="nordhavn").first()
        User.objects.filter(email__endswith="@" + DEMO_DOMAIN).delete()
        if org is not None:
            # Delete dependants first: units are protected against accidental deletion.
            from django.apps import apps

            for model in reversed(apps.get_models()):
                field_names = {f.name for f in model._meta.get_fields()}
                if "organisation" in field_names and model is not Organisation:
                    if model.__name__ == "Unit":
                        continue
                    model._default_manager.filter(organisation=org).delete()
            from lytt.accounts.models import Unit

            for unit in Unit.objects.filter(organisation=org).order_by("-depth"):
                unit.delete()
            org.delete()


def load_demo(
    *, seed: int = 7, fresh: bool = True, echo: Callable[[str], None] = print
) -> DemoLogins:
    if fresh:
        remove_demo()
    rng = random.Random(seed)
    with transaction.atomic():
        chain: DemoChain = build_chain(rng)
    echo(
        f"Organisation {chain.organisation.name}: {len(chain.units)} units, "
        f"{len(chain.employees)} employees"
    )
    for ref in EXTENSIONS:
        module_name, func_name = ref.split(":")
        func = getattr(importlib.import_module(module_name), func_name)
        func(chain, random.Random(f"{seed}:{ref}"), echo)
    echo(f"Comments read by the text engine: {analyse_pending()}")
    return DemoLogins(DEMO_PASSWORD, chain.personas)
