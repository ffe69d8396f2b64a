"""Forms for the organisation pages. Choices come from the caller's scope, so a form
never offers a unit, employee or role the caller may not use."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lytt.accounts.access import employees_visible, units_visible
from lytt.accounts.models import Channel, Employee, Role, Unit, UnitKind


class UnitChoiceField(forms.ModelChoiceField):
    """Units shown indented by depth, so the choice list reads as the tree."""

    def label_from_instance(self, obj: Unit) -> str:
        return "\u2014 " * obj.depth + obj.name


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=UnitKind.choices)
    parent = UnitChoiceField(
        label=_("Parent unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("(none: top of the hierarchy)"),
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    external_id = forms.CharField(label=_("External id"), max_length=100, required=False)

    def __init__(self, principal: Any, *args: Any, unit: Unit | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        parents = units_visible(principal, "units.manage").order_by("path")
        if unit is not None:
            # A unit cannot be moved under itself or its own descendants.
            parents = parents.exclude(path__startswith=unit.path)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]


class EmployeeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    email = forms.EmailField(label=_("E-mail"), required=False)
    external_id = forms.CharField(label=_("Employee number"), max_length=100, required=False)

    def __init__(self, principal: Any, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_visible(  # type: ignore[attr-defined]
            principal, "employees.manage"
        ).order_by("path")


class EmployeeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Employee) -> str:
        return f"{obj.name} ({obj.unit.name})"


class MembershipForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = UnitChoiceField(
        label=_("Unit (for unit managers)"), queryset=Unit.objects.none(), required=False
    )
    employee = EmployeeChoiceField(
        label=_("Employee (for employee logins)"),
        queryset=Employee.objects.none(),
        required=False,
    )

    def __init__(self, principal: Any, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_visible(  # type: ignore[attr-defined]
            principal, "users.manage"
        ).order_by("path")
        self.fields["employee"].queryset = employees_visible(  # type: ignore[attr-defined]
            principal, "users.manage"
        ).filter(active=True)


class InviteForm(MembershipForm):
    email = forms.EmailField(label=_("E-mail"))
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=settings.LANGUAGES)

    field_order = ["email", "name", "role", "unit", "employee", "language"]


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(value, label) for value, label in Role.choices if value != Role.EMPLOYEE],
    )
    unit = UnitChoiceField(
        label=_("Unit (for unit-manager tokens)"), queryset=Unit.objects.none(), required=False
    )

    def __init__(self, principal: Any, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_visible(  # type: ignore[attr-defined]
            principal, "tokens.manage"
        ).order_by("path")


class EmployeeFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("All units"),
    )
    inactive = forms.BooleanField(label=_("Show inactive"), required=False)

    def __init__(self, principal: Any, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_visible(  # type: ignore[attr-defined]
            principal, "employees.view"
        ).order_by("path")
