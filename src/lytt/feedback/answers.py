"""Reading raw answers (form fields, API JSON, import rows) against a survey version.

`clean_answers` never raises for bad input: it returns the valid values and, per question
key, a translated message for each answer that could not be accepted. Validation of a
single answer is the survey definition's (`lytt.surveys.definition.validate_answer`);
this module adds what a whole submission needs: unknown keys, required questions,
conditional questions (`show_if`) and the mapping onto `Answer` columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lytt.surveys import definition as sdef

SCORE_TYPES = ("nps", "csat", "ces", "rating")
NUMBER_TYPES = {"nps", "csat", "ces", "rating", "competency", "yes_no"}


def is_empty(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, (list, tuple)):
        return all(is_empty(item) for item in raw)
    return False


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(str(m) for m in exc.messages)
    return _("This answer is not valid.")


def questions_by_key(definition: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {q["key"]: q for q in sdef.questions(dict(definition))}


def page_keys(definition: Mapping[str, Any]) -> list[str]:
    return [str(p.get("key", i)) for i, p in enumerate(definition.get("pages") or [])]


def page_questions(definition: Mapping[str, Any], page_key: str) -> list[dict[str, Any]]:
    for i, page in enumerate(definition.get("pages") or []):
        if str(page.get("key", i)) == page_key:
            return list(page.get("questions") or [])
    return []


def clean_answers(
    definition: Mapping[str, Any],
    raw: Mapping[str, Any],
    *,
    only: Iterable[str] | None = None,
    previous: Mapping[str, Any] | None = None,
    enforce_required: bool = True,
    reject_unknown: bool = True,
) -> tuple[dict[str, Any], dict[str, str]]:
    """Validate `raw` {question key: raw value}.

    `only` limits the questions considered (one page); `previous` holds answers already
    given on earlier pages (for `show_if`). Returns (values, errors by key).
    """
    by_key = questions_by_key(definition)
    scope = list(only) if only is not None else list(by_key)
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if not isinstance(raw, Mapping):
        return values, {"answers": _("The answers must be given as question keys and values.")}
    if reject_unknown:
        for key in raw:
            if key not in by_key:
                errors[str(key)] = _("There is no question with this key.")
    so_far: dict[str, Any] = dict(previous or {})
    for key in scope:
        question = by_key.get(key)
        if question is None:
            continue
        try:
            visible = sdef.is_visible(question, so_far)
        except (ValidationError, TypeError, ValueError, KeyError):
            visible = True
        if not visible:
            so_far.pop(key, None)
            continue
        value = raw.get(key)
        if is_empty(value):
            if enforce_required and question.get("required"):
                errors[key] = _("Please answer this question.")
            so_far.pop(key, None)
            continue
        try:
            cleaned = sdef.validate_answer(question, value)
        except (ValidationError, TypeError, ValueError, KeyError, AttributeError) as exc:
            errors[key] = _message(exc)
            continue
        values[key] = cleaned
        so_far[key] = cleaned
    return values, errors


def answer_fields(question: Mapping[str, Any], value: Any) -> dict[str, Any]:
    """The `Answer` columns for one cleaned value."""
    fields: dict[str, Any] = {
        "question_key": question["key"],
        "competency_item_key": question.get("competency_item") or "",
        "number": None,
        "text": "",
        "choices": [],
    }
    if isinstance(value, bool):
        fields["number"] = 1.0 if value else 0.0
    elif isinstance(value, (int, float)):
        fields["number"] = float(value)
    elif isinstance(value, (list, tuple, set)):
        fields["choices"] = [str(v) for v in value]
    elif question.get("type") == "single_choice":
        fields["choices"] = [str(value)]
    elif question.get("type") in NUMBER_TYPES:
        try:
            fields["number"] = float(value)
        except (TypeError, ValueError):
            fields["text"] = str(value)
    else:
        fields["text"] = str(value)
    return fields


def headline_score(
    definition: Mapping[str, Any], values: Mapping[str, Any]
) -> tuple[float | None, str]:
    """The first answered NPS/CSAT/CES/rating question's number, and its type."""
    for question in sdef.questions(dict(definition)):
        if question.get("type") in SCORE_TYPES and question["key"] in values:
            number = answer_fields(question, values[question["key"]])["number"]
            if number is not None:
                return number, str(question["type"])
    return None, ""


def stored_values(
    answers: Iterable[Any], definition: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """{question key: value} from stored `Answer` rows (to resume or show_if)."""
    by_key = questions_by_key(definition) if definition else {}
    result: dict[str, Any] = {}
    for a in answers:
        kind = by_key.get(a.question_key, {}).get("type")
        if a.number is not None:
            number = int(a.number) if float(a.number).is_integer() else a.number
            result[a.question_key] = bool(number) if kind == "yes_no" else number
        elif a.choices:
            single = kind == "single_choice" and len(a.choices) == 1
            result[a.question_key] = a.choices[0] if single else list(a.choices)
        else:
            result[a.question_key] = a.text
    return result
