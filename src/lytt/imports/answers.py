"""Importing historical survey answers: each row is one response to one survey, with
question columns (e.g. nps, csat, comment) mapped to the survey's question keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lytt.accounts.models import Employee, Unit
from lytt.imports.models import ImportBatch
from lytt.imports.parsing import RowError, parse_datetime
from lytt.imports.processors import (
    Parsed,
    Processor,
    customer_ids,
    fingerprint,
    parse_channel,
)

LANGUAGES = {"nb", "nn", "sv", "da", "en"}


def import_survey(batch: ImportBatch) -> Any:
    from lytt.surveys.models import Survey

    try:
        survey_id = int(batch.options.get("survey_id") or 0)
        survey = Survey.objects.select_related("current_version", "organisation").get(
            pk=survey_id, organisation_id=batch.organisation_id
        )
    except (ValueError, TypeError, Survey.DoesNotExist):
        raise ValidationError(_("Choose the survey the answers belong to.")) from None
    if survey.current_version is None:
        raise ValidationError(_("This survey has no questions yet."))
    return survey


def validate_answer_options(batch: ImportBatch) -> None:
    import_survey(batch)


def survey_question_keys(survey: Any) -> list[str]:
    from lytt.surveys.definition import questions

    if survey is None or survey.current_version is None:
        return []
    return [q["key"] for q in questions(survey.current_version.definition)]


@dataclass(frozen=True)
class AnswerRow:
    completed_at: datetime
    unit: Unit
    channel: str
    employee: Employee | None
    customer_id: str
    language: str
    answers: dict[str, str]


class AnswerProcessor(Processor):
    SOURCE = "import"

    def __init__(self, batch: ImportBatch, actor: Any):
        super().__init__(batch, actor)
        self.survey = import_survey(batch)
        self.definition = self.survey.current_version.definition
        self.question_keys = set(survey_question_keys(self.survey))

    def parse(self, row: dict[str, str]) -> Parsed:
        from lytt.feedback.answers import clean_answers

        completed = parse_datetime(row.get("date", ""))
        unit = self.lookups.unit(row.get("unit", ""), required=True)
        assert unit is not None
        channel = parse_channel(row.get("channel", ""), unit)
        employee = self.lookups.employee(row.get("employee", ""))
        language = row.get("language", "").strip().lower()
        if language and language not in LANGUAGES:
            raise RowError(
                _("Unknown language “%(value)s”: use nb, nn, sv, da or en.")
                % {"value": language[:20]}
            )
        answers = {
            key[2:]: value
            for key, value in row.items()
            if key.startswith("q:") and key[2:] in self.question_keys and value.strip()
        }
        if not answers:
            raise RowError(_("The row has no answers."))
        _values, errors = clean_answers(self.definition, answers, enforce_required=False)
        if errors:
            raise RowError(
                "; ".join(f"{key}: {message}" for key, message in sorted(errors.items()))
            )
        customer = row.get("customer_id", "").strip()[:200]
        external = row.get("external_id", "").strip()[:98]
        key = (
            f"x:{external}"
            if external
            else "f:"
            + fingerprint(
                self.survey.pk,
                completed.isoformat(),
                unit.pk,
                channel,
                employee.pk if employee else "",
                customer,
                sorted(answers.items()),
            )[:60]
        )
        return Parsed(
            key, AnswerRow(completed, unit, channel, employee, customer, language, answers)
        )

    def existing(self, keys: list[str]) -> set[str]:
        from lytt.feedback.models import Response

        return set(
            Response.objects.filter(
                organisation=self.organisation, source=self.SOURCE, external_id__in=keys
            ).values_list("external_id", flat=True)
        )

    def store(self, items: list[Parsed]) -> tuple[int, list[dict[str, Any]]]:
        from lytt.feedback.actions import do_import_responses_bulk

        rows = []
        for p in items:
            a: AnswerRow = p.data
            rows.append(
                {
                    "survey": self.survey,
                    "unit": a.unit,
                    "channel": a.channel,
                    "employee": a.employee,
                    "answers": a.answers,
                    "language": a.language or None,
                    "started_at": a.completed_at,
                    "completed_at": a.completed_at,
                    "external_id": p.key,
                    **customer_ids(a.customer_id),
                }
            )
        result = do_import_responses_bulk(self.actor, rows, source=self.SOURCE)
        errors = [
            {
                "row": items[index].row,
                "reason": "; ".join(f"{k}: {m}" for k, m in sorted(problems.items())),
            }
            for index, problems in result.errors
        ]
        return len(result.created), errors
