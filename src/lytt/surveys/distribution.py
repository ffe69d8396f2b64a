"""Distributing a survey through a touchpoint: URLs, QR codes, the A4 poster and the
embed snippet. Everything is generated locally; the snippet loads no third-party code."""

from __future__ import annotations

import io
from html import escape
from urllib.parse import urlsplit

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from lytt.surveys.models import Survey, Touchpoint, TouchpointKind


def respondent_url(touchpoint: Touchpoint, *, kiosk: bool = False) -> str:
    """The absolute public URL of the respondent page (served by lytt.feedback)."""
    base = (settings.SITE_URL or "").rstrip("/")
    url = f"{base}{touchpoint.get_respondent_path()}"
    return f"{url}?kiosk=1" if kiosk else url


def kiosk_url(touchpoint: Touchpoint) -> str:
    return respondent_url(touchpoint, kiosk=True)


def short_link(touchpoint: Touchpoint) -> str:
    """The respondent URL without the scheme, for print."""
    parts = urlsplit(respondent_url(touchpoint))
    return f"{parts.netloc}{parts.path}"


def _qr(data: str) -> qrcode.QRCode:  # type: ignore[type-arg]
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    qr.add_data(data)
    qr.make(fit=True)
    return qr


def qr_svg(touchpoint: Touchpoint, *, kiosk: bool = False) -> bytes:
    """The QR code of the respondent URL as a standalone SVG document."""
    qr = _qr(respondent_url(touchpoint, kiosk=kiosk))
    image = qr.make_image(image_factory=qrcode.image.svg.SvgPathImage)
    buf = io.BytesIO()
    image.save(buf)
    return buf.getvalue()


def qr_png(touchpoint: Touchpoint, *, box_size: int = 10) -> bytes:
    qr = _qr(respondent_url(touchpoint))
    qr.box_size = box_size
    image = qr.make_image(fill_color="black", back_color="white")
    buf = io.BytesIO()
    image.save(buf)
    return buf.getvalue()


def poster_language(touchpoint: Touchpoint) -> str:
    """The unit's language when the survey offers it, else the survey's default."""
    survey: Survey = touchpoint.survey
    if touchpoint.unit.language in survey.languages:
        return touchpoint.unit.language
    return survey.default_language


def _latin1(text: str) -> str:
    # The PDF core fonts cover Latin-1 (all of æøåäö); anything else becomes "?".
    return text.encode("latin-1", "replace").decode("latin-1")


def poster_pdf(touchpoint: Touchpoint) -> bytes:
    """A printable A4 poster: unit name, an invitation in the survey's language, the QR
    code (drawn as vector squares, sharp at any print size) and the short link."""
    language = poster_language(touchpoint)
    with translation.override(language):
        heading = _("Tell us about your visit")
        invitation = _(
            "Scan the code with your phone's camera, or open the address below. "
            "It takes about a minute and you can stay anonymous."
        )
        thanks = _("Thank you for helping us get better!")
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_title(_latin1(f"{touchpoint.unit.name}: {heading}"))
    pdf.set_creator("Lytt")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    width = pdf.w - 40
    pdf.set_xy(20, 22)
    pdf.set_font("helvetica", "B", 30)
    pdf.multi_cell(width, 13, _latin1(touchpoint.unit.name), align="C")
    pdf.ln(4)
    pdf.set_font("helvetica", "B", 22)
    pdf.set_x(20)
    pdf.multi_cell(width, 10, _latin1(heading), align="C")
    pdf.ln(4)
    pdf.set_font("helvetica", "", 15)
    pdf.set_x(20)
    pdf.multi_cell(width, 7.5, _latin1(invitation), align="C")
    matrix = _qr(respondent_url(touchpoint)).get_matrix()
    size = 120.0
    cell = size / len(matrix)
    left = (pdf.w - size) / 2
    top = max(pdf.get_y() + 10, 100.0)
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(matrix):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                pdf.rect(left + start * cell, top + r * cell, (c - start) * cell, cell, style="F")
            else:
                c += 1
    pdf.set_xy(20, top + size + 8)
    pdf.set_font("helvetica", "B", 16)
    pdf.multi_cell(width, 8, _latin1(short_link(touchpoint)), align="C")
    pdf.ln(6)
    pdf.set_font("helvetica", "", 14)
    pdf.set_x(20)
    pdf.multi_cell(width, 7, _latin1(thanks), align="C")
    return bytes(pdf.output())


def embed_snippet(touchpoint: Touchpoint) -> str:
    """HTML to paste into a web page. For an embed touchpoint: an iframe of our own
    respondent page (which allows framing only for embed touchpoints) with a plain link
    as fallback; for other touchpoints just the link. No scripts either way."""
    url = escape(respondent_url(touchpoint), quote=True)
    language = poster_language(touchpoint)
    with translation.override(language):
        title = escape(_("Customer survey"), quote=True)
        link = escape(_("Answer our short survey"))
    html = f'<p><a href="{url}">{link}</a></p>'
    if touchpoint.kind != TouchpointKind.EMBED:
        return html
    return (
        f'<iframe src="{url}" title="{title}" width="100%" height="640" '
        f'style="border:0;max-width:40rem" loading="lazy"></iframe>\n' + html
    )
