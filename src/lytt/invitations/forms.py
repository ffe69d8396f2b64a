from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lytt.accounts.access import units_visible
from lytt.invitations.models import InvitationStatus
from lytt.surveys.access import surveys_visible


def _live_surveys(principal: Any) -> Any:
    return surveys_visible(principal).filter(status="live")


class InvitationFilterForm(forms.Form):
    survey: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Survey"), queryset=None, required=False
    )
    unit: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Unit"), queryset=None, required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *InvitationStatus.choices],
        required=False,
    )

    def __init__(self, principal: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["survey"].queryset = surveys_visible(principal)  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units_visible(principal, "invitations.manage")  # type: ignore[attr-defined]


class ContactsUploadForm(forms.Form):
    survey: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Survey"), queryset=None)
    file = forms.FileField(
        label=_("Contacts file (CSV)"),
        required=False,
        help_text=_(
            "Columns: email, unit (id, external id or name), channel, employee (optional), "
            "visited_at (optional), language (optional). Comma or semicolon separated."
        ),
    )
    upload = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, principal: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["survey"].queryset = _live_surveys(principal)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not data.get("upload"):
            raise forms.ValidationError(_("Choose a CSV file."))
        return data


class PolicyForm(forms.Form):
    quiet_period_days = forms.IntegerField(
        label=_("Quiet period (days)"),
        min_value=0,
        max_value=3650,
        help_text=_("No customer is invited more often than this."),
    )
    reminder_after_days = forms.IntegerField(
        label=_("Reminder after (days)"),
        min_value=0,
        max_value=364,
        help_text=_("One reminder if there is no answer; 0 sends no reminder."),
    )
    expire_after_days = forms.IntegerField(
        label=_("Link expires after (days)"), min_value=1, max_value=365
    )
