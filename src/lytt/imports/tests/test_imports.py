from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lytt.imports import actions, runner
from lytt.imports.models import ImportBatch, ImportStatus
from lytt.imports.parsing import RowError
from lytt.imports.processors import ReviewProcessor, VisitProcessor
from lytt.imports.tests.helpers import REVIEW_HEADER, csv_bytes, review_rows, xlsx_bytes
from lytt.jobs.models import Job, JobStatus
from lytt.reviews.models import PublicReview
from lytt.testing.world import World

BAD = {
    9: ["01.02.2025", "google", "seks", "Tekst", "Storo", ""],  # row 11
    499: ["32.01.2025", "google", "4", "Tekst", "Storo", ""],  # row 501
    997: ["01.02.2025", "google", "4", "Tekst", "Atlantis", ""],  # row 999
}
MAPPING = {
    "map_date": "Dato",
    "map_source": "Kilde",
    "map_rating": "Karakter",
    "map_text": "Tekst",
    "map_unit": "Butikk",
    "map_link": "Lenke",
}


def _import_via_ui(
    world: World, content: bytes, filename: str, django_capture_on_commit_callbacks: Any
) -> ImportBatch:
    client = world.client("alice")
    response = client.post(
        "/imports/",
        {"kind": "reviews", "file": SimpleUploadedFile(filename, content)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = ImportBatch.objects.latest("pk")
    preview = client.get(f"/imports/{batch.pk}/")
    assert preview.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/imports/{batch.pk}/", MAPPING)
    assert response.status_code == 302
    batch.refresh_from_db()
    return batch


def test_acceptance_1000_rows_with_3_bad(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    content = csv_bytes(REVIEW_HEADER, review_rows(1000, bad=BAD))
    batch = _import_via_ui(world, content, "reviews.csv", django_capture_on_commit_callbacks)
    assert batch.status == ImportStatus.DONE
    assert batch.total_rows == 1000
    assert batch.imported == 997
    assert PublicReview.objects.filter(organisation=world.org).count() == 997
    assert [e["row"] for e in batch.errors] == [11, 501, 999]
    reasons = [e["reason"] for e in batch.errors]
    assert "seks" in reasons[0] and "32.01.2025" in reasons[1] and "Atlantis" in reasons[2]
    assert batch.job is not None and batch.job.status == JobStatus.DONE
    assert batch.job.processed == 1000
    page = world.client("alice").get(f"/imports/{batch.pk}/")
    body = page.content.decode()
    assert "Atlantis" in body and ">501<" in body

    again = _import_via_ui(world, content, "reviews.csv", django_capture_on_commit_callbacks)
    assert again.pk != batch.pk
    assert again.imported == 0
    assert again.skipped_duplicates == 997
    assert len(again.errors) == 3
    assert PublicReview.objects.filter(organisation=world.org).count() == 997


def test_row_errors_are_translated_into_the_users_language(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    alice = world.users["alice"]
    alice.language = "sv"
    alice.save(update_fields=["language"])
    content = csv_bytes(REVIEW_HEADER, review_rows(3, bad={1: BAD[997]}))
    batch = _import_via_ui(world, content, "r.csv", django_capture_on_commit_callbacks)
    assert batch.errors == [{"row": 3, "reason": "Okänd enhet ”Atlantis”."}]


def test_xlsx_import(world: World, django_capture_on_commit_callbacks: Any) -> None:
    rows: list[list[Any]] = [list(r) for r in review_rows(20, bad={4: BAD[9]})]
    for r in rows:
        if r[2].isdigit():
            r[2] = int(r[2])  # real numbers in Excel cells
    content = xlsx_bytes(REVIEW_HEADER, rows)
    batch = _import_via_ui(world, content, "reviews.xlsx", django_capture_on_commit_callbacks)
    assert batch.imported == 19
    assert batch.errors[0]["row"] == 6


def test_api_upload_guesses_mapping_and_reports_errors(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    client = world.api("ada")
    content = csv_bytes(REVIEW_HEADER, review_rows(10, bad={0: BAD[9]}), sep=",")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/imports",
            {"kind": "reviews", "file": SimpleUploadedFile("r.csv", content)},
        )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["mapping"]["rating"] == "Karakter"
    assert created["job"]["id"]
    detail = client.get(f"/api/v1/imports/{created['id']}").json()
    assert detail["status"] == "done"
    assert detail["imported"] == 9
    assert detail["errors"][0]["row"] == 2
    job = client.get(f"/api/v1/jobs/{created['job']['id']}").json()
    assert job["status"] == "done" and job["processed"] == 10 and job["percent"] == 100
    listing = client.get("/api/v1/imports").json()
    assert [i["id"] for i in listing["items"]] == [created["id"]]


def test_api_refuses_bad_mapping(world: World) -> None:
    client = world.api("ada")
    content = csv_bytes(REVIEW_HEADER, review_rows(2))
    response = client.post(
        "/api/v1/imports",
        {
            "kind": "reviews",
            "file": SimpleUploadedFile("r.csv", content),
            "mapping": json.dumps({"date": "Nope", "rating": "Karakter"}),
        },
    )
    assert response.status_code == 422 or response.status_code == 400
    assert "Nope" in response.content.decode()
    assert PublicReview.objects.count() == 0


def test_big_files_run_as_a_background_job(
    world: World, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    enqueued: list[int] = []
    monkeypatch.setattr(actions, "_enqueue", lambda batch_id: enqueued.append(batch_id))
    batch = actions.do_upload_import(
        world.users["alice"],
        world.org,
        kind="reviews",
        filename="big.csv",
        content=csv_bytes(REVIEW_HEADER, review_rows(actions.INLINE_LIMIT + 1)),
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_start_import(
            world.users["alice"], batch, mapping={k[4:]: v for k, v in MAPPING.items()}
        )
    assert enqueued == [batch.pk]
    assert PublicReview.objects.count() == 0  # not inline
    batch.refresh_from_db()
    assert batch.status == ImportStatus.QUEUED and batch.job.status == JobStatus.QUEUED
    from lytt.imports.tasks import run_import

    run_import.call(batch.pk)  # what the worker does
    batch.refresh_from_db()
    assert batch.imported == actions.INLINE_LIMIT + 1


def test_resume_after_a_killed_worker_imports_everything_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice = world.users["alice"]
    batch = actions.do_upload_import(
        alice,
        world.org,
        kind="reviews",
        filename="r.csv",
        content=csv_bytes(REVIEW_HEADER, review_rows(1000, bad=BAD)),
    )
    actions.do_start_import(alice, batch, mapping={k[4:]: v for k, v in MAPPING.items()})
    chunks = []

    def crash(b: ImportBatch) -> None:
        chunks.append(b.next_row)
        if len(chunks) == 2:
            raise RuntimeError("worker killed")

    monkeypatch.setattr(runner, "chunk_committed", crash)
    with pytest.raises(RuntimeError):
        runner.process_batch(batch.pk, chunk_size=200)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED
    assert batch.next_row == 400
    assert PublicReview.objects.count() == 399  # row 11 is bad
    job = Job.objects.get(pk=batch.job_id)
    assert job.status == JobStatus.FAILED and job.processed == 400 and "worker killed" in job.error

    monkeypatch.setattr(runner, "chunk_committed", lambda b: None)
    actions.do_resume_import(alice, batch)
    runner.process_batch(batch.pk, chunk_size=200)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE
    assert PublicReview.objects.count() == 997
    assert batch.imported == 997 and batch.skipped_duplicates == 0
    assert [e["row"] for e in batch.errors] == [11, 501, 999]
    assert Job.objects.get(pk=batch.job_id).status == JobStatus.DONE


def test_rerun_of_a_chunk_whose_progress_was_lost_adds_no_duplicates(world: World) -> None:
    alice = world.users["alice"]
    batch = actions.do_upload_import(
        alice,
        world.org,
        kind="reviews",
        filename="r.csv",
        content=csv_bytes(REVIEW_HEADER, review_rows(50)),
    )
    actions.do_start_import(alice, batch, mapping={k[4:]: v for k, v in MAPPING.items()})
    runner.process_batch(batch.pk)
    # As if the progress had not been saved: run everything again.
    ImportBatch.objects.filter(pk=batch.pk).update(
        next_row=0, status=ImportStatus.RUNNING, imported=0, content=batch.content
    )
    runner.process_batch(batch.pk)
    batch.refresh_from_db()
    assert PublicReview.objects.count() == 50
    assert batch.imported == 0 and batch.skipped_duplicates == 50


def test_visits_import(world: World, django_capture_on_commit_callbacks: Any) -> None:
    from lytt.feedback.models import Visit

    header = ["Dato", "Butikk", "Kanal", "Ansatt", "Kundenummer"]
    rows = [
        ["01.03.2025 10:00", "Storo", "telefon", "Carla Nilsen", "K-1"],
        ["01.03.2025 11:00", "Sentrum", "", "", "kari@example.com"],
        ["01.03.2025 12:00", "Storo", "brevdue", "", ""],
        ["", "Storo", "", "", ""],
        ["01.03.2025 13:00", "Storo", "", "Nobody", ""],
    ]
    alice = world.users["alice"]
    for _ in range(2):
        batch = actions.do_upload_import(
            alice, world.org, kind="visits", filename="v.csv", content=csv_bytes(header, rows)
        )
        with django_capture_on_commit_callbacks(execute=True):
            actions.do_start_import(
                alice,
                batch,
                mapping={
                    "date": "Dato",
                    "unit": "Butikk",
                    "channel": "Kanal",
                    "employee": "Ansatt",
                    "customer_id": "Kundenummer",
                },
            )
        batch.refresh_from_db()
    assert Visit.objects.filter(organisation=world.org).count() == 2
    first = Visit.objects.get(channel="phone")
    assert first.employee == world.carla_employee and first.customer_id is not None
    assert batch.imported == 0 and batch.skipped_duplicates == 2
    assert [e["row"] for e in batch.errors] == [4, 5, 6]


def _survey(world: World) -> Any:
    from lytt.surveys.actions import do_create_survey

    definition = {
        "pages": [
            {
                "key": "p1",
                "questions": [
                    {"key": "nps", "type": "nps", "required": True, "text": {"nb": "Anbefale?"}},
                    {
                        "key": "comment",
                        "type": "text",
                        "required": False,
                        "text": {"nb": "Hvorfor?"},
                    },
                ],
            }
        ]
    }
    return do_create_survey(
        world.users["ada"], world.org, name="Etter besøk", definition=definition
    )


def test_answers_import(world: World, django_capture_on_commit_callbacks: Any) -> None:
    from lytt.feedback.models import Response

    survey = _survey(world)
    header = ["Dato", "Butikk", "NPS", "Comment", "Svar-id"]
    rows = [
        ["01.03.2025", "Storo", "9", "Kjempebra", "A1"],
        ["02.03.2025", "Sentrum", "4", "", "A2"],
        ["03.03.2025", "Storo", "11", "For høyt", "A3"],
        ["04.03.2025", "Storo", "", "", "A4"],
    ]
    client = world.client("alice")
    for _ in range(2):
        response = client.post(
            "/imports/",
            {
                "kind": "answers",
                "survey": survey.pk,
                "file": SimpleUploadedFile("a.csv", csv_bytes(header, rows)),
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        batch = ImportBatch.objects.latest("pk")
        page = client.get(f"/imports/{batch.pk}/").content.decode()
        assert 'value="NPS" selected' in page  # guessed from the question key
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                f"/imports/{batch.pk}/",
                {
                    "map_date": "Dato",
                    "map_unit": "Butikk",
                    "map_external_id": "Svar-id",
                    "map_q:nps": "NPS",
                    "map_q:comment": "Comment",
                },
            )
        batch.refresh_from_db()
    stored = Response.objects.filter(organisation=world.org, source="import")
    assert stored.count() == 2
    from django.utils import timezone

    assert timezone.localtime(stored.get(external_id="x:A1").completed_at).day == 1
    assert batch.imported == 0 and batch.skipped_duplicates == 2
    assert [e["row"] for e in batch.errors] == [4, 5]


def test_answers_need_a_survey(world: World) -> None:
    client = world.client("alice")
    response = client.post(
        "/imports/",
        {"kind": "answers", "file": SimpleUploadedFile("a.csv", b"Dato;NPS\n01.01.2025;9\n")},
    )
    assert response.status_code == 200
    assert ImportBatch.objects.count() == 0


def test_unreadable_upload_shows_a_message_and_stores_nothing(world: World) -> None:
    response = world.client("alice").post(
        "/imports/", {"kind": "reviews", "file": SimpleUploadedFile("a.xlsx", b"PK\x03\x04no")}
    )
    assert response.status_code == 200
    assert "Excel" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_missing_required_column_is_refused(world: World) -> None:
    batch = actions.do_upload_import(
        world.users["alice"],
        world.org,
        kind="reviews",
        filename="r.csv",
        content=csv_bytes(REVIEW_HEADER, review_rows(2)),
    )
    response = world.client("alice").post(f"/imports/{batch.pk}/", {"map_date": "Dato"})
    assert response.status_code == 200
    batch.refresh_from_db()
    assert batch.status == ImportStatus.UPLOADED and batch.job is None


def test_import_list_query_count(world: World, django_assert_max_num_queries: Any) -> None:
    for i in range(5):
        actions.do_upload_import(
            world.users["alice"],
            world.org,
            kind="reviews",
            filename=f"r{i}.csv",
            content=csv_bytes(REVIEW_HEADER, review_rows(2)),
        )
    client = world.client("alice")
    client.get("/imports/")
    with django_assert_max_num_queries(12):
        response = client.get("/imports/")
    assert response.content.decode().count("r4.csv") == 1


def test_other_organisation_sees_no_imports(world: World) -> None:
    actions.do_upload_import(
        world.users["alice"],
        world.org,
        kind="reviews",
        filename="secret-acme.csv",
        content=csv_bytes(REVIEW_HEADER, review_rows(2)),
    )
    assert "secret-acme" not in world.client("mallory").get("/imports/").content.decode()
    assert world.api("mallory").get("/api/v1/imports").json()["items"] == []


row_cells = st.lists(
    st.text(max_size=30) | st.sampled_from(["", "Storo", "google", "4", "31.01.2025", "telefon"]),
    min_size=6,
    max_size=6,
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(cells=row_cells)
def test_row_processors_never_crash_on_garbage(world: World, cells: list[str]) -> None:
    batch = ImportBatch(organisation=world.org, kind="reviews", options={"source": "other"})
    keys = ["date", "source", "rating", "text", "unit", "link"]
    for processor in (ReviewProcessor(batch, None), VisitProcessor(batch, None)):
        row = dict(zip(keys, cells, strict=True))
        row["channel"] = cells[3]
        row["employee"] = cells[5]
        try:
            parsed = processor.parse(row)
        except RowError as exc:
            assert exc.reason
        else:
            assert parsed.key


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_a_big_import(world: World) -> None:
    """The real path: enqueued in the database on commit, run by `lytt worker`."""
    from django.core.management import call_command
    from django.test import override_settings

    alice = world.users["alice"]
    rows = review_rows(actions.INLINE_LIMIT + 100, bad={3: BAD[9]})
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        batch = actions.do_upload_import(
            alice,
            world.org,
            kind="reviews",
            filename="big.csv",
            content=csv_bytes(REVIEW_HEADER, rows),
        )
        actions.do_start_import(alice, batch, mapping={k[4:]: v for k, v in MAPPING.items()})
        assert PublicReview.objects.count() == 0
        call_command("db_worker", "--batch", "--no-startup-delay")
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE
    assert batch.imported == actions.INLINE_LIMIT + 99
    assert batch.errors[0]["row"] == 5
    assert Job.objects.get(pk=batch.job_id).status == JobStatus.DONE


def test_a_chunk_another_worker_already_saved_is_not_imported_again(world: World) -> None:
    from lytt.imports.parsing import read_table
    from lytt.imports.processors import processor_for

    alice = world.users["alice"]
    batch = actions.do_upload_import(
        alice,
        world.org,
        kind="reviews",
        filename="r.csv",
        content=csv_bytes(REVIEW_HEADER, review_rows(30)),
    )
    actions.do_start_import(alice, batch, mapping={k[4:]: v for k, v in MAPPING.items()})
    stale = ImportBatch.objects.get(pk=batch.pk)  # what a second worker loaded earlier
    table = read_table(bytes(stale.content), stale.filename)
    fresh = ImportBatch.objects.get(pk=batch.pk)
    actions.do_import_chunk(alice, fresh, table, processor_for(fresh, alice), size=10)
    actions.do_import_chunk(alice, stale, table, processor_for(stale, alice), size=10)
    assert stale.next_row == 10 and stale.imported == 10  # caught up, imported nothing
    assert PublicReview.objects.count() == 10


def test_api_list_query_count(world: World, django_assert_max_num_queries: Any) -> None:
    for i in range(10):
        actions.do_upload_import(
            world.users["alice"],
            world.org,
            kind="reviews",
            filename=f"r{i}.csv",
            content=csv_bytes(REVIEW_HEADER, review_rows(2)),
        )
    client = world.api("alice")
    client.get("/api/v1/imports")
    with django_assert_max_num_queries(8):
        body = client.get("/api/v1/imports").json()
    assert len(body["items"]) == 10


def test_big_upload_in_the_browser_leads_to_the_job_page(
    world: World, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    enqueued: list[int] = []
    monkeypatch.setattr(actions, "_enqueue", lambda batch_id: enqueued.append(batch_id))
    client = world.client("alice")
    content = csv_bytes(REVIEW_HEADER, review_rows(actions.INLINE_LIMIT + 1))
    client.post("/imports/", {"kind": "reviews", "file": SimpleUploadedFile("big.csv", content)})
    batch = ImportBatch.objects.latest("pk")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/imports/{batch.pk}/", MAPPING)
    batch.refresh_from_db()
    assert enqueued == [batch.pk]
    assert response["Location"] == f"/jobs/{batch.job_id}/"
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 2s"' in page and "0 av 501" in page
