"""Forms of the survey builder. Texts are asked for per language the survey offers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lytt.accounts.models import Channel, Employee, Unit
from lytt.surveys import builder
from lytt.surveys.definition import CHOICE_TYPES, FIXED_SCALES, OPS, SCALE_TYPES, questions
from lytt.surveys.models import CompetencyItem, Survey, SurveyKind, TouchpointKind

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def question_type_choices() -> list[tuple[str, Any]]:
    return [
        ("nps", gettext_lazy("NPS (0-10, would you recommend us)")),
        ("csat", gettext_lazy("Satisfaction (CSAT, 1-5)")),
        ("ces", gettext_lazy("Effort (CES, 1-7)")),
        ("rating", gettext_lazy("Rating scale")),
        ("yes_no", gettext_lazy("Yes or no")),
        ("single_choice", gettext_lazy("Single choice")),
        ("multiple_choice", gettext_lazy("Multiple choice")),
        ("text", gettext_lazy("Free text")),
        ("competency", gettext_lazy("Competency statement")),
    ]


def type_label(qtype: str) -> str:
    return str(dict(question_type_choices()).get(qtype, qtype))


OP_LABELS = {
    "eq": gettext_lazy("is"),
    "neq": gettext_lazy("is not"),
    "lte": gettext_lazy("is at most"),
    "gte": gettext_lazy("is at least"),
    "in": gettext_lazy("is one of"),
}


def _language_choices() -> list[tuple[str, Any]]:
    return list(settings.LANGUAGES)


class SurveyCreateForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    kind = forms.ChoiceField(
        label=gettext_lazy("Template"),
        choices=SurveyKind.choices,
        help_text=gettext_lazy(
            "The survey starts with the template's questions; change them afterwards."
        ),
    )
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages"),
        choices=_language_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Respondents get their browser's language when offered, and can switch."
        ),
    )
    default_language = forms.ChoiceField(
        label=gettext_lazy("Default language"), choices=_language_choices
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Belongs to"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=gettext_lazy("The whole organisation"),
    )

    def __init__(self, units: Any, *args: Any, org_wide: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        if not org_wide:
            self.fields["unit"].required = True
            self.fields["unit"].empty_label = None  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("languages") and data.get("default_language") not in data["languages"]:
            self.add_error(
                "default_language", _("The default language must be one of the survey's languages.")
            )
        return data


class SurveySettingsForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages"),
        choices=_language_choices,
        widget=forms.CheckboxSelectMultiple,
    )
    default_language = forms.ChoiceField(
        label=gettext_lazy("Default language"), choices=_language_choices
    )


class AddQuestionForm(forms.Form):
    type = forms.ChoiceField(label=gettext_lazy("Question type"), choices=question_type_choices)
    text = forms.CharField(
        label=gettext_lazy("Question text"),
        max_length=1000,
        required=False,
        help_text=gettext_lazy(
            "In the survey's default language; add the other languages afterwards."
        ),
    )
    competency_item = forms.ChoiceField(
        label=gettext_lazy("Competency item"),
        required=False,
        help_text=gettext_lazy("For competency statements."),
    )
    options = forms.CharField(
        label=gettext_lazy("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("For choice questions: one option per line."),
    )
    page = forms.ChoiceField(label=gettext_lazy("Page"), required=False)

    def __init__(
        self, survey: Survey, items: list[CompetencyItem], *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.items = {i.key: i for i in items}
        self.fields["competency_item"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (i.key, i.text.get(survey.default_language) or i.key) for i in items
        ]
        definition = survey.current_version.definition if survey.current_version else {"pages": []}
        pages = [p["key"] for p in definition.get("pages", [])]
        self.fields["page"].choices = [  # type: ignore[attr-defined]
            (key, _("Page %(n)s") % {"n": n}) for n, key in enumerate(pages, start=1)
        ] + [("new", _("A new page"))]

    def build(self, definition: dict[str, Any]) -> dict[str, Any]:
        """The new definition with the question added (ValidationError when incomplete)."""
        data = self.cleaned_data
        qtype = data["type"]
        lang = self.survey.default_language
        text = data["text"].strip()
        question: dict[str, Any] = {"type": qtype, "required": False, "text": {}}
        if qtype == "competency":
            item = self.items.get(data.get("competency_item") or "")
            if item is None:
                raise ValidationError(_("Choose the competency item this question rates."))
            question["competency_item"] = item.key
            question["text"] = {
                code: item.text[code] for code in self.survey.languages if item.text.get(code)
            }
            base = f"c-{item.key}"
        else:
            base = text or qtype
        if text:
            question["text"][lang] = text
        question["key"] = builder.new_key(definition, base)
        if qtype in CHOICE_TYPES:
            lines = [line.strip() for line in data["options"].splitlines() if line.strip()]
            taken: set[str] = set()
            options = []
            for line in lines:
                okey = builder.new_key(definition, line, taken)
                taken.add(okey)
                options.append({"key": okey, "text": {lang: line}})
            question["options"] = options
        page = data.get("page") or ""
        if page == "new" or not definition.get("pages"):
            definition, page = builder.add_page(definition)
        return builder.add_question(definition, page, question)


class QuestionForm(forms.Form):
    """Edit one question: texts per language, required, scale, options, competency item
    and display condition. Fields depend on the question's type."""

    required = forms.BooleanField(label=gettext_lazy("An answer is required"), required=False)
    show_if_question = forms.ChoiceField(
        label=gettext_lazy("Show only when question"), required=False
    )
    show_if_op = forms.ChoiceField(
        label=gettext_lazy("Condition"),
        required=False,
        choices=[("", "—"), *list(OP_LABELS.items())],
    )
    show_if_value = forms.CharField(
        label=gettext_lazy("Value"),
        required=False,
        max_length=200,
        help_text=gettext_lazy(
            'A number, yes/no, or an option key; for "is one of", separate values with commas.'
        ),
    )

    EXTRA_OPTIONS = 3

    def __init__(
        self,
        survey: Survey,
        question: dict[str, Any],
        definition: dict[str, Any],
        items: list[CompetencyItem],
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.question = question
        self.definition = definition
        qtype = question["type"]
        langs = survey.languages
        default = survey.default_language
        self.language_rows: list[dict[str, Any]] = []
        for code in langs:
            name = LANGUAGE_NAMES.get(code, code)
            self.fields[f"text_{code}"] = forms.CharField(
                label=_("Question (%(language)s)") % {"language": name},
                required=code == default and qtype != "competency",
                max_length=1000,
                initial=question.get("text", {}).get(code, ""),
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"help_{code}"] = forms.CharField(
                label=_("Help text (%(language)s)") % {"language": name},
                required=False,
                max_length=1000,
                initial=question.get("help", {}).get(code, ""),
            )
        self.fields["required"].initial = question.get("required", False)
        if qtype in SCALE_TYPES:
            scale = question.get("scale") or {}
            if qtype not in FIXED_SCALES:
                self.fields["scale_min"] = forms.IntegerField(
                    label=_("Lowest value"), min_value=0, max_value=9, initial=scale.get("min", 1)
                )
                self.fields["scale_max"] = forms.IntegerField(
                    label=_("Highest value"), min_value=1, max_value=10, initial=scale.get("max", 5)
                )
            for code in langs:
                name = LANGUAGE_NAMES.get(code, code)
                self.fields[f"low_{code}"] = forms.CharField(
                    label=_("Label of the lowest value (%(language)s)") % {"language": name},
                    required=False,
                    max_length=100,
                    initial=(scale.get("low") or {}).get(code, ""),
                )
                self.fields[f"high_{code}"] = forms.CharField(
                    label=_("Label of the highest value (%(language)s)") % {"language": name},
                    required=False,
                    max_length=100,
                    initial=(scale.get("high") or {}).get(code, ""),
                )
        if qtype == "competency":
            self.fields["competency_item"] = forms.ChoiceField(
                label=_("Competency item"),
                choices=[(i.key, i.text.get(default) or i.key) for i in items],
                initial=question.get("competency_item"),
                help_text=_("Leave the question texts empty to use the item's own statement."),
            )
            self.items = {i.key: i for i in items}
        self.option_rows: list[list[str]] = []
        if qtype in CHOICE_TYPES:
            options = list(question.get("options") or [])
            for n in range(len(options) + self.EXTRA_OPTIONS):
                option: dict[str, Any] = options[n] if n < len(options) else {"key": "", "text": {}}
                row = [f"opt{n}_key"]
                self.fields[f"opt{n}_key"] = forms.SlugField(
                    label=_("Option %(n)s: key") % {"n": n + 1},
                    required=False,
                    max_length=40,
                    initial=option["key"],
                )
                for code in langs:
                    self.fields[f"opt{n}_{code}"] = forms.CharField(
                        label=_("Option %(n)s (%(language)s)")
                        % {"n": n + 1, "language": LANGUAGE_NAMES.get(code, code)},
                        required=False,
                        max_length=300,
                        initial=option["text"].get(code, ""),
                    )
                    row.append(f"opt{n}_{code}")
                self.option_rows.append(row)
            self.option_count = len(options) + self.EXTRA_OPTIONS
        earlier = []
        for q in questions(definition):
            if q["key"] == question["key"]:
                break
            earlier.append(q)
        self.fields["show_if_question"].choices = (  # type: ignore[attr-defined]
            [("", _("(always shown)"))]
            + [
                (q["key"], f"{q['key']}: {(q.get('text') or {}).get(default, '')[:60]}")
                for q in earlier
            ]
        )
        self.earlier = {q["key"]: q for q in earlier}
        cond = question.get("show_if") or {}
        self.fields["show_if_question"].initial = cond.get("question", "")
        self.fields["show_if_op"].initial = cond.get("op", "")
        self.fields["show_if_value"].initial = builder.format_condition_value(cond.get("value"))

    def text_fields(self) -> list[Any]:
        return [self[f"text_{c}"] for c in self.survey.languages] + [
            self[f"help_{c}"] for c in self.survey.languages
        ]

    def scale_fields(self) -> list[Any]:
        names: list[str] = [n for n in ("scale_min", "scale_max") if n in self.fields]
        for code in self.survey.languages:
            if f"low_{code}" in self.fields:
                names += [f"low_{code}", f"high_{code}"]
        return [self[n] for n in names]

    def option_fields(self) -> list[list[Any]]:
        return [[self[n] for n in row] for row in self.option_rows]

    def build(self) -> dict[str, Any]:
        """The edited question (ValidationError for an incomplete condition)."""
        data = self.cleaned_data
        q = self.question
        langs = self.survey.languages
        out: dict[str, Any] = {
            "key": q["key"],
            "type": q["type"],
            "required": bool(data.get("required")),
            "text": {
                c: data[f"text_{c}"].strip() for c in langs if data.get(f"text_{c}", "").strip()
            },
            "help": {
                c: data[f"help_{c}"].strip() for c in langs if data.get(f"help_{c}", "").strip()
            },
        }
        if q["type"] == "competency":
            key = data["competency_item"]
            out["competency_item"] = key
            item = self.items.get(key)
            if item is not None:
                for c in langs:
                    if not out["text"].get(c) and item.text.get(c):
                        out["text"][c] = item.text[c]
        if q["type"] in SCALE_TYPES:
            lo, hi = FIXED_SCALES.get(q["type"], (data.get("scale_min"), data.get("scale_max")))
            out["scale"] = {
                "min": lo,
                "max": hi,
                "low": {
                    c: data[f"low_{c}"].strip() for c in langs if data.get(f"low_{c}", "").strip()
                },
                "high": {
                    c: data[f"high_{c}"].strip() for c in langs if data.get(f"high_{c}", "").strip()
                },
            }
        if q["type"] in CHOICE_TYPES:
            options = []
            taken: set[str] = set()
            for n in range(self.option_count):
                texts = {
                    c: data[f"opt{n}_{c}"].strip()
                    for c in langs
                    if data.get(f"opt{n}_{c}", "").strip()
                }
                okey = (data.get(f"opt{n}_key") or "").strip().lower()
                if not texts and not okey:
                    continue
                if not okey:
                    okey = builder.new_key({}, next(iter(texts.values())), taken)
                taken.add(okey)
                options.append({"key": okey, "text": texts})
            out["options"] = options
        ref = data.get("show_if_question") or ""
        if ref:
            op = data.get("show_if_op") or ""
            if op not in OPS:
                raise ValidationError(_("Choose how the condition compares."))
            target = self.earlier.get(ref)
            if target is None:
                raise ValidationError(_("The condition must refer to an earlier question."))
            out["show_if"] = {
                "question": ref,
                "op": op,
                "value": builder.parse_condition_value(target, op, data.get("show_if_value", "")),
            }
        return out


class CompetencyItemForm(forms.Form):
    active = forms.BooleanField(label=gettext_lazy("In use"), required=False)
    order = forms.IntegerField(label=gettext_lazy("Position"), min_value=0)

    def __init__(self, item: CompetencyItem | None, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if item is None:
            self.fields["key"] = forms.SlugField(
                label=_("Key"),
                max_length=40,
                required=False,
                help_text=_(
                    'A short name that never changes, e.g. "explained-price". '
                    "Made from the text when left empty."
                ),
            )
            del self.fields["active"]
            del self.fields["order"]
        else:
            self.fields["active"].initial = item.active
            self.fields["order"].initial = item.order
        for code, name in settings.LANGUAGES:
            self.fields[f"text_{code}"] = forms.CharField(
                label=_("Statement (%(language)s)") % {"language": name},
                required=False,
                max_length=300,
                initial=(item.text.get(code, "") if item else ""),
            )

    def texts(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"text_{code}", "") for code, _n in settings.LANGUAGES}


class TouchpointForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("Unit"), queryset=Unit.objects.none())
    channel = forms.ChoiceField(label=gettext_lazy("Channel"), choices=Channel.choices)
    employee = forms.ModelChoiceField(
        label=gettext_lazy("Employee"),
        queryset=Employee.objects.none(),
        required=False,
        empty_label=gettext_lazy("(not for one employee)"),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Type"), choices=TouchpointKind.choices)

    def __init__(self, units: Any, employees: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["employee"].queryset = employees  # type: ignore[attr-defined]
