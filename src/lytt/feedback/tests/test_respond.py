from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from django.test import Client, override_settings

from lytt.feedback.models import Answer, Response, ResponseStatus
from lytt.feedback.tests.conftest import SurveySetup
from lytt.surveys import actions as survey_actions
from lytt.testing.world import World


def signed_of(location: str) -> str:
    return parse_qs(urlsplit(location).query)["r"][0]


def url(setup: SurveySetup) -> str:
    return f"/s/{setup.tp_x.token}/"


def test_unknown_link_gives_translated_404(db: None) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="sv")
    r = client.get("/s/no-such-token/")
    assert r.status_code == 404
    assert "Enkäten hittades inte" in r.content.decode()


def test_closed_survey_gives_translated_410(setup: SurveySetup) -> None:
    survey_actions.do_close_survey(None, setup.survey)
    r = Client(HTTP_ACCEPT_LANGUAGE="en").get(url(setup))
    assert r.status_code == 410
    assert "This survey is closed" in r.content.decode()
    r = Client(HTTP_ACCEPT_LANGUAGE="nb").get(url(setup))
    assert "Undersøkelsen er stengt" in r.content.decode()


def test_inactive_touchpoint_is_closed(setup: SurveySetup) -> None:
    survey_actions.do_set_touchpoint_active(None, setup.tp_x, active=False)
    assert Client().get(url(setup)).status_code == 410


def test_language_from_accept_language_and_switcher(setup: SurveySetup) -> None:
    body = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").get(url(setup)).content.decode()
    assert "How likely are you to recommend us?" in body
    assert '<html lang="en">' in body
    # Swedish is not offered by this survey: its default (nb) is used
    body = Client(HTTP_ACCEPT_LANGUAGE="sv").get(url(setup)).content.decode()
    assert "Hvor sannsynlig" in body and '<html lang="nb">' in body
    body = Client(HTTP_ACCEPT_LANGUAGE="sv").get(url(setup) + "?lang=en").content.decode()
    assert "How likely" in body
    assert "?lang=nb" in body  # the switcher links


def test_page_by_page_save_resume_and_complete(setup: SurveySetup) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    r = client.post(url(setup), {"page": "p1", "q_nps": "3", "q_why": "Long queue"})
    assert r.status_code == 302 and "page=p2" in r["Location"]
    partial = Response.objects.get()
    assert partial.status == ResponseStatus.PARTIAL
    assert set(partial.answers.values_list("question_key", flat=True)) == {"nps", "why"}
    # the respondent leaves and comes back: the session resumes at page 2
    body = client.get(url(setup)).content.decode()
    assert "Did you get help?" in body
    # going back shows the stored answers
    body = client.get(url(setup) + "?page=p1").content.decode()
    assert "Long queue" in body and 'value="3" checked' in body
    r = client.post(url(setup), {"page": "p2", "q_helped": "yes", "q_topics": ["price", "range"]})
    assert r.status_code == 302 and "done=1" in r["Location"]
    done = Response.objects.get()
    assert done.status == ResponseStatus.COMPLETE and done.pk == partial.pk
    assert Answer.objects.get(response=done, question_key="topics").choices == ["price", "range"]
    body = client.get(r["Location"]).content.decode()
    assert "Thank you for your answer" in body
    # the link is fresh for the next answer
    assert "How likely" in client.get(url(setup)).content.decode()


def test_validation_messages_in_respondents_language(setup: SurveySetup) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="nb")
    r = client.post(url(setup), {"page": "p1", "q_nps": "12"})
    assert r.status_code == 400
    body = r.content.decode()
    assert "Kontroller svarene dine" in body
    assert "aria-invalid" in body or "r-invalid" in body
    assert Response.objects.count() == 0
    r = client.post(url(setup), {"page": "p1", "q_nps": ""})
    assert r.status_code == 400 and "Svar på dette spørsmålet" in r.content.decode()


def test_bad_input_on_later_page_loses_nothing(setup: SurveySetup) -> None:
    client = Client()
    client.post(url(setup), {"page": "p1", "q_nps": "9"})
    r = client.post(url(setup), {"page": "p2", "q_helped": "maybe", "q_topics": ["price"]})
    assert r.status_code == 400
    resp = Response.objects.get()
    assert resp.status == ResponseStatus.PARTIAL
    assert list(resp.answers.values_list("question_key", flat=True)) == ["nps"]
    assert 'value="price" checked' in r.content.decode()


def test_honeypot_rejects_and_stores_nothing(setup: SurveySetup) -> None:
    r = Client(HTTP_ACCEPT_LANGUAGE="en").post(
        url(setup), {"page": "p1", "q_nps": "9", "website": "http://spam.example"}
    )
    assert r.status_code == 400
    assert "could not be accepted" in r.content.decode()
    assert Response.objects.count() == 0


@override_settings(FEEDBACK_POSTS_PER_IP=3)
def test_rate_limit_per_ip(setup: SurveySetup) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="da")
    for _ in range(3):
        assert Client().post(url(setup), {"page": "p1", "q_nps": "9"}).status_code == 302
    r = client.post(url(setup), {"page": "p1", "q_nps": "9"})
    assert r.status_code == 429
    assert "For mange svar" in r.content.decode()
    assert Response.objects.count() == 3
    other = Client(REMOTE_ADDR="10.0.0.9").post(url(setup), {"page": "p1", "q_nps": "9"})
    assert other.status_code == 302


def test_completed_response_cannot_be_answered_again(setup: SurveySetup) -> None:
    client = Client()
    client.post(url(setup), {"page": "p1", "q_nps": "9"})
    r = client.post(url(setup), {"page": "p2", "q_helped": "no"})
    signed = signed_of(r["Location"])
    again = client.post(url(setup), {"page": "p2", "q_helped": "yes", "r": signed})
    assert again.status_code == 302 and "done=1" in again["Location"]
    resp = Response.objects.get()
    assert resp.answers.get(question_key="helped").number == 0


def test_kiosk_mode_keeps_no_state_and_returns_to_start(setup: SurveySetup) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    r = client.post(url(setup), {"page": "p1", "q_nps": "7", "kiosk": "1"})
    assert "kiosk=1" in r["Location"]
    assert not [k for k in client.session.keys() if k.startswith("lytt.respond.")]  # noqa: SIM118
    # a new visitor at the kiosk starts afresh
    assert "How likely" in client.get(url(setup) + "?kiosk=1").content.decode()
    page2 = client.get(r["Location"]).content.decode()
    assert "Did you get help?" in page2 and 'http-equiv="refresh"' in page2
    signed = signed_of(r["Location"])
    done = client.post(url(setup), {"page": "p2", "q_helped": "yes", "r": signed, "kiosk": "1"})
    thanks = client.get(done["Location"]).content.decode()
    assert f'content="10;url={url(setup)}?kiosk=1"' in thanks
    assert "May we contact you" not in thanks
    assert Response.objects.get().source == "kiosk"


def test_consent_asked_for_known_customer_and_recorded(world: World, setup: SurveySetup) -> None:
    from lytt.feedback import respond

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.post(url(setup), {"page": "p1", "q_nps": "2"})
    r = client.post(url(setup), {"page": "p2", "q_helped": "no"})
    resp = Response.objects.get()
    # anonymous respondents are not asked (there is no one to contact)
    assert "May we contact you" not in client.get(r["Location"]).content.decode()
    from lytt.feedback.actions import do_identify_customer

    resp.customer = do_identify_customer(None, world.org, email="kari@example.no")
    resp.save(update_fields=["customer"])
    assert "May we contact you" in client.get(r["Location"]).content.decode()
    signed = signed_of(r["Location"])
    ok = client.post(url(setup), {"r": signed, "consent": "yes"})
    assert "your choice has been saved" in ok.content.decode()
    resp.refresh_from_db()
    assert resp.contact_consent is True
    with __import__("django").utils.translation.override("en"):
        assert resp.consent_text == respond.consent_text()


def test_respondent_page_query_count(
    setup: SurveySetup,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    client = Client()
    with django_assert_max_num_queries(3):
        assert client.get(url(setup)).status_code == 200
    client.post(url(setup), {"page": "p1", "q_nps": "9"})
    with django_assert_max_num_queries(6):
        assert client.get(url(setup) + "?page=p2").status_code == 200


def test_embed_touchpoints_may_be_framed(world: World, setup: SurveySetup) -> None:
    embed = survey_actions.do_create_touchpoint(
        None, setup.survey, unit=world.unit_x, channel="web", kind="embed"
    )
    assert "X-Frame-Options" not in Client().get(f"/s/{embed.token}/")
    assert Client().get(url(setup))["X-Frame-Options"] == "DENY"
