"""``python -m lytt.text [FILE]``: the same as ``lytt analyze``."""

from __future__ import annotations

from .cli import main

raise SystemExit(main())
