from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lytt.invitations import actions
from lytt.invitations.contacts import (
    ContactsFileError,
    decode,
    parse_contacts,
    parse_visited_at,
)
from lytt.invitations.models import Invitation
from lytt.invitations.tests.conftest import Setup
from lytt.testing.world import World

cell = st.text(alphabet=string.ascii_letters + string.digits + " æøåÆØÅ@.-_", max_size=20)


@given(st.lists(st.tuples(cell, cell, cell), max_size=15), st.sampled_from([",", ";"]))
@settings(max_examples=80, deadline=None)
def test_parser_keeps_every_row_with_its_row_number(rows: list, sep: str) -> None:
    lines = [sep.join(["email", "unit", "channel"])] + [sep.join(r) for r in rows]
    parsed = parse_contacts("\n".join(lines))
    kept = [r for r in rows if any(c.strip() for c in r)]
    assert [row.values["email"] for row in parsed.rows] == [r[0].strip() for r in kept]
    numbers = [row.number for row in parsed.rows]
    assert numbers == sorted(numbers) and all(n >= 2 for n in numbers)
    for row in parsed.rows:
        assert lines[row.number - 1].split(sep)[0].strip() == row.values["email"]


@given(st.text(max_size=200))
@settings(max_examples=150, deadline=None)
def test_parser_never_crashes_on_garbage(text: str) -> None:
    try:
        parse_contacts(text)
    except ContactsFileError as exc:
        assert str(exc)


@given(st.binary(max_size=300))
@settings(max_examples=100, deadline=None)
def test_decode_accepts_any_bytes_or_says_why(data: bytes) -> None:
    try:
        assert isinstance(decode(data), str)
    except ContactsFileError as exc:
        assert str(exc)


def test_missing_columns_are_named() -> None:
    with pytest.raises(ContactsFileError, match="channel"):
        parse_contacts("email;unit\na@example.com;1\n")


def test_dates_in_common_formats() -> None:
    assert parse_visited_at("2026-11-23 14:05").hour == 14  # type: ignore[union-attr]
    assert parse_visited_at("23.11.2026").day == 23  # type: ignore[union-attr]
    assert parse_visited_at("") is None
    with pytest.raises(ValueError):
        parse_visited_at("yesterday")


def test_bad_rows_are_reported_and_good_rows_kept(world: World, setup: Setup) -> None:
    content = (
        "\ufeffEmail;Unit;Channel;Employee;Visited_at;Language\n"
        f"ok1@example.com;Storo;in_person;Carla Nilsen;2026-11-20 12:00;nb\n"
        f"ikke-en-epost;Storo;in_person;;;\n"
        f"ok2@example.com;{world.unit_y.pk};in_person;;23.11.2026;sv\n"
        f"ok3@example.com;Finnes ikke;in_person;;;\n"
        f"ok4@example.com;Storo;brevdue;;;\n"
        f"ok5@example.com;Storo;in_person;Ukjent Person;;\n"
        f"ok6@example.com;Storo;in_person;;i går;\n"
        "\n"
        f"ok1@example.com;Storo;in_person;;2026-11-21;nb\n"
    ).encode()
    report = actions.do_create_invitations_from_csv(
        world.users["alice"], content, survey=setup.survey, send=False
    )
    assert report.total == 8 and report.created == 2
    errors = dict(report.errors)
    assert sorted(errors) == [3, 5, 6, 7, 8]
    assert "ikke-en-epost" in errors[3]
    assert "Finnes ikke" in errors[5]
    assert "brevdue" in errors[6]
    assert "Ukjent Person" in errors[7]
    assert "i går" in errors[8]
    assert [row for row, _m in report.skipped] == [10]  # quiet period for ok1
    inv = Invitation.objects.get(unit=world.unit_x)
    assert inv.employee == world.carla_employee and inv.language == "nb"
    assert Invitation.objects.get(unit=world.unit_y).language == "sv"
    again = actions.do_create_invitations_from_csv(
        world.users["alice"], content, survey=setup.survey, send=False
    )
    assert again.created == 0 and Invitation.objects.count() == 2
    assert len(again.skipped) == 3


def test_unit_manager_cannot_upload_for_other_units(world: World, setup: Setup) -> None:
    content = (
        f"email,unit,channel\na@example.com,{world.unit_y.pk},in_person\n"
        f"b@example.com,{world.unit_x.pk},in_person\n"
    ).encode()
    report = actions.do_create_invitations_from_csv(
        world.users["bob"], content, survey=setup.survey, send=False
    )
    assert report.created == 1 and [r for r, _m in report.errors] == [2]


def test_windows_1252_and_a_broken_file(world: World, setup: Setup) -> None:
    from django.core.exceptions import ValidationError

    content = "email;unit;channel\nø@example.com;Storo;in_person\n".encode("cp1252")
    report = actions.do_create_invitations_from_csv(None, content, survey=setup.survey, send=False)
    assert report.total == 1
    with pytest.raises(ValidationError, match="channel"):
        actions.do_create_invitations_from_csv(None, b"a,b\n1,2\n", survey=setup.survey)
