from __future__ import annotations

from typing import Any

from lytt.testing.authz import AuthzCase, Target
from lytt.testing.world import World

# Anyone with "feedback.view" may list (mallory sees her own, empty, organisation).
VIEWERS = frozenset({"ada", "alice", "bob", "carla", "mallory"})
ORG_WIDE = frozenset({"ada", "alice"})
MARKER = "Yngve Sentrumsen"  # employee at unit_y: outside bob's and carla's scope


def objects(w: World) -> dict[str, Any]:
    """A live survey with a touchpoint, a response and a visit in unit_y (built once)."""
    cached = getattr(w, "_feedback_objects", None)
    if cached is not None:
        return cached
    from lytt.feedback import actions
    from lytt.feedback.tests.conftest import load_touchpoint, make_survey
    from lytt.surveys import actions as survey_actions

    survey = make_survey(w)
    tp = survey_actions.do_create_touchpoint(
        None, survey, unit=w.unit_y, channel="in_person", employee=w.employee_y
    )
    response = actions.do_submit_response(
        None,
        touchpoint=load_touchpoint(tp),
        answers={"nps": 3, "why": "marker-text-y", "helped": "no"},
        source="api",
        external_id="ext-y-marker",
    )
    visit = actions.do_record_visit(
        None, unit=w.unit_y, channel="in_person", external_id="visit-y-marker"
    )
    submission = actions.do_accept_submission(
        None,
        touchpoint=load_touchpoint(tp),
        answers={"nps": 5, "helped": True},
        external_id="submission-y-marker",
    )
    found = {
        "survey": survey,
        "tp": tp,
        "response": response,
        "visit": visit,
        "submission": submission,
    }
    w._feedback_objects = found  # type: ignore[attr-defined]
    return found


def _visit_y(w: World) -> Any:
    """A visit in unit_y by employee_y with a recognised customer (built once)."""
    cached = getattr(w, "_feedback_visit_y", None)
    if cached is None:
        from lytt.feedback import actions

        cached = actions.do_record_visit(
            None,
            unit=w.unit_y,
            channel="phone",
            employee=w.employee_y,
            email="kunde-y@example.no",
        )
        w._feedback_visit_y = cached  # type: ignore[attr-defined]
    return cached


FEEDBACK_SUBMITTERS = frozenset({"ada", "alice", "bob", "mallory"})
THEME_MANAGERS = frozenset({"ada", "alice", "mallory"})  # administrators and CX managers
THEME_MARKER = "Parkering-marker"


def _fresh(w: World, name: str) -> str:
    """A theme name not used before in this world."""
    n = getattr(w, "_theme_count", 0) + 1
    w._theme_count = n  # type: ignore[attr-defined]
    return f"{name} {n}"


def _theme(w: World) -> Any:
    """A fresh own theme of organisation A on every call (edits and deletes use it up)."""
    from lytt.feedback import actions

    return actions.do_save_custom_theme(
        None, w.org, name=_fresh(w, THEME_MARKER), keywords=["parkering", "p-plass"]
    )


CASES = [
    AuthzCase(
        route="feedback:visit-list",
        build=lambda w: (_visit_y(w), Target("/feedback/visits/", marker=MARKER))[1],
        can=VIEWERS,
        sees=ORG_WIDE,
    ),
    AuthzCase(
        route="feedback:visit-list",
        build=lambda w: Target(
            f"/feedback/visits/?customer={_visit_y(w).customer_id}&channel=phone", marker=MARKER
        ),
        can=VIEWERS,
        sees=ORG_WIDE,
        note="one customer's visits",
    ),
    AuthzCase(
        route="feedback:visit-create",
        build=lambda w: Target("/feedback/visits/new/"),
        can=FEEDBACK_SUBMITTERS,
    ),
    AuthzCase(
        route="feedback:visit-create",
        build=lambda w: Target(
            "/feedback/visits/new/",
            data={
                "occurred_at": "2026-01-05T10:30",
                "unit": w.unit_x.pk,
                "channel": "in_person",
                "loyalty_id": "K-1",
            },
        ),
        can=FEEDBACK_SUBMITTERS,  # mallory gets the form back: unit_x is not hers
        method="POST",
    ),
    AuthzCase(
        route="feedback:response-list",
        build=lambda w: (objects(w), Target("/feedback/responses/", marker=MARKER))[1],
        can=VIEWERS,
        sees=ORG_WIDE,
    ),
    AuthzCase(
        route="feedback:response-detail",
        build=lambda w: Target(f"/feedback/responses/{objects(w)['response'].pk}/", marker=MARKER),
        can=ORG_WIDE,
    ),
    AuthzCase(
        route="api:lytt_feedback_api_list_responses",
        build=lambda w: (objects(w), Target("/api/v1/responses", marker="ext-y-marker"))[1],
        can=VIEWERS,
        sees=ORG_WIDE,
        api=True,
    ),
    AuthzCase(
        route="api:lytt_feedback_api_get_response",
        build=lambda w: Target(
            f"/api/v1/responses/{objects(w)['response'].pk}", marker="ext-y-marker"
        ),
        can=ORG_WIDE,
        api=True,
    ),
    AuthzCase(
        route="api:lytt_feedback_api_submit_response",
        build=lambda w: Target(
            "/api/v1/responses",
            data={"touchpoint": objects(w)["tp"].token, "answers": {"nps": 8, "helped": True}},
        ),
        can=ORG_WIDE,
        method="POST",
        api=True,
        json=True,
    ),
    AuthzCase(
        route="api:lytt_feedback_api_get_submission",
        build=lambda w: Target(
            f"/api/v1/submissions/{objects(w)['submission'].pk}", marker="submission-y-marker"
        ),
        can=ORG_WIDE,
        api=True,
    ),
    AuthzCase(
        route="api:lytt_feedback_api_record_visit",
        build=lambda w: Target(
            "/api/v1/visits", data={"unit_id": w.unit_y.pk, "channel": "in_person"}
        ),
        can=ORG_WIDE,
        method="POST",
        api=True,
        json=True,
    ),
    AuthzCase(
        route="api:lytt_feedback_api_analyze_texts",
        build=lambda w: Target("/api/v1/texts/analyze", data={"texts": ["Lang kø, ingen hjalp."]}),
        can=VIEWERS,
        method="POST",
        api=True,
        json=True,
    ),
    AuthzCase(
        route="feedback:theme-list",
        build=lambda w: (_theme(w), Target("/feedback/themes/", marker=THEME_MARKER))[1],
        can=THEME_MANAGERS,
        sees=frozenset({"ada", "alice"}),
    ),
    AuthzCase(
        route="feedback:theme-list",
        build=lambda w: Target(
            "/feedback/themes/",
            data={"name": _fresh(w, "Kø"), "keywords": "kø, queue"},
        ),
        can=THEME_MANAGERS,
        method="POST",
    ),
    AuthzCase(
        route="feedback:theme-edit",
        build=lambda w: Target(f"/feedback/themes/{_theme(w).pk}/", marker=THEME_MARKER),
        can=frozenset({"ada", "alice"}),
    ),
    AuthzCase(
        route="feedback:theme-edit",
        build=lambda w: Target(f"/feedback/themes/{_theme(w).pk}/", data={"delete": "1"}),
        can=frozenset({"ada", "alice"}),
        method="POST",
        note="delete",
    ),
    AuthzCase(
        route="api:lytt_feedback_api_list_custom_themes",
        build=lambda w: (_theme(w), Target("/api/v1/themes", marker=THEME_MARKER))[1],
        can=THEME_MANAGERS,
        sees=frozenset({"ada", "alice"}),
        api=True,
    ),
    AuthzCase(
        route="api:lytt_feedback_api_create_custom_theme",
        build=lambda w: Target(
            "/api/v1/themes",
            data={"name": _fresh(w, "Kø"), "keywords": ["kø"]},
        ),
        can=THEME_MANAGERS,
        method="POST",
        api=True,
        json=True,
    ),
    AuthzCase(
        route="api:lytt_feedback_api_update_custom_theme",
        build=lambda w: Target(
            f"/api/v1/themes/{_theme(w).pk}",
            data={"name": _fresh(w, "Endret"), "keywords": ["p-hus"]},
        ),
        can=frozenset({"ada", "alice"}),
        method="PUT",
        api=True,
        json=True,
    ),
    AuthzCase(
        route="api:lytt_feedback_api_delete_custom_theme",
        build=lambda w: Target(f"/api/v1/themes/{_theme(w).pk}"),
        can=frozenset({"ada", "alice"}),
        method="DELETE",
        api=True,
    ),
    AuthzCase(
        route="api:lytt_feedback_api_list_visits",
        build=lambda w: (objects(w), Target("/api/v1/visits", marker="visit-y-marker"))[1],
        can=VIEWERS,
        sees=ORG_WIDE,
        api=True,
    ),
]
