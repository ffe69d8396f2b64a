"""Staff pages: invitations per survey and unit, uploading contacts, the policy."""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lytt.accounts.access import access_organisation, require_scope
from lytt.invitations import actions
from lytt.invitations.access import invitations_visible, status_counts
from lytt.invitations.contacts import ContactsFileError, decode, parse_contacts
from lytt.invitations.forms import ContactsUploadForm, InvitationFilterForm, PolicyForm

PREVIEW_ROWS = 10
STASH_SALT = "lytt.invitations.upload"
STASH_SECONDS = 3600


# Between the preview and the import the file waits on disk (not in the form: a 5 MB
# file would exceed the request size limit), named by a random id inside a signed,
# expiring reference bound to the user. Imported or abandoned files are removed.
def _stash_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "invitation-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _stash(user_id: int | None, raw: bytes) -> str:
    folder = _stash_dir()
    for old in folder.iterdir():
        if old.stat().st_mtime < time.time() - STASH_SECONDS:
            old.unlink(missing_ok=True)
    name = secrets.token_hex(16)
    (folder / name).write_bytes(raw)
    return signing.dumps({"f": name, "u": user_id}, salt=STASH_SALT)


def _unstash(user_id: int | None, reference: str) -> bytes | None:
    try:
        data = signing.loads(reference, salt=STASH_SALT, max_age=STASH_SECONDS)
    except signing.BadSignature:
        return None
    if data.get("u") != user_id:
        return None
    path = _stash_dir() / str(data.get("f", ""))
    if not path.is_file() or path.parent != _stash_dir():
        return None
    raw = path.read_bytes()
    path.unlink(missing_ok=True)
    return raw


@login_required
def invitation_list(request: HttpRequest) -> HttpResponse:
    scope = require_scope(request.user, "invitations.manage")
    form = InvitationFilterForm(request.user, request.GET or None)
    invitations = invitations_visible(request.user)
    if form.is_valid():
        if form.cleaned_data["survey"]:
            invitations = invitations.filter(survey=form.cleaned_data["survey"])
        if form.cleaned_data["unit"]:
            invitations = invitations.filter(unit__path__startswith=form.cleaned_data["unit"].path)
    counts = status_counts(invitations)
    if form.is_valid() and form.cleaned_data["status"]:
        invitations = invitations.filter(status=form.cleaned_data["status"])
    page = Paginator(invitations, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "invitations/list.html",
        {
            "form": form,
            "page": page,
            "counts": counts,
            "query": query.urlencode(),
            "can_policy": scope.has("invitations.policy"),
        },
    )


@login_required
def contacts_upload(request: HttpRequest) -> HttpResponse:
    require_scope(request.user, "invitations.manage")
    form = ContactsUploadForm(request.user, request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form}
    if request.method == "POST" and form.is_valid():
        survey = form.cleaned_data["survey"]
        upload = form.cleaned_data.get("file")
        if upload:
            raw: bytes | None = upload.read()
        else:
            raw = _unstash(request.user.pk, form.cleaned_data["upload"])
        if raw is None:
            form.add_error(None, _("The file could not be read; choose it again."))
            return render(request, "invitations/upload.html", context)
        if request.POST.get("step") == "import":
            try:
                report = actions.do_create_invitations_from_csv(request.user, raw, survey=survey)
            except ValidationError as exc:
                form.add_error(None, exc)
                return render(request, "invitations/upload.html", context)
            return render(
                request, "invitations/upload_result.html", {"report": report, "survey": survey}
            )
        try:
            parsed = parse_contacts(decode(raw))
        except ContactsFileError as exc:
            form.add_error("file", str(exc))
            return render(request, "invitations/upload.html", context)
        columns = [c for c in parsed.columns if c]
        context.update(
            {
                "survey": survey,
                "columns": columns,
                "preview": [
                    (row.number, [row.values.get(c, "") for c in columns])
                    for row in parsed.rows[:PREVIEW_ROWS]
                ],
                "total": len(parsed.rows),
                "upload": _stash(request.user.pk, raw),
            }
        )
        return render(request, "invitations/upload_preview.html", context)
    return render(request, "invitations/upload.html", context)


@login_required
def policy(request: HttpRequest) -> HttpResponse:
    scope = require_scope(request.user, "invitations.policy")
    organisation = access_organisation(request.user)
    current = actions.policy_for(scope.organisation_id)
    form = PolicyForm(
        request.POST or None,
        initial={
            "quiet_period_days": current.quiet_period_days,
            "reminder_after_days": current.reminder_after_days,
            "expire_after_days": current.expire_after_days,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_invitation_policy(request.user, organisation, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Invitation settings saved."))
            return redirect("invitations:policy")
    return render(request, "invitations/policy.html", {"form": form})
