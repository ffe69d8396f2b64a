"""Writing the append-only audit trail. Called from inside actions."""

from __future__ import annotations

from typing import Any

from lytt.accounts.models import AuditEvent, User


def actor_ref(actor: Any) -> dict[str, Any]:
    """Who acts, as the trail stores it: the user's id and/or the API token's prefix
    (a role token, or a user's personal token set by lytt.api.TokenAuth)."""
    ref: dict[str, Any] = {}
    if isinstance(actor, User):
        ref["user"] = actor.pk
        token = getattr(actor, "lytt_token", None)
    else:
        token = getattr(actor, "token", None) if actor is not None else None
    if token is not None:
        ref["token"] = token.prefix
    return ref


def record(
    actor: Any,
    organisation_id: int | None,
    action: str,
    obj: Any = None,
    **data: Any,
) -> AuditEvent:
    user = actor if isinstance(actor, User) else None
    token = actor_ref(actor).get("token")
    if token is not None:
        data.setdefault("token", token)
    return AuditEvent.objects.create(
        organisation_id=organisation_id,
        actor=user,
        action=action,
        object_type=type(obj).__name__.lower() if obj is not None else "",
        object_id=str(getattr(obj, "pk", "") or "") if obj is not None else "",
        data={k: v for k, v in data.items() if v is not None},
    )
