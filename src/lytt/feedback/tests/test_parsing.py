"""Answer parsing never crashes on arbitrary input and accepts exactly the valid values."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from lytt.feedback import answers as answer_lib
from lytt.feedback.customers import customer_key, normalise_email, normalise_phone
from lytt.feedback.tests.conftest import DEFINITION

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=8,
)


@given(st.dictionaries(st.sampled_from(["nps", "why", "helped", "topics", "zz"]), json_values))
def test_clean_answers_never_raises(raw: dict[str, Any]) -> None:
    values, errors = answer_lib.clean_answers(DEFINITION, raw)
    assert set(values) <= {"nps", "why", "helped", "topics"}
    assert not set(values) & set(errors)
    if "zz" in raw:
        assert "zz" in errors
    for key, value in values.items():
        question = answer_lib.questions_by_key(DEFINITION)[key]
        fields = answer_lib.answer_fields(question, value)
        assert fields["question_key"] == key


@given(st.integers(min_value=-50, max_value=50), st.sampled_from([str, int, float]))
def test_nps_range(n: int, as_type: Any) -> None:
    values, errors = answer_lib.clean_answers(DEFINITION, {"nps": as_type(n), "helped": "yes"})
    if 0 <= n <= 10:
        assert values["nps"] == n and "nps" not in errors
        score, kind = answer_lib.headline_score(DEFINITION, values)
        assert score == n and kind == "nps"
    else:
        assert "nps" in errors and "nps" not in values


@given(st.lists(st.sampled_from(["price", "service", "range"]), max_size=5))
def test_choices_round_trip(choices: list[str]) -> None:
    values, errors = answer_lib.clean_answers(
        DEFINITION, {"nps": 9, "helped": True, "topics": choices}
    )
    assert not errors
    if choices:
        stored = answer_lib.answer_fields(
            answer_lib.questions_by_key(DEFINITION)["topics"], values["topics"]
        )
        assert set(stored["choices"]) == set(choices)


class _Org:
    customer_key = "k" * 32


@given(st.emails(), st.text(" \t", max_size=3), st.booleans())
def test_email_normalisation(email: str, pad: str, upper: bool) -> None:
    variant = pad + (email.upper() if upper else email) + pad
    assert normalise_email(variant) == normalise_email(email)
    assert customer_key(_Org(), email=variant) == customer_key(_Org(), email=email)


@given(st.from_regex(r"\+?[0-9]{8,12}", fullmatch=True))
def test_phone_normalisation(phone: str) -> None:
    spaced = " ".join(phone[i : i + 2] for i in range(0, len(phone), 2))
    assert normalise_phone(spaced) == normalise_phone(phone)
