"""Scoring a mystery shop. Pure functions: no Django, no database.

The formula
-----------
For a criterion c with weight w_c:

* yes/partly/no criterion: points(c) = w_c × {yes: 1, partly: 0.5, no: 0}
* scale criterion with maximum m (answers 0..m): points(c) = w_c × value / m
* "na" (not applicable) or unanswered: the criterion is left out entirely; it adds
  nothing to the achieved points *and* nothing to the achievable points.

Section s: achievable(s) = Σ w_c over its answered, applicable criteria;
score(s) = Σ points(c) / achievable(s), or None when achievable(s) = 0.

Total: Σ W_s × score(s) / Σ W_s over the sections with a score (W_s the section
weight). A section without achievable points neither helps nor hurts. The total is
None when no section has a score. All scores are in [0, 1].
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

YNP_POINTS: dict[str, float] = {"yes": 1.0, "partly": 0.5, "no": 0.0}
NOT_APPLICABLE = "na"
YNP_VALUES = ("yes", "partly", "no", NOT_APPLICABLE)


@dataclass(frozen=True)
class CriterionSpec:
    key: str
    kind: str = "ynp"  # "ynp" or "scale"
    weight: float = 1.0
    scale_max: int = 5


@dataclass(frozen=True)
class SectionSpec:
    key: str
    weight: float
    criteria: Sequence[CriterionSpec]


@dataclass(frozen=True)
class Score:
    total: float | None
    sections: dict[str, float | None]
    achieved: dict[str, float]
    achievable: dict[str, float]


def criterion_share(spec: CriterionSpec, value: object) -> float | None:
    """The share (0..1) of the criterion's weight achieved, or None when excluded."""
    if value is None or value == "" or value == NOT_APPLICABLE:
        return None
    if spec.kind == "scale":
        number = float(value)  # type: ignore[arg-type]
        if spec.scale_max <= 0:
            return None
        return min(max(number / spec.scale_max, 0.0), 1.0)
    if value not in YNP_POINTS:
        raise ValueError(f"not a yes/partly/no/na answer: {value!r}")
    return YNP_POINTS[str(value)]


def score(sections: Sequence[SectionSpec], answers: Mapping[str, object]) -> Score:
    """Score the answers (criterion key → "yes"/"partly"/"no"/"na" or a number)."""
    section_scores: dict[str, float | None] = {}
    achieved: dict[str, float] = {}
    achievable: dict[str, float] = {}
    weighted = 0.0
    weights = 0.0
    for section in sections:
        got = 0.0
        possible = 0.0
        for spec in section.criteria:
            share = criterion_share(spec, answers.get(spec.key))
            if share is None or spec.weight <= 0:
                continue
            got += spec.weight * share
            possible += spec.weight
        achieved[section.key] = got
        achievable[section.key] = possible
        if possible > 0:
            section_score = min(got / possible, 1.0)
            section_scores[section.key] = section_score
            if section.weight > 0:
                weighted += section.weight * section_score
                weights += section.weight
        else:
            section_scores[section.key] = None
    total = min(weighted / weights, 1.0) if weights > 0 else None
    return Score(total, section_scores, achieved, achievable)
