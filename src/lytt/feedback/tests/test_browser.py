"""The respondent page in a real Chromium on a phone-sized screen, with and without
JavaScript, plus an axe-core accessibility scan."""

from __future__ import annotations

from typing import Any

import pytest

from lytt.feedback.models import Response, ResponseStatus
from lytt.feedback.tests.conftest import make_survey
from lytt.surveys import actions as survey_actions
from lytt.testing.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def respondent_url(live_server: Any) -> str:
    world = build_world()
    survey = make_survey(world)
    tp = survey_actions.do_create_touchpoint(None, survey, unit=world.unit_x, channel="in_person")
    return f"{live_server.url}/s/{tp.token}/"


def answer_survey(page: Any, url: str) -> None:
    page.set_default_timeout(10_000)
    page.goto(url)
    assert "How likely are you to recommend us?" in page.content()
    page.get_by_role("radio", name="3", exact=True).check()
    page.get_by_label("Why?").fill("Long queue at the till")
    page.get_by_role("button", name="Next").click()
    page.wait_for_url("**page=p2**")
    assert "Did you get help?" in page.content()
    page.get_by_role("radio", name="Yes", exact=True).check()
    page.get_by_role("checkbox", name="Service", exact=True).check()
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**done=1**")
    assert "Thank you for your answer" in page.content()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_answer_on_a_phone(browser: Any, respondent_url: str, javascript: bool) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        java_script_enabled=javascript,
        locale="en-GB",
        extra_http_headers={"Accept-Language": "en-GB,en;q=0.9"},
    )
    try:
        answer_survey(context.new_page(), respondent_url)
    finally:
        context.close()
    response = Response.objects.get()
    assert response.status == ResponseStatus.COMPLETE
    answers = {a.question_key: a for a in response.answers.all()}
    assert answers["nps"].number == 3
    assert answers["why"].text == "Long queue at the till"
    assert answers["helped"].number == 1
    assert answers["topics"].choices == ["service"]


def test_respondent_page_has_no_serious_accessibility_violations(
    browser: Any, respondent_url: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(10_000)
    axe = Axe()
    try:
        problems: list[str] = []
        page.goto(respondent_url)
        # the first page, then the same page showing validation errors, then page two
        for step in ("start", "errors", "page2"):
            if step == "errors":
                page.get_by_role("button", name="Neste").click()
                page.wait_for_selector(".r-errors")
            if step == "page2":
                page.get_by_role("radio", name="8", exact=True).check()
                page.get_by_role("button", name="Neste").click()
                page.wait_for_url("**page=p2**")
            results = axe.run(page)
            for v in results.response["violations"]:
                if v.get("impact") in ("serious", "critical"):
                    problems.append(f"{step}: {v['id']}: {v['help']}")
        assert not problems, problems
    finally:
        context.close()
