"""Needs in a difficult moment (DOMAIN.md section 3): confirmation, control, influence.

A need is reported when its cues reach the threshold. Negation does not cancel a need:
"ingen lyttet" (nobody listened) and "følte meg hørt" (I felt heard) both show that
being confirmed matters to this customer.
"""

from __future__ import annotations

from .normalize import Prepared, fold
from .scoring import LabelScore, TaskScores

__all__ = ["LABELS", "decide"]

LABELS = ("confirmation", "control", "influence")
THRESHOLD = 1.5
# a question about where/when/how far something is, is a question for control
_STATE_QUESTION = frozenset(
    fold(w)
    for w in (
        "hvor",
        "kor",
        "kvar",
        "hvornår",
        "når",
        "när",
        "when",
        "where",
        "status",
        "nytt",
        "update",
        "updates",
        "oppdatering",
        "uppdatering",
        "opdatering",
        "langt",
        "långt",
        "far",
        "lenge",
        "länge",
        "længe",
        "long",
    )
)


def decide(scores: TaskScores, p: Prepared) -> list[tuple[str, list[str]]]:
    s = scores.get("needs")
    question = "?" in p.norm
    if not s:
        if not question:
            return []
        s = {}
    out: list[tuple[str, list[str]]] = []
    for label in LABELS:
        ls = s.get(label)
        score = ls.score if ls else 0.0
        if label == "control" and question:
            if score > 0:
                score += 0.5
            else:
                words = [
                    w for w, f in zip(p.tokens, p.folded, strict=False) if f in _STATE_QUESTION
                ]
                if words:
                    score = THRESHOLD
                    ls = LabelScore(evidence=[*words[:3], "?"])
        if ls is not None and score >= THRESHOLD:
            out.append((label, list(ls.evidence)))
    return out
