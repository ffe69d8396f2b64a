"""Churn risk in [0, 1] from leave signals ("aldri mer", "bytter til", "sier opp",
"won't be back") and return signals ("kommer gjerne igjen"; negated return signals such as
"kommer ikke tilbake" count as leave signals).

risk = 1 - exp(-(leave - 0.5 * return + context)), clipped to [0, 1], where context adds a
little for a passive strategy (silent churn) and for strong irritation.
"""

from __future__ import annotations

import math

from .scoring import TaskScores

__all__ = ["HIGH", "score"]

HIGH = 0.5


def score(scores: TaskScores, strategy: str) -> float:
    s = scores.get("churn", {})
    leave = s.get("leave")
    ret = s.get("return")
    total = leave.score if leave else 0.0
    if ret is not None:
        total += ret.negated
        total -= 0.5 * ret.score
    if strategy == "passivity":
        total += 0.3
    if total <= 0:
        return 0.0
    return round(min(1.0, 1.0 - math.exp(-total)), 4)
