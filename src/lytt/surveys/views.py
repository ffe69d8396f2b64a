"""Survey builder pages. Thin: reads through lytt.surveys.access, writes through the
actions. Every change works as a plain form post; htmx swaps the question list in place
when JavaScript is available."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lytt.accounts.access import (
    access_employee,
    access_organisation,
    access_unit,
    employees_visible,
    require_scope,
    units_visible,
)
from lytt.surveys import access, actions, builder, distribution
from lytt.surveys.definition import question_map, questions, text_for
from lytt.surveys.forms import (
    LANGUAGE_NAMES,
    OP_LABELS,
    AddQuestionForm,
    CompetencyItemForm,
    QuestionForm,
    SurveyCreateForm,
    SurveySettingsForm,
    TouchpointForm,
    type_label,
)
from lytt.surveys.models import CompetencyItem, Survey, SurveyStatus, Touchpoint


def _apply(form: forms.Form | None, request: HttpRequest, write: Callable[[], Any]) -> bool:
    try:
        write()
    except ValidationError as exc:
        if form is not None:
            form.add_error(None, exc)
        else:
            for message in exc.messages:
                messages.error(request, message)
        return False
    return True


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _definition(survey: Survey) -> dict[str, Any]:
    return survey.current_version.definition if survey.current_version else {"pages": []}


def _active_items(request: HttpRequest) -> list[CompetencyItem]:
    return list(access.competency_items_visible(request.user).filter(active=True))


# Surveys --------------------------------------------------------------------------


@login_required
def survey_list(request: HttpRequest) -> HttpResponse:
    scope = require_scope(request.user, "surveys.view")
    # Count only the touchpoints inside the caller's scope.
    in_scope = Q(touchpoints__unit__path__startswith=scope.unit_path) if scope.unit_path else Q()
    surveys = list(
        access.surveys_visible(request.user).annotate(
            touchpoint_count=Count("touchpoints", filter=in_scope, distinct=True)
        )
    )
    form = None
    if scope.has("surveys.manage"):
        form = _create_form(request, None)
    return render(request, "surveys/list.html", {"surveys": surveys, "form": form})


def _create_form(request: HttpRequest, data: Any) -> SurveyCreateForm:
    scope = require_scope(request.user, "surveys.manage")
    org = access_organisation(request.user)
    units = units_visible(request.user, "surveys.manage")
    language = org.default_language
    return SurveyCreateForm(
        units,
        data,
        org_wide=scope.org_wide,
        initial={
            "languages": [language],
            "default_language": language,
            "kind": "post_visit_retail",
        },
    )


@login_required
def survey_create(request: HttpRequest) -> HttpResponse:
    require_scope(request.user, "surveys.manage")
    if request.POST.get("unit"):
        # A unit outside the caller's scope is not offered and does not exist for them.
        access_unit(request.user, request.POST["unit"], "surveys.manage")
    form = _create_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created: dict[str, Survey] = {}

        def write() -> None:
            unit = access.owner_unit_for_new_survey(
                request.user, data["unit"].pk if data["unit"] else None
            )
            created["survey"] = actions.do_create_survey(
                request.user,
                access_organisation(request.user),
                name=data["name"],
                kind=data["kind"],
                languages=data["languages"],
                default_language=data["default_language"],
                unit=unit,
            )

        if _apply(form, request, write):
            messages.success(request, _("Survey created. Adjust the questions, then publish it."))
            return redirect("surveys:edit", created["survey"].pk)
    return render(request, "surveys/create.html", {"form": form})


def _question_rows(survey: Survey, definition: dict[str, Any]) -> list[dict[str, Any]]:
    pages = []
    lang = survey.default_language
    for n, page in enumerate(definition.get("pages", []), start=1):
        rows = []
        for q in page["questions"]:
            cond = q.get("show_if")
            rows.append(
                {
                    "key": q["key"],
                    "type": type_label(q["type"]),
                    "text": text_for(q.get("text"), lang, lang),
                    "required": q.get("required"),
                    "missing": [
                        code for code in survey.languages if not (q.get("text") or {}).get(code)
                    ],
                    "condition": (
                        f"{cond['question']} {OP_LABELS.get(cond['op'], cond['op'])} "
                        f"{builder.format_condition_value(cond.get('value'))}"
                        if cond
                        else ""
                    ),
                }
            )
        pages.append({"number": n, "key": page["key"], "questions": rows})
    return pages


def _edit_context(
    request: HttpRequest, survey: Survey, add_form: AddQuestionForm | None = None
) -> dict[str, Any]:
    definition = _definition(survey)
    return {
        "survey": survey,
        "pages": _question_rows(survey, definition),
        "add_form": add_form or AddQuestionForm(survey, _active_items(request)),
        "editable": survey.status != SurveyStatus.CLOSED,
        "has_responses": actions.has_responses(survey.current_version),
    }


@login_required
def survey_detail(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access.access_survey(request.user, survey_id)
    can_edit = access.can_edit_survey(request.user, survey)
    return render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "can_edit": can_edit,
            "pages": _question_rows(survey, _definition(survey)),
            "language_names": [LANGUAGE_NAMES.get(c, c) for c in survey.languages],
            "touchpoint_count": access.touchpoints_visible(request.user)
            .filter(survey=survey)
            .count(),
        },
    )


@login_required
def survey_edit(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access.access_survey_for_edit(request.user, survey_id)
    return render(request, "surveys/edit.html", _edit_context(request, survey))


def _after_edit(request: HttpRequest, survey: Survey) -> HttpResponse:
    survey = access.access_survey(request.user, survey.pk)
    if _is_htmx(request):
        context = {**_edit_context(request, survey), "show_messages": True}
        return render(request, "surveys/_questions.html", context)
    return redirect("surveys:edit", survey.pk)


@login_required
@require_POST
def question_add(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access.access_survey_for_edit(request.user, survey_id)
    form = AddQuestionForm(survey, _active_items(request), request.POST)
    if form.is_valid():

        def write() -> None:
            actions.do_update_survey_definition(
                request.user, survey, form.build(_definition(survey))
            )

        if _apply(form, request, write):
            messages.success(request, _("Question added."))
            return _after_edit(request, survey)
    context = {**_edit_context(request, survey, form), "show_messages": True}
    template = "surveys/_questions.html" if _is_htmx(request) else "surveys/edit.html"
    return render(request, template, context)


def _question_or_404(survey: Survey, key: str) -> dict[str, Any]:
    question = question_map(_definition(survey)).get(key)
    if question is None:
        raise Http404("question")
    return question


@login_required
def question_edit(request: HttpRequest, survey_id: int, key: str) -> HttpResponse:
    survey = access.access_survey_for_edit(request.user, survey_id)
    question = _question_or_404(survey, key)
    definition = _definition(survey)
    items = list(access.competency_items_visible(request.user))
    form = QuestionForm(survey, question, definition, items, request.POST or None)
    if request.method == "POST" and form.is_valid():

        def write() -> None:
            new = builder.replace_question(definition, key, form.build())
            actions.do_update_survey_definition(request.user, survey, new)

        if _apply(form, request, write):
            messages.success(request, _("Question saved."))
            return redirect("surveys:edit", survey.pk)
    return render(
        request,
        "surveys/question_form.html",
        {
            "survey": survey,
            "question": question,
            "form": form,
            "type_label": type_label(question["type"]),
        },
    )


@login_required
@require_POST
def question_move(request: HttpRequest, survey_id: int, key: str) -> HttpResponse:
    survey = access.access_survey_for_edit(request.user, survey_id)
    _question_or_404(survey, key)
    direction = request.POST.get("direction", "")
    _apply(
        None,
        request,
        lambda: actions.do_update_survey_definition(
            request.user, survey, builder.move_question(_definition(survey), key, direction)
        ),
    )
    return _after_edit(request, survey)


@login_required
@require_POST
def question_delete(request: HttpRequest, survey_id: int, key: str) -> HttpResponse:
    survey = access.access_survey_for_edit(request.user, survey_id)
    if key not in question_map(_definition(survey)):
        # Removing twice (a double click, a second tab) is not an error.
        messages.info(request, _("The question was already removed."))
        return _after_edit(request, survey)
    if _apply(
        None,
        request,
        lambda: actions.do_update_survey_definition(
            request.user, survey, builder.remove_question(_definition(survey), key)
        ),
    ):
        messages.success(request, _("Question removed."))
    return _after_edit(request, survey)


@login_required
def survey_settings(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access.access_survey_for_edit(request.user, survey_id)
    form = SurveySettingsForm(
        request.POST or None,
        initial={
            "name": survey.name,
            "languages": survey.languages,
            "default_language": survey.default_language,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def write() -> None:
            actions.do_update_survey(
                request.user,
                survey,
                name=data["name"],
                languages=data["languages"],
                default_language=data["default_language"],
            )

        if _apply(form, request, write):
            messages.success(request, _("Survey saved."))
            return redirect("surveys:detail", survey.pk)
    return render(request, "surveys/settings.html", {"survey": survey, "form": form})


@login_required
@require_POST
def survey_publish(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access.access_survey_for_edit(request.user, survey_id)
    if _apply(None, request, lambda: actions.do_publish_survey(request.user, survey)):
        messages.success(request, _("The survey is live."))
    return redirect("surveys:detail", survey.pk)


@login_required
@require_POST
def survey_close(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access.access_survey_for_edit(request.user, survey_id)
    if _apply(None, request, lambda: actions.do_close_survey(request.user, survey)):
        messages.success(request, _("The survey is closed; it takes no more answers."))
    return redirect("surveys:detail", survey.pk)


def _preview_context(survey: Survey, definition: dict[str, Any], language: str) -> dict[str, Any]:
    default = survey.default_language
    pages = []
    for page in definition.get("pages", []):
        rows = []
        for q in page["questions"]:
            scale = None
            if q.get("scale"):
                scale = {
                    "values": list(range(q["scale"]["min"], q["scale"]["max"] + 1)),
                    "low": text_for(q["scale"].get("low"), language, default),
                    "high": text_for(q["scale"].get("high"), language, default),
                }
            rows.append(
                {
                    "key": q["key"],
                    "type": q["type"],
                    "text": text_for(q.get("text"), language, default),
                    "help": text_for(q.get("help"), language, default),
                    "required": q.get("required"),
                    "scale": scale,
                    "options": [
                        {"key": o["key"], "text": text_for(o.get("text"), language, default)}
                        for o in q.get("options") or []
                    ],
                    "conditional": bool(q.get("show_if")),
                }
            )
        pages.append(rows)
    return {
        "survey": survey,
        "pages": pages,
        "language": language,
        "languages": [(c, LANGUAGE_NAMES.get(c, c)) for c in survey.languages],
    }


@login_required
def survey_preview(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access.access_survey(request.user, survey_id)
    language = request.GET.get("lang") or survey.default_language
    if language not in survey.languages:
        language = survey.default_language
    context = _preview_context(survey, _definition(survey), language)
    context["version"] = survey.current_version
    return render(request, "surveys/preview.html", context)


@login_required
def version_list(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access.access_survey(request.user, survey_id)
    versions = list(access.versions_of(request.user, survey))
    for v in versions:
        v.question_count = len(questions(v.definition))  # type: ignore[attr-defined]
    return render(
        request,
        "surveys/versions.html",
        {
            "survey": survey,
            "versions": versions,
            "can_edit": access.can_edit_survey(request.user, survey),
        },
    )


@login_required
def version_detail(request: HttpRequest, survey_id: int, number: int) -> HttpResponse:
    survey = access.access_survey(request.user, survey_id)
    version = access.access_version(request.user, survey, number)
    language = request.GET.get("lang") or survey.default_language
    if language not in survey.languages:
        language = survey.default_language
    context = _preview_context(survey, version.definition, language)
    context["version"] = version
    return render(request, "surveys/preview.html", context)


# Competency model -----------------------------------------------------------------


def _can_manage_competencies(request: HttpRequest) -> bool:
    try:
        access.require_competency_manager(request.user)
    except Exception:
        return False
    return True


@login_required
def competency_list(request: HttpRequest) -> HttpResponse:
    items = list(access.competency_items_visible(request.user))
    can_manage = _can_manage_competencies(request)
    rows = (
        [(item, CompetencyItemForm(item, prefix=f"i{item.pk}")) for item in items]
        if can_manage
        else []
    )
    return render(
        request,
        "surveys/competency.html",
        {
            "items": items,
            "rows": rows,
            "can_manage": can_manage,
            "add_form": CompetencyItemForm(None) if can_manage else None,
            "language_codes": list(LANGUAGE_NAMES),
        },
    )


@login_required
@require_POST
def competency_ensure(request: HttpRequest) -> HttpResponse:
    access.require_competency_manager(request.user)
    actions.do_ensure_competency_model(request.user, access_organisation(request.user))
    messages.success(request, _("The default competency model is ready."))
    return redirect("surveys:competency")


@login_required
@require_POST
def competency_add(request: HttpRequest) -> HttpResponse:
    access.require_competency_manager(request.user)
    form = CompetencyItemForm(None, request.POST)
    if form.is_valid():

        def write() -> None:
            actions.do_create_competency_item(
                request.user,
                access_organisation(request.user),
                key=form.cleaned_data["key"],
                text=form.texts(),
            )

        if _apply(form, request, write):
            messages.success(request, _("Competency item added."))
            return redirect("surveys:competency")
    items = list(access.competency_items_visible(request.user))
    return render(
        request,
        "surveys/competency.html",
        {
            "items": items,
            "rows": [(item, CompetencyItemForm(item, prefix=f"i{item.pk}")) for item in items],
            "can_manage": True,
            "add_form": form,
            "language_codes": list(LANGUAGE_NAMES),
        },
    )


@login_required
@require_POST
def competency_update(request: HttpRequest, item_id: int) -> HttpResponse:
    item = access.access_competency_item(request.user, item_id)
    access.require_competency_manager(request.user)
    form = CompetencyItemForm(item, request.POST, prefix=f"i{item.pk}")
    if form.is_valid():

        def write() -> None:
            actions.do_update_competency_item(
                request.user,
                item,
                text=form.texts(),
                active=form.cleaned_data["active"],
                order=form.cleaned_data["order"],
            )

        if _apply(form, request, write):
            messages.success(request, _("Competency item saved."))
            return redirect("surveys:competency")
    for name, errors in form.errors.items():
        text = " ".join(str(e) for e in errors)
        messages.error(request, text if name == "__all__" else f"{form[name].label}: {text}")
    return redirect("surveys:competency")


# Touchpoints ----------------------------------------------------------------------


def _touchpoint_form(request: HttpRequest, survey: Survey, data: Any) -> TouchpointForm:
    units = units_visible(request.user, "surveys.manage")
    if survey.unit is not None:
        units = units.filter(path__startswith=survey.unit.path)
    employees = employees_visible(request.user, "surveys.manage").filter(active=True)
    return TouchpointForm(units, employees, data)


@login_required
def touchpoint_list(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access.access_survey(request.user, survey_id)
    scope = require_scope(request.user, "surveys.view")
    touchpoints = list(access.touchpoints_visible(request.user).filter(survey=survey))
    form = None
    if scope.has("surveys.manage"):
        if request.method == "POST":
            # Units and employees outside the caller's scope do not exist for them.
            if request.POST.get("unit"):
                access_unit(request.user, request.POST["unit"], "surveys.manage")
            if request.POST.get("employee"):
                access_employee(request.user, request.POST["employee"], "surveys.manage")
        form = _touchpoint_form(request, survey, request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            created: dict[str, Touchpoint] = {}

            def write() -> None:
                created["tp"] = actions.do_create_touchpoint(
                    request.user,
                    survey,
                    unit=data["unit"],
                    channel=data["channel"],
                    employee=data["employee"],
                    kind=data["kind"],
                )

            if _apply(form, request, write):
                messages.success(request, _("Touchpoint created."))
                return redirect("surveys:touchpoint-detail", created["tp"].pk)
    elif request.method == "POST":
        require_scope(request.user, "surveys.manage")
    return render(
        request,
        "surveys/touchpoints.html",
        {
            "survey": survey,
            "touchpoints": touchpoints,
            "form": form,
            "can_edit": access.can_edit_survey(request.user, survey),
        },
    )


@login_required
def touchpoint_detail(request: HttpRequest, touchpoint_id: int) -> HttpResponse:
    tp = access.access_touchpoint(request.user, touchpoint_id)
    scope = require_scope(request.user, "surveys.view")
    return render(
        request,
        "surveys/touchpoint_detail.html",
        {
            "tp": tp,
            "survey": tp.survey,
            "url": distribution.respondent_url(tp),
            "kiosk_url": distribution.kiosk_url(tp),
            "embed": distribution.embed_snippet(tp),
            "qr_svg": distribution.qr_svg(tp).decode("utf-8").split("?>", 1)[-1],
            "can_manage": scope.has("surveys.manage"),
        },
    )


@login_required
@require_POST
def touchpoint_toggle(request: HttpRequest, touchpoint_id: int) -> HttpResponse:
    tp = access.access_touchpoint(request.user, touchpoint_id, "surveys.manage")
    active = request.POST.get("active") == "1"
    actions.do_set_touchpoint_active(request.user, tp, active=active)
    messages.success(
        request, _("Touchpoint switched on.") if active else _("Touchpoint switched off.")
    )
    return redirect("surveys:touchpoint-detail", tp.pk)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def touchpoint_qr_svg(request: HttpRequest, touchpoint_id: int) -> HttpResponse:
    tp = access.access_touchpoint(request.user, touchpoint_id)
    return _download(distribution.qr_svg(tp), "image/svg+xml", f"lytt-qr-{tp.pk}.svg")


@login_required
def touchpoint_qr_png(request: HttpRequest, touchpoint_id: int) -> HttpResponse:
    tp = access.access_touchpoint(request.user, touchpoint_id)
    return _download(distribution.qr_png(tp), "image/png", f"lytt-qr-{tp.pk}.png")


@login_required
def touchpoint_poster(request: HttpRequest, touchpoint_id: int) -> HttpResponse:
    tp = access.access_touchpoint(request.user, touchpoint_id)
    return _download(distribution.poster_pdf(tp), "application/pdf", f"lytt-poster-{tp.pk}.pdf")
