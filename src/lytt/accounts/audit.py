"""Writing the append-only audit trail. Called from inside actions."""

from __future__ import annotations

from typing import Any

from lytt.accounts.models import AuditEvent, User


def record(
    actor: Any,
    organisation_id: int | None,
    action: str,
    obj: Any = None,
    **data: Any,
) -> AuditEvent:
    user = actor if isinstance(actor, User) else None
    if actor is not None and user is None and hasattr(actor, "token"):
        data.setdefault("token", actor.token.prefix)
    # A user acting through a personal API token (set by lytt.api.TokenAuth).
    personal = getattr(user, "lytt_token", None)
    if personal is not None:
        data.setdefault("token", personal.prefix)
    return AuditEvent.objects.create(
        organisation_id=organisation_id,
        actor=user,
        action=action,
        object_type=type(obj).__name__.lower() if obj is not None else "",
        object_id=str(getattr(obj, "pk", "") or "") if obj is not None else "",
        data={k: v for k, v in data.items() if v is not None},
    )
