from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lytt.accounts import actions


class AcceptInvitationForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=200)
    password = forms.CharField(label=gettext_lazy("Choose a password"), widget=forms.PasswordInput)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        validate_password(password)
        return password


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = actions.find_invitation(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(request.POST or None, initial={"name": invitation.name})
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.do_accept_invitation(
                invitation, name=form.cleaned_data["name"], password=form.cleaned_data["password"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to Lytt."))
            return redirect("web:home")
    return render(
        request, "accounts/accept_invitation.html", {"form": form, "invitation": invitation}
    )
