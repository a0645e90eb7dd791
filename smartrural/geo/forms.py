"""Forms of the unit pages. Business rules live in the services; these only shape input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartrural.core.textcheck import NameField
from smartrural.core.versioned_forms import VersionedForm

from .models import KINDS_BY_LEVEL, Kind, Level, Region

HAMLET_KINDS = [(k.value, k.label) for k in Kind if k in KINDS_BY_LEVEL[Level.HAMLET]]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class HamletForm(forms.Form):
    name = NameField(label=_("Name"), max_length=200, help_text=_("e.g. Ấp Chợ, Khóm 1"))
    code = forms.CharField(
        label=_("Code"), max_length=10, help_text=_("The commune code followed by two digits.")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=HAMLET_KINDS)


class UnitEditForm(VersionedForm):
    name = NameField(label=_("Name"), max_length=200)
    region = forms.ChoiceField(
        label=_("Region"), choices=[("", "—"), *Region.choices], required=False
    )
    commune_group = forms.TypedChoiceField(
        label=_("Commune group (2026–2030)"),
        choices=[("", "—"), (1, "1"), (2, "2"), (3, "3")],
        coerce=int,
        empty_value=None,
        required=False,
    )
    valid_to = forms.DateField(
        label=_("Close the validity on"),
        required=False,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        help_text=_("Leave empty to keep the validity as it is."),
    )
