"""Where the intake journal (`Submission`) lives.

On SQLite it is its own database file (alias "intake" in settings.DATABASES), so that
accepting an API submission never waits for the main file's single write lock; on
PostgreSQL there is no such alias and it is a table of the main database. Nothing else
is ever read from, written to or migrated into the intake file.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS


def intake_alias() -> str:
    alias = str(getattr(settings, "INTAKE_DATABASE", "intake"))
    return alias if alias in settings.DATABASES else DEFAULT_DB_ALIAS


def _is_intake(model: Any) -> bool:
    return bool(model._meta.app_label == "feedback" and model._meta.model_name == "submission")


class IntakeRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return intake_alias() if _is_intake(model) else None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return intake_alias() if _is_intake(model) else None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return None

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool | None:
        intake = intake_alias()
        if app_label == "feedback" and model_name == "submission":
            return db == intake
        if intake != DEFAULT_DB_ALIAS and db == intake:
            return False
        return None
