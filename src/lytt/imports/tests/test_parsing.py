from __future__ import annotations

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from lytt.imports.mapping import guess_mapping
from lytt.imports.parsing import (
    RowError,
    parse_datetime,
    parse_number,
    read_table,
    sniff_delimiter,
)
from lytt.imports.tests.helpers import csv_bytes, xlsx_bytes


def test_semicolon_and_comma_csv_give_the_same_table() -> None:
    rows = [["01.02.2025", "Storo", "4,5", "Bra; veldig bra"], ["02.02.2025", "Sentrum", "3", ""]]
    header = ["Dato", "Butikk", "Karakter", "Tekst"]
    semi = read_table(csv_bytes(header, rows, sep=";"), "a.csv")
    comma = read_table(csv_bytes(header, rows, sep=","), "a.csv")
    assert semi.headers == comma.headers == header
    assert semi.rows == comma.rows == rows


def test_tab_separated() -> None:
    assert sniff_delimiter("a\tb\tc\n1\t2\t3\n") == "\t"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_encodings(encoding: str) -> None:
    data = csv_bytes(["Dato", "Butikk"], [["01.02.2025", "Tromsø Ærlig Å"]], encoding=encoding)
    table = read_table(data, "x.csv")
    assert table.headers == ["Dato", "Butikk"]  # no BOM left in the first header
    assert table.rows == [["01.02.2025", "Tromsø Ærlig Å"]]


def test_xlsx_cells_become_text() -> None:
    data = xlsx_bytes(
        ["Datum", "Butik", "Betyg", "Text"],
        [[datetime(2025, 3, 1, 12, 30), "Malmö", 4, "Bra"], [None, None, None, None]],
    )
    table = read_table(data, "reviews.xlsx")
    assert table.headers == ["Datum", "Butik", "Betyg", "Text"]
    assert table.rows == [["2025-03-01 12:30:00", "Malmö", "4", "Bra"]]  # blank tail dropped


def test_short_rows_are_padded_and_blank_headers_named() -> None:
    table = read_table(b"a;;c\n1\n1;2;3;4\n", "x.csv")
    assert table.headers[0] == "a" and table.headers[2] == "c" and table.headers[1]
    assert table.rows == [["1", "", ""], ["1", "2", "3"]]
    assert table.row_number(0) == 2


@pytest.mark.parametrize("content", [b"", b"\n\n", b"PK\x03\x04garbage"])
def test_unreadable_files_are_refused_with_a_message(content: bytes) -> None:
    with pytest.raises(ValidationError):
        read_table(content, "f.csv")


def test_old_xls_is_refused() -> None:
    with pytest.raises(ValidationError):
        read_table(b"\xd0\xcf\x11\xe0", "f.xls")


@pytest.mark.parametrize(
    "raw",
    ["2025-03-31", "31.03.2025", "31.03.2025 14:05", "2025-03-31T14:05:00", "31/03/2025"],
)
def test_dates(raw: str) -> None:
    parsed = parse_datetime(raw)
    assert (parsed.year, parsed.month, parsed.day) == (2025, 3, 31)
    assert parsed.tzinfo is not None


@pytest.mark.parametrize("raw", ["", "yesterday", "31.13.2025", "2999-01-01"])
def test_bad_dates(raw: str) -> None:
    with pytest.raises(RowError):
        parse_datetime(raw)


def test_numbers() -> None:
    assert parse_number("4,5", label="x") == 4.5
    assert parse_number(" 9 ", label="x") == 9.0
    assert parse_number("", label="x") is None
    with pytest.raises(RowError):
        parse_number("fire", label="x")


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["Dato", "Kilde", "Karakter", "Tekst", "Butikk"], "nb"),
        (["Datum", "Källa", "Betyg", "Text", "Butik"], "sv"),
        (["Dato", "Kilde", "Bedømmelse", "Anmeldelse", "Afdeling"], "da"),
        (["Date", "Source", "Rating", "Review", "Unit"], "en"),
    ],
)
def test_mapping_guess_in_four_languages(headers: list[str], expected: str) -> None:
    mapping = guess_mapping("reviews", headers)
    assert mapping == {
        "date": headers[0],
        "source": headers[1],
        "rating": headers[2],
        "text": headers[3],
        "unit": headers[4],
    }, expected


def test_mapping_guess_for_answers_maps_question_keys() -> None:
    mapping = guess_mapping(
        "answers", ["Dato", "Butikk", "NPS", "csat", "Kommentar", "Ansatt"], ["nps", "csat"]
    )
    assert mapping == {
        "date": "Dato",
        "unit": "Butikk",
        "employee": "Ansatt",
        "q:nps": "NPS",
        "q:csat": "csat",
    }


cells = st.text(max_size=40) | st.sampled_from(["", "4,5", "31.12.2024", "google", "Storo", "x@y"])


@settings(max_examples=200, deadline=None)
@given(st.lists(cells, min_size=0, max_size=12))
def test_cell_parsers_never_crash_on_garbage(values: list[str]) -> None:
    for value in values:
        for parse in (parse_datetime, lambda v: parse_number(v, label="c")):
            try:
                parse(value)
            except RowError as exc:
                assert exc.reason


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_reading_garbage_files_raises_only_validation_errors(content: bytes) -> None:
    try:
        table = read_table(content, "x.csv")
    except ValidationError:
        return
    assert all(len(r) == len(table.headers) for r in table.rows)
