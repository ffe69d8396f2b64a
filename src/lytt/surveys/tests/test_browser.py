"""The builder in a real Chromium: reorder with htmx, then an axe-core scan of the
builder pages (phone-sized and desktop)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from lytt.surveys import actions
from lytt.surveys.definition import questions
from lytt.surveys.models import Survey
from lytt.testing.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup(live_server: Any) -> dict[str, Any]:
    world = build_world()
    user = world.users["alice"]
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    survey = actions.do_create_survey(
        None, world.org, name="Etter besøket", kind="post_visit_retail", languages=["nb", "sv"]
    )
    tp = actions.do_create_touchpoint(
        None, survey, unit=world.unit_x, channel="in_person", kind="qr"
    )
    return {"url": live_server.url, "cookie": session.session_key, "survey": survey, "tp": tp}


def _context(browser: Any, setup: dict[str, Any], width: int) -> Any:
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        locale="sv-SE",
        extra_http_headers={"Accept-Language": "sv"},
    )
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": setup["cookie"], "url": setup["url"]}]
    )
    return context


def test_reorder_with_htmx(browser: Any, setup: dict[str, Any]) -> None:
    context = _context(browser, setup, 1200)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        survey: Survey = setup["survey"]
        page.goto(f"{setup['url']}/surveys/{survey.pk}/edit/")
        keys = [q["key"] for q in questions(survey.current_version.definition)]
        page.get_by_role("button", name=f"Flytta {keys[1]} upp").click()
        page.wait_for_function(
            "k => document.querySelector('#questions tbody tr code').textContent === k", arg=keys[1]
        )
        assert page.url.endswith("/edit/")  # swapped in place, no navigation
        survey.refresh_from_db()
        assert [q["key"] for q in questions(survey.current_version.definition)][:2] == [
            keys[1],
            keys[0],
        ]
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1200], ids=["phone", "desktop"])
def test_builder_pages_have_no_serious_accessibility_violations(
    browser: Any, setup: dict[str, Any], width: int
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    survey: Survey = setup["survey"]
    context = _context(browser, setup, width)
    page = context.new_page()
    page.set_default_timeout(10_000)
    axe = Axe()
    problems: list[str] = []
    try:
        for path in [
            "/surveys/",
            f"/surveys/{survey.pk}/",
            f"/surveys/{survey.pk}/edit/",
            f"/surveys/{survey.pk}/questions/nps/",
            f"/surveys/{survey.pk}/preview/?lang=sv",
            f"/surveys/{survey.pk}/touchpoints/",
            f"/surveys/touchpoints/{setup['tp'].pk}/",
            "/surveys/competency/",
        ]:
            page.goto(setup["url"] + path)
            for v in axe.run(page).response["violations"]:
                if v.get("impact") in ("serious", "critical"):
                    problems.append(f"{path}: {v['id']}: {v['help']}")
        assert not problems, problems
    finally:
        context.close()
