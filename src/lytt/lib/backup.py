"""Online database backups: SQLite's backup API (consistent with WAL, no downtime) or
pg_dump in its custom format for PostgreSQL. Restore is described in docs/operations.md."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection


def intake_backup_path(target: Path) -> Path:
    return target.with_name(f"{target.stem}-intake{target.suffix or '.sqlite3'}")


def _sqlite_copy(source_path: str, target: Path) -> None:
    source = sqlite3.connect(source_path)
    dest = sqlite3.connect(str(target))
    try:
        with dest:
            source.backup(dest)
    finally:
        dest.close()
        source.close()


def backup_database(output: str | os.PathLike[str] | None = None) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    db = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        target = Path(output or settings.DATA_DIR / "backups" / f"lytt-{stamp}.sqlite3")
        target.parent.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(str(db["NAME"]), target)
        # API submissions accepted but not yet stored live in the intake journal file
        # (see lytt.feedback.routers): it is copied beside the main file.
        intake = settings.DATABASES.get(getattr(settings, "INTAKE_DATABASE", "intake"))
        if intake is not None:
            _sqlite_copy(str(intake["NAME"]), intake_backup_path(target))
        return target
    if connection.vendor == "postgresql":
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise RuntimeError("pg_dump is not installed (Debian package postgresql-client)")
        target = Path(output or settings.DATA_DIR / "backups" / f"lytt-{stamp}.dump")
        target.parent.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
        subprocess.run(  # noqa: S603 (fixed argv from settings, no shell)
            [
                pg_dump,
                "--format=custom",
                f"--file={target}",
                f"--host={db.get('HOST') or ''}",
                f"--port={db.get('PORT') or 5432}",
                f"--username={db.get('USER') or ''}",
                str(db["NAME"]),
            ],
            check=True,
            env=env,
        )
        return target
    raise RuntimeError(f"backups are not supported for {connection.vendor}")
