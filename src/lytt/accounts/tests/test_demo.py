"""The accounts demo extension runs on the demo chain and shows tokens."""

from __future__ import annotations

import random

from lytt.accounts.demo import load_demo_accounts
from lytt.accounts.models import ApiToken
from lytt.demo.loader import EXTENSIONS
from lytt.demo.organisation import build_chain


def test_demo_creates_tokens_one_revoked(db: None) -> None:
    assert "lytt.accounts.demo:load_demo_accounts" in EXTENSIONS
    chain = build_chain(random.Random(3))
    load_demo_accounts(chain, random.Random(3), lambda m: None)
    tokens = ApiToken.objects.filter(organisation=chain.organisation)
    assert tokens.count() == 3
    assert tokens.filter(revoked_at__isnull=False).count() == 1
