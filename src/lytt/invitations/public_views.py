"""The customer's side of an invitation: `/i/<token>/` (the survey, once) and
`/i/<token>/unsubscribe` (confirm, then done). No login: the secret token is the key."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt

from lytt.invitations import actions
from lytt.invitations.models import Invitation, InvitationStatus


def _page(
    request: HttpRequest, template: str, invitation: Invitation | None, status: int = 200
) -> HttpResponse:
    language = invitation.language if invitation is not None else translation.get_language()
    with translation.override(language):
        response = render(
            request,
            f"invitations/public/{template}.html",
            {"invitation": invitation, "organisation": getattr(invitation, "organisation", None)},
            status=status,
        )
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _closed_page(request: HttpRequest, invitation: Invitation) -> HttpResponse | None:
    if invitation.status == InvitationStatus.ANSWERED:
        return _page(request, "answered", invitation, 410)
    if invitation.status == InvitationStatus.SUPPRESSED:
        return _page(request, "unsubscribed", invitation, 410)
    if not actions.answerable(invitation):
        return _page(request, "expired", invitation, 410)
    return None


@csrf_exempt  # like /s/<token>/: respondents have no session; the token is the secret
def answer(request: HttpRequest, token: str) -> HttpResponse:
    from lytt.feedback.respond import respond

    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    invitation = actions.find_invitation(token)
    if invitation is None:
        return _page(request, "unknown", None, 404)
    in_progress = bool(request.GET.get("r") or request.POST.get("r") or request.GET.get("done"))
    if not in_progress:
        closed = _closed_page(request, invitation)
        if closed is not None:
            return closed
        if request.method == "GET" and not request.GET.get("lang"):
            # Open the survey in the language the customer was written to in.
            return HttpResponseRedirect(f"{request.path}?lang={invitation.language}")
    elif invitation.status in (InvitationStatus.SUPPRESSED, InvitationStatus.EXPIRED):
        return _closed_page(request, invitation) or _page(request, "expired", invitation, 410)
    if invitation.touchpoint is None:
        return _page(request, "expired", invitation, 410)
    from lytt.feedback.respond import load_touchpoint

    touchpoint = load_touchpoint(invitation.touchpoint.token)
    page = respond(request, touchpoint, invitation=invitation)
    invitation.refresh_from_db()
    if invitation.answered_at is not None and invitation.status != InvitationStatus.ANSWERED:
        actions.do_mark_invitation_answered(None, invitation)
    return page


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    invitation = actions.find_invitation(token)
    if invitation is None:
        return _page(request, "unknown", None, 404)
    if request.method == "POST":
        actions.do_unsubscribe(None, invitation)
        return _page(request, "unsubscribe_done", invitation)
    return _page(request, "unsubscribe_confirm", invitation)
