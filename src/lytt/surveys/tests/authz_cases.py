"""Authorisation cases for every page and API operation of lytt.surveys.

Objects live in unit_y (a sibling of bob's unit_x) or are organisation-wide surveys of
Acme, with markers so a leak to bob, carla, eve or mallory is caught. Surveys of the
whole organisation are visible to bob (a unit manager) but only org-wide managers may
change them; the competency model is read by everyone who works with surveys or
mystery shopping and changed only by org-wide managers."""

from __future__ import annotations

from lytt.surveys import actions
from lytt.surveys.models import CompetencyItem, Survey, Touchpoint
from lytt.testing.authz import ANYONE, AuthzCase, Target
from lytt.testing.world import World

ORG_MANAGERS = frozenset({"ada", "alice"})
SURVEY_VIEWERS = frozenset({"ada", "alice", "bob", "mallory"})
Y_SURVEY = "Sentrum-undersøkelse"
ORG_SURVEY = "Acme-undersøkelse"
ITEM_TEXT = "Acme-spesifikt utsagn"


def _y_survey(w: World) -> Survey:
    return actions.do_create_survey(
        w.users["ada"], w.org, name=Y_SURVEY, kind="custom", unit=w.unit_y, languages=["nb", "sv"]
    )


def _org_survey(w: World) -> Survey:
    return actions.do_create_survey(w.users["ada"], w.org, name=ORG_SURVEY, kind="restaurant")


def _y_touchpoint(w: World) -> Touchpoint:
    return actions.do_create_touchpoint(
        w.users["ada"], _org_survey(w), unit=w.unit_y, channel="in_person", kind="qr"
    )


def _item(w: World) -> CompetencyItem:
    return actions.do_create_competency_item(w.users["ada"], w.org, text={"nb": ITEM_TEXT})


def _tp_target(suffix: str = "", **kw):  # type: ignore[no-untyped-def]
    def build(w: World) -> Target:
        tp = _y_touchpoint(w)
        return Target(f"/surveys/touchpoints/{tp.pk}/{suffix}", marker=tp.token, **kw)

    return build


def _api(route: str, build, can, method: str = "GET", **kw) -> AuthzCase:  # type: ignore[no-untyped-def]
    return AuthzCase(
        route=f"api:lytt_surveys_api_{route}",
        build=build,
        can=frozenset(can),
        method=method,
        api=True,
        json=method != "GET",
        note="token",
        **kw,
    )


# API tokens: carla's token is a unit manager's for unit_x (see World.token), so on the
# API she is treated like bob; eve's token is an evaluator's.
API_VIEWERS = frozenset({"ada", "alice", "bob", "carla", "mallory"})

CASES = [
    # Surveys -------------------------------------------------------------------------
    AuthzCase(
        route="surveys:list",
        build=lambda w: (_y_survey(w), Target("/surveys/", marker=Y_SURVEY))[1],
        can=SURVEY_VIEWERS,
        sees=ORG_MANAGERS,
    ),
    AuthzCase(
        route="surveys:create",
        build=lambda w: Target("/surveys/new/"),
        can=SURVEY_VIEWERS,
    ),
    AuthzCase(
        route="surveys:create",
        build=lambda w: Target(
            "/surveys/new/",
            data={
                "name": "Ny i Sentrum",
                "kind": "restaurant",
                "languages": ["nb"],
                "default_language": "nb",
                "unit": w.unit_y.pk,
            },
        ),
        can=ORG_MANAGERS,
        method="POST",
        note="in unit_y",
    ),
    AuthzCase(
        route="surveys:detail",
        build=lambda w: Target(f"/surveys/{_y_survey(w).pk}/", marker=Y_SURVEY),
        can=ORG_MANAGERS,
        note="unit_y survey",
    ),
    AuthzCase(
        route="surveys:detail",
        build=lambda w: Target(f"/surveys/{_org_survey(w).pk}/", marker=ORG_SURVEY),
        can=frozenset({"ada", "alice", "bob"}),
        note="organisation-wide survey",
    ),
    AuthzCase(
        route="surveys:edit",
        build=lambda w: Target(f"/surveys/{_y_survey(w).pk}/edit/", marker=Y_SURVEY),
        can=ORG_MANAGERS,
    ),
    AuthzCase(
        route="surveys:edit",
        build=lambda w: Target(f"/surveys/{_org_survey(w).pk}/edit/", marker=ORG_SURVEY),
        can=ORG_MANAGERS,
        note="organisation-wide survey, bob may only read",
    ),
    AuthzCase(
        route="surveys:settings",
        build=lambda w: Target(f"/surveys/{_y_survey(w).pk}/settings/", marker=Y_SURVEY),
        can=ORG_MANAGERS,
    ),
    AuthzCase(
        route="surveys:settings",
        build=lambda w: Target(
            f"/surveys/{_y_survey(w).pk}/settings/",
            data={"name": "Nytt navn", "languages": ["nb"], "default_language": "nb"},
        ),
        can=ORG_MANAGERS,
        method="POST",
    ),
    AuthzCase(
        route="surveys:question-add",
        build=lambda w: Target(
            f"/surveys/{_y_survey(w).pk}/questions/add/",
            data={"type": "text", "text": "Noe mer?", "page": "p1"},
        ),
        can=ORG_MANAGERS,
        method="POST",
    ),
    AuthzCase(
        route="surveys:question-edit",
        build=lambda w: Target(f"/surveys/{_y_survey(w).pk}/questions/nps/", marker=Y_SURVEY),
        can=ORG_MANAGERS,
    ),
    AuthzCase(
        route="surveys:question-edit",
        build=lambda w: Target(
            f"/surveys/{_y_survey(w).pk}/questions/reason/",
            data={"text_nb": "Hvorfor?", "text_sv": "Varför?"},
        ),
        can=ORG_MANAGERS,
        method="POST",
    ),
    AuthzCase(
        route="surveys:question-move",
        build=lambda w: Target(
            f"/surveys/{_y_survey(w).pk}/questions/reason/move/", data={"direction": "up"}
        ),
        can=ORG_MANAGERS,
        method="POST",
    ),
    AuthzCase(
        route="surveys:question-delete",
        build=lambda w: Target(f"/surveys/{_y_survey(w).pk}/questions/reason/delete/"),
        can=ORG_MANAGERS,
        method="POST",
    ),
    AuthzCase(
        route="surveys:publish",
        build=lambda w: Target(f"/surveys/{_y_survey(w).pk}/publish/"),
        can=ORG_MANAGERS,
        method="POST",
    ),
    AuthzCase(
        route="surveys:publish",
        build=lambda w: Target(f"/surveys/{_org_survey(w).pk}/publish/"),
        can=ORG_MANAGERS,
        method="POST",
        note="organisation-wide survey",
    ),
    AuthzCase(
        route="surveys:close",
        build=lambda w: Target(f"/surveys/{_y_survey(w).pk}/close/"),
        can=ORG_MANAGERS,
        method="POST",
    ),
    AuthzCase(
        route="surveys:preview",
        build=lambda w: Target(f"/surveys/{_y_survey(w).pk}/preview/?lang=sv", marker=Y_SURVEY),
        can=ORG_MANAGERS,
    ),
    AuthzCase(
        route="surveys:versions",
        build=lambda w: Target(f"/surveys/{_y_survey(w).pk}/versions/", marker=Y_SURVEY),
        can=ORG_MANAGERS,
    ),
    AuthzCase(
        route="surveys:version",
        build=lambda w: Target(f"/surveys/{_y_survey(w).pk}/versions/1/", marker=Y_SURVEY),
        can=ORG_MANAGERS,
    ),
    # Touchpoints ---------------------------------------------------------------------
    AuthzCase(
        route="surveys:touchpoints",
        build=lambda w: Target(
            f"/surveys/{_y_touchpoint(w).survey_id}/touchpoints/", marker="Sentrum"
        ),
        can=frozenset({"ada", "alice", "bob"}),
        sees=ORG_MANAGERS,
        note="organisation-wide survey with a touchpoint in unit_y",
    ),
    AuthzCase(
        route="surveys:touchpoints",
        build=lambda w: Target(
            f"/surveys/{_org_survey(w).pk}/touchpoints/",
            data={"unit": w.unit_y.pk, "channel": "in_person", "kind": "link"},
        ),
        can=ORG_MANAGERS,
        method="POST",
        note="create in unit_y",
    ),
    AuthzCase(
        route="surveys:touchpoint-detail",
        build=_tp_target(),
        can=ORG_MANAGERS,
    ),
    AuthzCase(
        route="surveys:touchpoint-toggle",
        build=_tp_target("active/", data={"active": "0"}),
        can=ORG_MANAGERS,
        method="POST",
    ),
    AuthzCase(route="surveys:touchpoint-qr-svg", build=_tp_target("qr.svg"), can=ORG_MANAGERS),
    AuthzCase(route="surveys:touchpoint-qr-png", build=_tp_target("qr.png"), can=ORG_MANAGERS),
    AuthzCase(route="surveys:touchpoint-poster", build=_tp_target("poster.pdf"), can=ORG_MANAGERS),
    # Competency model ----------------------------------------------------------------
    AuthzCase(
        route="surveys:competency",
        build=lambda w: (_item(w), Target("/surveys/competency/", marker=ITEM_TEXT))[1],
        can=ANYONE,
        sees=frozenset({"ada", "alice", "bob", "carla", "eve"}),
    ),
    AuthzCase(
        route="surveys:competency-ensure",
        build=lambda w: Target("/surveys/competency/defaults/"),
        can=frozenset({"ada", "alice", "mallory"}),
        method="POST",
    ),
    AuthzCase(
        route="surveys:competency-add",
        build=lambda w: Target("/surveys/competency/add/", data={"text_en": "They smiled"}),
        can=frozenset({"ada", "alice", "mallory"}),
        method="POST",
    ),
    AuthzCase(
        route="surveys:competency-update",
        build=lambda w: (
            lambda item: Target(
                f"/surveys/competency/{item.pk}/",
                data={f"i{item.pk}-text_nb": ITEM_TEXT, f"i{item.pk}-order": "1"},
                marker=ITEM_TEXT,
            )
        )(_item(w)),
        can=ORG_MANAGERS,
        method="POST",
    ),
    # API -----------------------------------------------------------------------------
    _api(
        "list_surveys",
        lambda w: (_y_survey(w), Target("/api/v1/surveys", marker=Y_SURVEY))[1],
        API_VIEWERS,
        sees=ORG_MANAGERS,
    ),
    _api(
        "create_survey",
        lambda w: Target(
            "/api/v1/surveys",
            data={"name": "API-undersøkelse", "kind": "customer_service", "unit_id": w.unit_y.pk},
        ),
        ORG_MANAGERS,
        method="POST",
    ),
    _api(
        "get_survey",
        lambda w: Target(f"/api/v1/surveys/{_y_survey(w).pk}", marker=Y_SURVEY),
        ORG_MANAGERS,
    ),
    _api(
        "update_survey",
        lambda w: (
            lambda s: Target(
                f"/api/v1/surveys/{s.pk}",
                data={"name": Y_SURVEY + " 2", "definition": s.current_version.definition},
                marker=Y_SURVEY,
            )
        )(_y_survey(w)),
        ORG_MANAGERS,
        method="PATCH",
    ),
    _api(
        "update_survey",
        lambda w: Target(
            f"/api/v1/surveys/{_org_survey(w).pk}", data={"name": "Omdøpt"}, marker=ORG_SURVEY
        ),
        ORG_MANAGERS,
        method="PATCH",
        sees=frozenset({"ada", "alice", "bob", "carla"}),  # they read it elsewhere anyway
    ),
    _api(
        "publish_survey",
        lambda w: Target(f"/api/v1/surveys/{_y_survey(w).pk}/publish"),
        ORG_MANAGERS,
        method="POST",
    ),
    _api(
        "close_survey",
        lambda w: Target(f"/api/v1/surveys/{_y_survey(w).pk}/close"),
        ORG_MANAGERS,
        method="POST",
    ),
    _api(
        "list_survey_versions",
        lambda w: Target(f"/api/v1/surveys/{_y_survey(w).pk}/versions", marker="viktigste grunnen"),
        ORG_MANAGERS,
    ),
    _api(
        "get_survey_version",
        lambda w: Target(
            f"/api/v1/surveys/{_y_survey(w).pk}/versions/1", marker="viktigste grunnen"
        ),
        ORG_MANAGERS,
    ),
    _api(
        "list_competency_items",
        lambda w: (_item(w), Target("/api/v1/surveys/competency-items", marker=ITEM_TEXT))[1],
        ANYONE,
        sees=frozenset({"ada", "alice", "bob", "carla", "eve"}),
    ),
    _api(
        "create_competency_item",
        lambda w: Target("/api/v1/surveys/competency-items", data={"text": {"en": "They smiled"}}),
        {"ada", "alice", "mallory"},
        method="POST",
    ),
    _api(
        "update_competency_item",
        lambda w: Target(
            f"/api/v1/surveys/competency-items/{_item(w).pk}",
            data={"active": False},
            marker=ITEM_TEXT,
        ),
        ORG_MANAGERS,
        method="PATCH",
        sees=frozenset({"ada", "alice"}),
    ),
    _api(
        "list_touchpoints",
        lambda w: Target("/api/v1/surveys/touchpoints", marker=_y_touchpoint(w).token),
        API_VIEWERS,
        sees=ORG_MANAGERS,
    ),
    _api(
        "create_touchpoint",
        lambda w: Target(
            "/api/v1/surveys/touchpoints",
            data={"survey_id": _org_survey(w).pk, "unit_id": w.unit_y.pk, "channel": "in_person"},
        ),
        ORG_MANAGERS,
        method="POST",
    ),
    _api(
        "get_touchpoint",
        lambda w: (lambda tp: Target(f"/api/v1/surveys/touchpoints/{tp.pk}", marker=tp.token))(
            _y_touchpoint(w)
        ),
        ORG_MANAGERS,
    ),
    _api(
        "update_touchpoint",
        lambda w: (
            lambda tp: Target(
                f"/api/v1/surveys/touchpoints/{tp.pk}", data={"active": False}, marker=tp.token
            )
        )(_y_touchpoint(w)),
        ORG_MANAGERS,
        method="PATCH",
    ),
    _api(
        "touchpoint_qr_svg",
        lambda w: Target(f"/api/v1/surveys/touchpoints/{_y_touchpoint(w).pk}/qr.svg"),
        ORG_MANAGERS,
    ),
    _api(
        "touchpoint_qr_png",
        lambda w: Target(f"/api/v1/surveys/touchpoints/{_y_touchpoint(w).pk}/qr.png"),
        ORG_MANAGERS,
    ),
    _api(
        "touchpoint_poster",
        lambda w: Target(f"/api/v1/surveys/touchpoints/{_y_touchpoint(w).pk}/poster.pdf"),
        ORG_MANAGERS,
    ),
]
