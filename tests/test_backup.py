from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from django.db import connection

from lytt.accounts import actions
from lytt.lib.backup import backup_database


@pytest.mark.django_db(transaction=True)
def test_backup_contains_the_data(tmp_path: Path) -> None:
    org = actions.do_create_organisation(None, name="Backup AS", slug="backup")
    actions.do_create_unit(None, org, name="Butikk", kind="shop")
    target = backup_database(tmp_path / "copy.bin")
    assert target.exists() and target.stat().st_size > 0
    if connection.vendor == "sqlite":
        with sqlite3.connect(target) as db:
            names = [r[0] for r in db.execute("SELECT name FROM accounts_unit")]
        assert names == ["Butikk"]
    else:
        assert target.read_bytes()[:5] == b"PGDMP"
