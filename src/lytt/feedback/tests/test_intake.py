"""Asynchronous API submissions: `Prefer: respond-async`, the intake journal and the
job that stores it (`do_store_submissions`)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection

from lytt.accounts.models import AuditEvent
from lytt.feedback import actions
from lytt.feedback.models import Response, Submission, SubmissionStatus
from lytt.feedback.routers import IntakeRouter, intake_alias
from lytt.feedback.tests.conftest import SurveySetup, load_touchpoint
from lytt.testing.world import World

pytestmark = pytest.mark.django_db(databases="__all__")

ASYNC = {"HTTP_PREFER": "respond-async"}


def post_async(client: Any, data: dict[str, Any]) -> Any:
    return client.post(
        "/api/v1/responses", data=json.dumps(data), content_type="application/json", **ASYNC
    )


def answer(setup: SurveySetup, **extra: Any) -> dict[str, Any]:
    return {
        "touchpoint": setup.tp_x.token,
        "answers": {"nps": 4, "why": "Lang kø", "helped": False, "topics": ["price"]},
        "language": "sv",
        **extra,
    }


def test_accepted_then_stored_with_answers_customer_and_audit(
    world: World, setup: SurveySetup, django_capture_on_commit_callbacks: Any
) -> None:
    api = world.api("alice")
    with django_capture_on_commit_callbacks(using=intake_alias(), execute=True):
        r = post_async(api, answer(setup, customer={"email": "Kari@Example.no"}))
    assert r.status_code == 202, r.content
    body = r.json()
    assert body["url"] == f"/api/v1/submissions/{body['id']}"
    # The immediate task backend of the tests stored it when the insert committed.
    status = api.get(body["url"]).json()
    assert status["status"] == "stored" and status["response_id"]
    response = Response.objects.get(pk=status["response_id"])
    assert response.submission_id == body["id"]
    assert (response.source, response.language, response.score) == ("api", "sv", 4.0)
    assert response.unit_id == world.unit_x.pk and response.employee_id == world.carla_employee.pk
    values = {a.question_key: a.value for a in response.answers.all()}
    assert values == {"nps": 4.0, "why": "Lang kø", "helped": 0.0, "topics": ["price"]}
    assert response.customer is not None
    # The same customer through the synchronous path is recognised as the same one.
    same = actions.do_submit_response(
        None,
        touchpoint=load_touchpoint(setup.tp_x),
        answers={"nps": 9, "helped": True},
        email="kari@example.no",
    )
    assert same.customer_id == response.customer_id
    event = AuditEvent.objects.get(action="response.submitted", object_id=str(response.pk))
    assert event.data["submission"] == body["id"] and event.data["token"]
    # A stored submission leaves the journal; the response remembers it.
    assert not Submission.objects.filter(pk=body["id"]).exists()


def test_bad_answers_are_refused_at_once_and_nothing_is_journalled(
    world: World, setup: SurveySetup
) -> None:
    r = post_async(world.api("alice"), answer(setup, answers={"nps": 42}))
    assert r.status_code == 422
    assert r["Content-Type"].startswith("application/problem+json")
    assert Submission.objects.count() == 0
    # Outside the token's scope: unknown, as for the synchronous path.
    r = post_async(world.api("bob"), {"touchpoint": setup.tp_y.token, "answers": {}})
    assert r.status_code == 404


def test_same_external_id_is_accepted_once_and_stored_once(
    world: World, setup: SurveySetup
) -> None:
    api = world.api("alice")
    first = post_async(api, answer(setup, external_id="kasse-7"))
    again = post_async(api, answer(setup, external_id="kasse-7"))
    assert first.status_code == again.status_code == 202
    assert first.json()["id"] == again.json()["id"]
    assert actions.do_store_submissions() == 1
    assert Response.objects.filter(external_id="kasse-7").count() == 1
    # Sent again after it was stored: the journal accepts it, the job links it to the
    # stored response instead of storing a second one.
    later = post_async(api, answer(setup, external_id="kasse-7"))
    assert later.status_code == 202
    actions.do_store_submissions()
    assert Response.objects.filter(external_id="kasse-7").count() == 1
    assert api.get(f"/api/v1/submissions/{later.json()['id']}").status_code == 404


def test_a_job_killed_after_storing_does_not_store_twice(world: World, setup: SurveySetup) -> None:
    api = world.api("alice")
    ids = [post_async(api, answer(setup)).json()["id"] for _ in range(3)]
    rows = list(Submission.objects.filter(pk__in=ids).order_by("id"))
    # The responses were written, then the worker died before marking the journal.
    from django.utils import timezone

    actions._store_batch(rows[:2], timezone.now())
    assert Submission.objects.filter(status=SubmissionStatus.PENDING).count() == 3
    assert actions.do_store_submissions() == 3
    assert Response.objects.filter(submission_id__in=ids).count() == 3
    assert Submission.objects.count() == 0


def test_unknown_unit_is_rejected_and_kept_with_its_reason(
    world: World, setup: SurveySetup
) -> None:
    api = world.api("alice")
    sid = post_async(api, answer(setup)).json()["id"]
    Submission.objects.filter(pk=sid).update(
        payload={**Submission.objects.get(pk=sid).payload, "unit": 999999}
    )
    assert actions.do_store_submissions() == 1
    row = Submission.objects.get(pk=sid)
    assert row.status == SubmissionStatus.REJECTED and "unit" in row.error
    assert api.get(f"/api/v1/submissions/{sid}").json()["status"] == "rejected"


def test_status_is_scoped_like_the_unit(world: World, setup: SurveySetup) -> None:
    sid = post_async(world.api("alice"), answer(setup, touchpoint=setup.tp_y.token)).json()["id"]
    assert world.api("ada").get(f"/api/v1/submissions/{sid}").status_code == 200
    assert world.api("bob").get(f"/api/v1/submissions/{sid}").status_code == 404
    assert world.api("mallory").get(f"/api/v1/submissions/{sid}").status_code == 404
    assert world.api("alice").get("/api/v1/submissions/not-a-number").status_code == 422


def test_without_prefer_the_answer_is_stored_synchronously(
    world: World, setup: SurveySetup
) -> None:
    r = world.api("alice").post(
        "/api/v1/responses", data=json.dumps(answer(setup)), content_type="application/json"
    )
    assert r.status_code == 201 and r.json()["answers"]
    assert Submission.objects.count() == 0


def test_journal_routing() -> None:
    router = IntakeRouter()
    assert router.db_for_write(Submission) == intake_alias()
    assert router.db_for_write(Response) is None
    assert router.allow_migrate(intake_alias(), "feedback", "submission") is True
    if intake_alias() != "default":  # SQLite: the journal is its own file
        assert connection.vendor == "sqlite"
        assert router.allow_migrate("default", "feedback", "submission") is False
        assert router.allow_migrate(intake_alias(), "feedback", "response") is False


@pytest.mark.django_db(transaction=True, databases="__all__")
def test_the_worker_loop_stores_what_arrives(
    world: World, setup: SurveySetup, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading
    import time

    from lytt.feedback.tasks import intake_forever

    # As with the database task backend: the request only journals, the loop stores.
    monkeypatch.setattr(actions, "_stored_by_worker", lambda: True)
    api = world.api("alice")
    first = post_async(api, answer(setup)).json()["id"]
    assert Submission.objects.filter(pk=first, status=SubmissionStatus.PENDING).exists()
    stop = threading.Event()
    loop = threading.Thread(target=intake_forever, args=(stop, 0.05))
    loop.start()
    try:
        second = post_async(api, answer(setup)).json()["id"]  # arrives while it runs
        deadline = time.monotonic() + 20
        while Submission.objects.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        loop.join(timeout=20)
    assert not loop.is_alive()
    assert set(Response.objects.values_list("submission_id", flat=True)) >= {first, second}


def test_a_personal_token_is_named_in_the_audit_trail_like_a_synchronous_submission(
    world: World, setup: SurveySetup
) -> None:
    api = world.api("alice", personal=True)
    sid = post_async(api, answer(setup)).json()["id"]
    assert actions.do_store_submissions() == 1
    response = Response.objects.get(submission_id=sid)
    event = AuditEvent.objects.get(action="response.submitted", object_id=str(response.pk))
    synchronous = api.post(
        "/api/v1/responses", data=json.dumps(answer(setup)), content_type="application/json"
    ).json()
    twin = AuditEvent.objects.get(action="response.submitted", object_id=str(synchronous["id"]))
    assert event.actor_id == twin.actor_id == world.users["alice"].pk
    assert event.data["token"] == twin.data["token"]
    assert world.personal_token("alice").startswith(event.data["token"])
