"""Needs in a difficult moment (DOMAIN.md section 3): confirmation, control, influence.

A need is reported when its cues reach the threshold. Negation does not cancel a need:
"ingen lyttet" (nobody listened) and "følte meg hørt" (I felt heard) both show that
being confirmed matters to this customer.
"""

from __future__ import annotations

from .normalize import Prepared
from .scoring import TaskScores

__all__ = ["LABELS", "decide"]

LABELS = ("confirmation", "control", "influence")
THRESHOLD = 1.5


def decide(scores: TaskScores, p: Prepared) -> list[tuple[str, list[str]]]:
    s = scores.get("needs", {})
    out: list[tuple[str, list[str]]] = []
    for label in LABELS:
        ls = s.get(label)
        score = ls.score if ls else 0.0
        if label == "control" and "?" in p.norm and score > 0:
            score += 0.5
        if ls is not None and score >= THRESHOLD:
            out.append((label, list(ls.evidence)))
    return out
