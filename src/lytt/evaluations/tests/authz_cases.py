"""Authorisation cases for every mystery-shopping page and API operation.

Objects live in unit_y (a sibling of bob's unit_x) or belong to a second evaluator, with
markers, so a leak to bob, carla, eve or mallory is caught."""

from __future__ import annotations

from typing import Any

from lytt.accounts import actions as accounts_actions
from lytt.accounts.models import Role, User
from lytt.evaluations import actions
from lytt.evaluations.models import Assignment, Evaluation, EvaluationForm
from lytt.evaluations.tests.helpers import EXAMPLE_ANSWERS, assign, example_form
from lytt.testing.authz import AuthzCase, Target
from lytt.testing.world import World

MANAGERS = frozenset({"ada", "alice"})
MANAGERS_ANY_ORG = frozenset({"ada", "alice", "mallory"})
FORM_MARK = "Hemmelig testskjema"
EMPLOYEE_Y = "Yngve Sentrumsen"
COMMENT_Y = "Kommentar fra Sentrum-besøket"
PLAIN_SECTIONS = [
    {"key": "s", "title": {"nb": "Hilsen"}, "criteria": [{"key": "k", "text": {"nb": "Hilste"}}]}
]


def _form(w: World) -> EvaluationForm:
    existing = EvaluationForm.objects.filter(organisation=w.org, name=FORM_MARK).first()
    return existing or example_form(w.org, name=FORM_MARK)


def _other_evaluator(w: World) -> User:
    existing = User.objects.filter(email="evan@example.com").first()
    return existing or accounts_actions.do_create_user(
        None, w.org, email="evan@example.com", name="Evan", role=Role.EVALUATOR, password=None
    )


def _assignment(w: World, evaluator: str = "eve", unit: str = "unit_y") -> Assignment:
    user = w.users[evaluator] if evaluator in w.users else _other_evaluator(w)
    return assign(_form(w), user, getattr(w, unit))


def _evaluation(w: World, unit: str = "unit_y", employee: Any = None) -> Evaluation:
    assignment = _assignment(w, "eve", unit)
    employee = employee or (w.employee_y if unit == "unit_y" else None)
    return actions.do_submit_evaluation(
        w.users["eve"], assignment, answers=EXAMPLE_ANSWERS, employee=employee, comment=COMMENT_Y
    )


def _api(route: str, build: Any, can: Any, method: str = "GET", **kw: Any) -> AuthzCase:
    return AuthzCase(
        route=f"api:lytt_evaluations_api_{route}",
        build=build,
        can=frozenset(can),
        method=method,
        api=True,
        json=method != "GET",
        **{"note": "token", **kw},
    )


CASES = [
    # Forms -------------------------------------------------------------------------
    AuthzCase(
        route="evaluations:form-list",
        build=lambda w: Target("/mystery/forms/", marker=_form(w).name),
        can=MANAGERS_ANY_ORG,
        sees=MANAGERS,
    ),
    AuthzCase(
        route="evaluations:form-create",
        build=lambda w: Target("/mystery/forms/new/"),
        can=MANAGERS_ANY_ORG,
    ),
    AuthzCase(
        route="evaluations:form-create",
        build=lambda w: Target(
            "/mystery/forms/new/",
            data={
                "name": "Nytt skjema",
                "language": "nb",
                "status": "draft",
                "s0-key": "s",
                "s0-title": "Hilsen",
                "s0-weight": "1",
                "s0-c0-key": "k",
                "s0-c0-text": "Hilste",
                "s0-c0-kind": "ynp",
            },
        ),
        can=MANAGERS_ANY_ORG,
        method="POST",
    ),
    AuthzCase(
        route="evaluations:form-create-default",
        build=lambda w: Target("/mystery/forms/standard/"),
        can=MANAGERS_ANY_ORG,
        method="POST",
    ),
    AuthzCase(
        route="evaluations:form-detail",
        build=lambda w: Target(f"/mystery/forms/{_form(w).pk}/", marker=FORM_MARK),
        can=MANAGERS,
    ),
    # Assignments -------------------------------------------------------------------
    AuthzCase(
        route="evaluations:assignment-list",
        build=lambda w: Target("/mystery/assignments/", marker=_assignment(w).form.name),
        can=MANAGERS_ANY_ORG,
        sees=MANAGERS,
    ),
    AuthzCase(
        route="evaluations:assignment-list",
        build=lambda w: Target(
            "/mystery/assignments/",
            data={
                "form": _form(w).pk,
                "evaluator": w.users["eve"].pk,
                "unit": w.unit_y.pk,
                "channel": "in_person",
                "due_date": "2030-01-01",
            },
        ),
        can=MANAGERS_ANY_ORG,  # mallory gets the form back: no such form in her organisation
        method="POST",
        note="create",
    ),
    AuthzCase(
        route="evaluations:assignment-cancel",
        build=lambda w: Target(f"/mystery/assignments/{_assignment(w).pk}/cancel/"),
        can=MANAGERS,
        method="POST",
    ),
    # The evaluator's pages ---------------------------------------------------------
    AuthzCase(
        route="evaluations:my-assignments",
        build=lambda w: Target("/mystery/my/", marker=_assignment(w, "evan", "unit_z").unit.name),
        can=frozenset({"eve"}),
        sees=frozenset(),
        note="another evaluator's work at unit_z",
    ),
    AuthzCase(
        route="evaluations:evaluate",
        build=lambda w: Target(f"/mystery/my/{_assignment(w).pk}/", marker=w.unit_y.name),
        can=frozenset({"eve"}),
        note="eve's own",
    ),
    AuthzCase(
        route="evaluations:evaluate",
        build=lambda w: Target(
            f"/mystery/my/{_assignment(w, 'evan', 'unit_z').pk}/", marker=w.unit_z.name
        ),
        can=frozenset(),
        note="another evaluator's",
    ),
    AuthzCase(
        route="evaluations:evaluate",
        build=lambda w: Target(
            f"/mystery/my/{_assignment(w).pk}/", data={"a-c1": "yes", "action": "draft"}
        ),
        can=frozenset({"eve"}),
        method="POST",
    ),
    # Evaluations -------------------------------------------------------------------
    AuthzCase(
        route="evaluations:evaluation-list",
        build=lambda w: Target("/mystery/evaluations/", marker=_evaluation(w).employee.name),
        can=frozenset({"ada", "alice", "bob", "carla", "eve", "mallory"}),
        sees=frozenset({"ada", "alice", "eve"}),
    ),
    AuthzCase(
        route="evaluations:evaluation-detail",
        build=lambda w: Target(f"/mystery/evaluations/{_evaluation(w).pk}/", marker=COMMENT_Y),
        can=frozenset({"ada", "alice", "eve"}),
        note="unit_y",
    ),
    AuthzCase(
        route="evaluations:evaluation-detail",
        build=lambda w: Target(
            f"/mystery/evaluations/{_evaluation(w, 'unit_x', w.carla_employee).pk}/",
            marker=COMMENT_Y,
        ),
        can=frozenset({"ada", "alice", "bob", "carla", "eve"}),
        note="carla's, in unit_x",
    ),
    AuthzCase(
        route="evaluations:evaluation-detail",
        build=lambda w: Target(
            f"/mystery/evaluations/{_evaluation(w, 'unit_x').pk}/", marker=COMMENT_Y
        ),
        can=frozenset({"ada", "alice", "bob", "eve"}),
        note="unit_x, no employee",
    ),
    # API ---------------------------------------------------------------------------
    _api(
        "list_forms",
        lambda w: Target("/api/v1/mystery/forms", marker=_form(w).name),
        MANAGERS_ANY_ORG,
        sees=MANAGERS,
    ),
    _api(
        "get_form",
        lambda w: Target(f"/api/v1/mystery/forms/{_form(w).pk}", marker=FORM_MARK),
        MANAGERS,
    ),
    _api(
        "create_form",
        lambda w: Target("/api/v1/mystery/forms", data={"name": "API", "sections": PLAIN_SECTIONS}),
        MANAGERS_ANY_ORG,
        method="POST",
    ),
    _api(
        "list_assignments",
        lambda w: Target(
            "/api/v1/mystery/assignments",
            marker=f'"evaluator_id": {_assignment(w, "evan", "unit_z").evaluator_id}',
        ),
        MANAGERS_ANY_ORG,  # an evaluator's role token gets 403: a personal token is needed
        sees=MANAGERS,
    ),
    _api(
        "list_assignments",
        lambda w: Target(
            "/api/v1/mystery/assignments",
            marker=f'"evaluator_id": {_assignment(w, "evan", "unit_z").evaluator_id}',
        ),
        {"ada", "alice", "eve", "mallory"},
        sees=MANAGERS,
        personal=True,
        note="evan's work at unit_z",
    ),
    _api(
        "get_assignment",
        lambda w: Target(f"/api/v1/mystery/assignments/{_assignment(w).pk}"),
        MANAGERS,
    ),
    _api(
        "get_assignment",
        lambda w: Target(f"/api/v1/mystery/assignments/{_assignment(w).pk}"),
        {"ada", "alice", "eve"},
        personal=True,
        note="eve's own",
    ),
    _api(
        "get_assignment_form",
        lambda w: Target(f"/api/v1/mystery/assignments/{_assignment(w).pk}/form"),
        set(),  # a role token is not the evaluator
    ),
    _api(
        "get_assignment_form",
        lambda w: Target(f"/api/v1/mystery/assignments/{_assignment(w).pk}/form", marker=FORM_MARK),
        {"eve"},
        personal=True,
        note="eve's own",
    ),
    _api(
        "get_assignment_form",
        lambda w: Target(
            f"/api/v1/mystery/assignments/{_assignment(w, 'evan', 'unit_z').pk}/form",
            marker=FORM_MARK,
        ),
        set(),
        personal=True,
        note="another evaluator's",
    ),
    _api(
        "create_assignment",
        lambda w: Target(
            "/api/v1/mystery/assignments",
            data={
                "form_id": _form(w).pk,
                "evaluator_id": w.users["eve"].pk,
                "unit_id": w.unit_y.pk,
                "channel": "phone",
                "due_date": "2030-01-01",
            },
        ),
        MANAGERS,
        method="POST",
    ),
    _api(
        "list_evaluations",
        lambda w: Target("/api/v1/mystery/evaluations", marker=_evaluation(w).comment),
        {"ada", "alice", "bob", "carla", "eve", "mallory"},
        sees=MANAGERS,
    ),
    _api(
        "get_evaluation",
        lambda w: Target(f"/api/v1/mystery/evaluations/{_evaluation(w).pk}", marker=COMMENT_Y),
        MANAGERS,
    ),
    _api(
        "submit_evaluation",
        lambda w: Target(
            f"/api/v1/mystery/assignments/{_assignment(w).pk}/evaluation",
            data={"answers": {"c1": "yes"}, "draft": True},
        ),
        set(),  # a role token is not a person: 403, a personal token is needed
        method="POST",
    ),
    _api(
        "submit_evaluation",
        lambda w: Target(
            f"/api/v1/mystery/assignments/{_assignment(w).pk}/evaluation",
            data={"answers": EXAMPLE_ANSWERS},
        ),
        {"eve"},
        method="POST",
        personal=True,
    ),
    AuthzCase(
        route="api:lytt_evaluations_api_submit_evaluation",
        build=lambda w: Target(
            f"/api/v1/mystery/assignments/{_assignment(w).pk}/evaluation",
            data={"answers": EXAMPLE_ANSWERS},
        ),
        can=frozenset({"eve"}),
        method="POST",
        json=True,
        note="session",
    ),
]
