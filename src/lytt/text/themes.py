"""Themes (what a text is about) and root-cause hints (DOMAIN.md section 4).

Themes come from ``lexicons/themes.json``; root causes from ``lexicons/root_causes.json``.
A label is reported when its matched cue weight reaches 1 (themes) or 1.5 (root causes).

Organisations add their own themes with :func:`compile_themes`: keywords in any language,
matched with the same folding and spelling-variant tables as the shipped lexicons, so
"parkering", "parkeringsplass", "parkerng" and "PARKERING" all hit a "parking" theme.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .matching import CueIndex, build_index, canonical, match
from .normalize import fold
from .scoring import TaskScores, group_hits

__all__ = ["ROOT_CAUSES", "THEMES", "CompiledThemes", "compile_themes", "decide", "decide_custom"]

THEMES = (
    "waiting_time",
    "staff_attitude",
    "competence",
    "price",
    "product_quality",
    "cleanliness",
    "delivery",
    "booking",
    "billing",
    "app_website",
    "opening_hours",
)
ROOT_CAUSES = (
    "system_error",
    "growing_pains",
    "insufficient_training",
    "misunderstanding",
    "under_capacity",
    "unclarified_expectations",
)
THEME_THRESHOLD = 1.0
ROOT_THRESHOLD = 1.5


@dataclass(frozen=True, slots=True)
class CompiledThemes:
    """An organisation's own themes, compiled once and reused for many texts."""

    names: tuple[str, ...]
    index: CueIndex
    # folded single keywords of 5+ letters -> theme, for compounds ("parkeringsautomat")
    prefixes: dict[str, str]
    prefix_lengths: tuple[int, ...]


def compile_themes(themes: Mapping[str, Iterable[str]]) -> CompiledThemes:
    """Compile ``{"parking": ["parkering", "parkeringsplass", "parking"]}``.

    Keywords may be phrases ("lang kø") and may end in ``*`` to also match inflected and
    compound forms ("parker*"). Empty names and keywords are ignored; never raises on
    strings.
    """
    entries: list[tuple[str, str, str]] = []
    names: list[str] = []
    prefixes: dict[str, str] = {}
    for name, words in themes.items():
        label = str(name).strip()
        if not label:
            continue
        if isinstance(words, str):
            words = [words]
        added = False
        for w in words:
            term = str(w).replace("|", " ").strip()
            if not term:
                continue
            words_in = term.split()
            if not words_in[-1].endswith("*"):
                # inflected forms of the last word too: "parkeringsplass" -> "...plasser"
                words_in[-1] += "*"
            entries.append(("custom", label, " ".join(words_in)))
            added = True
            if len(words_in) == 1:
                key = fold(words_in[0].rstrip("*").lower())
                if len(key) >= 5 and key.isalpha():
                    prefixes.setdefault(key, label)
        if added:
            names.append(label)
    lengths = tuple(sorted({len(k) for k in prefixes}))
    return CompiledThemes(tuple(names), build_index(entries), prefixes, lengths)


def decide(scores: TaskScores) -> tuple[list[str], list[str]]:
    th = scores.get("themes")
    rc = scores.get("root_causes")
    themes = [t for t in THEMES if t in th and th[t].score >= THEME_THRESHOLD] if th else []
    roots = [r for r in ROOT_CAUSES if r in rc and rc[r].score >= ROOT_THRESHOLD] if rc else []
    return themes, roots


def decide_custom(folded: tuple[str, ...], custom: CompiledThemes) -> list[str]:
    toks = canonical(folded, custom.index)
    hits = match(toks, custom.index)
    found: set[str] = set()
    if hits:
        found.update(group_hits(hits, toks).get("custom", {}))
    if custom.prefixes:
        pre = custom.prefixes
        lengths = custom.prefix_lengths
        for t in toks:
            n = len(t)
            for k in lengths:
                if k >= n:
                    break
                lab = pre.get(t[:k])
                if lab is not None:
                    found.add(lab)
    return [n for n in custom.names if n in found]
