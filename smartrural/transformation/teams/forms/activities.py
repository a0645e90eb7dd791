"""The form of what a team helped households with."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from smartrural.core.textcheck import OneLineTextField
from smartrural.transformation.models import ActivityKind

from ...fields import date_field

MAX_HOUSEHOLDS = 100_000  # more than any commune has: a typing mistake, not a record


class ActivityForm(forms.Form):
    date = date_field(_("Date"), help_text=_("dd/mm/yyyy"))
    kind = forms.ChoiceField(label=_("Helped with"), choices=ActivityKind.choices)
    households = forms.IntegerField(
        label=_("Households helped"),
        min_value=0,
        max_value=MAX_HOUSEHOLDS,
        error_messages={
            "invalid": _("Enter a whole number of households."),
            "min_value": _("The number of households cannot be negative."),
            "max_value": _("That is more households than any commune has: check the number."),
        },
    )
    note = OneLineTextField(
        label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
