"""The shell: language switcher and navigation contract."""

from __future__ import annotations

import pytest

from lytt.testing.world import World


@pytest.mark.parametrize(
    ("code", "expected"),
    [("nb", "Enheter"), ("nn", "Einingar"), ("sv", "Enheter"), ("da", "Enheder"), ("en", "Units")],
)
def test_language_switcher_changes_the_interface_language(
    world: World, code: str, expected: str
) -> None:
    client = world.client("ada")
    response = client.post("/i18n/setlang/", {"language": code, "next": "/"})
    assert response.status_code == 302
    body = client.get("/").content.decode()
    assert f'<html lang="{code}">' in body
    assert f'href="/accounts/units/">{expected}</a>' in body


def test_switcher_works_without_javascript(world: World) -> None:
    body = world.client(None).get("/accounts/login/").content.decode()
    form = body[body.index('class="language-switcher"') :]
    form = form[: form.index("</form>")]
    assert 'type="submit"' in form and "onchange" not in form
    assert 'for="language-select"' in form


def test_navigation_marks_the_current_page(world: World) -> None:
    body = world.client("ada").get("/accounts/units/").content.decode()
    assert 'href="/accounts/units/" aria-current="page"' in body
