"""``lytt analyze [FILE]``: analyse one text per line, write one JSON object per line.

Reads FILE (or stdin when FILE is omitted or "-"), one text per line, and writes the
analysis of each line to stdout in input order, as JSON lines (default) or as a readable
table (``--format table``). A progress bar goes to stderr when stderr is a terminal and
the input is a file of more than 1,000 lines. Needs no database and no Django settings.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO, Any

from . import __version__
from .analysis import Analysis, analyze_many
from .themes import CompiledThemes, compile_themes

CHUNK = 1024  # lines per analyze_many call when reading a file or a pipe

__all__ = ["main"]

PROGRESS_MIN_LINES = 1000


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="lytt analyze",
        description="Analyse customer texts (one per line): language, sentiment, emotions, "
        "customer strategy, needs, themes, root causes and churn risk.",
    )
    ap.add_argument(
        "file", nargs="?", default="-", help="input file, one text per line (default: stdin)"
    )
    ap.add_argument("--format", choices=("jsonl", "table"), default="jsonl", help="output format")
    ap.add_argument(
        "--themes",
        metavar="JSON",
        help='file with custom themes: {"parking": ["parkering", "parking"], ...}',
    )
    ap.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    ap.add_argument("--version", action="version", version=f"lytt.text {__version__}")
    return ap


def _lines(fh: IO[str]) -> Iterator[str]:
    for line in fh:
        yield line.rstrip("\r\n")


def _count_lines(path: str) -> int:
    try:
        with open(path, "rb") as fh:
            return sum(buf.count(b"\n") for buf in iter(lambda: fh.read(1 << 20), b""))
    except OSError:
        return 0


class _Progress:
    """A minimal progress bar on stderr."""

    def __init__(self, total: int, stream: IO[str]) -> None:
        self.total = max(1, total)
        self.stream = stream
        self.last = -1

    def update(self, done: int) -> None:
        pct = min(100, done * 100 // self.total)
        if pct != self.last:
            self.last = pct
            bar = "#" * (pct // 4)
            self.stream.write(f"\r[{bar:<25}] {pct:3d}% {done}/{self.total}")
            self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")
        self.stream.flush()


def _cell(s: str, width: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= width else s[: width - 1] + "…"


def _table_header() -> str:
    return (
        f"{'text':<40} {'lang':<4} {'sentiment':<9} {'strategy':<10} "
        f"{'needs':<22} {'themes':<28} {'root causes':<24} churn"
    )


def _table_row(a: Analysis) -> str:
    needs = ",".join(n for n, _ in a.needs) or "-"
    return (
        f"{_cell(a.text, 40):<40} {a.language:<4} {a.sentiment:<9} {a.strategy:<10} "
        f"{_cell(needs, 22):<22} {_cell(','.join(a.themes) or '-', 28):<28} "
        f"{_cell(','.join(a.root_causes) or '-', 24):<24} {a.churn_risk:.2f}"
    )


def _load_themes(path: str) -> CompiledThemes:
    with open(path, encoding="utf-8") as fh:
        data: Any = json.load(fh)
    if not isinstance(data, dict):
        raise ValueError("the themes file must hold a JSON object of name -> list of keywords")
    return compile_themes(
        {str(k): [str(w) for w in (v if isinstance(v, list) else [v])] for k, v in data.items()}
    )


def run(
    texts: Iterable[str],
    out: IO[str],
    fmt: str,
    custom: CompiledThemes | None,
    progress: _Progress | None,
    chunk: int = CHUNK,
) -> int:
    """Analyse `chunk` lines at a time with `analyze_many` (its batched stages are
    faster); `chunk=1` answers each line as it comes (someone typing)."""
    if fmt == "table":
        out.write(_table_header() + "\n")
    n = 0
    lines = iter(texts)
    while batch := list(islice(lines, chunk)):
        for a in analyze_many(batch, custom_themes=custom):
            if fmt == "table":
                out.write(_table_row(a) + "\n")
            else:
                out.write(json.dumps(a.to_dict(), ensure_ascii=False) + "\n")
        n += len(batch)
        if progress is not None:
            progress.update(n)
    if progress is not None:
        progress.update(n)
        progress.close()
    return n


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    custom = None
    if args.themes:
        try:
            custom = _load_themes(args.themes)
        except (OSError, ValueError) as exc:
            print(f"lytt analyze: cannot read themes file {args.themes}: {exc}", file=sys.stderr)
            return 2
    out = sys.stdout
    try:
        if args.file == "-":
            fh: IO[str] = sys.stdin
            total = 0
        else:
            fh = open(args.file, encoding="utf-8", errors="replace")  # noqa: SIM115
            total = _count_lines(args.file)
    except OSError as exc:
        print(f"lytt analyze: cannot open {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    progress = None
    if not args.no_progress and total > PROGRESS_MIN_LINES and sys.stderr.isatty():
        progress = _Progress(total, sys.stderr)
    try:
        run(_lines(fh), out, args.format, custom, progress, chunk=1 if fh.isatty() else CHUNK)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    finally:
        if fh is not sys.stdin:
            fh.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
