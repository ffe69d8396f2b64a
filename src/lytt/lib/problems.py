"""Errors as problem-details JSON (RFC 9457)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

PROBLEM_TYPE_BASE = "https://lytt.example/problems/"


def problem(
    request: HttpRequest | None,
    status: int,
    title: str,
    detail: str = "",
    kind: str = "about:blank",
    **extra: Any,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": kind if kind == "about:blank" else PROBLEM_TYPE_BASE + kind,
        "title": title,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    if request is not None:
        body["instance"] = request.path
    body.update(extra)
    return JsonResponse(
        body,
        status=status,
        content_type="application/problem+json",
        json_dumps_params={"ensure_ascii": False},
    )
