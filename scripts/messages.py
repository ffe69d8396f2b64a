"""Extract and compile one capability's translation catalogues.

    .venv/bin/python scripts/messages.py APP [APP ...]     # e.g. accounts surveys

Runs Django's makemessages inside src/lytt/APP (so each capability keeps its own
catalogues in src/lytt/APP/locale/<lang>/LC_MESSAGES/django.po), then compiles every .po
to .mo with polib. Fill msgstr for nb, nn, sv and da; English is the source language.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LANGS = ["nb", "nn", "sv", "da", "en"]


def extract(app: str) -> None:
    app_dir = ROOT / "src" / "lytt" / app
    (app_dir / "locale").mkdir(exist_ok=True)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lytt.settings", "LYTT_TESTING": "1"}
    args = [
        str(ROOT / ".venv" / "bin" / "django-admin"),
        "makemessages",
        "--no-obsolete",
        "--no-location",
        "--ignore",
        "tests/*",
        "--ignore",
        "migrations/*",
    ]
    for lang in LANGS:
        args += ["-l", lang]
    subprocess.run(args, cwd=app_dir, env=env, check=True, stdout=subprocess.DEVNULL)


def compile_all(app: str) -> None:
    for po_path in sorted((ROOT / "src" / "lytt" / app / "locale").glob("*/LC_MESSAGES/*.po")):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))


if __name__ == "__main__":
    for name in sys.argv[1:] or sys.exit(__doc__):
        extract(name)
        compile_all(name)
        print(f"{name}: catalogues updated and compiled")
