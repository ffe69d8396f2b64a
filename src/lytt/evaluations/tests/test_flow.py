"""An evaluator completes an assigned mystery shop; scores, drafts, versions, bad input."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from lytt.accounts.models import AuditEvent
from lytt.evaluations import actions
from lytt.evaluations.models import Assignment, Evaluation, EvaluationForm
from lytt.evaluations.tests.helpers import (
    EXAMPLE_ANSWERS,
    EXAMPLE_TOTAL,
    assign,
    example_form,
    submitted,
)
from lytt.testing.world import World


def _post_answers(answers: dict[str, str], action: str, **extra: str) -> dict[str, str]:
    data = {f"a-{k}": v for k, v in answers.items()}
    data.update(extra)
    data["action"] = action
    return data


def test_evaluator_completes_assigned_shop_and_score_matches_hand_computed(world: World) -> None:
    form = example_form(world.org)
    assignment = assign(form, world.users["eve"], world.unit_x)
    client = world.client("eve")
    page = client.get(f"/mystery/my/{assignment.pk}/")
    assert page.status_code == 200
    assert "Hilste" in page.content.decode() or "Greeted" in page.content.decode()

    # On the phone: first part, saved as a draft.
    first = {k: EXAMPLE_ANSWERS[k] for k in ("c1", "c2", "c3")}
    response = client.post(
        f"/mystery/my/{assignment.pk}/",
        _post_answers(
            first, "draft", **{"c-c1": "Smilte", "employee": str(world.carla_employee.pk)}
        ),
    )
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(assignment=assignment)
    assert evaluation.submitted_at is None
    assert {r.criterion_key: r.value for r in evaluation.results.all()} == first

    # Later: the rest, and submit.
    rest = {k: EXAMPLE_ANSWERS[k] for k in ("c4", "c5", "c6")}
    response = client.post(
        f"/mystery/my/{assignment.pk}/",
        _post_answers(rest, "submit", comment="Alt i alt greit", visited_at="2026-01-05T14:30"),
    )
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.submitted_at is not None
    # (2 × 2/3 + 1 × 0.3) / (2 + 1): section c is only n/a and drops out.
    assert evaluation.total_score == pytest.approx(0.54444, abs=1e-5)
    assert evaluation.total_score == pytest.approx(EXAMPLE_TOTAL)
    assert evaluation.section_scores["a"] == pytest.approx(2 / 3)
    assert evaluation.section_scores["b"] == pytest.approx(0.3)
    assert evaluation.section_scores["c"] is None
    assert evaluation.employee == world.carla_employee
    assert evaluation.unit == world.unit_x
    assert evaluation.comment == "Alt i alt greit"
    assert evaluation.results.get(criterion_key="c1").comment == "Smilte"
    assignment.refresh_from_db()
    assert assignment.status == "submitted"
    assert AuditEvent.objects.filter(action="evaluation.submitted").count() == 1

    detail = client.get(response["Location"])
    assert detail.status_code == 200
    assert "54 %" in detail.content.decode()
    # Submitted: the page no longer accepts answers.
    again = client.post(f"/mystery/my/{assignment.pk}/", _post_answers({"c1": "no"}, "draft"))
    assert again.status_code == 302
    assert again["Location"] == f"/mystery/evaluations/{evaluation.pk}/"
    assert evaluation.results.get(criterion_key="c1").value == "yes"


def test_submit_with_missing_required_answers_keeps_what_was_answered(world: World) -> None:
    form = example_form(world.org)
    assignment = assign(form, world.users["eve"], world.unit_x)
    client = world.client("eve")
    response = client.post(
        f"/mystery/my/{assignment.pk}/", _post_answers({"c1": "yes", "c2": "no"}, "submit")
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "c3" in body and "c4" in body  # the missing ones are named
    evaluation = Evaluation.objects.get(assignment=assignment)
    assert evaluation.submitted_at is None
    assert {r.criterion_key: r.value for r in evaluation.results.all()} == {"c1": "yes", "c2": "no"}
    assert 'value="yes" checked' in body


def test_bad_answer_is_refused_but_valid_answers_are_kept(world: World) -> None:
    form = example_form(world.org)
    assignment = assign(form, world.users["eve"], world.unit_x)
    response = world.client("eve").post(
        f"/mystery/my/{assignment.pk}/", _post_answers({"c1": "yes", "c4": "9"}, "draft")
    )
    assert response.status_code == 400
    assert "0" in response.content.decode() and "5" in response.content.decode()
    evaluation = Evaluation.objects.get(assignment=assignment)
    assert {r.criterion_key: r.value for r in evaluation.results.all()} == {"c1": "yes"}


def test_only_the_assigned_evaluator_can_fill_in(world: World) -> None:
    form = example_form(world.org)
    assignment = assign(form, world.users["eve"], world.unit_x)
    with pytest.raises(ValidationError):
        actions.do_save_evaluation_draft(world.users["alice"], assignment, answers={"c1": "yes"})
    assert not Evaluation.objects.filter(assignment=assignment).exists()


def test_cancelled_assignment_cannot_be_submitted(world: World) -> None:
    form = example_form(world.org)
    assignment = assign(form, world.users["eve"], world.unit_x)
    actions.do_cancel_assignment(world.users["alice"], assignment)
    page = world.client("eve").get(f"/mystery/my/{assignment.pk}/")
    assert page.status_code == 302 and page["Location"] == "/mystery/my/"
    with pytest.raises(ValidationError):
        actions.do_submit_evaluation(world.users["eve"], assignment, answers=EXAMPLE_ANSWERS)
    with pytest.raises(ValidationError):
        actions.do_cancel_assignment(world.users["alice"], assignment)
    page = world.client("eve").get(f"/mystery/my/{assignment.pk}/")
    assert page.status_code == 302 and page["Location"] == "/mystery/my/"


def test_assignment_needs_an_evaluator_and_a_live_form(world: World) -> None:
    form = example_form(world.org)
    with pytest.raises(ValidationError):
        assign(form, world.users["bob"], world.unit_x)
    with pytest.raises(ValidationError):
        assign(form, world.users["eve"], world.other_unit)
    draft = actions.do_update_form(None, form, status="draft")
    with pytest.raises(ValidationError):
        assign(draft, world.users["eve"], world.unit_x)


def test_editing_a_form_with_evaluations_makes_a_new_version(world: World) -> None:
    form = example_form(world.org)
    evaluation = submitted(form, world.users["eve"], world.unit_x)
    sections = actions.form_sections(form)
    sections[0]["criteria"][0]["text"] = {"nb": "Hilste hjertelig"}
    new = actions.do_update_form(world.users["alice"], form, sections=sections)
    assert new.pk != form.pk and new.family == form.family and new.version == 2
    form.refresh_from_db()
    assert form.status == "archived"
    assert form.sections.get(key="a").criteria.get(key="c1").text["nb"] == "Hilste"
    evaluation.refresh_from_db()
    assert evaluation.form_id == form.pk
    # Without evaluations the form is changed in place.
    changed = actions.do_update_form(world.users["alice"], new, name="Nytt navn", sections=sections)
    assert changed.pk == new.pk and changed.name == "Nytt navn"


@pytest.mark.parametrize(
    "broken",
    [
        [],
        [{"key": "a", "title": {"nb": "A"}, "criteria": []}],
        [{"key": "a", "title": {"nb": "A"}, "criteria": [{"key": "x", "text": {"nb": ""}}]}],
        [{"key": "a", "title": {"nb": "A"}, "criteria": [{"key": "x", "text": {"xx": "t"}}]}],
        [
            {
                "key": "a",
                "title": {"nb": "A"},
                "weight": "tung",
                "criteria": [{"key": "x", "text": "t"}],
            }
        ],
        [
            {"key": "a", "title": {"nb": "A"}, "criteria": [{"key": "x", "text": "t"}]},
            {"key": "b", "title": {"nb": "B"}, "criteria": [{"key": "x", "text": "t"}]},
        ],
        [{"key": "a", "title": "A", "criteria": [{"key": "x", "text": "t", "kind": "stars"}]}],
        [
            {
                "key": "a",
                "title": "A",
                "criteria": [{"key": "x", "text": "t", "competency_item": "nope"}],
            }
        ],
    ],
)
def test_bad_form_definitions_are_refused_and_nothing_changes(world: World, broken) -> None:  # type: ignore[no-untyped-def]
    form = example_form(world.org)
    with pytest.raises(ValidationError):
        actions.do_create_form(None, world.org, name="X", sections=broken)
    with pytest.raises(ValidationError):
        actions.do_update_form(None, form, sections=broken)
    assert EvaluationForm.objects.filter(organisation=world.org).count() == 1
    assert form.sections.count() == 3


def test_default_form_has_all_languages_and_maps_competencies(world: World) -> None:
    form = actions.do_create_default_form(world.users["ada"], world.org)
    criteria = [c for s in form.sections.all() for c in s.criteria.all()]
    assert 30 <= len(criteria) <= 40
    for c in criteria:
        assert set(c.text) == {"nb", "nn", "sv", "da", "en"}, c.key
    for s in form.sections.all():
        assert set(s.title) == {"nb", "nn", "sv", "da", "en"}, s.key
    assert sum(1 for c in criteria if c.competency_item_id) >= 15
    assert {s.key for s in form.sections.all()} >= {"first-impression", "upsell", "goodbye"}


def test_builder_page_creates_and_edits_a_form(world: World) -> None:
    client = world.client("alice")
    data = {
        "name": "Butikkskjema",
        "language": "nb",
        "status": "live",
        "s0-key": "hilsen",
        "s0-title": "Hilsen",
        "s0-weight": "2",
        "s0-c0-key": "hilste",
        "s0-c0-text": "Ble hilst på",
        "s0-c0-kind": "ynp",
        "s0-c0-weight": "1",
        "s0-c0-required": "on",
        "s0-c1-key": "",
        "s0-c1-text": "",
    }
    response = client.post("/mystery/forms/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    form = EvaluationForm.objects.get(name="Butikkskjema")
    assert form.sections.get().criteria.get().text == {"nb": "Ble hilst på"}
    # A bad weight: a message, the typed text shown again, nothing stored changes.
    data["s0-c0-text"] = "Endret tekst"
    data["s0-c0-weight"] = "mye"
    response = client.post(f"/mystery/forms/{form.pk}/", data)
    assert response.status_code == 200
    assert "Endret tekst" in response.content.decode()
    assert form.sections.get().criteria.get().text == {"nb": "Ble hilst på"}
    data["s0-c0-weight"] = "3"
    assert client.post(f"/mystery/forms/{form.pk}/", data).status_code == 302
    criterion = form.sections.get().criteria.get()
    assert criterion.weight == 3 and criterion.text == {"nb": "Endret tekst"}


def test_overdue_assignment_is_highlighted(world: World) -> None:
    form = example_form(world.org)
    assign(form, world.users["eve"], world.unit_y, days=-3)
    assign(form, world.users["eve"], world.unit_z, days=3)
    page = world.client("alice").get("/mystery/assignments/").content.decode()
    assert page.count('class="overdue"') == 1
    mine = world.client("eve").get("/mystery/my/").content.decode()
    assert mine.count('class="overdue"') == 1


def test_scopes_of_evaluations(world: World) -> None:
    form = example_form(world.org)
    eve = world.users["eve"]
    mine_x = submitted(form, eve, world.unit_x, employee=world.carla_employee)
    other_x = submitted(form, eve, world.unit_x)
    in_y = submitted(form, eve, world.unit_y, employee=world.employee_y)
    from lytt.evaluations.access import evaluations_visible

    def ids(persona: str) -> set[int]:
        return set(evaluations_visible(world.users[persona]).values_list("pk", flat=True))

    assert ids("alice") == {mine_x.pk, other_x.pk, in_y.pk}
    assert ids("bob") == {mine_x.pk, other_x.pk}
    assert ids("carla") == {mine_x.pk}
    assert ids("eve") == {mine_x.pk, other_x.pk, in_y.pk}
    assert ids("mallory") == set()


def test_api_submit_with_the_evaluators_session(world: World) -> None:
    form = example_form(world.org)
    assignment = assign(form, world.users["eve"], world.unit_x)
    client = world.client("eve")
    url = f"/api/v1/mystery/assignments/{assignment.pk}/evaluation"
    partial = client.post(
        url,
        data=json.dumps({"answers": {"c1": "yes", "c4": 3}, "draft": False}),
        content_type="application/json",
    )
    assert partial.status_code == 422
    assert "c2" in partial.json()["detail"]
    assert Evaluation.objects.get(assignment=assignment).results.count() == 2
    done = client.post(
        url,
        data=json.dumps({"answers": EXAMPLE_ANSWERS, "employee_id": world.carla_employee.pk}),
        content_type="application/json",
    )
    assert done.status_code == 200, done.content
    assert done.json()["total_score"] == pytest.approx(EXAMPLE_TOTAL)
    assert Assignment.objects.get(pk=assignment.pk).status == "submitted"
    listed = world.api("alice").get(f"/api/v1/mystery/evaluations?unit_id={world.unit_x.pk}")
    assert [e["id"] for e in listed.json()["results"]] == [done.json()["id"]]
    assert (
        world.api("alice")
        .get(f"/api/v1/mystery/evaluations?unit_id={world.unit_y.pk}")
        .json()["results"]
        == []
    )


def test_api_creates_form_and_assignment(world: World) -> None:
    from lytt.evaluations.tests.helpers import EXAMPLE_SECTIONS
    from lytt.surveys.actions import do_ensure_competency_model

    do_ensure_competency_model(None, world.org)
    api = world.api("alice")
    created = api.post(
        "/api/v1/mystery/forms",
        data=json.dumps({"name": "API-skjema", "status": "live", "sections": EXAMPLE_SECTIONS}),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert [s["key"] for s in body["sections"]] == ["a", "b", "c"]
    assignment = api.post(
        "/api/v1/mystery/assignments",
        data=json.dumps(
            {
                "form_id": body["id"],
                "evaluator_id": world.users["eve"].pk,
                "unit_id": world.unit_z.pk,
                "channel": "phone",
                "due_date": "2030-01-01",
            }
        ),
        content_type="application/json",
    )
    assert assignment.status_code == 201, assignment.content
    bad = api.post(
        "/api/v1/mystery/forms",
        data=json.dumps({"name": "Tomt", "sections": []}),
        content_type="application/json",
    )
    assert bad.status_code in (400, 422)


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("alice", "/mystery/evaluations/"),
        ("alice", "/mystery/assignments/"),
        ("alice", "/mystery/forms/"),
        ("eve", "/mystery/my/"),
        ("bob", "/mystery/evaluations/"),
    ],
)
def test_list_pages_query_count_does_not_grow(
    world: World, persona: str, url: str, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    form = example_form(world.org)
    client = world.client(persona)

    def grow(n: int) -> None:
        for i in range(n):
            submitted(form, world.users["eve"], world.unit_x, employee=world.carla_employee)
            assign(form, world.users["eve"], world.unit_x, days=i - 2)
            example_form(world.org, name=f"Skjema {i}")

    grow(2)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_evaluation_list_averages_per_unit_within_scope(world: World) -> None:
    form = example_form(world.org)
    eve = world.users["eve"]
    submitted(form, eve, world.unit_x)
    all_yes = assign(form, eve, world.unit_x)
    actions.do_submit_evaluation(
        eve, all_yes, answers={k: ("5" if k == "c4" else "yes") for k in EXAMPLE_ANSWERS}
    )
    submitted(form, eve, world.unit_y)
    bob = world.client("bob").get("/mystery/evaluations/")
    alice = world.client("alice").get("/mystery/evaluations/")
    expected = round((EXAMPLE_TOTAL + 1.0) / 2 * 100)  # 77 %
    assert bob.context["per_unit"] == [
        {
            "unit_id": world.unit_x.pk,
            "unit__name": "Storo",
            "unit__path": world.unit_x.path,
            "n": 2,
            "avg": pytest.approx((EXAMPLE_TOTAL + 1.0) / 2),
            "percent": expected,
        }
    ]
    assert [r["unit__name"] for r in alice.context["per_unit"]] == ["Storo", "Sentrum"]
    filtered = world.client("alice").get(f"/mystery/evaluations/?unit={world.unit_y.pk}")
    assert [r["unit__name"] for r in filtered.context["per_unit"]] == ["Sentrum"]
    assert len(filtered.context["page"].object_list) == 1
