"""Grouping of cue hits per task and label (shared by strategy, needs, themes, churn)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .matching import Hit

__all__ = ["LabelScore", "TaskScores", "group_hits"]


@dataclass(slots=True)
class LabelScore:
    score: float = 0.0
    negated: float = 0.0
    evidence: list[str] = field(default_factory=list)
    negated_evidence: list[str] = field(default_factory=list)


TaskScores = dict[str, dict[str, LabelScore]]


def group_hits(hits: Sequence[Hit], tokens: Sequence[str]) -> TaskScores:
    """Sum cue weights per task and label, collecting the original words as evidence.

    Overlapping hits of the same label count once (the longest/strongest wins), so
    "aldri mer" and "aldri" do not double-count.
    """
    out: TaskScores = {}
    taken: dict[tuple[str, str], list[tuple[int, int]]] = {}
    # longer spans first so that a phrase claims its tokens before its parts
    for h in sorted(hits, key=lambda h: (h.start - h.end, -h.cue.weight)):
        key = (h.cue.task, h.cue.label)
        spans = taken.setdefault(key, [])
        if any(h.start < e and s < h.end for s, e in spans):
            continue
        spans.append((h.start, h.end))
        ls = out.setdefault(h.cue.task, {}).setdefault(h.cue.label, LabelScore())
        words = " ".join(tokens[h.start : h.end])
        if h.negated:
            ls.negated += h.cue.weight
            ls.negated_evidence.append(words)
        else:
            ls.score += h.cue.weight
            if words not in ls.evidence:
                ls.evidence.append(words)
    return out
