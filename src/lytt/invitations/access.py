"""Scoped reads of invitations. Invitations hold customers' e-mail addresses, so only
those who may manage invitations (admins, CX managers, unit managers in their subtree)
see them; employees and evaluators do not."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from lytt.accounts.access import require_scope
from lytt.invitations.models import Invitation, InvitationStatus


def invitations_visible(principal: Any) -> QuerySet[Invitation]:
    scope = require_scope(principal, "invitations.manage")
    return (
        Invitation.objects.filter(scope.unit_filter("unit"))
        .select_related("survey", "unit", "employee")
        .order_by("-created_at", "-pk")
    )


def access_invitation(principal: Any, invitation_id: Any) -> Invitation:
    try:
        return invitations_visible(principal).get(pk=int(invitation_id))
    except (Invitation.DoesNotExist, ValueError, TypeError):
        raise Http404("invitation") from None


def status_counts(invitations: QuerySet[Invitation]) -> dict[str, int]:
    """{status: count} for every status (zeros included), in one query."""
    counts = {s: 0 for s in InvitationStatus.values}
    for row in invitations.order_by().values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    return counts
