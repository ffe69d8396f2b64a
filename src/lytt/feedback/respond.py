"""The public respondent page: `/s/<touchpoint token>/`.

One view function, `respond(request, touchpoint, invitation=None)`, serves every step at
one address (so the invitations app can reuse it at `/i/<token>/`):

- GET: the current page of questions (`?page=<key>`), or the thank-you page (`?done=1`);
- POST: saves the page (a partial `Response` after the first page, so an abandoned
  survey keeps what was given), then shows the next page or the thank-you page;
- POST with `consent`: records the answer to "may we contact you?" with its text.

Works without JavaScript. The respondent's language is `?lang=` if the survey offers it,
else the in-progress response's, else the best match of the browser's Accept-Language
among the survey's languages, else the survey's default. The response in progress is
carried in a signed `r` parameter (and, outside kiosk mode, remembered in the session so
the respondent can come back). Kiosk mode (`?kiosk=1` or a kiosk touchpoint) never keeps
state in the session and returns to the start by itself after the thank-you page.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import trans_real
from django.views.decorators.csrf import csrf_exempt

from lytt.feedback import actions
from lytt.feedback import answers as answer_lib
from lytt.feedback.models import Response, ResponseSource, ResponseStatus
from lytt.surveys import definition as sdef
from lytt.surveys.models import Touchpoint

SIGN_SALT = "lytt.feedback.respond"
SESSION_PREFIX = "lytt.respond."
HONEYPOT = "website"
KIOSK_RETURN_SECONDS = 10
KIOSK_IDLE_SECONDS = 300
LANGUAGE_NAMES = {"nb": "Norsk bokmål", "nn": "Norsk nynorsk", "sv": "Svenska", "da": "Dansk"}
LANGUAGE_NAMES["en"] = "English"


def rate_limit() -> tuple[int, int, int]:
    """(posts per window, posts per window for kiosks, window seconds) per IP address."""
    return (
        int(getattr(settings, "FEEDBACK_POSTS_PER_IP", 60)),
        int(getattr(settings, "FEEDBACK_KIOSK_POSTS_PER_IP", 1200)),
        int(getattr(settings, "FEEDBACK_RATE_WINDOW_SECONDS", 600)),
    )


def load_touchpoint(token: str) -> Touchpoint | None:
    return (
        Touchpoint.objects.select_related(
            "survey__current_version", "unit", "organisation", "employee"
        )
        .filter(token=token)
        .first()
    )


def choose_language(request: HttpRequest, survey: Any, preferred: str | None = None) -> str:
    offered = [lang for lang in (survey.languages or []) if lang] or [survey.default_language]
    asked = request.GET.get("lang") or request.POST.get("lang")
    if asked in offered:
        return str(asked)
    if preferred in offered:
        return str(preferred)
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _q in trans_real.parse_accept_lang_header(header):
        code = code.lower()
        for candidate in (code, code.split("-")[0]):
            if candidate == "no":
                candidate = "nb"
            if candidate in offered:
                return candidate
    return survey.default_language if survey.default_language in offered else offered[0]


def _client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _over_limit(request: HttpRequest, kiosk: bool) -> bool:
    limit, kiosk_limit, window = rate_limit()
    key = f"lytt:respond:{_client_ip(request)}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)
        count = 1
    return count > (kiosk_limit if kiosk else limit)


def _sign(response: Response, touchpoint: Touchpoint) -> str:
    return signing.dumps([response.pk, touchpoint.pk], salt=SIGN_SALT, compress=True)


def _unsign(value: str | None, touchpoint: Touchpoint) -> int | None:
    if not value:
        return None
    try:
        pk, tp = signing.loads(value, salt=SIGN_SALT, max_age=60 * 60 * 24 * 30)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return int(pk) if tp == touchpoint.pk else None


def _page_url(base: str, **params: Any) -> str:
    kept = {k: v for k, v in params.items() if v not in (None, "", False)}
    return f"{base}?{urlencode(kept)}" if kept else base


def _raw_answers(request: HttpRequest, questions: list[dict[str, Any]]) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for q in questions:
        name = f"q_{q['key']}"
        if q.get("type") == "multiple_choice":
            raw[q["key"]] = request.POST.getlist(name)
        else:
            raw[q["key"]] = request.POST.get(name, "")
    return raw


def _question_view(
    q: dict[str, Any], language: str, default: str, value: Any, error: str | None
) -> dict[str, Any]:
    scale = sdef.scale_of(q)
    options = [
        {"key": o["key"], "text": sdef.text_for(o.get("text"), language, default)}
        for o in q.get("options") or []
    ]
    if q.get("type") == "yes_no":
        options = [{"key": "yes", "text": _("Yes")}, {"key": "no", "text": _("No")}]
        if value is True:
            value = "yes"
        elif value is False:
            value = "no"
    selected = (
        value if isinstance(value, list) else ([str(value)] if value not in (None, "") else [])
    )
    scale_info = q.get("scale") or {}
    return {
        "key": q["key"],
        "name": f"q_{q['key']}",
        "type": q.get("type"),
        "required": bool(q.get("required")),
        "text": sdef.text_for(q.get("text"), language, default),
        "help": sdef.text_for(q.get("help"), language, default),
        "options": options,
        "points": [str(n) for n in range(scale[0], scale[1] + 1)] if scale else [],
        "low": sdef.text_for(scale_info.get("low"), language, default),
        "high": sdef.text_for(scale_info.get("high"), language, default),
        "selected": [str(s) for s in selected],
        "value": "" if isinstance(value, list) or value is None else str(value),
        "error": error,
        "conditional": bool(q.get("show_if")),
    }


def _status_page(
    request: HttpRequest, template: str, status: int, language: str | None, **ctx: Any
) -> HttpResponse:
    with translation.override(language or translation.get_language()):
        return render(request, template, {"kiosk": False, **ctx}, status=status)


def respond(
    request: HttpRequest, touchpoint: Touchpoint | None, invitation: Any = None
) -> HttpResponse:
    """Serve the respondent page for `touchpoint` (None: unknown link)."""
    if touchpoint is None:
        return _status_page(request, "feedback/respond/unknown.html", 404, None)
    survey = touchpoint.survey
    version = survey.current_version
    if version is None or survey.status == "draft":
        return _status_page(request, "feedback/respond/unknown.html", 404, None)
    language = choose_language(request, survey)
    if survey.status != "live" or not touchpoint.active:
        return _status_page(request, "feedback/respond/closed.html", 410, language)
    kiosk = (
        touchpoint.kind == "kiosk" or (request.GET.get("kiosk") or request.POST.get("kiosk")) == "1"
    )
    base = request.path
    session_key = SESSION_PREFIX + touchpoint.token
    if invitation is not None:  # one shared touchpoint, many invitations
        session_key += f".i{invitation.pk}"
    source = (
        ResponseSource.INVITATION
        if invitation is not None
        else ResponseSource.KIOSK
        if kiosk
        else ResponseSource.EMBED
        if touchpoint.kind == "embed"
        else ResponseSource.WEB
    )

    # The response in progress (or just completed), if any.
    signed = request.POST.get("r") or request.GET.get("r")
    response_id = _unsign(signed, touchpoint)
    if response_id is None and not kiosk:
        response_id = request.session.get(session_key)
    response = None
    if response_id is not None:
        response = (
            Response.objects.select_related("version")
            .filter(pk=response_id, touchpoint_id=touchpoint.pk)
            .prefetch_related("answers")
            .first()
        )
    if response is not None:
        language = choose_language(request, survey, response.language)
    definition = version.definition if response is None else response.version.definition
    pages = answer_lib.page_keys(definition)

    if (
        invitation is not None
        and getattr(invitation, "answered_at", None)
        and (response is None or response.status != ResponseStatus.COMPLETE)
    ):
        return _status_page(request, "feedback/respond/used.html", 410, language)

    done = response is not None and response.status == ResponseStatus.COMPLETE
    ctx: dict[str, Any] = {
        "survey": survey,
        "touchpoint": touchpoint,
        "language": language,
        "languages": [
            {
                "code": code,
                "name": LANGUAGE_NAMES.get(code, code),
                "url": _page_url(
                    base,
                    page=request.GET.get("page"),
                    done=request.GET.get("done"),
                    r=signed,
                    kiosk="1" if kiosk else None,
                    lang=code,
                ),
            }
            for code in survey.languages or []
        ],
        "kiosk": kiosk,
        "base": base,
        "honeypot": HONEYPOT,
        "start_url": _page_url(base, kiosk="1" if kiosk else None),
    }

    with translation.override(language):
        if request.method == "POST":
            if request.POST.get(HONEYPOT):
                return render(request, "feedback/respond/rejected.html", ctx, status=400)
            if _over_limit(request, kiosk):
                return render(request, "feedback/respond/rate_limited.html", ctx, status=429)
            if "consent" in request.POST and done and response is not None:
                return _consent(request, response, touchpoint, kiosk, ctx, invitation)
            if done and response is not None:
                return HttpResponseRedirect(
                    _page_url(
                        base, done=1, r=_sign(response, touchpoint), kiosk="1" if kiosk else None
                    )
                )
            return _save_page(
                request,
                touchpoint,
                response,
                definition,
                pages,
                language,
                source,
                kiosk,
                session_key,
                ctx,
                invitation,
            )
        if done and response is not None:
            if request.GET.get("done") == "1":
                return _thanks(request, response, touchpoint, kiosk, ctx, invitation)
            return HttpResponseRedirect(
                _page_url(base, done=1, r=_sign(response, touchpoint), kiosk="1" if kiosk else None)
            )
        stored = answer_lib.stored_values(response.answers.all(), definition) if response else {}
        page = request.GET.get("page")
        if page not in pages:
            page = _next_page(pages, response.last_page) if response is not None else pages[0]
        return _render_page(
            request, definition, pages, page, stored, {}, response, touchpoint, ctx, 200
        )


def _next_page(pages: list[str], last: str) -> str:
    if last in pages:
        i = pages.index(last)
        return pages[min(i + 1, len(pages) - 1)]
    return pages[0]


def _render_page(
    request: HttpRequest,
    definition: dict[str, Any],
    pages: list[str],
    page: str,
    values: dict[str, Any],
    errors: dict[str, str],
    response: Response | None,
    touchpoint: Touchpoint,
    ctx: dict[str, Any],
    status: int,
) -> HttpResponse:
    survey = touchpoint.survey
    language = ctx["language"]
    index = pages.index(page)
    page_keys = [q["key"] for q in answer_lib.page_questions(definition, page)]
    earlier = {k: v for k, v in values.items() if k not in page_keys}
    shown = []
    for q in answer_lib.page_questions(definition, page):
        cond = q.get("show_if") or {}
        # Conditions on an earlier page are decided here; conditions on a question of
        # this same page cannot be without JavaScript, so such questions are shown and
        # an answer that turns out not to apply is dropped when saved.
        if cond and cond.get("question") not in page_keys and not sdef.is_visible(q, earlier):
            continue
        shown.append(
            _question_view(
                q, language, survey.default_language, values.get(q["key"]), errors.get(q["key"])
            )
        )
    signed = _sign(response, touchpoint) if response is not None else ""
    ctx.update(
        {
            "questions": shown,
            "errors": [
                {"key": q["key"], "text": q["text"], "error": q["error"]}
                for q in shown
                if q["error"]
            ],
            "other_errors": [m for k, m in errors.items() if k not in {q["key"] for q in shown}],
            "page": page,
            "page_number": index + 1,
            "page_count": len(pages),
            "last": index == len(pages) - 1,
            "signed": signed,
            "previous_url": _page_url(
                ctx["base"], page=pages[index - 1], r=signed, kiosk="1" if ctx["kiosk"] else None
            )
            if index > 0 and response is not None
            else None,
            "idle_seconds": KIOSK_IDLE_SECONDS,
        }
    )
    return render(request, "feedback/respond/page.html", ctx, status=status)


def _save_page(
    request: HttpRequest,
    touchpoint: Touchpoint,
    response: Response | None,
    definition: dict[str, Any],
    pages: list[str],
    language: str,
    source: str,
    kiosk: bool,
    session_key: str,
    ctx: dict[str, Any],
    invitation: Any,
) -> HttpResponse:
    page = request.POST.get("page", "")
    if page not in pages:
        page = pages[0]
    questions = answer_lib.page_questions(definition, page)
    raw = _raw_answers(request, questions)
    last = pages.index(page) == len(pages) - 1
    try:
        if response is None:
            response = actions.do_submit_response(
                None,
                touchpoint=touchpoint,
                answers=raw,
                page=page,
                completed=False,
                language=language,
                source=source,
                # an invitation knows its customer (keyed hash only) and visit
                customer=getattr(invitation, "customer", None),
                visit=getattr(invitation, "visit", None),
            )
            if last:
                response = actions.do_save_response_page(
                    None, response, page=page, answers=raw, complete=True, invitation=invitation
                )
        else:
            response = actions.do_save_response_page(
                None, response, page=page, answers=raw, complete=last, invitation=invitation
            )
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        flat = {k: " ".join(v) for k, v in errors.items()}
        if response is not None and last and set(flat) - {q["key"] for q in questions}:
            # A required question on an earlier page is unanswered: go back to it.
            missing = [k for k in flat if k not in {q["key"] for q in questions}]
            for p in pages:
                if any(q["key"] in missing for q in answer_lib.page_questions(definition, p)):
                    page = p
                    break
        stored = answer_lib.stored_values(response.answers.all(), definition) if response else {}
        values = {**stored, **{k: v for k, v in raw.items() if not answer_lib.is_empty(v)}}
        return _render_page(
            request, definition, pages, page, values, flat, response, touchpoint, ctx, 400
        )
    signed = _sign(response, touchpoint)
    if response.status == ResponseStatus.COMPLETE:
        if not kiosk:
            request.session.pop(session_key, None)
        return HttpResponseRedirect(
            _page_url(ctx["base"], done=1, r=signed, kiosk="1" if kiosk else None)
        )
    if not kiosk:
        request.session[session_key] = response.pk
    return HttpResponseRedirect(
        _page_url(
            ctx["base"],
            page=_next_page(pages, page),
            r=signed,
            kiosk="1" if kiosk else None,
        )
    )


def consent_text() -> str:
    return _(
        "Yes, you may contact me about my answer. My contact details are used only to "
        "follow up this answer and are not shared."
    )


def _may_ask_consent(response: Response, kiosk: bool, invitation: Any) -> bool:
    return not kiosk and (response.customer_id is not None or invitation is not None)


def _thanks(
    request: HttpRequest,
    response: Response,
    touchpoint: Touchpoint,
    kiosk: bool,
    ctx: dict[str, Any],
    invitation: Any,
    consent_saved: bool = False,
) -> HttpResponse:
    ctx.update(
        {
            "ask_consent": _may_ask_consent(response, kiosk, invitation)
            and not response.contact_consent
            and not consent_saved,
            "consent_text": consent_text(),
            "consent_saved": consent_saved,
            "signed": _sign(response, touchpoint),
            "return_seconds": KIOSK_RETURN_SECONDS,
        }
    )
    return render(request, "feedback/respond/thanks.html", ctx)


def _consent(
    request: HttpRequest,
    response: Response,
    touchpoint: Touchpoint,
    kiosk: bool,
    ctx: dict[str, Any],
    invitation: Any,
) -> HttpResponse:
    if _may_ask_consent(response, kiosk, invitation):
        actions.do_record_contact_consent(
            None,
            response,
            consent=request.POST.get("consent") == "yes",
            consent_text=consent_text(),
        )
    return _thanks(request, response, touchpoint, kiosk, ctx, invitation, consent_saved=True)


@csrf_exempt
def respond_by_token(request: HttpRequest, token: str) -> HttpResponse:
    """`/s/<token>/`. CSRF-exempt on purpose: anonymous respondents (and kiosks and
    embeds in other sites' pages) post here; the honeypot and per-IP limit guard it."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    touchpoint = load_touchpoint(token)
    page = respond(request, touchpoint)
    if touchpoint is not None and touchpoint.kind == "embed":
        # Embed touchpoints are shown in an iframe on the organisation's own site; the
        # state travels in the signed `r` parameter, not in a (third-party) cookie.
        page.xframe_options_exempt = True  # type: ignore[attr-defined]
    return page
