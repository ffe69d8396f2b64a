"""The "My API tokens" page: any logged-in user creates and revokes their own personal
API tokens, which act as them through the API (role and scope of their membership)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lytt.accounts import access, actions


class PersonalTokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What will use it, for example “Evaluation app on my phone”."),
    )


@login_required
def my_tokens(request: HttpRequest) -> HttpResponse:
    access.require_person(request.user)
    form = PersonalTokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = actions.do_create_personal_token(request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            form = PersonalTokenForm()
    tokens = list(access.personal_tokens_visible(request.user))
    response = render(
        request, "accounts/my_tokens.html", {"tokens": tokens, "form": form, "issued": issued}
    )
    # The page may show a secret once; never cache it.
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def my_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = access.access_personal_token(request.user, token_id)
    if token.revoked_at is None:
        actions.do_revoke_api_token(request.user, token)
        messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("accounts:my-tokens")
