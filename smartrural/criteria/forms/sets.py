"""The province office's forms on criteria sets: derive a variant, set a threshold, import a
set file."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy

from smartrural.core.textcheck import FreeTextField, NameField
from smartrural.geo.models import Region


class DeriveForm(forms.Form):
    code = forms.SlugField(
        label=gettext_lazy("Code of the provincial variant"),
        max_length=40,
        help_text=gettext_lazy("e.g. TV-QD318-XA-2023"),
    )
    name = NameField(label=gettext_lazy("Name"), max_length=300)


class ThresholdForm(forms.Form):
    indicator_code = forms.CharField(label=gettext_lazy("Indicator"), max_length=20)
    value = forms.CharField(
        label=gettext_lazy("Threshold"),
        max_length=100,
        help_text=gettext_lazy("A number (decimal comma or point) or Đạt."),
    )
    region = forms.ChoiceField(
        label=gettext_lazy("Region"),
        required=False,
        choices=[("", gettext_lazy("All regions")), *Region.choices],
    )
    commune_group = forms.TypedChoiceField(
        label=gettext_lazy("Commune group"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", gettext_lazy("All groups")), (1, "1"), (2, "2"), (3, "3")],
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year"), required=False, min_value=2000, max_value=2100
    )
    note = FreeTextField(label=gettext_lazy("Legal basis or reason"), max_length=300)

    def clean_value(self) -> Decimal | str:
        text: str = self.cleaned_data["value"].strip()
        try:
            return Decimal(text.replace(",", "."))
        except InvalidOperation:
            return text


class SetFileForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Set file (YAML)"))
    note = FreeTextField(label=gettext_lazy("Note"), max_length=300, required=False)
