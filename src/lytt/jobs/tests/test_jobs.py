from __future__ import annotations

from typing import Any

from lytt.accounts.models import AuditEvent
from lytt.jobs import actions
from lytt.jobs.models import JobStatus
from lytt.testing.world import World


def test_lifecycle_and_progress(world: World) -> None:
    alice = world.users["alice"]
    job = actions.do_create_job(alice, world.org, kind="import.reviews", total=400)
    assert job.status == JobStatus.QUEUED and job.percent == 0
    actions.do_start_job(alice, job)
    actions.do_update_job_progress(alice, job, processed=100, result={"imported": 90})
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and job.percent == 25 and job.result == {"imported": 90}
    started = job.started_at
    actions.do_start_job(alice, job)  # a resumed job keeps its start and progress
    job.refresh_from_db()
    assert job.started_at == started and job.processed == 100
    actions.do_finish_job(alice, job, result={"imported": 380})
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.percent == 100 and job.finished_at
    assert set(AuditEvent.objects.filter(object_type="job").values_list("action", flat=True)) == {
        "job.created",
        "job.finished",
    }


def test_failure_is_recorded(world: World) -> None:
    job = actions.do_create_job(None, world.org, kind="x", total=3)
    actions.do_fail_job(None, job, error="disk full")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error == "disk full" and job.finished
    assert AuditEvent.objects.filter(action="job.failed").exists()


def test_status_page_polls_while_running_and_offers_a_refresh_link(world: World) -> None:
    job = actions.do_create_job(world.users["alice"], world.org, kind="import.reviews", total=10)
    client = world.client("alice")
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert f'href="/jobs/{job.pk}/"' in page  # works without JavaScript
    fragment = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "job-progress" in fragment
    actions.do_finish_job(None, job, result={"detail_url": "/imports/1/"})
    done = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "every 2s" not in done and 'href="/imports/1/"' in done


def test_visibility(world: World) -> None:
    own = actions.do_create_job(world.users["bob"], world.org, kind="x")
    other = actions.do_create_job(world.users["alice"], world.org, kind="x")
    assert world.client("bob").get(f"/jobs/{own.pk}/").status_code == 200
    assert world.client("bob").get(f"/jobs/{other.pk}/").status_code == 404
    assert world.client("ada").get(f"/jobs/{own.pk}/").status_code == 200
    assert world.client("mallory").get(f"/jobs/{own.pk}/").status_code == 404
    assert world.api("ada").get(f"/api/v1/jobs/{own.pk}").json()["kind"] == "x"
    assert world.api("mallory").get(f"/api/v1/jobs/{own.pk}").status_code == 404


def test_list_query_count(world: World, django_assert_max_num_queries: Any) -> None:
    for i in range(20):
        actions.do_create_job(world.users["alice"], world.org, kind=f"kind-{i}")
    client = world.client("alice")
    client.get("/jobs/")
    with django_assert_max_num_queries(10):
        body = client.get("/jobs/").content.decode()
    assert "kind-19" in body
