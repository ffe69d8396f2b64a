"""QR codes, the poster and the embed snippet."""

from __future__ import annotations

import contextlib
import re
import xml.etree.ElementTree as ET
import zlib

from django.test import override_settings

from lytt.accounts import actions as accounts
from lytt.surveys import actions, distribution


def _pdf_text(pdf: bytes) -> str:
    out = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        data = match.group(1)
        with contextlib.suppress(zlib.error):
            data = zlib.decompress(data)
        out.append(data.decode("latin-1"))
    return "\n".join(out)


@override_settings(SITE_URL="https://lytt.example.se")
def test_poster_speaks_the_units_language(world):
    accounts.do_update_unit(None, world.unit_z, language="sv")
    world.unit_z.refresh_from_db()
    survey = actions.do_create_survey(
        None, world.org, name="S", kind="post_visit_retail", languages=["nb", "sv"]
    )
    tp = actions.do_create_touchpoint(
        None, survey, unit=world.unit_z, channel="in_person", kind="qr"
    )
    assert distribution.poster_language(tp) == "sv"
    pdf = distribution.poster_pdf(tp)
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    text = _pdf_text(pdf)
    assert "Berätta om ditt besök" in text
    assert "Malmö" in text
    assert f"lytt.example.se/s/{tp.token}/" in text
    # A unit whose language the survey does not offer gets the default language.
    nb_only = actions.do_create_survey(None, world.org, name="N", kind="custom", languages=["nb"])
    tp2 = actions.do_create_touchpoint(None, nb_only, unit=world.unit_z, channel="in_person")
    assert "Fortell oss om besøket ditt" in _pdf_text(distribution.poster_pdf(tp2))


@override_settings(SITE_URL="https://lytt.example.no/")
def test_urls_qr_and_embed(world):
    survey = actions.do_create_survey(None, world.org, name="S", kind="custom")
    tp = actions.do_create_touchpoint(None, survey, unit=world.unit_x, channel="web", kind="embed")
    assert distribution.respondent_url(tp) == f"https://lytt.example.no/s/{tp.token}/"
    assert distribution.kiosk_url(tp) == f"https://lytt.example.no/s/{tp.token}/?kiosk=1"
    assert distribution.short_link(tp) == f"lytt.example.no/s/{tp.token}/"
    root = ET.fromstring(distribution.qr_svg(tp))
    assert root.tag.endswith("svg") and list(root)
    snippet = distribution.embed_snippet(tp)
    assert "<script" not in snippet
    assert snippet.count(distribution.respondent_url(tp)) == 2
    assert 'title="Kundeundersøkelse"' in snippet  # the unit's language (nb)


def test_tokens_are_unique_and_unguessable(world):
    survey = actions.do_create_survey(None, world.org, name="S", kind="custom")
    tokens = {
        actions.do_create_touchpoint(None, survey, unit=world.unit_x, channel="in_person").token
        for _ in range(20)
    }
    assert len(tokens) == 20
    assert all(len(t) >= 16 and re.fullmatch(r"[A-Za-z0-9_-]+", t) for t in tokens)


def test_only_embed_touchpoints_get_an_iframe(world):
    survey = actions.do_create_survey(None, world.org, name="S", kind="custom")
    qr = actions.do_create_touchpoint(
        None, survey, unit=world.unit_x, channel="in_person", kind="qr"
    )
    snippet = distribution.embed_snippet(qr)
    assert "<iframe" not in snippet and distribution.respondent_url(qr) in snippet
