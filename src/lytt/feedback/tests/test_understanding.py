"""Free-text answers read by the text engine: the job, the response page and the API."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lytt.feedback import actions
from lytt.feedback.models import Answer, Response, TextAnalysis
from lytt.feedback.tasks import analyse_pending
from lytt.feedback.tests.conftest import SurveySetup, load_touchpoint
from lytt.feedback.understanding import NEEDS, ROOT_CAUSES, THEMES
from lytt.testing.world import World
from lytt.text import analyze
from lytt.text.needs import LABELS as ENGINE_NEEDS
from lytt.text.themes import ROOT_CAUSES as ENGINE_ROOT_CAUSES
from lytt.text.themes import THEMES as ENGINE_THEMES

ANGRY = "Ventet en time i kassa og ingen sa noe. Aldri mer! Bytter til Rema."
KIND = "Så hyggelig betjening, tusen takk for hjelpen!"


def submit(setup: SurveySetup, why: str | None, nps: int = 2) -> Response:
    answers: dict[str, Any] = {"nps": nps, "helped": "no"}
    if why is not None:
        answers["why"] = why
    return actions.do_submit_response(None, touchpoint=load_touchpoint(setup.tp_x), answers=answers)


def post(client: Any, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(data), content_type="application/json")


def test_every_engine_label_has_a_name_people_read() -> None:
    assert set(NEEDS) == set(ENGINE_NEEDS)
    assert set(THEMES) == set(ENGINE_THEMES)
    assert set(ROOT_CAUSES) == set(ENGINE_ROOT_CAUSES)


@pytest.mark.django_db
def test_the_job_reads_each_free_text_answer_once(setup: SurveySetup) -> None:
    angry, kind, silent = submit(setup, ANGRY), submit(setup, KIND, nps=6), submit(setup, None)
    assert TextAnalysis.objects.count() == 0  # never in the request
    assert actions.do_analyse_answers() == 2
    assert actions.do_analyse_answers() == 0  # nothing left: a second run changes nothing
    read = TextAnalysis.objects.get(response=angry)
    expected = analyze(ANGRY)
    assert read.answer.question_key == "why"
    assert (read.language, read.sentiment, read.strategy) == (
        expected.language,
        expected.sentiment,
        expected.strategy,
    )
    assert read.sentiment == "negative" and read.churn_risk >= 0.5
    assert read.themes == list(expected.themes) and "waiting_time" in read.themes
    assert set(read.emotions) == set(expected.emotions)
    assert TextAnalysis.objects.get(response=kind).sentiment == "positive"
    assert not TextAnalysis.objects.filter(response=silent).exists()
    # Numbers and choices are not text: none of them waits to be read.
    assert not Answer.objects.filter(analysed=False).exclude(text="").exists()


@pytest.mark.django_db
def test_the_job_works_in_batches_and_a_new_answer_is_read_later(setup: SurveySetup) -> None:
    for i in range(5):
        submit(setup, f"{ANGRY} ({i})")
    assert actions.do_analyse_answers(limit=2) == 2
    assert analyse_pending() == 3
    submit(setup, KIND)
    assert analyse_pending() == 1
    assert TextAnalysis.objects.count() == 6


@pytest.mark.django_db
def test_the_response_page_shows_what_was_read_in_the_users_language(
    world: World, setup: SurveySetup
) -> None:
    response = submit(setup, ANGRY)
    url = f"/feedback/responses/{response.pk}/"
    client = world.client("bob")
    assert "Kundestrategi" not in client.get(url).content.decode()  # not read yet
    analyse_pending()
    body = client.get(url).content.decode()
    assert ANGRY in body
    for shown in ("Kundestrategi", "Negativ", "Irritasjon", "ventetid", "Risiko for å miste"):
        assert shown in body, shown
    client.post("/i18n/setlang/", {"language": "sv"})
    body = client.get(url).content.decode()
    for shown in ("Kundstrategi", "Negativ", "Irritation", "väntetid"):
        assert shown in body, shown


@pytest.mark.django_db
def test_the_api_gives_the_reading_with_each_text_answer(world: World, setup: SurveySetup) -> None:
    response = submit(setup, ANGRY)
    api = world.api("alice")
    answers = {
        a["question_key"]: a for a in api.get(f"/api/v1/responses/{response.pk}").json()["answers"]
    }
    assert answers["why"]["analysis"] is None  # the worker has not read it yet
    analyse_pending()
    answers = {
        a["question_key"]: a for a in api.get(f"/api/v1/responses/{response.pk}").json()["answers"]
    }
    read = answers["why"]["analysis"]
    assert read["sentiment"] == "negative" and read["strategy"] == "irritation"
    assert read["engine"] and read["churn_risk"] >= 0.5
    assert answers["nps"]["analysis"] is None
    listed = api.get("/api/v1/responses").json()["results"]
    assert next(a for a in listed[0]["answers"] if a["question_key"] == "why")["analysis"] == read


@pytest.mark.django_db
def test_the_response_list_api_reads_analyses_in_the_same_queries(
    world: World,
    setup: SurveySetup,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    for i in range(20):
        submit(setup, f"{ANGRY} {i}" if i % 2 else f"{KIND} {i}")
    analyse_pending()
    api = world.api("alice")
    with django_assert_max_num_queries(8):
        results = api.get("/api/v1/responses?page_size=25").json()["results"]
    assert sum(1 for r in results for a in r["answers"] if a["analysis"]) == 20


@pytest.mark.django_db
def test_texts_are_read_on_request_in_order_and_nothing_is_stored(world: World) -> None:
    api = world.api("carla")
    texts = [ANGRY, "", "Kor lenge må eg venta på svar? Ingen har sagt kva som skjer.", "👍"]
    r = post(api, "/api/v1/texts/analyze", {"texts": texts})
    assert r.status_code == 200, r.content
    body = r.json()
    assert len(body) == 4
    assert body[0]["sentiment"] == "negative" and body[0]["churn_risk"] >= 0.5
    assert body[1]["language"] == "und"
    assert body[2]["language"] == "nn"
    assert "control" in {n["label"] for n in body[2]["needs"]}
    assert set(body[3]) == set(body[0])
    assert TextAnalysis.objects.count() == 0


@pytest.mark.django_db
def test_too_many_or_too_long_texts_are_refused_with_a_reason(world: World) -> None:
    api = world.api("alice")
    for texts in ([], ["hei"] * 101, ["x" * 10_001]):
        r = post(api, "/api/v1/texts/analyze", {"texts": texts})
        assert r.status_code == 422, r.content
        assert r["Content-Type"].startswith("application/problem+json")
    assert post(world.api(None), "/api/v1/texts/analyze", {"texts": ["hei"]}).status_code == 401


PARKING = "Fant ingen parkerngsplass, kjørte rundt i 20 min"


@pytest.mark.django_db
def test_an_own_theme_is_found_in_old_and_new_answers_until_deleted(
    world: World, setup: SurveySetup
) -> None:
    old = submit(setup, PARKING)
    analyse_pending()
    assert "Parkering" not in TextAnalysis.objects.get(response=old).themes
    client = world.client("alice")
    page = client.post(
        "/feedback/themes/", {"name": "Parkering", "keywords": "parkering, p-plass\nparker*"}
    )
    assert page.status_code == 302
    assert analyse_pending() == 1  # the old answer is read again, with the theme
    assert "Parkering" in TextAnalysis.objects.get(response=old).themes
    new = submit(setup, "P-plassen var full igjen")
    analyse_pending()
    assert "Parkering" in TextAnalysis.objects.get(response=new).themes
    assert "Parkering" in client.get(f"/feedback/responses/{old.pk}/").content.decode()
    assert TextAnalysis.objects.count() == 2  # read again means replaced, not added
    theme = world.org.custom_themes.get()
    assert theme.keywords == ["parkering", "p-plass", "parker*"]
    client.post(f"/feedback/themes/{theme.pk}/", {"delete": "1"})
    analyse_pending()
    assert "Parkering" not in TextAnalysis.objects.get(response=old).themes


@pytest.mark.django_db
def test_a_bad_theme_is_refused_in_the_users_language_and_nothing_changes(
    world: World,
) -> None:
    client = world.client("alice")
    client.post("/feedback/themes/", {"name": "Parkering", "keywords": "parkering"})
    again = client.post("/feedback/themes/", {"name": "parkering", "keywords": "p-hus"})
    assert "Det finnes allerede et tema som heter parkering." in again.content.decode()
    empty = client.post("/feedback/themes/", {"name": "Kø", "keywords": " , ,"})
    assert "Oppgi minst ett nøkkelord." in empty.content.decode()
    assert [(t.name, t.keywords) for t in world.org.custom_themes.all()] == [
        ("Parkering", ["parkering"])
    ]
    assert world.client("bob").get("/feedback/themes/").status_code == 403


@pytest.mark.django_db
def test_own_themes_through_the_api(world: World, setup: SurveySetup) -> None:
    api = world.api("alice")
    created = post(api, "/api/v1/themes", {"name": "Parkering", "keywords": ["parkering"]})
    assert created.status_code == 201, created.content
    theme_id = created.json()["id"]
    assert post(api, "/api/v1/themes", {"name": "Parkering", "keywords": ["x"]}).status_code == 422
    changed = api.put(
        f"/api/v1/themes/{theme_id}",
        data=json.dumps({"name": "Parkering", "keywords": ["parkering", "p-hus"]}),
        content_type="application/json",
    )
    assert changed.json()["keywords"] == ["parkering", "p-hus"]
    assert [t["name"] for t in api.get("/api/v1/themes").json()] == ["Parkering"]
    response = submit(setup, "Ingen ledige plasser i p-huset")
    analyse_pending()
    read = post(api, "/api/v1/texts/analyze", {"texts": ["Ingen ledige plasser i p-huset"]})
    assert "Parkering" not in read.json()[0]["themes"]  # the engine's own themes only
    answers = api.get(f"/api/v1/responses/{response.pk}").json()["answers"]
    assert (
        "Parkering" in next(a for a in answers if a["question_key"] == "why")["analysis"]["themes"]
    )
    assert api.delete(f"/api/v1/themes/{theme_id}").status_code == 204
    assert api.get("/api/v1/themes").json() == []
