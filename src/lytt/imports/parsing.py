"""Reading uploaded tables (CSV or XLSX) and parsing their cells.

Nothing here touches the database. Every function either returns a value or raises
`ValidationError` (whole file) / `RowError` (one row) with a translated message, so one
garbage cell never stops an import.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

MAX_ROWS = 200_000
MAX_CELL = 10_000
HEADER_ROWS = 1  # row numbers we report are spreadsheet rows: the header is row 1


class RowError(Exception):
    """One row cannot be imported; `reason` is translated."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]  # data rows, padded/truncated to len(headers)

    def row_number(self, index: int) -> int:
        """The spreadsheet row number of data row `index` (0-based): header is row 1."""
        return index + HEADER_ROWS + 1


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()[:MAX_CELL]


def decode(content: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 (old Excel exports)."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def sniff_delimiter(text: str) -> str:
    """; or , (or tab), judged by the header line and a sample of the rest."""
    sample = text[:20_000]
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        counts = {d: first.count(d) for d in (";", ",", "\t")}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _table(raw_rows: list[list[str]]) -> Table:
    rows = [r for r in raw_rows]
    while rows and not any(c.strip() for c in rows[0]):
        rows.pop(0)
    if not rows:
        raise ValidationError(_("The file is empty."))
    headers = [h.strip() for h in rows[0]]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise ValidationError(_("The first row must hold the column names."))
    # Unnamed or repeated headers get a position so every column can be mapped.
    seen: dict[str, int] = {}
    for i, h in enumerate(headers):
        name = h or _("Column %(n)s") % {"n": i + 1}
        if name in seen:
            name = f"{name} ({i + 1})"
        seen[name] = i
        headers[i] = name
    width = len(headers)
    data: list[list[str]] = []
    for r in rows[1:]:
        cells = [c.strip()[:MAX_CELL] for c in r[:width]]
        data.append(cells + [""] * (width - len(cells)))
    # Trailing blank rows are not data.
    while data and not any(data[-1]):
        data.pop()
    if len(data) > MAX_ROWS:
        raise ValidationError(
            _("The file has more than %(max)s rows; split it into smaller files.")
            % {"max": MAX_ROWS}
        )
    return Table(headers, data)


def read_csv(content: bytes) -> Table:
    text = decode(content)
    if "\x00" in text:
        raise ValidationError(_("This is not a CSV file."))
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _table([list(r) for r in reader])
    except csv.Error as exc:
        raise ValidationError(
            _("The CSV file cannot be read: %(error)s") % {"error": exc}
        ) from None


def read_xlsx(content: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for broken files
        raise ValidationError(_("The Excel file cannot be read.")) from None
    try:
        sheet = wb.worksheets[0]
        rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        wb.close()
    return _table(rows)


def read_table(content: bytes, filename: str) -> Table:
    name = (filename or "").lower()
    if name.endswith((".xlsx", ".xlsm")) or content[:4] == b"PK\x03\x04":
        return read_xlsx(content)
    if name.endswith(".xls"):
        raise ValidationError(_("Old .xls files are not supported: save as .xlsx or CSV."))
    return read_csv(content)


# Cells ------------------------------------------------------------------------------

_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%d.%m.%Y",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H.%M",
    "%d.%m.%Y %H:%M:%S",
    "%d/%m/%Y",
    "%d/%m/%Y %H:%M",
    "%Y/%m/%d",
    "%d-%m-%Y",
    "%d.%m.%y",
)


def parse_datetime(raw: str) -> datetime:
    """A date or date-time in the usual Scandinavian or ISO spellings, made aware in the
    server's time zone. Raises RowError."""
    value = (raw or "").strip()
    if not value:
        raise RowError(_("The date is missing."))
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        parsed = None
        for fmt in _DATE_FORMATS:
            try:
                parsed = datetime.strptime(value, fmt)
                break
            except ValueError:
                continue
    if parsed is None or not 1900 < parsed.year < 2200:
        raise RowError(
            _("“%(value)s” is not a date (use e.g. 2025-03-31).") % {"value": value[:40]}
        )
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    if parsed > timezone.now() + timedelta(days=1):
        raise RowError(_("The date %(value)s lies in the future.") % {"value": value[:40]})
    return parsed


_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


def parse_number(raw: str, *, label: str) -> float | None:
    """A number with . or , as decimal mark; empty gives None. Raises RowError."""
    value = (raw or "").strip().replace("\u00a0", "").replace(" ", "")
    if not value:
        return None
    if not _NUMBER.match(value):
        raise RowError(
            _("%(column)s: “%(value)s” is not a number.") % {"column": label, "value": value[:40]}
        )
    return float(value.replace(",", "."))


def normalise_header(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join(re.sub(r"[^\w]+", " ", folded).replace("_", " ").split())
