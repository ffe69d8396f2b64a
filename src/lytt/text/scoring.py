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
    if not hits:
        return out
    taken: dict[tuple[str, str], list[tuple[int, int]]] = {}
    if len(hits) > 1:
        # longer spans first so that a phrase claims its tokens before its parts
        hits = sorted(hits, key=_order)
    for cue, start, end, negated in hits:
        key = (cue.task, cue.label)
        spans = taken.get(key)
        if spans is None:
            taken[key] = [(start, end)]
        else:
            clash = False
            for s, e in spans:
                if start < e and s < end:
                    clash = True
                    break
            if clash:
                continue
            spans.append((start, end))
        task = out.get(cue.task)
        if task is None:
            task = out[cue.task] = {}
        ls = task.get(cue.label)
        if ls is None:
            ls = task[cue.label] = LabelScore()
        words = tokens[start] if end == start + 1 else " ".join(tokens[start:end])
        if negated:
            ls.negated += cue.weight
            ls.negated_evidence.append(words)
        else:
            ls.score += cue.weight
            if words not in ls.evidence:
                ls.evidence.append(words)
    return out


def _order(h: Hit) -> tuple[int, float]:
    return (h[1] - h[2], -h[0].weight)
