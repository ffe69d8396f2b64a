"""Regression guard: the rules must keep the scores they reach on the hand-labelled set.

The floors are the measured figures (see docs/text-rules.md) minus a small margin, so a
change that breaks a lexicon or rule fails here. Sentiment and language belong to the
statistical models and are guarded by their own tests.
"""

from __future__ import annotations

import pytest

from lytt.text.eval_feedback import BLIND_SPLITS, evaluate, load_labelled

FLOORS = {
    # macro-F1 floors per split (dev, holdout, blind, blind2, ..., blind8):
    # the measured figures minus ~0.04. blind7 and blind8 were never tuned on: their
    # floors are the honest figures of the shipped lexicons (v2.0), minus the margin.
    # strategy reads the sentiment label: with the customer-feedback sentiment layer
    # blind3 went 0.97 -> 0.91 and blind2 0.82 -> 0.89 (all 818 texts 0.919 -> 0.929)
    "strategy": (0.91, 0.91, 0.90, 0.78, 0.87, 0.85, 0.91, 0.88, 0.54, 0.67),
    "needs": (0.87, 0.88, 0.91, 0.85, 0.83, 0.75, 0.77, 0.62, 0.45, 0.76),
    "root_causes": (0.94, 0.96, 0.94, 0.96, 0.93, 0.96, 0.91, 0.96, 0.29, 0.82),
    "churn": (0.93, 0.90, 0.96, 0.84, 0.92, 0.96, 0.92, 0.91, 0.77, 0.76),
    "themes": (0.83, 0.86, 0.48, 0.50, 0.39, 0.30, 0.41, 0.54, 0.55, 0.43),
}


@pytest.fixture(scope="module")
def reports() -> dict[str, object]:
    rows = load_labelled()
    blind = load_labelled("feedback_blind.jsonl")
    return {
        "dev": evaluate([r for r in rows if r["split"] == "dev"]),
        "holdout": evaluate([r for r in rows if r["split"] == "holdout"]),
        "blind": evaluate([r for r in blind if r["split"] == "blind"]),
        "blind2": evaluate([r for r in blind if r["split"] == "blind2"]),
        "blind3": evaluate([r for r in blind if r["split"] == "blind3"]),
        "blind4": evaluate([r for r in blind if r["split"] == "blind4"]),
        "blind5": evaluate([r for r in blind if r["split"] == "blind5"]),
        "blind6": evaluate([r for r in blind if r["split"] == "blind6"]),
        "blind7": evaluate([r for r in blind if r["split"] == "blind7"]),
        "blind8": evaluate([r for r in blind if r["split"] == "blind8"]),
    }


def test_labelled_set_is_complete() -> None:
    rows = load_labelled()
    assert len(rows) >= 400
    assert {r["language"] for r in rows} == {"nb", "nn", "sv", "da", "en"}
    assert {r["split"] for r in rows} == {"dev", "holdout"}
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["strategy"] in {"irritation", "passivity", "relation", "none"}
        assert r["churn"] in {"high", "low"}
        assert r["sentiment"] in {"negative", "neutral", "positive"}


@pytest.mark.parametrize("task", sorted(FLOORS))
def test_rule_scores_do_not_regress(task: str, reports: dict[str, dict]) -> None:
    for split, floor in zip(
        ("dev", "holdout", *BLIND_SPLITS),
        FLOORS[task],
        strict=True,
    ):
        assert reports[split][task].macro_f1 >= floor, (split, reports[split][task].macro_f1)
