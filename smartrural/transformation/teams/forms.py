"""Forms of the community technology team pages. They shape the input; the rules are in
``services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartrural.core.textcheck import FreeTextField, NameField
from smartrural.core.versioned_forms import VersionedForm
from smartrural.geo.models import AdministrativeUnit
from smartrural.transformation.models import ActivityKind

from .selectors import MAX_YEAR, MIN_YEAR

DATE_FORMAT = "%d/%m/%Y"


def date_field(label: Any, **kwargs: Any) -> forms.DateField:
    """A date typed as dd/mm/yyyy (ISO dates are accepted too)."""
    return forms.DateField(
        label=label,
        input_formats=[DATE_FORMAT, "%Y-%m-%d"],
        widget=forms.DateInput(
            format=DATE_FORMAT,
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"},
        ),
        error_messages={"invalid": _("Write the date as dd/mm/yyyy.")},
        **kwargs,
    )


ACTIVE_CHOICES = [("", _("All")), ("yes", _("Active")), ("no", _("Inactive"))]


class TeamFilterForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR, required=False
    )
    commune = forms.ChoiceField(label=_("Commune"), required=False)
    active = forms.ChoiceField(label=_("Status"), required=False, choices=ACTIVE_CHOICES)

    def __init__(self, *args: Any, communes: list[AdministrativeUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.communes = {c.code: c for c in communes}
        field: Any = self.fields["commune"]
        field.choices = [("", _("All")), *((c.code, _commune_label(c)) for c in communes)]

    def commune_unit(self) -> AdministrativeUnit | None:
        return self.communes.get(self.cleaned_data.get("commune") or "")

    def active_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("active") or "")


def _commune_label(commune: AdministrativeUnit) -> str:
    parent = commune.parent.name if commune.parent else ""
    return f"{commune.name} — {parent}" if parent else commune.name


class TeamForm(VersionedForm):
    unit = forms.CharField(
        label=_("Hamlet or commune code"),
        max_length=10,
        help_text=_(
            "The GSO code of the hamlet or commune the team serves (e.g. 2947901), "
            "as it was on the establishment date."
        ),
    )
    name = NameField(label=_("Name of the team"), max_length=200)
    established = date_field(_("Established on"), help_text=_("dd/mm/yyyy"))


class MemberForm(VersionedForm):
    full_name = NameField(label=_("Full name"), max_length=200)
    role = NameField(
        label=_("Role in the team"),
        max_length=100,
        required=False,
        help_text=_("e.g. team leader, deputy, member"),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        help_text=_("10 or 11 digits, or +84 followed by the number."),
    )


class ActivityForm(forms.Form):
    date = date_field(_("Date"), help_text=_("dd/mm/yyyy"))
    kind = forms.ChoiceField(label=_("Helped with"), choices=ActivityKind.choices)
    households = forms.IntegerField(
        label=_("Households helped"),
        min_value=0,
        error_messages={
            "invalid": _("Enter a whole number of households."),
            "min_value": _("The number of households cannot be negative."),
        },
    )
    note = FreeTextField(
        label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class StoppedOnForm(forms.Form):
    """The day a team stopped working (empty: today)."""

    on = forms.DateField(required=False)
