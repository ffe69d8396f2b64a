"""Definition validation and answer parsing, including property-based tests."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lytt.surveys import builder, catalogue
from lytt.surveys.definition import (
    QUESTION_TYPES,
    is_visible,
    questions,
    text_for,
    validate_answer,
    validate_answers,
    validate_definition,
)

LANGS = ["nb", "sv"]


def _q(key, qtype="text", **extra):
    q = {"key": key, "type": qtype, "text": {"nb": f"Spørsmål {key}", "sv": f"Fråga {key}"}}
    if qtype in ("single_choice", "multiple_choice"):
        q["options"] = [{"key": "a", "text": {"nb": "A"}}, {"key": "b", "text": {"nb": "B"}}]
    if qtype == "competency":
        q["competency_item"] = "listened"
    q.update(extra)
    return q


def _d(*qs):
    return {"pages": [{"key": "p1", "questions": list(qs)}]}


def _errors(definition, **kw):
    with pytest.raises(ValidationError) as exc:
        validate_definition(
            definition, languages=LANGS, default_language="nb", competency_keys=["listened"], **kw
        )
    return " | ".join(exc.value.messages)


def test_every_type_validates():
    d = _d(*[_q(f"q{n}", t) for n, t in enumerate(QUESTION_TYPES)])
    clean = validate_definition(
        d, languages=LANGS, default_language="nb", competency_keys=["listened"]
    )
    assert [q["type"] for q in questions(clean)] == list(QUESTION_TYPES)


@pytest.mark.parametrize(
    ("definition", "message"),
    [
        (_d(_q("a", "stars")), "unknown question type stars"),
        (_d(_q("a"), _q("a")), "Duplicate question key: a"),
        (
            _d(_q("a", show_if={"question": "b", "op": "eq", "value": "x"}), _q("b")),
            "earlier question",
        ),
        (_d(_q("a", show_if={"question": "zz", "op": "eq", "value": "x"})), "earlier question"),
        (
            _d(_q("a", "nps"), _q("b", show_if={"question": ["a"], "op": "eq", "value": 1})),
            "earlier question",
        ),
        (
            _d(_q("a", "nps"), _q("b", show_if={"question": "a", "op": "like", "value": 1})),
            "unknown condition operator",
        ),
        (
            _d(_q("a", "nps"), _q("b", show_if={"question": "a", "op": "lte", "value": 11})),
            "not a possible answer",
        ),
        (
            _d(_q("a", "yes_no"), _q("b", show_if={"question": "a", "op": "gte", "value": True})),
            "compare numbers",
        ),
        (_d(_q("a", "rating", scale={"min": 5, "max": 2})), "scale must run upwards"),
        (_d(_q("a", "rating", scale={"min": 0, "max": 20})), "scale must run upwards"),
        (_d(_q("a", "nps", scale={"min": 1, "max": 10})), "always uses the scale 0-10"),
        (_d(_q("a", "rating", scale={"min": "1", "max": 5})), "whole numbers"),
        (
            _d({"key": "a", "type": "text", "text": {"sv": "Fråga"}}),
            "default language (nb) is missing",
        ),
        (_d(_q("a", text={"nb": "x", "fi": "y"})), "not offered in language fi"),
        (
            _d(_q("a", "single_choice", options=[{"key": "a", "text": {"nb": "A"}}])),
            "at least two options",
        ),
        (
            _d(
                _q(
                    "a",
                    "single_choice",
                    options=[{"key": "a", "text": {"nb": "A"}}, {"key": "a", "text": {"nb": "B"}}],
                )
            ),
            "duplicate option key a",
        ),
        (_d(_q("a", "competency", competency_item="nope")), "unknown competency item nope"),
        (_d(_q("a", "competency", competency_item=None)), "choose the competency item"),
        (_d(_q("a", colour="red")), "unknown field colour"),
        (_d(_q("A B")), "the key must be"),
        (_d(_q("a", required="yes")), "required must be true or false"),
        ({"pages": []}, "at least one page"),
        ({"pages": [{"key": "p1", "questions": []}]}, "at least one question"),
        ({"questions": []}, "list of pages"),
    ],
)
def test_invalid_definitions_are_refused_with_clear_messages(definition, message):
    assert message in _errors(definition)


def test_all_problems_are_reported_together():
    text = _errors(_d(_q("a", "stars"), _q("b", "rating", scale={"min": 3, "max": 1})))
    assert "stars" in text and "upwards" in text


@pytest.mark.parametrize(
    ("qtype", "raw", "value"),
    [
        ("nps", "0", 0),
        ("nps", 10, 10),
        ("csat", " 5 ", 5),
        ("ces", 7.0, 7),
        ("yes_no", "ja", True),
        ("yes_no", "Nej", False),
        ("yes_no", False, False),
        ("single_choice", "a", "a"),
        ("single_choice", ["b"], "b"),
        ("multiple_choice", ["b", "a", "b"], ["a", "b"]),
        ("text", "  Bra service  ", "Bra service"),
        ("competency", "4", 4),
    ],
)
def test_answers_are_parsed(qtype, raw, value):
    assert validate_answer(_q("q", qtype), raw) == value


@pytest.mark.parametrize(
    ("qtype", "raw"),
    [
        ("nps", "11"),
        ("nps", "-1"),
        ("nps", "7.5"),
        ("nps", "ti"),
        ("nps", True),
        ("csat", 0),
        ("yes_no", "kanskje"),
        ("single_choice", "c"),
        ("single_choice", ["a", "b"]),
        ("multiple_choice", ["a", "z"]),
        ("text", "x" * 5001),
        ("text", {"a": 1}),
    ],
)
def test_bad_answers_are_refused(qtype, raw):
    with pytest.raises(ValidationError):
        validate_answer(_q("q", qtype), raw)


def test_required_and_optional_empty_answers():
    assert validate_answer(_q("q"), "  ") is None
    with pytest.raises(ValidationError) as exc:
        validate_answer(_q("q", required=True), "")
    assert exc.value.code == "required"


def test_visibility_and_validate_answers():
    d = _d(
        _q("found", "yes_no", required=True),
        _q("missing", required=True, show_if={"question": "found", "op": "eq", "value": False}),
        _q("score", "nps"),
        _q("low", show_if={"question": "score", "op": "lte", "value": 6}),
        _q("pick", "multiple_choice"),
        _q("why_b", show_if={"question": "pick", "op": "in", "value": ["b"]}),
    )
    values, errors = validate_answers(
        d,
        {
            "found": "yes",
            "missing": "ignored",
            "score": "3",
            "low": "Dårlig",
            "pick": ["b"],
            "why_b": "fordi",
        },
    )
    assert errors == {}
    assert values == {"found": True, "score": 3, "low": "Dårlig", "pick": ["b"], "why_b": "fordi"}
    values, errors = validate_answers(d, {"found": "nei"})
    assert set(errors) == {"missing"}
    values, errors = validate_answers(d, {"found": "nei"}, partial=True)
    assert errors == {} and values == {"found": False}
    assert not is_visible(d["pages"][0]["questions"][3], {})
    assert is_visible(d["pages"][0]["questions"][3], {"score": 6})
    assert not is_visible(d["pages"][0]["questions"][3], {"score": 7})


def test_text_for_falls_back():
    assert text_for({"nb": "Hei", "sv": "Hej"}, "sv") == "Hej"
    assert text_for({"nb": "Hei"}, "da", "nb") == "Hei"
    assert text_for({"en": "Hi"}, "da", "nb") == "Hi"
    assert text_for({}, "nb") == ""


# Property-based -------------------------------------------------------------------

raw_values = st.one_of(
    st.none(),
    st.sampled_from(["inf", "-inf", "nan", "1e400", "0x10", "½"]),
    st.booleans(),
    st.integers(-100, 100),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.lists(st.text(max_size=5), max_size=4),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@settings(max_examples=300, deadline=None)
@given(qtype=st.sampled_from(QUESTION_TYPES), raw=raw_values, required=st.booleans())
@example(qtype="nps", raw=float("inf"), required=False)
@example(qtype="csat", raw="nan", required=True)
@example(qtype="rating", raw="1e400", required=True)
def test_answer_parsing_never_crashes_and_stays_in_domain(qtype, raw, required):
    q = validate_definition(
        _d(_q("q", qtype, required=required)),
        languages=LANGS,
        default_language="nb",
        competency_keys=["listened"],
    )["pages"][0]["questions"][0]
    try:
        value = validate_answer(q, raw)
    except ValidationError as exc:
        assert exc.messages and all(isinstance(m, str) and m for m in exc.messages)
        return
    if value is None:
        assert not required
    elif qtype in ("nps", "csat", "ces", "rating", "competency"):
        assert isinstance(value, int) and q["scale"]["min"] <= value <= q["scale"]["max"]
    elif qtype == "yes_no":
        assert isinstance(value, bool)
    elif qtype == "single_choice":
        assert value in ("a", "b")
    elif qtype == "multiple_choice":
        assert set(value) <= {"a", "b"}
    else:
        assert isinstance(value, str) and len(value) <= 5000


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 20) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["key", "type", "text", "op", "min", "max", "question", "value", "nb"]),
            children,
            max_size=4,
        )
    ),
    max_leaves=20,
)
question_like = st.fixed_dictionaries(
    {
        "key": st.sampled_from(["a", "b", "c", "A", ""]),
        "type": st.sampled_from([*QUESTION_TYPES, "stars"]),
    },
    optional={
        "text": st.one_of(st.just({"nb": "Tekst"}), json_values),
        "required": json_values,
        "options": json_values,
        "scale": st.one_of(
            st.fixed_dictionaries({"min": st.integers(-2, 12), "max": st.integers(-2, 12)}),
            json_values,
        ),
        "show_if": st.one_of(
            st.fixed_dictionaries(
                {
                    "question": st.sampled_from(["a", "b", "c"]),
                    "op": st.sampled_from(["eq", "neq", "lte", "gte", "in", "x"]),
                    "value": json_values,
                }
            ),
            json_values,
        ),
        "competency_item": st.sampled_from(["listened", "nope", None]),
    },
)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        json_values,
        st.fixed_dictionaries(
            {
                "pages": st.lists(
                    st.fixed_dictionaries(
                        {"key": st.just("p1"), "questions": st.lists(question_like, max_size=4)}
                    ),
                    max_size=2,
                )
            }
        ),
    )
)
def test_definition_validation_never_crashes_and_clean_is_stable(definition):
    try:
        clean = validate_definition(
            definition, languages=LANGS, default_language="nb", competency_keys=["listened"]
        )
    except ValidationError as exc:
        assert exc.messages and all(isinstance(m, str) and m for m in exc.messages)
        return
    # A cleaned definition validates again to itself, and its conditions only look back.
    again = validate_definition(
        clean, languages=LANGS, default_language="nb", competency_keys=["listened"]
    )
    assert again == clean
    seen = set()
    for q in questions(clean):
        if q["show_if"]:
            assert q["show_if"]["question"] in seen
        seen.add(q["key"])


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(
        ["nps", "csat", "rating", "yes_no", "single_choice", "multiple_choice", "text"]
    ),
    st.sampled_from(["eq", "neq", "lte", "gte", "in"]),
    st.text(max_size=12),
)
def test_condition_values_from_forms_parse_or_fail_cleanly(qtype, op, raw):
    target = _q("t", qtype)
    try:
        builder.parse_condition_value(target, op, raw)
    except ValidationError as exc:
        assert exc.messages


@pytest.mark.parametrize("kind", catalogue.TEMPLATE_KINDS)
def test_templates_validate_in_all_languages(kind):
    items = dict(catalogue.DEFAULT_COMPETENCY_ITEMS)
    langs = ["nb", "nn", "sv", "da", "en"]
    d = catalogue.template_definition(kind, langs, items)
    clean = validate_definition(
        d, languages=langs, default_language="nb", competency_keys=list(items)
    )
    for q in questions(clean):
        assert set(q["text"]) == set(langs), (kind, q["key"])
        for option in q.get("options", []):
            assert set(option["text"]) == set(langs)


def test_builder_move_and_remove():
    d = {
        "pages": [
            {"key": "p1", "questions": [_q("a"), _q("b")]},
            {"key": "p2", "questions": [_q("c")]},
        ]
    }
    moved = builder.move_question(d, "c", "up")
    assert [[q["key"] for q in p["questions"]] for p in moved["pages"]] == [["a", "b", "c"]]
    assert [q["key"] for q in questions(builder.move_question(d, "a", "down"))] == ["b", "a", "c"]
    with_cond = {
        "pages": [
            {
                "key": "p1",
                "questions": [
                    _q("a", "yes_no"),
                    _q("b", show_if={"question": "a", "op": "eq", "value": True}),
                ],
            }
        ]
    }
    with pytest.raises(ValidationError):
        builder.remove_question(with_cond, "a")
    assert [q["key"] for q in questions(builder.remove_question(with_cond, "b"))] == ["a"]


def test_choose_language():
    from lytt.surveys.definition import choose_language

    offered = ["nb", "sv", "en"]
    assert choose_language(offered, "nb", accept_language="sv-SE,sv;q=0.9,en;q=0.5") == "sv"
    assert choose_language(offered, "nb", accept_language="da, en;q=0.4") == "en"
    assert choose_language(offered, "nb", accept_language="no") == "nb"
    assert choose_language(offered, "nb", accept_language="en;q=0.2, sv;q=0.8") == "sv"
    assert choose_language(offered, "nb", requested="en", accept_language="sv") == "en"
    assert choose_language(offered, "nb", requested="fi", accept_language="") == "nb"
    assert choose_language(offered, "nb", accept_language="x;q=abc,,;") == "nb"


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60), st.one_of(st.none(), st.text(max_size=5)))
def test_choose_language_always_offered(header, requested):
    from lytt.surveys.definition import choose_language

    assert choose_language(["nn", "da"], "da", requested=requested, accept_language=header) in (
        "nn",
        "da",
    )
