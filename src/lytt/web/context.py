"""Template context for the shell: navigation filtered by the user's permissions."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from lytt.accounts.access import scope_of
from lytt.lib import nav


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    scope = scope_of(user)
    entries = []
    if scope is not None:
        for item in nav.items():
            if item.perm is None or scope.has(item.perm):
                try:
                    url = reverse(item.url_name)
                except NoReverseMatch:
                    continue
                entries.append(
                    {
                        "key": item.key,
                        "label": item.label,
                        "url": url,
                        "active": request.path.startswith(url) and url != "/",
                    }
                )
    return {"nav_items": entries, "scope": scope}
