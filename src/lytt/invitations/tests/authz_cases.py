"""Authorisation cases for every page and API operation of lytt.invitations.

Objects live in unit_y (a sibling of bob's unit_x) with a marker e-mail, so a leak to bob,
carla, eve or mallory is caught. Only admins, CX managers and unit managers (their own
subtree) work with invitations; the policy is for admins and CX managers."""

from __future__ import annotations

from typing import Any

from lytt.invitations import actions
from lytt.testing.authz import AuthzCase, Target
from lytt.testing.world import World

MANAGERS = frozenset({"ada", "alice", "bob", "mallory"})
# carla's API token is a unit-manager token for her unit (see World.token).
API_MANAGERS = MANAGERS | {"carla"}
API_UNIT_X = frozenset({"ada", "alice", "bob", "carla"})
ORG_MANAGERS = frozenset({"ada", "alice"})
POLICY = frozenset({"ada", "alice", "mallory"})
MARKER = "sentrum-kunde@example.com"


def _survey(w: World) -> Any:
    from lytt.invitations.tests.conftest import make_survey
    from lytt.surveys.models import Survey

    return Survey.objects.filter(organisation=w.org, name="Authz").first() or make_survey(
        w, name="Authz"
    )


def _invitation_y(w: World) -> Any:
    from lytt.invitations.models import Invitation

    found = Invitation.objects.filter(dedupe_key="authz-y").first()
    if found is not None:
        return found
    result = actions.do_create_invitation(
        None,
        survey=_survey(w),
        unit=w.unit_y,
        email=MARKER,
        channel="in_person",
        dedupe_key="authz-y",
        send=False,
    )
    return result.invitation


def _list(w: World) -> Target:
    _invitation_y(w)
    return Target("/invitations/?status=queued", marker="Sentrum</td>")


def _csv(w: World) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = f"email,unit,channel\nny@example.com,{w.unit_x.pk},in_person\n".encode()
    return {
        "survey_id": str(_survey(w).pk),
        "file": SimpleUploadedFile("contacts.csv", content, content_type="text/csv"),
    }


def _preview(w: World) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = f"email,unit,channel\n{MARKER},{w.unit_y.pk},in_person\n".encode()
    return {
        "survey": str(_survey(w).pk),
        "step": "preview",
        "file": SimpleUploadedFile("contacts.csv", content, content_type="text/csv"),
    }


CASES = [
    AuthzCase(
        route="invitations:list",
        build=_list,
        can=MANAGERS,
        sees=ORG_MANAGERS,
    ),
    AuthzCase(
        route="invitations:upload",
        build=lambda w: Target("/invitations/upload/"),
        can=MANAGERS,
    ),
    AuthzCase(
        route="invitations:upload",
        build=lambda w: Target("/invitations/upload/", data=_preview(w), marker=MARKER),
        can=MANAGERS,
        sees=frozenset({"ada", "alice", "bob"}),
        method="POST",
        note="preview of the org's survey",
    ),
    AuthzCase(
        route="invitations:policy",
        build=lambda w: Target("/invitations/policy/"),
        can=POLICY,
    ),
    AuthzCase(
        route="invitations:policy",
        build=lambda w: Target(
            "/invitations/policy/",
            data={"quiet_period_days": "20", "reminder_after_days": "2", "expire_after_days": "9"},
        ),
        can=POLICY,
        method="POST",
    ),
    AuthzCase(
        route="api:lytt_invitations_api_list_invitations",
        build=lambda w: (_invitation_y(w), Target("/api/v1/invitations", marker=MARKER))[1],
        can=API_MANAGERS,
        sees=frozenset(),
        api=True,
        note="token",
    ),
    AuthzCase(
        route="api:lytt_invitations_api_get_invitation",
        build=lambda w: Target(f"/api/v1/invitations/{_invitation_y(w).pk}"),
        can=ORG_MANAGERS,
        sees=frozenset(),
        api=True,
        note="token, unit_y",
    ),
    AuthzCase(
        route="api:lytt_invitations_api_create_invitations",
        build=lambda w: Target(
            "/api/v1/invitations",
            data={
                "survey_id": _survey(w).pk,
                "unit_id": w.unit_x.pk,
                "email": "ny-kunde@example.com",
                "channel": "in_person",
            },
        ),
        can=API_UNIT_X,
        method="POST",
        api=True,
        json=True,
        note="token, unit_x",
    ),
    AuthzCase(
        route="api:lytt_invitations_api_create_invitations",
        build=lambda w: Target(
            "/api/v1/invitations",
            data=[  # type: ignore[arg-type]
                {
                    "survey_id": _survey(w).pk,
                    "unit_id": w.unit_y.pk,
                    "email": "y-kunde@example.com",
                    "channel": "in_person",
                }
            ],
        ),
        can=ORG_MANAGERS,
        method="POST",
        api=True,
        json=True,
        note="token, many, unit_y",
    ),
    AuthzCase(
        route="api:lytt_invitations_api_upload_contacts",
        build=lambda w: Target("/api/v1/invitations/csv", data=_csv(w)),
        can=API_UNIT_X,
        method="POST",
        api=True,
        note="token, multipart",
    ),
]
