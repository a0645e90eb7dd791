"""What the officials and trainings forms share: the date and unit-code inputs, "All" in
filters, and a yes/no cell of an import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartrural.core.text import fold
from smartrural.geo.models import Level

OFFICIAL_LEVEL_CHOICES = [
    (Level.PROVINCE.value, Level.PROVINCE.label),
    (Level.DISTRICT.value, Level.DISTRICT.label),
    (Level.COMMUNE.value, Level.COMMUNE.label),
]
DATE_HELP = gettext_lazy("dd/mm/yyyy")
_YES = frozenset({"co", "yes", "y", "1", "true", "x", "dang cong tac"})
_NO = frozenset({"khong", "no", "n", "0", "false", "nghi", "da nghi"})


def date_widget() -> forms.DateInput:
    return forms.DateInput(
        format="%d/%m/%Y",
        attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"},
    )


def unit_widget() -> forms.TextInput:
    # Suggestions come from a <datalist id="unit-codes"> the page renders.
    return forms.TextInput(
        attrs={"list": "unit-codes", "autocomplete": "off", "inputmode": "numeric"}
    )


def all_choice(choices: Any) -> list[tuple[str, Any]]:
    return [("", gettext_lazy("All")), *choices]


def parse_active(value: Any) -> bool | None:
    """có/không, yes/no, 1/0 (any case, with or without diacritics); None when blank."""
    if value is None or isinstance(value, bool):
        return value
    text = fold(str(value))
    if text.endswith(".0"):  # a number read from Excel
        text = text[:-2]
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise forms.ValidationError(
        _("“%(value)s” is not a yes/no value: write có or không (yes or no, 1 or 0).")
        % {"value": value},
        code="invalid",
    )


class YesNoField(forms.Field):
    """A yes/no cell of an import (``parse_active``): True, False, or None when blank."""

    def clean(self, value: Any) -> bool | None:
        return parse_active(value)
