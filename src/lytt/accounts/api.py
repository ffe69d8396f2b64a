"""API: who am I, units, employees, users and tokens of the caller's organisation."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from lytt.accounts.access import require_scope

router = Router()


class MeOut(Schema):
    organisation_id: int
    role: str
    unit_path: str | None
    employee_id: int | None


@router.get("/me", response=MeOut, summary="The caller's organisation, role and scope")
def me(request: HttpRequest) -> MeOut:
    from lytt.api import principal

    scope = require_scope(principal(request))
    return MeOut(
        organisation_id=scope.organisation_id,
        role=scope.role,
        unit_path=scope.unit_path,
        employee_id=scope.employee_id,
    )
