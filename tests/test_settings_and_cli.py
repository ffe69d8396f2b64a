"""Settings fail loudly; production refuses to start unsafe; the CLI lists its commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from lytt.cli import main
from lytt.lib.env import ConfigError, env_bool, env_int, env_list, env_url

LYTT = str(Path(sys.executable).parent / "lytt")


def _clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "LYTT_DEBUG",
            "LYTT_TESTING",
            "DATABASE_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update({"LYTT_DATA_DIR": str(tmp_path), **extra})
    return env


def test_env_bool_accepts_the_usual_spellings(monkeypatch: pytest.MonkeyPatch) -> None:
    for raw, expected in {"1": True, "yes": True, "ON": True, "0": False, "off": False}.items():
        monkeypatch.setenv("X_FLAG", raw)
        assert env_bool("X_FLAG") is expected


_SPELLINGS = {"1", "true", "yes", "on", "0", "false", "no", "off", ""}


@given(
    st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))).filter(
        lambda s: s.strip().lower() not in _SPELLINGS
    )
)
def test_env_bool_rejects_anything_else_naming_the_variable(raw: str) -> None:
    os.environ["X_FLAG"] = raw
    try:
        with pytest.raises(ConfigError, match="X_FLAG"):
            env_bool("X_FLAG")
    finally:
        del os.environ["X_FLAG"]


def test_env_int_and_url_fail_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_NUM", "twelve")
    with pytest.raises(ConfigError, match="X_NUM must be a whole number"):
        env_int("X_NUM", 1)
    monkeypatch.setenv("X_NUM", "-3")
    with pytest.raises(ConfigError, match="at least 0"):
        env_int("X_NUM", 1, minimum=0)
    monkeypatch.setenv("X_URL", "not a url")
    with pytest.raises(ConfigError, match="X_URL"):
        env_url("X_URL", schemes=("postgres",))
    monkeypatch.setenv("X_LIST", "a, b,,c")
    assert env_list("X_LIST", []) == ["a", "b", "c"]


def test_production_refuses_to_start_without_secret_key(tmp_path: Path) -> None:
    result = subprocess.run(
        [LYTT, "check"], env=_clean_env(tmp_path), capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_deploy_checks_are_clean_in_production(tmp_path: Path) -> None:
    env = _clean_env(tmp_path, SECRET_KEY="k" * 20 + "-production-secret-" + "z" * 30)
    result = subprocess.run(
        [LYTT, "check", "--deploy"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout + result.stderr


def test_bad_database_url_is_named(tmp_path: Path) -> None:
    env = _clean_env(tmp_path, LYTT_DEBUG="1", DATABASE_URL="mysql://nope")
    result = subprocess.run([LYTT, "check"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_cli_help_lists_every_command() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("serve", "migrate", "createadmin", "demo", "worker", "analyze", "check"):
        assert command in result.output
    for command in ("serve", "migrate", "createadmin", "demo", "worker", "check"):
        sub = CliRunner().invoke(main, [command, "--help"])
        assert sub.exit_code == 0 and "Usage" in sub.output, command


@pytest.mark.django_db
def test_createadmin_creates_an_organisation_and_its_admin() -> None:
    from lytt.accounts.models import Membership

    result = CliRunner().invoke(
        main,
        [
            "createadmin",
            "--email",
            "Boss@Example.com",
            "--organisation",
            "Kafé Lys",
            "--password",
            "a long enough password 1",
        ],
    )
    assert result.exit_code == 0, result.output
    membership = Membership.objects.select_related("organisation").get(
        user__email="boss@example.com"
    )
    assert membership.role == "admin"
    assert membership.organisation.slug == "kafe-lys"
