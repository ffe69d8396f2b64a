from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

from lytt.testing.world import World

REVIEW_HEADER = ["Dato", "Kilde", "Karakter", "Tekst", "Butikk", "Lenke"]


def review_rows(n: int, *, bad: dict[int, list[str]] | None = None) -> list[list[str]]:
    """n distinct review rows; `bad` replaces the row at a 0-based data index."""
    start = date(2025, 1, 1)
    rows = []
    for i in range(n):
        rows.append(
            [
                (start + timedelta(days=i % 300)).strftime("%d.%m.%Y"),
                ("google", "tripadvisor", "trustpilot")[i % 3],
                str(1 + i % 5),
                f"Anmeldelse nummer {i}: hyggelig betjening",
                "Storo" if i % 2 else "Sentrum",
                f"https://example.com/r/{i}",
            ]
        )
    for index, row in (bad or {}).items():
        rows[index] = row
    return rows


def csv_bytes(
    header: list[str], rows: list[list[str]], *, sep: str = ";", encoding: str = "utf-8"
) -> bytes:
    def cell(value: str) -> str:
        return f'"{value}"' if sep in value or '"' in value else value

    lines = [sep.join(cell(c) for c in header)] + [sep.join(cell(c) for c in r) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(header: list[str], rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(file: Any, world: World, persona: str = "alice", **fields: Any) -> Any:
    client = world.client(persona)
    return client, client.post("/imports/", {"file": file, **fields})
