"""Reads for the responses and visits lists (pages and API): filters and cursor
pagination."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from lytt.accounts.models import Unit
from lytt.feedback.models import Response, ResponseStatus


@dataclass
class ResponseFilters:
    unit: Unit | None = None  # includes the unit's subtree
    survey_id: int | None = None
    channel: str | None = None
    since: date | None = None
    until: date | None = None  # inclusive
    score_min: float | None = None
    score_max: float | None = None
    status: str | None = "complete"


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def filter_responses(qs: QuerySet[Any], f: ResponseFilters) -> QuerySet[Any]:
    if f.status:
        qs = qs.filter(status=f.status)
    if f.unit is not None:
        qs = qs.filter(unit__path__startswith=f.unit.path)
    if f.survey_id is not None:
        qs = qs.filter(survey_id=f.survey_id)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.since is not None:
        qs = qs.filter(started_at__gte=_start(f.since))
    if f.until is not None:
        qs = qs.filter(started_at__lt=_start(f.until) + timedelta(days=1))
    if f.score_min is not None:
        qs = qs.filter(score__gte=f.score_min)
    if f.score_max is not None:
        qs = qs.filter(score__lte=f.score_max)
    return qs


def encode_cursor(pk: int) -> str:
    return base64.urlsafe_b64encode(f"id:{pk}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _sep, value = raw.partition(":")
        if kind != "id":
            raise ValueError(kind)
        return int(value)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ValidationError({"cursor": _("This cursor is not valid.")}) from None


def page_by_cursor(
    qs: QuerySet[Any], cursor: str | None, limit: int
) -> tuple[list[Any], str | None]:
    """Newest first by id; returns (items, next cursor or None)."""
    qs = qs.order_by("-pk")
    if cursor:
        qs = qs.filter(pk__lt=decode_cursor(cursor))
    items = list(qs[: limit + 1])
    next_cursor = encode_cursor(items[limit - 1].pk) if len(items) > limit else None
    return items[:limit], next_cursor


# Visits ----------------------------------------------------------------------------


@dataclass
class VisitFilters:
    unit: Unit | None = None  # includes the unit's subtree
    channel: str | None = None
    employee_id: int | None = None
    customer_id: int | None = None
    since: date | None = None
    until: date | None = None  # inclusive


def filter_visits(qs: QuerySet[Any], f: VisitFilters) -> QuerySet[Any]:
    if f.unit is not None:
        qs = qs.filter(unit__path__startswith=f.unit.path)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.employee_id is not None:
        qs = qs.filter(employee_id=f.employee_id)
    if f.customer_id is not None:
        qs = qs.filter(customer_id=f.customer_id)
    if f.since is not None:
        qs = qs.filter(occurred_at__gte=_start(f.since))
    if f.until is not None:
        qs = qs.filter(occurred_at__lt=_start(f.until) + timedelta(days=1))
    return qs


def with_answer(qs: QuerySet[Any]) -> QuerySet[Any]:
    """Each visit with `response_id`: its latest complete response, or None."""
    answered = Response.objects.filter(visit=OuterRef("pk"), status=ResponseStatus.COMPLETE)
    return qs.annotate(response_id=Subquery(answered.order_by("-pk").values("pk")[:1]))


def _encode_visit_cursor(occurred_at: datetime, pk: int) -> str:
    raw = f"v:{occurred_at.isoformat()}|{pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_visit_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _sep, value = raw.partition(":")
        when, _bar, pk = value.rpartition("|")
        if kind != "v":
            raise ValueError(kind)
        occurred_at = datetime.fromisoformat(when)
        if occurred_at.tzinfo is None:
            raise ValueError(when)
        return occurred_at, int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ValidationError({"cursor": _("This cursor is not valid.")}) from None


def page_visits(qs: QuerySet[Any], cursor: str | None, limit: int) -> tuple[list[Any], str | None]:
    """Newest visit first (by when it happened, so imported history sorts into place);
    a keyset cursor on (time, id) keeps pages stable while visits are recorded."""
    qs = qs.order_by("-occurred_at", "-pk")
    if cursor:
        at, pk = _decode_visit_cursor(cursor)
        qs = qs.filter(Q(occurred_at__lt=at) | Q(occurred_at=at, pk__lt=pk))
    items = list(qs[: limit + 1])
    if len(items) <= limit:
        return items, None
    last = items[limit - 1]
    return items[:limit], _encode_visit_cursor(last.occurred_at, last.pk)
