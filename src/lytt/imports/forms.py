from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lytt.imports.mapping import FIELDS
from lytt.imports.models import ImportKind
from lytt.reviews.models import ReviewSource


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("The file holds"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("File (CSV or Excel .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
    survey: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Survey (for survey answers)"),
        help_text=_("Only for historical survey answers: the survey the answers belong to."),
    )

    def __init__(self, *args: Any, surveys: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["survey"].queryset = surveys  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ImportKind.ANSWERS and not data.get("survey"):
            self.add_error("survey", _("Choose the survey the answers belong to."))
        return data


class MappingForm(forms.Form):
    """One choice of column per field (and per survey question for answers)."""

    def __init__(
        self,
        *args: Any,
        kind: str,
        headers: list[str],
        guess: dict[str, str],
        question_keys: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("(not in the file)"))] + [(h, h) for h in headers]
        for spec in FIELDS[kind]:
            self.fields[f"map_{spec.key}"] = forms.ChoiceField(
                label=str(spec.label),
                choices=choices,
                required=spec.required,
                initial=guess.get(spec.key, ""),
            )
        for key in question_keys or []:
            self.fields[f"map_q:{key}"] = forms.ChoiceField(
                label=_("Question “%(key)s”") % {"key": key},
                choices=choices,
                required=False,
                initial=guess.get(f"q:{key}", ""),
            )
        if kind == ImportKind.REVIEWS:
            self.fields["source"] = forms.ChoiceField(
                label=_("Source for rows without one"),
                choices=[("", "—"), *ReviewSource.choices],
                required=False,
            )

    def mapping(self) -> dict[str, str]:
        return {
            name[4:]: value
            for name, value in self.cleaned_data.items()
            if name.startswith("map_") and value
        }

    def options(self) -> dict[str, Any]:
        source = self.cleaned_data.get("source")
        return {"source": source} if source else {}
