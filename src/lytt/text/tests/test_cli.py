"""Tests of the analyse CLI (lytt.text.cli.main)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lytt.text.cli import main

TEXTS = ["Aldri mer!!", "Takk for god hjelp", "", "Sa ikke noe, gikk bare. 😶", "The app crashes"]


def test_jsonl_from_file_in_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "in.txt"
    f.write_text("\n".join(TEXTS) + "\n", encoding="utf-8")
    assert main([str(f)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(TEXTS)
    objs = [json.loads(x) for x in lines]
    assert [o["text"] for o in objs] == TEXTS
    for o in objs:
        assert list(o) == [
            "text",
            "language",
            "language_confidence",
            "sentiment",
            "emotions",
            "strategy",
            "needs",
            "themes",
            "root_causes",
            "churn_risk",
        ]
        assert set(o["sentiment"]) == {"label", "score"}
        assert set(o["strategy"]) == {"label", "evidence"}
    assert objs[0]["strategy"]["label"] == "irritation"
    assert objs[3]["strategy"]["label"] == "passivity"


def test_table_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "in.txt"
    f.write_text("Aldri mer!!\nhei\n", encoding="utf-8")
    assert main([str(f), "--format", "table"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("text")
    assert "irritation" in out[1]
    assert len(out) == 3


def test_custom_themes_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "in.txt"
    f.write_text("Ingen parkerng her\n", encoding="utf-8")
    th = tmp_path / "themes.json"
    th.write_text(json.dumps({"parking": ["parkering"]}), encoding="utf-8")
    assert main([str(f), "--themes", str(th)]) == 0
    assert "parking" in json.loads(capsys.readouterr().out)["themes"]


def test_missing_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "nope.txt")]) == 2
    assert "cannot open" in capsys.readouterr().err


def test_stdin_via_module_without_django() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "lytt.text"],
        input="Hvor er pakken min?\nheeeelt daarlig\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={"PYTHONIOENCODING": "utf-8", "PATH": ""},
        check=True,
    )
    lines = [json.loads(x) for x in proc.stdout.splitlines()]
    assert [x["text"] for x in lines] == ["Hvor er pakken min?", "heeeelt daarlig"]
    assert "django" not in proc.stderr.lower()
