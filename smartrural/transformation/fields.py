"""Form fields the programme pages share: a day typed as dd/mm/yyyy."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

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
