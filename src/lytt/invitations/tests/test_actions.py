from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from lytt.invitations import actions
from lytt.invitations.actions import Skip
from lytt.invitations.models import Invitation, InvitationStatus, Suppression
from lytt.invitations.tests.conftest import Setup, invite, link
from lytt.testing.world import World

# Transactional: on_commit callbacks (the e-mails) run for real, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


def test_email_is_sent_only_when_the_transaction_commits(world: World, setup: Setup) -> None:
    from django.db import transaction

    with transaction.atomic():
        result = invite(world, setup.survey)
        assert result.created
        assert mail.outbox == []
        assert Invitation.objects.get().status == InvitationStatus.QUEUED
    inv = Invitation.objects.get()
    assert inv.status == InvitationStatus.SENT and inv.sent_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kunde@example.com"]
    assert link(inv) in message.body
    assert f"/i/{actions.invitation_token(inv)}/unsubscribe" in message.body


def test_nothing_is_sent_when_the_transaction_rolls_back(world: World, setup: Setup) -> None:
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        invite(world, setup.survey)
        raise RuntimeError("rolled back")
    assert mail.outbox == [] and not Invitation.objects.exists()


def test_email_is_in_the_customers_language(world: World, setup: Setup) -> None:
    invite(world, setup.survey, "svensk@example.com", language="sv")
    invite(world, setup.survey, "norsk@example.com")
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "besök" in subjects["svensk@example.com"]
    assert "besøk" in subjects["norsk@example.com"]


def test_the_token_is_stored_only_as_a_hash(world: World, setup: Setup) -> None:
    inv = invite(world, setup.survey).invitation
    assert inv is not None
    token = actions.invitation_token(inv)
    assert token not in inv.token_hash and len(token) >= 40
    assert actions.find_invitation(token) == inv
    assert actions.find_invitation(token[:-1] + "x") is None


def test_quiet_period_skips_a_customer_asked_recently(world: World, setup: Setup) -> None:
    assert invite(world, setup.survey, "Kunde@Example.com ").created
    second = invite(world, setup.survey, "kunde@example.com", unit=world.unit_y)
    assert second.skipped == Skip.QUIET_PERIOD and second.invitation is None
    assert "30" in second.message
    later = timezone.now() + timedelta(days=31)
    assert invite(world, setup.survey, "kunde@example.com", now=later).created
    assert Invitation.objects.count() == 2


def test_quiet_period_follows_the_policy(world: World, setup: Setup) -> None:
    actions.do_update_invitation_policy(
        world.users["alice"],
        world.org,
        quiet_period_days=0,
        reminder_after_days=2,
        expire_after_days=10,
    )
    assert invite(world, setup.survey).created
    assert invite(world, setup.survey).created
    with pytest.raises(ValidationError):
        actions.do_update_invitation_policy(
            None, world.org, quiet_period_days=5, reminder_after_days=10, expire_after_days=10
        )


def test_unsubscribe_is_honoured_everywhere(world: World, setup: Setup, client) -> None:
    first = invite(world, setup.survey).invitation
    assert first is not None
    response = client.post(f"{link(first)}unsubscribe")
    assert response.status_code == 200
    first.refresh_from_db()
    assert first.status == InvitationStatus.SUPPRESSED and first.email == ""
    assert Suppression.objects.filter(organisation=world.org).count() == 1
    sent_before = len(mail.outbox)
    # A new invitation (even after the quiet period) is not sent.
    later = timezone.now() + timedelta(days=60)
    again = invite(world, setup.survey, "KUNDE@example.com", now=later)
    assert again.skipped == Skip.UNSUBSCRIBED
    assert again.invitation is not None and again.invitation.email == ""
    # Nor through a contacts file, nor the API.
    report = actions.do_create_invitations_from_csv(
        None,
        b"email,unit,channel\nkunde@example.com,Storo,in_person\n",
        survey=setup.survey,
    )
    assert report.created == 0 and report.skipped[0][0] == 2
    api = world.api("alice").post(
        "/api/v1/invitations",
        data={
            "survey_id": setup.survey.pk,
            "unit_id": world.unit_x.pk,
            "email": "kunde@example.com",
            "channel": "in_person",
        },
        content_type="application/json",
    )
    assert api.status_code == 201 and api.json()[0]["skipped"] == "unsubscribed"
    # The old link no longer opens the survey; no reminders, no mail.
    assert client.get(link(first)).status_code == 410
    assert actions.do_send_due_reminders(now=later).reminded == []
    assert len(mail.outbox) == sent_before
    # Another organisation's list is separate.
    assert not Suppression.objects.filter(organisation=world.other_org).exists()


def test_unsubscribe_after_sending_withdraws_the_reminder(world: World, setup: Setup) -> None:
    inv = invite(world, setup.survey).invitation
    assert inv is not None
    other = invite(world, setup.survey, "annen@example.com").invitation
    assert other is not None
    Suppression.objects.create(organisation=world.org, key_hash=inv.customer.key_hash)
    run = actions.do_send_due_reminders(now=timezone.now() + timedelta(days=4))
    assert run.suppressed == [inv.pk] and run.reminded == [other.pk]


def test_one_reminder_only_and_reruns_are_safe(world: World, setup: Setup) -> None:
    inv = invite(world, setup.survey).invitation
    assert inv is not None
    assert len(mail.outbox) == 1
    too_early = actions.do_send_due_reminders(now=timezone.now() + timedelta(days=2))
    assert too_early.reminded == []
    due = timezone.now() + timedelta(days=3, minutes=1)
    assert actions.do_send_due_reminders(now=due).reminded == [inv.pk]
    assert actions.do_send_due_reminders(now=due).reminded == []
    assert actions.do_send_due_reminders(now=due + timedelta(days=5)).reminded == []
    assert len(mail.outbox) == 2
    assert "Reminder" in mail.outbox[1].subject or "Påminnelse" in mail.outbox[1].subject
    inv.refresh_from_db()
    assert inv.status == InvitationStatus.REMINDED and inv.reminded_at == due


def test_reminders_off_when_policy_says_zero(world: World, setup: Setup) -> None:
    actions.do_update_invitation_policy(
        None, world.org, quiet_period_days=30, reminder_after_days=0, expire_after_days=14
    )
    invite(world, setup.survey)
    assert actions.do_send_due_reminders(now=timezone.now() + timedelta(days=10)).reminded == []


def test_management_command_sends_due_reminders_and_expires(world: World, setup: Setup) -> None:
    inv = invite(world, setup.survey).invitation
    assert inv is not None
    Invitation.objects.filter(pk=inv.pk).update(sent_at=timezone.now() - timedelta(days=4))
    call_command("send_reminders")
    call_command("send_reminders")
    inv.refresh_from_db()
    assert inv.status == InvitationStatus.REMINDED
    assert len(mail.outbox) == 2
    Invitation.objects.filter(pk=inv.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    call_command("send_reminders")
    inv.refresh_from_db()
    assert inv.status == InvitationStatus.EXPIRED and inv.email == ""


def test_sending_twice_sends_one_email(world: World, setup: Setup) -> None:
    inv = invite(world, setup.survey).invitation
    assert inv is not None
    actions.do_send_invitation(None, inv)
    actions.do_send_invitation(world.users["alice"], inv)
    assert len(mail.outbox) == 1


def test_a_one_time_link_cannot_be_answered_twice(world: World, setup: Setup, client) -> None:
    inv = invite(world, setup.survey).invitation
    assert inv is not None
    opened = client.get(link(inv))
    assert opened.status_code == 302 and "lang=nb" in opened["Location"]
    page = client.get(opened["Location"])
    assert page.status_code == 200
    answered = client.post(f"{link(inv)}?lang=nb", {"page": "p1", "q_nps": "9", "q_why": "Fint"})
    assert answered.status_code in (200, 302)
    inv.refresh_from_db()
    assert inv.status == InvitationStatus.ANSWERED and inv.email == ""
    assert inv.response is not None
    assert inv.response.customer_id == inv.customer_id
    assert inv.response.source == "invitation"
    # Again, from a fresh browser: the clear "already answered" page.
    again = world.client(None).get(link(inv))
    assert again.status_code == 410
    assert "already answered" in again.content.decode() or "allerede" in again.content.decode()
    second_post = world.client(None).post(f"{link(inv)}?lang=nb", {"page": "p1", "q_nps": "1"})
    assert second_post.status_code == 410
    assert inv.survey.responses.filter(status="complete").count() == 1
    with pytest.raises(ValidationError):
        actions.do_mark_invitation_answered(None, inv)


def test_expired_link_shows_a_translated_page(world: World, setup: Setup, client) -> None:
    inv = invite(world, setup.survey, language="sv").invitation
    assert inv is not None
    actions.do_expire_invitations(now=timezone.now() + timedelta(days=15))
    inv.refresh_from_db()
    assert inv.status == InvitationStatus.EXPIRED and inv.email == ""
    page = client.get(link(inv))
    assert page.status_code == 410
    assert "utgått" in page.content.decode() or "gått ut" in page.content.decode()


def test_unknown_link_is_404(world: World, client) -> None:
    assert client.get("/i/nonsense/").status_code == 404
    assert client.get("/i/nonsense/unsubscribe").status_code == 404
    assert client.post("/i/nonsense/unsubscribe").status_code == 404


def test_unsubscribe_confirm_page_changes_nothing(world: World, setup: Setup, client) -> None:
    inv = invite(world, setup.survey).invitation
    assert inv is not None
    assert client.get(f"{link(inv)}unsubscribe").status_code == 200
    assert not Suppression.objects.exists()


def test_create_checks_the_actor_scope(world: World, setup: Setup) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.do_create_invitation(
            world.users["bob"],
            survey=setup.survey,
            unit=world.unit_y,
            email="a@example.com",
            channel="in_person",
        )
    with pytest.raises(PermissionDenied):
        actions.do_create_invitation(
            world.users["carla"],
            survey=setup.survey,
            unit=world.unit_x,
            email="a@example.com",
            channel="in_person",
        )
    assert actions.do_create_invitation(
        world.users["bob"],
        survey=setup.survey,
        unit=world.unit_x,
        email="a@example.com",
        channel="in_person",
    ).created


def test_bad_input_is_refused_with_a_message(world: World, setup: Setup) -> None:
    with pytest.raises(ValidationError, match="not-an-address"):
        invite(world, setup.survey, "not-an-address")
    with pytest.raises(ValidationError):
        invite(world, setup.survey, channel="pigeon")
    with pytest.raises(ValidationError):
        invite(world, setup.survey, unit=world.other_unit)
    assert not Invitation.objects.exists()


def test_each_organisation_reminds_on_its_own_schedule(world: World, setup: Setup) -> None:
    actions.do_update_invitation_policy(
        None, world.org, quiet_period_days=30, reminder_after_days=10, expire_after_days=20
    )
    mine = invite(world, setup.survey).invitation
    theirs = invite(world, setup.other_survey, unit=world.other_unit).invitation
    assert mine is not None and theirs is not None
    later = timezone.now() + timedelta(days=5)
    assert actions.do_send_due_reminders(now=later, limit=1).reminded == [theirs.pk]
    assert actions.do_send_due_reminders(now=later + timedelta(days=6)).reminded == [mine.pk]
