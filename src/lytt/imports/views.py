from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lytt.accounts.access import access_organisation, require_scope
from lytt.imports import actions
from lytt.imports.access import access_import, imports_visible
from lytt.imports.answers import import_survey, survey_question_keys
from lytt.imports.forms import MappingForm, UploadForm
from lytt.imports.mapping import guess_mapping
from lytt.imports.models import ImportBatch, ImportKind, ImportStatus
from lytt.imports.parsing import read_table


def _surveys(request: HttpRequest):  # type: ignore[no-untyped-def]
    from lytt.surveys.access import surveys_visible

    return surveys_visible(request.user).filter(current_version__isnull=False)


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    """The imports so far and the upload form."""
    require_scope(request.user, "imports.manage")
    form = UploadForm(request.POST or None, request.FILES or None, surveys=_surveys(request))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        survey = form.cleaned_data.get("survey")
        try:
            batch = actions.do_upload_import(
                request.user,
                access_organisation(request.user),
                kind=form.cleaned_data["kind"],
                filename=upload.name,
                content=upload.read(),
                options={"survey_id": survey.pk} if survey else {},
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("imports:detail", batch.pk)
    page = Paginator(imports_visible(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "imports/list.html", {"form": form, "page": page})


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Before the import: preview and column mapping. After: the result."""
    batch = access_import(request.user, pk)
    if batch.status != ImportStatus.UPLOADED:
        return render(request, "imports/result.html", {"batch": batch, "job": batch.job})
    content = ImportBatch.objects.values_list("content", flat=True).get(pk=batch.pk)
    table = read_table(bytes(content), batch.filename)
    keys: list[str] = []
    if batch.kind == ImportKind.ANSWERS:
        try:
            keys = survey_question_keys(import_survey(batch))
        except ValidationError as exc:  # the survey was removed or emptied meanwhile
            messages.error(request, " ".join(exc.messages))
            return redirect("imports:list")
    guess = guess_mapping(batch.kind, table.headers, keys)
    form = MappingForm(
        request.POST or None,
        kind=batch.kind,
        headers=table.headers,
        guess=guess,
        question_keys=keys,
    )
    if request.method == "POST" and form.is_valid():
        try:
            batch = actions.do_start_import(
                request.user, batch, mapping=form.mapping(), options=form.options()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if batch.total_rows > actions.INLINE_LIMIT and batch.job is not None:
                return redirect("jobs:detail", batch.job.pk)
            return redirect("imports:detail", batch.pk)
    return render(
        request,
        "imports/preview.html",
        {
            "batch": batch,
            "headers": table.headers,
            "rows": table.rows[:10],
            "first_row": table.row_number(0),
            "form": form,
        },
    )


@login_required
@require_POST
def import_resume(request: HttpRequest, pk: int) -> HttpResponse:
    batch = access_import(request.user, pk)
    try:
        actions.do_resume_import(request.user, batch)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The import continues where it stopped."))
    return redirect("imports:detail", batch.pk)
