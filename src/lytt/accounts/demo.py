"""Demo data for the organisation pages: API tokens of the integrations a chain
typically has (one revoked), so the tokens page and the audit log show real use."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TYPE_CHECKING

from lytt.accounts import actions
from lytt.accounts.models import Membership, Role

if TYPE_CHECKING:
    from lytt.demo.organisation import DemoChain


def load_demo_accounts(chain: DemoChain, rng: random.Random, echo: Callable[[str], None]) -> None:
    admin = (
        Membership.objects.filter(organisation=chain.organisation, role=Role.ADMIN)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if admin is None:
        return
    shop = rng.choice([u for u in chain.units if u.kind == "shop"] or chain.units)
    # The secrets are not kept: nobody can use these tokens, they only show the page.
    actions.do_create_api_token(admin.user, name="CRM export", role=Role.CX_MANAGER)
    actions.do_create_api_token(
        admin.user, name=f"Kassesystem {shop.name}", role=Role.UNIT_MANAGER, unit=shop
    )
    old = actions.do_create_api_token(admin.user, name="Old BI connector", role=Role.CX_MANAGER)
    actions.do_revoke_api_token(admin.user, old.token)
    echo("API tokens: 3 (1 revoked)")
