"""Churn risk in [0, 1] from leave signals ("aldri mer", "bytter til", "sier opp",
"won't be back") and return signals ("kommer gjerne igjen"; negated return signals such as
"kommer ikke tilbake" count as leave signals).

risk = 1 - exp(-(leave - 0.5 * return + context)), clipped to [0, 1], where context adds a
little for a passive strategy (silent churn) and for strong irritation.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .normalize import fold
from .scoring import TaskScores

__all__ = ["HIGH", "score"]

HIGH = 0.5


# "ikke ... igjen", "not ... again", "aldri ... tilbake": a negated return, whatever the verb.
# (nynorsk "att" is left out: it folds to "at", the nb/da/en word for "that"; "ingen" is
# left out: "ingen ringer tilbake" is about the provider, not the customer)
_NEGATORS = frozenset(
    fold(w)
    for w in (
        "ikke",
        "ikkje",
        "inte",
        "not",
        "never",
        "won't",
        "wont",
        "aldri",
        "aldrig",
        "neppe",
        "næppe",
        "knappast",
        "inget",
    )
)
_AGAIN = frozenset(
    fold(w)
    for w in (
        "igjen",
        "igen",
        "again",
        "tilbake",
        "tillbaka",
        "tilbage",
        "tillbaks",
        "back",
        "mer",
        "meir",
        "mere",
        "anymore",
        "lenger",
        "lengre",
        "längre",
        "længere",
    )
)
# "fått tillbaka (pengarna)", "got back": getting something back is not returning
_GET = frozenset(
    fold(w) for w in ("få", "fått", "fikk", "fekk", "fick", "fik", "fået", "get", "got", "gotten")
)
NEGATED_RETURN_WEIGHT = 1.0


def negated_return(folded: Sequence[str]) -> bool:
    """True when a negator is followed within four words by again/back/more."""
    if _NEGATORS.isdisjoint(folded):  # most texts: one C-level pass, no Python loop
        return False
    last = -100
    for i, t in enumerate(folded):
        if t in _NEGATORS:
            last = i
        elif t in _AGAIN and 0 < i - last <= 4 and (i == 0 or folded[i - 1] not in _GET):
            return True
    return False


def score(scores: TaskScores, strategy: str, folded: Sequence[str] = ()) -> float:
    s = scores.get("churn", {})
    leave = s.get("leave")
    ret = s.get("return")
    total = leave.score if leave else 0.0
    if total < 2.0 and negated_return(folded):
        total += NEGATED_RETURN_WEIGHT
    if ret is not None:
        total += ret.negated
        total -= 0.5 * ret.score
    if strategy == "passivity":
        total += 0.3
    if total <= 0:
        return 0.0
    return round(min(1.0, 1.0 - math.exp(-total)), 4)
