from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from lytt.invitations import actions
from lytt.invitations.models import Invitation, InvitationPolicy
from lytt.invitations.tests.conftest import Setup, invite
from lytt.testing.world import World


def _fill(world: World, setup: Setup) -> None:
    for i in range(6):
        invite(world, setup.survey, f"x{i}@example.com", send=False)
        invite(world, setup.survey, f"y{i}@example.com", unit=world.unit_y, send=False)


def test_list_is_scoped_and_counts_statuses(world: World, setup: Setup) -> None:
    _fill(world, setup)
    page = world.client("alice").get("/invitations/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Sentrum" in body and "Storo" in body
    assert page.context["counts"]["queued"] == 12
    bob = world.client("bob").get("/invitations/")
    assert bob.context["counts"]["queued"] == 6
    assert "Sentrum</td>" not in bob.content.decode()
    assert world.client("carla").get("/invitations/").status_code == 403
    filtered = world.client("alice").get(f"/invitations/?unit={world.unit_y.pk}")
    assert filtered.context["counts"]["queued"] == 6


def test_list_query_count_does_not_grow(
    world: World, setup: Setup, django_assert_max_num_queries
) -> None:
    _fill(world, setup)
    client = world.client("alice")
    client.get("/invitations/")
    with django_assert_max_num_queries(14):
        response = client.get("/invitations/")
    assert len(response.context["page"].object_list) == 12


def test_upload_preview_then_result(world: World, setup: Setup) -> None:
    client = world.client("alice")
    content = b"email,unit,channel\nfirst@example.com,Storo,in_person\nbad,Storo,in_person\n"
    preview = client.post(
        "/invitations/upload/",
        {
            "survey": setup.survey.pk,
            "step": "preview",
            "file": SimpleUploadedFile("c.csv", content, content_type="text/csv"),
        },
    )
    assert preview.status_code == 200
    assert "first@example.com" in preview.content.decode()
    assert not Invitation.objects.exists()  # nothing before confirming
    reference = preview.context["upload"]
    assert (
        world.client("bob")
        .post(  # the stashed file is bound to its uploader
            "/invitations/upload/",
            {"survey": setup.survey.pk, "step": "import", "upload": reference},
        )
        .context["form"]
        .errors
    )
    result = client.post(
        "/invitations/upload/",
        {"survey": setup.survey.pk, "step": "import", "upload": reference},
    )
    assert result.status_code == 200
    assert result.context["report"].created == 1
    assert [r for r, _m in result.context["report"].errors] == [3]
    assert Invitation.objects.count() == 1
    again = client.post(  # the stash is used once
        "/invitations/upload/",
        {"survey": setup.survey.pk, "step": "import", "upload": reference},
    )
    assert again.context["form"].errors


def test_upload_of_a_file_without_columns_shows_the_reason(world: World, setup: Setup) -> None:
    page = world.client("alice").post(
        "/invitations/upload/",
        {
            "survey": setup.survey.pk,
            "step": "preview",
            "file": SimpleUploadedFile("c.csv", b"name\nOla\n", content_type="text/csv"),
        },
    )
    assert page.status_code == 200 and page.context["form"].errors


def test_policy_page(world: World) -> None:
    client = world.client("alice")
    assert client.get("/invitations/policy/").status_code == 200
    bad = client.post(
        "/invitations/policy/",
        {"quiet_period_days": "10", "reminder_after_days": "20", "expire_after_days": "14"},
    )
    assert bad.status_code == 200 and bad.context["form"].errors
    assert not InvitationPolicy.objects.exists()
    good = client.post(
        "/invitations/policy/",
        {"quiet_period_days": "10", "reminder_after_days": "2", "expire_after_days": "7"},
    )
    assert good.status_code == 302
    assert actions.policy_for(world.org.pk).quiet_period_days == 10
    assert world.client("bob").get("/invitations/policy/").status_code == 403


def test_api_create_one_and_many_list_and_get(world: World, setup: Setup) -> None:
    api = world.api("alice")
    one = api.post(
        "/api/v1/invitations",
        data={
            "survey_id": setup.survey.pk,
            "unit_id": world.unit_x.pk,
            "email": "api@example.com",
            "channel": "in_person",
            "external_id": "crm-1",
        },
        content_type="application/json",
    )
    assert one.status_code == 201, one.content
    first = one.json()[0]
    assert first["created"] and first["invitation"]["status"] == "queued"
    many = api.post(
        "/api/v1/invitations",
        data=[
            {
                "survey_id": setup.survey.pk,
                "unit_id": world.unit_y.pk,
                "email": "b@example.com",
                "channel": "in_person",
                "language": "sv",
            },
            {
                "survey_id": setup.survey.pk,
                "unit_id": world.unit_x.pk,
                "email": "other@example.com",
                "channel": "in_person",
                "external_id": "crm-1",
            },
        ],
        content_type="application/json",
    )
    assert many.status_code == 201
    assert [r["skipped"] for r in many.json()] == [None, "duplicate"]
    listed = api.get(f"/api/v1/invitations?unit_id={world.unit_y.pk}")
    assert listed.status_code == 200
    assert [i["language"] for i in listed.json()["results"]] == ["sv"]
    got = api.get(f"/api/v1/invitations/{first['invitation']['id']}")
    assert got.status_code == 200 and "email" not in got.json()
    bob = world.api("bob")
    assert len(bob.get("/api/v1/invitations").json()["results"]) == 1
    y_id = listed.json()["results"][0]["id"]
    assert bob.get(f"/api/v1/invitations/{y_id}").status_code == 404


def test_api_bad_input_is_a_problem_and_stores_nothing(world: World, setup: Setup) -> None:
    api = world.api("alice")
    bad = api.post(
        "/api/v1/invitations",
        data={
            "survey_id": setup.survey.pk,
            "unit_id": world.unit_x.pk,
            "email": "nope",
            "channel": "in_person",
        },
        content_type="application/json",
    )
    assert bad.status_code in (400, 422)
    assert bad["Content-Type"] == "application/problem+json"
    other = api.post(
        "/api/v1/invitations",
        data={
            "survey_id": setup.other_survey.pk,
            "unit_id": world.unit_x.pk,
            "email": "a@example.com",
            "channel": "in_person",
        },
        content_type="application/json",
    )
    assert other.status_code == 404
    assert not Invitation.objects.exists()


def test_api_csv_upload(world: World, setup: Setup) -> None:
    content = (
        b"email;unit;channel\nc1@example.com;Storo;in_person\nc2@example.com;Nowhere;in_person\n"
    )
    response = world.api("alice").post(
        "/api/v1/invitations/csv",
        data={
            "survey_id": str(setup.survey.pk),
            "file": SimpleUploadedFile("c.csv", content, content_type="text/csv"),
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["created"] == 1 and body["errors"][0]["row"] == 3
