"""Staff pages: the responses list (filterable, scoped), one response's detail, and the
visits list with a form to record a visit or contact."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lytt.accounts.access import (
    access_organisation,
    employees_visible,
    require_scope,
    units_visible,
)
from lytt.accounts.forms import UnitChoiceField
from lytt.accounts.models import Channel, Employee, Unit
from lytt.feedback import actions
from lytt.feedback.access import (
    access_custom_theme,
    access_response,
    custom_themes_visible,
    responses_visible,
    visits_visible,
)
from lytt.feedback.models import VisitSource
from lytt.feedback.queries import (
    ResponseFilters,
    VisitFilters,
    filter_responses,
    filter_visits,
    page_by_cursor,
    page_visits,
    with_answer,
)
from lytt.feedback.understanding import reading
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
    readings = {a.answer_id: reading(a) for a in response.analyses.all()}
    for row in rows:
        row["reading"] = readings.get(stored[row["key"]].pk)
    return render(
        request,
        "feedback/response_detail.html",
        {
            "response": response,
            "rows": rows,
        },
    )


# Visits and contacts ------------------------------------------------------------------


def _indent(units: list[Unit]) -> list[Unit]:
    base = min((u.depth for u in units), default=0)
    for u in units:
        u.level = "\u2003" * (u.depth - base)  # type: ignore[attr-defined]
    return units


def _pager(g: Any, next_cursor: str | None) -> dict[str, Any]:
    query = g.copy()
    query.pop("cursor", None)
    prefix = f"?{query.urlencode()}&" if query else "?"
    return {
        "next_url": f"{prefix}cursor={next_cursor}",
        "has_next": next_cursor is not None,
        "is_first": not g.get("cursor"),
        "first_url": f"?{query.urlencode()}" if query else "?",
    }


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    scope = require_scope(request.user, "feedback.view")
    units = _indent(
        list(units_visible(request.user, "feedback.view").only("pk", "name", "depth", "path"))
    )
    employees = list(
        employees_visible(request.user, "feedback.view")
        .select_related(None)
        .only("pk", "name")
        .order_by("name", "pk")
    )
    g = request.GET
    unit_id, employee_id = _int(g.get("unit")), _int(g.get("employee"))
    filters = VisitFilters(
        unit=next((u for u in units if u.pk == unit_id), None),
        channel=g.get("channel") if g.get("channel") in Channel.values else None,
        employee_id=employee_id,
        customer_id=_int(g.get("customer")),
        since=_date(g.get("since")),
        until=_date(g.get("until")),
    )
    qs = with_answer(filter_visits(visits_visible(request.user), filters)).select_related(
        "unit", "employee"
    )
    try:
        items, next_cursor = page_visits(qs, g.get("cursor") or None, PAGE_SIZE)
    except ValidationError:  # a mangled or stale link: start from the newest
        items, next_cursor = page_visits(qs, None, PAGE_SIZE)
    context: dict[str, Any] = {
        "visits": items,
        "units": units,
        "employees": employees,
        "channels": Channel.choices,
        "f": {k: g.get(k, "") for k in ("unit", "channel", "employee", "since", "until")},
        "customer_id": filters.customer_id,
        "can_record": scope.has("feedback.submit"),
        "can_import": scope.has("imports.manage"),
        **_pager(g, next_cursor),
    }
    template = (
        "feedback/_visit_rows.html"
        if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "visit-results"
        else "feedback/visits.html"
    )
    return render(request, template, context)


class VisitForm(forms.Form):
    occurred_at = forms.DateTimeField(
        label=gettext_lazy("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    unit = UnitChoiceField(label=gettext_lazy("Unit"), queryset=Unit.objects.none())
    channel = forms.ChoiceField(label=gettext_lazy("Channel"), choices=Channel.choices)
    employee = forms.ModelChoiceField(
        label=gettext_lazy("Employee"),
        queryset=Employee.objects.none(),
        required=False,
        empty_label=gettext_lazy("Not known"),
    )
    email = forms.EmailField(label=gettext_lazy("Customer's e-mail"), required=False)
    phone = forms.CharField(label=gettext_lazy("Customer's phone"), required=False, max_length=40)
    loyalty_id = forms.CharField(
        label=gettext_lazy("Customer's loyalty number"),
        required=False,
        max_length=100,
        help_text=gettext_lazy(
            "Optional. Used only to recognise the customer on later visits: Lytt keeps a "
            "keyed hash, never the e-mail, phone or number itself."
        ),
    )

    def __init__(self, principal: Any, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_visible(  # type: ignore[attr-defined]
            principal, "feedback.submit"
        ).order_by("path")
        employee_field: Any = self.fields["employee"]
        employee_field.queryset = (
            employees_visible(principal, "feedback.submit")
            .filter(active=True)
            .order_by("name", "pk")
        )

    def clean_occurred_at(self) -> Any:
        value = self.cleaned_data["occurred_at"]
        if value > timezone.now() + timedelta(minutes=5):
            raise ValidationError(_("A visit cannot be in the future."))
        return value


@login_required
def visit_create(request: HttpRequest) -> HttpResponse:
    require_scope(request.user, "feedback.submit")
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = VisitForm(request.user, request.POST or None, initial={"occurred_at": now})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_record_visit(
                request.user,
                unit=data["unit"],
                channel=data["channel"],
                occurred_at=data["occurred_at"],
                employee=data["employee"],
                email=data["email"] or None,
                phone=data["phone"] or None,
                loyalty_id=data["loyalty_id"] or None,
                source=VisitSource.MANUAL,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Visit recorded."))
            return redirect("feedback:visit-list")
    return render(request, "feedback/visit_form.html", {"form": form})


# The organisation's own themes --------------------------------------------------------


class CustomThemeForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=60)
    keywords = forms.CharField(
        label=gettext_lazy("Keywords"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "One per line or separated by commas, in any language: parkering, parking, "
            "p-plass. Misspellings are found too; end a word with * to also find its "
            "inflected and compound forms (parker*)."
        ),
    )

    def keyword_list(self) -> list[str]:
        raw = self.cleaned_data["keywords"].replace("\n", ",")
        return [k.strip() for k in raw.split(",") if k.strip()]


def _save_theme(request: HttpRequest, form: CustomThemeForm, theme: Any = None) -> bool:
    try:
        actions.do_save_custom_theme(
            request.user,
            access_organisation(request.user),
            name=form.cleaned_data["name"],
            keywords=form.keyword_list(),
            theme=theme,
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return False
    messages.success(
        request, _("Theme saved. Every comment is read again with it within a few minutes.")
    )
    return True


@login_required
def theme_list(request: HttpRequest) -> HttpResponse:
    themes = list(custom_themes_visible(request.user))
    form = CustomThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _save_theme(request, form):
        return redirect("feedback:theme-list")
    return render(request, "feedback/themes.html", {"themes": themes, "form": form})


@login_required
def theme_edit(request: HttpRequest, theme_id: int) -> HttpResponse:
    theme = access_custom_theme(request.user, theme_id)
    if request.method == "POST" and "delete" in request.POST:
        actions.do_delete_custom_theme(request.user, theme)
        messages.success(request, _("Theme deleted."))
        return redirect("feedback:theme-list")
    initial = {"name": theme.name, "keywords": ", ".join(theme.keywords)}
    form = CustomThemeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and _save_theme(request, form, theme):
        return redirect("feedback:theme-list")
    return render(request, "feedback/theme_form.html", {"theme": theme, "form": form})
