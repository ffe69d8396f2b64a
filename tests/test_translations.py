"""Every user-facing string has a translation in nb, nn, sv and da, and the compiled
catalogues match their sources. Extraction uses Django's makemessages (GNU gettext) on a
copy of each capability, so the tree is never modified by the test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "lytt"
LANGS = ("nb", "nn", "sv", "da")
APPS = sorted(p.name for p in SRC.iterdir() if (p / "apps.py").exists() and p.name != "text")


def _extract(app: str, tmp_path: Path) -> Path:
    copy = tmp_path / app
    shutil.copytree(
        SRC / app, copy, ignore=shutil.ignore_patterns("tests", "migrations", "__pycache__")
    )
    (copy / "locale").mkdir(exist_ok=True)
    admin = Path(sys.executable).parent / "django-admin"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lytt.settings", "LYTT_TESTING": "1"}
    args = [str(admin), "makemessages", "--no-obsolete", "--no-location"]
    for lang in LANGS:
        args += ["-l", lang]
    subprocess.run(args, cwd=copy, env=env, check=True, capture_output=True)
    return copy / "locale"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (make system-deps)")
@pytest.mark.parametrize("app", APPS)
def test_every_string_is_translated(app: str, tmp_path: Path) -> None:
    locale = _extract(app, tmp_path)
    problems = []
    for lang in LANGS:
        po_path = locale / lang / "LC_MESSAGES" / "django.po"
        if not po_path.exists():
            continue  # nothing to translate in this capability
        catalogue = polib.pofile(str(po_path))
        for entry in catalogue:
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags:
                problems.append(f"{lang}: fuzzy: {entry.msgid!r}")
            elif entry.msgid_plural:
                if not all(entry.msgstr_plural.values()):
                    problems.append(f"{lang}: untranslated plural: {entry.msgid!r}")
            elif not entry.msgstr:
                problems.append(f"{lang}: untranslated: {entry.msgid!r}")
    assert not problems, f"{app} lacks translations (run scripts/messages.py {app}):\n" + "\n".join(
        problems[:40]
    )


@pytest.mark.parametrize("app", APPS)
def test_compiled_catalogues_match_their_sources(app: str) -> None:
    for po_path in sorted((SRC / app / "locale").glob("*/LC_MESSAGES/django.po")):
        mo_path = po_path.with_suffix(".mo")
        assert mo_path.exists(), f"{mo_path} missing: run scripts/messages.py {app}"
        source = {
            (e.msgctxt, e.msgid): e.msgstr
            for e in polib.pofile(str(po_path))
            if e.msgstr and "fuzzy" not in e.flags and not e.msgid_plural
        }
        compiled = {
            (e.msgctxt, e.msgid): e.msgstr
            for e in polib.mofile(str(mo_path))
            if e.msgid and not e.msgid_plural
        }
        assert source == compiled, f"{mo_path} is stale: run scripts/messages.py {app}"


def test_language_switch_translates_the_shell(client) -> None:
    for lang, word in {"nb": "Logg inn", "sv": "Logga in", "da": "Log ind", "en": "Log in"}.items():
        response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=lang)
        assert word in response.content.decode(), lang
