"""Staff pages: the responses list (filterable, scoped) and one response's detail."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lytt.accounts.access import require_scope, units_visible
from lytt.accounts.models import Channel
from lytt.feedback.access import access_response, responses_visible
from lytt.feedback.queries import ResponseFilters, filter_responses, page_by_cursor
from lytt.surveys import definition as sdef
from lytt.surveys.models import Survey

PAGE_SIZE = 50


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
def response_list(request: HttpRequest) -> HttpResponse:
    scope = require_scope(request.user, "feedback.view")
    units = list(units_visible(request.user, "feedback.view").only("pk", "name", "depth", "path"))
    surveys = list(Survey.objects.filter(organisation_id=scope.organisation_id).only("pk", "name"))
    g = request.GET
    unit_id = _int(g.get("unit"))
    filters = ResponseFilters(
        unit=next((u for u in units if u.pk == unit_id), None),
        survey_id=_int(g.get("survey")),
        channel=g.get("channel") if g.get("channel") in Channel.values else None,
        since=_date(g.get("since")),
        until=_date(g.get("until")),
        score_min=_float(g.get("score_min")),
        score_max=_float(g.get("score_max")),
    )
    qs = filter_responses(responses_visible(request.user), filters).select_related(
        "survey", "unit", "employee"
    )
    items, next_cursor = page_by_cursor(qs, g.get("cursor") or None, PAGE_SIZE)
    query = g.copy()
    query.pop("cursor", None)
    base = min((u.depth for u in units), default=0)
    for u in units:
        u.level = "\u2003" * (u.depth - base)  # type: ignore[attr-defined]
    context: dict[str, Any] = {
        "responses": items,
        "units": units,
        "surveys": surveys,
        "channels": Channel.choices,
        "f": {
            k: g.get(k, "")
            for k in ("unit", "survey", "channel", "since", "until", "score_min", "score_max")
        },
        "next_url": f"?{query.urlencode()}&cursor={next_cursor}"
        if query
        else f"?cursor={next_cursor}",
        "has_next": next_cursor is not None,
        "is_first": not g.get("cursor"),
        "first_url": f"?{query.urlencode()}" if query else "?",
    }
    template = (
        "feedback/_response_rows.html"
        if request.headers.get("HX-Request")
        and request.headers.get("HX-Target") == "response-results"
        else "feedback/responses.html"
    )
    return render(request, template, context)


@login_required
def response_detail(request: HttpRequest, response_id: int) -> HttpResponse:
    response = access_response(request.user, response_id)
    definition = response.version.definition
    language = request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE") else response.language
    stored = {a.question_key: a for a in response.answers.all()}
    rows = []
    for q in sdef.questions(definition):
        a = stored.get(q["key"])
        if a is None:
            continue
        options = {
            o["key"]: sdef.text_for(o.get("text"), language, response.survey.default_language)
            for o in q.get("options") or []
        }
        if q.get("type") == "yes_no" and a.number is not None:
            shown = _("Yes") if a.number else _("No")
        elif a.choices:
            shown = ", ".join(options.get(c, c) for c in a.choices)
        elif a.number is not None:
            shown = f"{a.number:g}"
        else:
            shown = a.text
        rows.append(
            {
                "key": q["key"],
                "text": sdef.text_for(q.get("text"), language, response.survey.default_language),
                "value": shown,
                "type": q.get("type"),
            }
        )
    known = {r["key"] for r in rows}
    for key, a in stored.items():
        if key not in known:
            rows.append(
                {"key": key, "text": key, "value": a.text or a.choices or a.number, "type": ""}
            )
    return render(
        request,
        "feedback/response_detail.html",
        {
            "response": response,
            "rows": rows,
        },
    )
