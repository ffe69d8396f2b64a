"""Pure edits of a survey definition used by the builder pages. Each returns a new
definition; the action validates it (so an edit that breaks a condition is refused
with a clear message and nothing stored changes)."""

from __future__ import annotations

import copy
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lytt.surveys.definition import SCALE_TYPES, _as_bool, questions

Definition = dict[str, Any]


def _copy(definition: Definition) -> Definition:
    return copy.deepcopy(definition) if definition else {"pages": []}


def new_key(definition: Definition, base: str, taken: set[str] | None = None) -> str:
    """A question (or option) key from `base` that is not yet taken."""
    taken = taken if taken is not None else {q["key"] for q in questions(definition)}
    stem = re.sub(r"[^a-z0-9_-]", "", slugify(base)[:30]) or "q"
    if not stem[0].isalnum():
        stem = "q" + stem
    key, n = stem, 2
    while key in taken:
        key = f"{stem}-{n}"
        n += 1
    return key


def add_page(definition: Definition) -> tuple[Definition, str]:
    d = _copy(definition)
    taken = {p["key"] for p in d["pages"]}
    n = len(d["pages"]) + 1
    while f"p{n}" in taken:
        n += 1
    d["pages"].append({"key": f"p{n}", "questions": []})
    return d, f"p{n}"


def add_question(
    definition: Definition, page_key: str | None, question: dict[str, Any]
) -> Definition:
    d = _copy(definition)
    if not d["pages"]:
        d["pages"].append({"key": "p1", "questions": []})
    page = next((p for p in d["pages"] if p["key"] == page_key), d["pages"][-1])
    page["questions"].append(question)
    return d


def _locate(d: Definition, key: str) -> tuple[int, int]:
    for pi, page in enumerate(d["pages"]):
        for qi, q in enumerate(page["questions"]):
            if q["key"] == key:
                return pi, qi
    raise ValidationError(_("Unknown question: %(key)s") % {"key": key})


def replace_question(definition: Definition, key: str, question: dict[str, Any]) -> Definition:
    d = _copy(definition)
    pi, qi = _locate(d, key)
    d["pages"][pi]["questions"][qi] = question
    return d


def remove_question(definition: Definition, key: str) -> Definition:
    d = _copy(definition)
    pi, qi = _locate(d, key)
    dependants = [q["key"] for q in questions(d) if (q.get("show_if") or {}).get("question") == key]
    if dependants:
        raise ValidationError(
            _("Questions %(keys)s are shown depending on this question; change them first.")
            % {"keys": ", ".join(dependants)}
        )
    del d["pages"][pi]["questions"][qi]
    # An emptied page disappears, unless it is the only one.
    if not d["pages"][pi]["questions"] and len(d["pages"]) > 1:
        del d["pages"][pi]
    return d


def move_question(definition: Definition, key: str, direction: str) -> Definition:
    """Move a question one step up or down; across a page boundary it moves to the end
    of the previous page (or the start of the next one)."""
    d = _copy(definition)
    pi, qi = _locate(d, key)
    page = d["pages"][pi]["questions"]
    if direction == "up":
        if qi > 0:
            page[qi - 1], page[qi] = page[qi], page[qi - 1]
        elif pi > 0:
            d["pages"][pi - 1]["questions"].append(page.pop(qi))
    elif direction == "down":
        if qi < len(page) - 1:
            page[qi + 1], page[qi] = page[qi], page[qi + 1]
        elif pi < len(d["pages"]) - 1:
            d["pages"][pi + 1]["questions"].insert(0, page.pop(qi))
    else:
        raise ValidationError(_("Move a question up or down."))
    d["pages"] = [p for p in d["pages"] if p["questions"]] or d["pages"][:1]
    return d


def parse_condition_value(target: dict[str, Any], op: str, raw: str) -> Any:
    """The value of a display condition typed into a form, as the definition stores it:
    a number for scale questions, true/false for yes/no, an option key for choices; a
    comma-separated list for "in"."""
    raw = (raw or "").strip()
    if op == "in":
        parts = [p.strip() for p in raw.split(",") if p.strip()]
        return [_parse_one(target, p) for p in parts]
    return _parse_one(target, raw)


def _parse_one(target: dict[str, Any], raw: str) -> Any:
    qtype = target.get("type")
    if qtype in SCALE_TYPES:
        try:
            return int(raw)
        except ValueError:
            raise ValidationError(
                _("The condition needs a whole number for %(key)s.") % {"key": target["key"]}
            ) from None
    if qtype == "yes_no":
        value = _as_bool(raw)
        if value is None:
            raise ValidationError(
                _("The condition needs yes or no for %(key)s.") % {"key": target["key"]}
            )
        return value
    return raw


def format_condition_value(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(format_condition_value(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)
