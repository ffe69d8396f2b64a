from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lytt.reviews.models import ReviewSource


class ReviewFilterForm(forms.Form):
    unit: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Unit")
    )
    source = forms.ChoiceField(
        choices=[("", _("All sources")), *ReviewSource.choices], required=False, label=_("Source")
    )
    min_stars = forms.IntegerField(
        min_value=1, max_value=5, required=False, label=_("At least (stars)")
    )
    max_stars = forms.IntegerField(
        min_value=1, max_value=5, required=False, label=_("At most (stars)")
    )
    date_from = forms.DateField(
        required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label=_("To"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
