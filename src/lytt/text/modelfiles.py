"""Lazy, once-only loading of the shipped model files (``lytt/text/models/*.json``).

Files are read with ``importlib.resources`` so they work from a wheel or a zip; they are
plain JSON (no pickles). Each carries ``version`` and ``attribution``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from lytt.text.features import Lexicon

__all__ = ["load_model", "sentiment_lexicon"]

_LEX_FOR_LANG = {"nb": "no", "nn": "no", "no": "no", "da": "da", "sv": "sv", "en": "en"}


@cache
def load_model(name: str) -> dict[str, Any]:
    """The parsed JSON model ``name`` (e.g. ``"langid"``), loaded once per process."""
    ref = resources.files("lytt.text").joinpath("models").joinpath(f"{name}.json")
    data: dict[str, Any] = json.loads(ref.read_text(encoding="utf-8"))
    return data


@cache
def _common() -> frozenset[str]:
    return frozenset(load_model("lexicon")["common"])


@cache
def sentiment_lexicon(lang: str) -> Lexicon:
    """The sentiment lexicon for a language code (nb/nn share "no"; unknown -> en)."""
    lexicons: dict[str, dict[str, dict[str, float]]] = load_model("lexicon")["lexicons"]
    lx = lexicons[_LEX_FOR_LANG.get(lang, "en")]
    return Lexicon(lx["exact"], lx["folded"], _common())
