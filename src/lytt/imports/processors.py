"""Turning one mapped row into something to store, per kind of import.

A processor parses a row (raising `RowError` with a translated reason), gives each
parsed row a stable dedupe key, tells which keys are already stored, and stores a chunk
through the owning capability's actions.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lytt.accounts.models import Channel, Employee, Unit
from lytt.imports.models import ImportBatch, ImportKind
from lytt.imports.parsing import RowError, parse_datetime, parse_number


def fingerprint(*parts: Any) -> str:
    """A stable key for a row from its mapped values."""
    text = "\x1f".join(" ".join(str(p if p is not None else "").split()).casefold() for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _message(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


class Lookups:
    """The organisation's units and employees, found by name, external id or number."""

    def __init__(self, organisation_id: int):
        self.units: dict[str, Unit] = {}
        for unit in Unit.objects.filter(organisation_id=organisation_id).order_by("-depth"):
            for key in (unit.name, unit.external_id, str(unit.pk)):
                if key:  # the deepest unit wins when names repeat (shops over regions)
                    self.units.setdefault(key.strip().casefold(), unit)
        self.employees: dict[str, Employee] = {}
        for emp in Employee.objects.filter(organisation_id=organisation_id):
            for key in (emp.name, emp.external_id):
                if key:
                    self.employees.setdefault(key.strip().casefold(), emp)

    def unit(self, raw: str, *, required: bool) -> Unit | None:
        value = (raw or "").strip()
        if not value:
            if required:
                raise RowError(_("The unit is missing."))
            return None
        unit = self.units.get(value.casefold())
        if unit is None:
            raise RowError(_("Unknown unit “%(value)s”.") % {"value": value[:80]})
        return unit

    def employee(self, raw: str) -> Employee | None:
        value = (raw or "").strip()
        if not value:
            return None
        emp = self.employees.get(value.casefold())
        if emp is None:
            raise RowError(_("Unknown employee “%(value)s”.") % {"value": value[:80]})
        return emp


def parse_channel(raw: str, unit: Unit | None) -> str:
    value = (raw or "").strip().casefold()
    if not value:
        if unit is not None and unit.channels:
            return str(unit.channels[0])
        return Channel.IN_PERSON
    aliases: dict[str, str] = {
        "in_person": Channel.IN_PERSON,
        "in person": Channel.IN_PERSON,
        "butikk": Channel.IN_PERSON,
        "butik": Channel.IN_PERSON,
        "fysisk": Channel.IN_PERSON,
        "personlig": Channel.IN_PERSON,
        "phone": Channel.PHONE,
        "telefon": Channel.PHONE,
        "chat": Channel.CHAT,
        "chatt": Channel.CHAT,
        "email": Channel.EMAIL,
        "e-mail": Channel.EMAIL,
        "e-post": Channel.EMAIL,
        "epost": Channel.EMAIL,
        "e-mejl": Channel.EMAIL,
        "mail": Channel.EMAIL,
        "web": Channel.WEB,
        "nett": Channel.WEB,
        "webb": Channel.WEB,
        "nettside": Channel.WEB,
    }
    for choice, label in Channel.choices:
        aliases.setdefault(str(label).casefold(), choice)
    if value not in aliases:
        raise RowError(_("Unknown channel “%(value)s”.") % {"value": raw.strip()[:40]})
    return str(aliases[value])


@dataclass
class Parsed:
    key: str
    data: Any
    row: int = 0  # spreadsheet row number, set by the chunk loop


class Processor:
    def __init__(self, batch: ImportBatch, actor: Any):
        self.batch = batch
        self.actor = actor
        self.organisation = batch.organisation
        self.lookups = Lookups(batch.organisation_id)

    def parse(self, row: dict[str, str]) -> Parsed:
        raise NotImplementedError

    def existing(self, keys: list[str]) -> set[str]:
        raise NotImplementedError

    def store(self, items: list[Parsed]) -> tuple[int, list[dict[str, Any]]]:
        """Store the items; returns how many were stored and the rows refused while
        storing ({row, reason})."""
        raise NotImplementedError


class ReviewProcessor(Processor):
    def parse(self, row: dict[str, str]) -> Parsed:
        from lytt.reviews.actions import clean_review

        posted = parse_datetime(row.get("date", ""))
        rating = parse_number(row.get("rating", ""), label=str(_("Rating")))
        if rating is None:
            raise RowError(_("The rating is missing."))
        rating_max = parse_number(row.get("rating_max", ""), label=str(_("Best possible rating")))
        if rating_max is not None and not rating_max.is_integer():
            raise RowError(_("The best possible rating must be a whole number."))
        source = row.get("source", "").strip() or str(self.batch.options.get("source", ""))
        if not source:
            raise RowError(_("The source is missing."))
        try:
            data = clean_review(
                self.organisation,
                source=source,
                rating=rating,
                rating_max=int(rating_max) if rating_max is not None else 5,
                posted_at=posted,
                text=row.get("text", ""),
                language=row.get("language", ""),
                unit=self.lookups.unit(row.get("unit", ""), required=False),
                author=row.get("author", ""),
                link=row.get("link", ""),
                external_id=row.get("external_id", ""),
            )
        except ValidationError as exc:
            raise RowError(_message(exc)) from None
        return Parsed(data.fingerprint, data)

    def existing(self, keys: list[str]) -> set[str]:
        from lytt.reviews.models import PublicReview

        return set(
            PublicReview.objects.filter(
                organisation=self.organisation, fingerprint__in=keys
            ).values_list("fingerprint", flat=True)
        )

    def store(self, items: list[Parsed]) -> tuple[int, list[dict[str, Any]]]:
        from lytt.reviews.actions import do_bulk_create_reviews

        stored = do_bulk_create_reviews(
            self.actor,
            self.organisation,
            [p.data for p in items],
            note=f"import {self.batch.pk}",
        )
        return len(stored), []


@dataclass(frozen=True)
class VisitRow:
    occurred_at: datetime
    unit: Unit
    channel: str
    employee: Employee | None
    customer_id: str


def customer_ids(raw: str) -> dict[str, str]:
    """A customer id cell as the feedback engine's identifiers: an e-mail address, a
    phone number or otherwise a loyalty/customer number."""
    value = (raw or "").strip()[:200]
    if not value:
        return {}
    if "@" in value:
        return {"email": value}
    digits = value.replace(" ", "").replace("-", "")
    if digits.startswith("+") and digits[1:].isdigit():
        return {"phone": value}
    return {"loyalty_id": value}


class VisitProcessor(Processor):
    """Visits and contacts, recorded even when no survey was answered."""

    SOURCE = "csv"

    def parse(self, row: dict[str, str]) -> Parsed:
        occurred = parse_datetime(row.get("date", ""))
        unit = self.lookups.unit(row.get("unit", ""), required=True)
        assert unit is not None
        channel = parse_channel(row.get("channel", ""), unit)
        employee = self.lookups.employee(row.get("employee", ""))
        customer = row.get("customer_id", "").strip()[:200]
        external = row.get("external_id", "").strip()[:98]
        key = (
            f"x:{external}"
            if external
            else "f:"
            + fingerprint(
                occurred.isoformat(), unit.pk, channel, employee.pk if employee else "", customer
            )[:60]
        )
        return Parsed(key, VisitRow(occurred, unit, channel, employee, customer))

    def existing(self, keys: list[str]) -> set[str]:
        from lytt.feedback.models import Visit

        return set(
            Visit.objects.filter(
                organisation=self.organisation, source=self.SOURCE, external_id__in=keys
            ).values_list("external_id", flat=True)
        )

    def store(self, items: list[Parsed]) -> tuple[int, list[dict[str, Any]]]:
        from lytt.feedback.actions import do_record_visit

        stored = 0
        errors: list[dict[str, Any]] = []
        for p in items:
            v: VisitRow = p.data
            try:
                with transaction.atomic():
                    do_record_visit(
                        self.actor,
                        unit=v.unit,
                        channel=v.channel,
                        employee=v.employee,
                        occurred_at=v.occurred_at,
                        source=self.SOURCE,
                        external_id=p.key,
                        **customer_ids(v.customer_id),
                    )
            except ValidationError as exc:
                errors.append({"row": p.row, "reason": _message(exc)})
            else:
                stored += 1
        return stored, errors


PROCESSORS: dict[str, type[Processor]] = {
    ImportKind.REVIEWS: ReviewProcessor,
    ImportKind.VISITS: VisitProcessor,
}


def processor_for(batch: ImportBatch, actor: Any) -> Processor:
    if batch.kind == ImportKind.ANSWERS:
        from lytt.imports.answers import AnswerProcessor

        return AnswerProcessor(batch, actor)
    return PROCESSORS[batch.kind](batch, actor)
