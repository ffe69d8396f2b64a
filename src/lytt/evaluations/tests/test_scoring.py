"""The scoring formula: a hand-computed example and properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lytt.evaluations.scoring import CriterionSpec, SectionSpec, criterion_share, score

EXAMPLE = [
    SectionSpec(
        "a",
        2.0,
        [CriterionSpec("c1"), CriterionSpec("c2", weight=2.0), CriterionSpec("c3")],
    ),
    SectionSpec("b", 1.0, [CriterionSpec("c4", "scale", 1.0, 5), CriterionSpec("c5")]),
    SectionSpec("c", 5.0, [CriterionSpec("c6")]),
]
EXAMPLE_ANSWERS = {"c1": "yes", "c2": "partly", "c3": "na", "c4": 3, "c5": "no", "c6": "na"}


def test_hand_computed_example() -> None:
    # Section a: yes (1 × 1) + partly (0.5 × 2) = 2 of 3 achievable (c3 n/a) -> 2/3.
    # Section b: 3/5 of weight 1 = 0.6, plus no = 0 -> 0.6 of 2 -> 0.3.
    # Section c: only n/a -> no score, and its weight 5 is left out of the total.
    # Total: (2 × 2/3 + 1 × 0.3) / (2 + 1) = 0.5444...
    result = score(EXAMPLE, EXAMPLE_ANSWERS)
    assert result.sections["a"] == pytest.approx(2 / 3)
    assert result.sections["b"] == pytest.approx(0.3)
    assert result.sections["c"] is None
    assert result.achievable == {"a": 3.0, "b": 2.0, "c": 0.0}
    assert result.total == pytest.approx((2 * 2 / 3 + 0.3) / 3)
    assert round(result.total * 100, 2) == 54.44


def test_nothing_applicable_has_no_total() -> None:
    result = score(EXAMPLE, {k: "na" for k in EXAMPLE_ANSWERS})
    assert result.total is None
    assert set(result.sections.values()) == {None}


def test_bad_answer_is_rejected() -> None:
    with pytest.raises(ValueError):
        criterion_share(CriterionSpec("x"), "maybe")


ynp = st.sampled_from(["yes", "partly", "no", "na"])


@st.composite
def forms_and_answers(draw):  # type: ignore[no-untyped-def]
    sections = []
    answers: dict[str, object] = {}
    n = 0
    for s in range(draw(st.integers(1, 4))):
        criteria = []
        for _ in range(draw(st.integers(1, 5))):
            n += 1
            key = f"c{n}"
            weight = draw(st.floats(0.1, 10))
            if draw(st.booleans()):
                scale_max = draw(st.integers(1, 10))
                criteria.append(CriterionSpec(key, "scale", weight, scale_max))
                answers[key] = draw(st.one_of(st.integers(0, scale_max), st.just("na")))
            else:
                criteria.append(CriterionSpec(key, "ynp", weight))
                answers[key] = draw(ynp)
        sections.append(SectionSpec(f"s{s}", draw(st.floats(0.1, 10)), criteria))
    return sections, answers


@given(forms_and_answers())
def test_scores_are_shares(case) -> None:  # type: ignore[no-untyped-def]
    sections, answers = case
    result = score(sections, answers)
    values = [v for v in result.sections.values() if v is not None]
    for v in values:
        assert 0.0 <= v <= 1.0
    if result.total is None:
        assert values == []
    else:
        assert 0.0 <= result.total <= 1.0
        assert min(values) - 1e-9 <= result.total <= max(values) + 1e-9


@given(forms_and_answers())
def test_all_yes_scores_one(case) -> None:  # type: ignore[no-untyped-def]
    sections, _answers = case
    best = {
        c.key: (c.scale_max if c.kind == "scale" else "yes") for s in sections for c in s.criteria
    }
    result = score(sections, best)
    assert result.total == pytest.approx(1.0)
    assert all(v == pytest.approx(1.0) for v in result.sections.values())


@given(forms_and_answers())
def test_all_no_scores_zero(case) -> None:  # type: ignore[no-untyped-def]
    sections, _answers = case
    worst = {c.key: (0 if c.kind == "scale" else "no") for s in sections for c in s.criteria}
    assert score(sections, worst).total == 0.0


@given(forms_and_answers(), st.data())
def test_not_applicable_is_the_same_as_leaving_the_criterion_out(case, data) -> None:  # type: ignore[no-untyped-def]
    sections, answers = case
    keys = [c.key for s in sections for c in s.criteria]
    dropped = data.draw(st.sampled_from(keys))
    with_na = score(sections, {**answers, dropped: "na"})
    without = [
        SectionSpec(s.key, s.weight, [c for c in s.criteria if c.key != dropped]) for s in sections
    ]
    removed = score(without, answers)
    assert with_na.sections == pytest.approx(removed.sections)
    if with_na.total is None:
        assert removed.total is None
    else:
        assert math.isclose(with_na.total, removed.total or 0.0, abs_tol=1e-9)


@given(forms_and_answers(), st.data())
def test_better_answer_never_lowers_the_score(case, data) -> None:  # type: ignore[no-untyped-def]
    sections, answers = case
    ynp_keys = [c.key for s in sections for c in s.criteria if c.kind == "ynp"]
    if not ynp_keys:
        return
    key = data.draw(st.sampled_from(ynp_keys))
    before = score(sections, {**answers, key: "no"}).total
    after = score(sections, {**answers, key: "yes"}).total
    assert before is not None and after is not None
    assert after >= before - 1e-12
