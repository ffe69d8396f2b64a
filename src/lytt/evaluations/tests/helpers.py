"""Small forms and assignments for the mystery-shopping tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from lytt.accounts.models import Organisation, Unit, User
from lytt.evaluations import actions
from lytt.evaluations.models import Assignment, EvaluationForm
from lytt.surveys.actions import do_ensure_competency_model

# The hand-computed example of test_scoring, as a real form.
EXAMPLE_SECTIONS: list[dict[str, Any]] = [
    {
        "key": "a",
        "title": {"nb": "Førsteinntrykk", "en": "First impression"},
        "weight": 2,
        "criteria": [
            {"key": "c1", "text": {"nb": "Hilste", "en": "Greeted"}, "competency_item": "greeted"},
            {"key": "c2", "text": {"nb": "Spurte", "en": "Asked"}, "weight": 2},
            {"key": "c3", "text": {"nb": "Ventetid", "en": "Waiting"}},
        ],
    },
    {
        "key": "b",
        "title": {"nb": "Kompetanse", "en": "Competence"},
        "weight": 1,
        "criteria": [
            {"key": "c4", "text": {"nb": "Kompetent", "en": "Competent"}, "kind": "scale"},
            {"key": "c5", "text": {"nb": "Sjekket", "en": "Checked"}},
        ],
    },
    {
        "key": "c",
        "title": {"nb": "Mersalg", "en": "Upsell"},
        "weight": 5,
        "criteria": [
            {"key": "c6", "text": {"nb": "Mersalg", "en": "Upsell"}, "required": False},
        ],
    },
]
EXAMPLE_ANSWERS = {"c1": "yes", "c2": "partly", "c3": "na", "c4": "3", "c5": "no", "c6": "na"}
EXAMPLE_TOTAL = (2 * 2 / 3 + 1 * 0.3) / 3  # 0.5444...


def example_form(org: Organisation, actor: Any = None, name: str = "Testskjema") -> EvaluationForm:
    do_ensure_competency_model(actor, org)
    return actions.do_create_form(
        actor, org, name=name, language="nb", sections=EXAMPLE_SECTIONS, status="live"
    )


def assign(
    form: EvaluationForm,
    evaluator: User,
    unit: Unit,
    *,
    days: int = 7,
    channel: str = "in_person",
) -> Assignment:
    return actions.do_assign_evaluation(
        None,
        form=form,
        evaluator=evaluator,
        unit=unit,
        channel=channel,
        due_date=timezone.localdate() + dt.timedelta(days=days),
    )


def submitted(
    form: EvaluationForm, evaluator: User, unit: Unit, employee: Any = None, **kw: Any
) -> Any:
    assignment = assign(form, evaluator, unit, **kw)
    return actions.do_submit_evaluation(
        evaluator, assignment, answers=EXAMPLE_ANSWERS, employee=employee, comment="Marker"
    )
