"""Background jobs for invitations (django-tasks; `lytt worker` runs them).

Every job is idempotent: it re-reads the rows and acts only on what is still due, so a
worker killed half-way loses nothing and a job run twice does no harm.
"""

from __future__ import annotations

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from lytt.invitations import actions
from lytt.invitations.models import Invitation, InvitationStatus


@task()
def send_invitation(invitation_id: int) -> None:
    invitation = Invitation.objects.filter(pk=invitation_id).first()
    if invitation is not None:
        actions.do_send_invitation(None, invitation)


@task()
def deliver_invitation_email(invitation_id: int, kind: str) -> bool:
    """Send the invitation or reminder e-mail, in the customer's language. Does nothing
    when the invitation was answered, expired or unsubscribed in the meantime."""
    invitation = (
        Invitation.objects.select_related("organisation", "survey", "unit")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.email or invitation.answered_at is not None:
        return False
    expected = InvitationStatus.REMINDED if kind == "reminder" else InvitationStatus.SENT
    if invitation.status != expected:
        return False
    with translation.override(invitation.language):
        context = {
            "invitation": invitation,
            "organisation": invitation.organisation,
            "unit": invitation.unit,
            "url": actions.invitation_url(invitation, "invite:answer"),
            "unsubscribe_url": actions.invitation_url(invitation, "invite:unsubscribe"),
            "reminder": kind == "reminder",
        }
        body = render_to_string("invitations/email/invitation.txt", context)
        if kind == "reminder":
            subject = _("Reminder: how was your visit to %(unit)s?")
        else:
            subject = _("How was your visit to %(unit)s?")
        subject = subject % {"unit": invitation.unit.name}
    send_mail(subject, body, None, [invitation.email])
    return True


@task()
def send_due_reminders() -> dict[str, int]:
    """Expire what is past its date, then send the reminders that are due."""
    expired = actions.do_expire_invitations(None)
    run = actions.do_send_due_reminders(None)
    return {"expired": expired, "reminded": len(run.reminded), "suppressed": len(run.suppressed)}
