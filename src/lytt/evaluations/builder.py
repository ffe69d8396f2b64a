"""The form builder page's fields: a form's structure as rows of indexed inputs, and
back. Texts are edited in the form's language; the other languages already stored for
a section or criterion with the same key are kept."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from lytt.evaluations.models import EvaluationForm

BLANK_CRITERIA = 2  # empty rows offered under each section
BLANK_SECTION_CRITERIA = 4  # empty rows in the new-section block


@dataclass
class CriterionRow:
    prefix: str
    key: str = ""
    text: str = ""
    kind: str = "ynp"
    scale_max: int = 5
    weight: float = 1.0
    competency_item: str = ""
    required: bool = True
    allow_comment: bool = True


@dataclass
class SectionRow:
    prefix: str
    key: str = ""
    title: str = ""
    weight: float = 1.0
    criteria: list[CriterionRow] = field(default_factory=list)


def rows_for(form: EvaluationForm | None, language: str) -> list[SectionRow]:
    rows: list[SectionRow] = []
    sections = list(form.sections.all()) if form is not None else []
    for n, s in enumerate(sections):
        row = SectionRow(f"s{n}", s.key, s.title.get(language, ""), s.weight)
        criteria = list(s.criteria.all())
        for m, c in enumerate(criteria):
            row.criteria.append(
                CriterionRow(
                    f"s{n}-c{m}",
                    c.key,
                    c.text.get(language, ""),
                    c.kind,
                    c.scale_max,
                    c.weight,
                    c.competency_item.key if c.competency_item else "",
                    c.required,
                    c.allow_comment,
                )
            )
        for m in range(len(criteria), len(criteria) + BLANK_CRITERIA):
            row.criteria.append(CriterionRow(f"s{n}-c{m}"))
        rows.append(row)
    n = len(sections)
    rows.append(
        SectionRow(
            f"s{n}", criteria=[CriterionRow(f"s{n}-c{m}") for m in range(BLANK_SECTION_CRITERIA)]
        )
    )
    return rows


def _float(value: str | None, default: float) -> Any:
    if value is None or value.strip() == "":
        return default
    return value.strip().replace(",", ".")


def sections_from_post(
    post: Mapping[str, Any], form: EvaluationForm | None, language: str
) -> list[dict[str, Any]]:
    """The submitted rows as the section dicts `do_create_form`/`do_update_form` take.
    Empty rows and rows marked for removal are left out."""
    old_titles: dict[str, dict[str, str]] = {}
    old_texts: dict[str, dict[str, str]] = {}
    if form is not None:
        for s in form.sections.all():
            old_titles[s.key] = dict(s.title)
            for c in s.criteria.all():
                old_texts[c.key] = dict(c.text)
    sections: list[dict[str, Any]] = []
    n = 0
    while f"s{n}-key" in post:
        p = f"s{n}"
        key = post.get(f"{p}-key", "").strip()
        title = post.get(f"{p}-title", "").strip()
        criteria: list[dict[str, Any]] = []
        m = 0
        while f"{p}-c{m}-key" in post:
            q = f"{p}-c{m}"
            ckey = post.get(f"{q}-key", "").strip()
            text = post.get(f"{q}-text", "").strip()
            m += 1
            if post.get(f"{q}-delete") or (not ckey and not text):
                continue
            texts = {**old_texts.get(ckey, {}), language: text} if text else old_texts.get(ckey)
            criteria.append(
                {
                    "key": ckey,
                    "text": texts or {},
                    "kind": post.get(f"{q}-kind", "ynp"),
                    "scale_max": _float(post.get(f"{q}-scale_max"), 5),
                    "weight": _float(post.get(f"{q}-weight"), 1),
                    "competency_item": post.get(f"{q}-competency") or None,
                    "required": bool(post.get(f"{q}-required")),
                    "allow_comment": bool(post.get(f"{q}-allow_comment")),
                }
            )
        n += 1
        if post.get(f"{p}-delete") or (not key and not title and not criteria):
            continue
        titles = {**old_titles.get(key, {}), language: title} if title else old_titles.get(key)
        sections.append(
            {
                "key": key,
                "title": titles or {},
                "weight": _float(post.get(f"{p}-weight"), 1),
                "criteria": criteria,
            }
        )
    return sections


def rows_from_post(post: Mapping[str, Any]) -> list[SectionRow]:
    """The rows exactly as submitted, to show them again with an error message."""
    rows: list[SectionRow] = []
    n = 0
    while f"s{n}-key" in post:
        p = f"s{n}"
        row = SectionRow(p, post.get(f"{p}-key", ""), post.get(f"{p}-title", ""))
        row.weight = post.get(f"{p}-weight", "1")  # type: ignore[assignment]
        m = 0
        while f"{p}-c{m}-key" in post:
            q = f"{p}-c{m}"
            row.criteria.append(
                CriterionRow(
                    q,
                    post.get(f"{q}-key", ""),
                    post.get(f"{q}-text", ""),
                    post.get(f"{q}-kind", "ynp"),
                    post.get(f"{q}-scale_max", "5"),  # type: ignore[arg-type]
                    post.get(f"{q}-weight", "1"),  # type: ignore[arg-type]
                    post.get(f"{q}-competency", ""),
                    bool(post.get(f"{q}-required")),
                    bool(post.get(f"{q}-allow_comment")),
                )
            )
            m += 1
        rows.append(row)
        n += 1
    return rows
