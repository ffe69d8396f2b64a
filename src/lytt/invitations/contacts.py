"""Reading a contacts CSV (one row per visit or contact to invite).

Columns (header row, any order, case-insensitive): `email`, `unit` (id, external id or
name), `channel`, `employee` (optional: id, employee number or name), `visited_at`
(optional: 2026-11-23, 2026-11-23 14:05, 23.11.2026 or 23.11.2026 14:05), `language`
(optional). Comma or semicolon separated, UTF-8 (with or without BOM) or Windows-1252.
Pure parsing only: resolving units and employees happens in the action.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _

REQUIRED = ("email", "unit", "channel")
OPTIONAL = ("employee", "visited_at", "language")
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20000

DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
)


class ContactsFileError(ValueError):
    """The file as a whole cannot be read (message is translated)."""


@dataclass
class ContactRow:
    number: int  # the row number as a spreadsheet shows it (the header is row 1)
    values: dict[str, str]


@dataclass
class ParsedContacts:
    rows: list[ContactRow] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)


def decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ContactsFileError(_("The file is larger than 5 MB."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ContactsFileError(_("The file is not text (UTF-8 or Windows-1252)."))


def parse_contacts(text: str) -> ParsedContacts:
    """Rows with their spreadsheet row numbers; raises ContactsFileError for a file
    without the required columns."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ContactsFileError(_("The file is empty.")) from None
    except csv.Error:
        raise ContactsFileError(_("The file is not a readable CSV file.")) from None
    columns = [h.strip().lower().lstrip("\ufeff") for h in header]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise ContactsFileError(
            _("Missing column(s): %(columns)s. Required: email, unit, channel.")
            % {"columns": ", ".join(missing)}
        )
    parsed = ParsedContacts(columns=columns)
    number = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            raise ContactsFileError(
                _("Row %(row)d is not valid CSV.") % {"row": number + 1}
            ) from None
        number += 1
        if not any(c.strip() for c in cells):
            continue
        if len(parsed.rows) >= MAX_ROWS:
            raise ContactsFileError(
                _("The file has more than %(max)d rows; split it.") % {"max": MAX_ROWS}
            )
        values = {
            name: (cells[i].strip() if i < len(cells) else "")
            for i, name in enumerate(columns)
            if name in REQUIRED + OPTIONAL
        }
        parsed.rows.append(ContactRow(number, values))
    return parsed


def parse_visited_at(value: str) -> datetime | None:
    """A naive datetime for the formats above; None for an empty value; ValueError
    for anything else."""
    value = (value or "").strip()
    if not value:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    raise ValueError(value)
