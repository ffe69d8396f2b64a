"""The import-linter contract that keeps lytt.text free of Django names every other
part of Lytt, so a new capability cannot be forgotten in it."""

from __future__ import annotations

import pkgutil
import tomllib
from pathlib import Path

import lytt

ROOT = Path(__file__).resolve().parent.parent


def test_contract_forbids_every_other_part_of_lytt() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contract = config["tool"]["importlinter"]["contracts"][0]
    assert contract["source_modules"] == ["lytt.text"]
    forbidden = set(contract["forbidden_modules"])
    assert {"django", "ninja"} <= forbidden
    parts = {f"lytt.{m.name}" for m in pkgutil.iter_modules(lytt.__path__)}
    # The CLI is the one place allowed to reach both worlds (it imports lytt.text lazily).
    missing = sorted(parts - forbidden - {"lytt.text", "lytt.cli", "lytt.conftest"})
    assert not missing, f"add these to the import-linter contract in pyproject.toml: {missing}"
