"""Forms of the work records pages: choosing a unit and year, entering a month, uploading a
file, setting a target."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartrural.core.dates import today
from smartrural.core.numbers import DecimalCommaField
from smartrural.core.textcheck import NameField
from smartrural.core.versioned_forms import VersionedForm
from smartrural.geo.models import AdministrativeUnit, Level

from ..models import Indicator, TargetLevel
from .upload import month_text

FIRST_YEAR = 2020
_INDENT: dict[str, str] = {Level.PROVINCE: "", Level.DISTRICT: "– ", Level.COMMUNE: "– – "}


def year_choices(selected: int | None = None) -> list[tuple[int, int]]:
    years = set(range(FIRST_YEAR, today().year + 1))
    if selected is not None:
        years.add(selected)
    return [(y, y) for y in sorted(years, reverse=True)]


class UnitYearForm(forms.Form):
    """The unit (by code, resolved by the view through the scope: 404 outside) and year."""

    unit = forms.CharField(label=_("Unit"), required=False, widget=forms.Select)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)

    def __init__(
        self, *args: Any, units: list[AdministrativeUnit], year: int, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        widget: Any = self.fields["unit"].widget
        widget.choices = [(u.code, f"{_INDENT.get(u.level, '')}{u.name} ({u.code})") for u in units]
        year_field: Any = self.fields["year"]
        year_field.choices = year_choices(year)


def parse_month_input(value: Any) -> dt.date | None:
    """``YYYY-MM`` (a month picker) or ``mm/yyyy`` (typed) as the first day of that month."""
    text = month_text(str(value or "").strip())
    if text is None:
        return None
    year, month = (int(part) for part in text.split("-"))
    return dt.date(year, month, 1)


class MonthInput(forms.TextInput):
    """A month typed ``mm/yyyy`` (the way dates are written here); a month picker's or an
    e-office export's ``YYYY-MM`` is accepted too and shown back as ``mm/yyyy``."""

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            return value.strftime("%m/%Y")
        parsed = parse_month_input(value)
        return parsed.strftime("%m/%Y") if parsed else super().format_value(value)


_COUNT_ERRORS = {
    "invalid": _("Enter a whole number of work records, e.g. 120."),
    "min_value": _("The number of work records cannot be negative."),
    "max_value": _("This number is too large."),
    "required": _("Enter the number of work records."),
}


class WorkRecordForm(VersionedForm):
    """A month's figures. Opened on a month (``?month=``), the form carries the version of the
    figure it shows (0: none stored), and a figure changed since is a conflict; opened blank it
    shows no figure and carries no version: the month typed is entered or corrected."""

    month = forms.CharField(
        label=_("Month"),
        help_text=_("mm/yyyy, e.g. 05/2023."),
        widget=MonthInput(attrs={"placeholder": "mm/yyyy", "autocomplete": "off"}),
        error_messages={"required": _("Enter the month, e.g. 05/2023.")},
    )
    total = forms.IntegerField(
        label=_("Work records"),
        min_value=0,
        max_value=10_000_000,
        error_messages=_COUNT_ERRORS,
    )
    online = forms.IntegerField(
        label=_("Processed online"),
        min_value=0,
        max_value=10_000_000,
        error_messages=_COUNT_ERRORS,
    )

    def clean_month(self) -> dt.date:
        value = self.cleaned_data["month"]
        month = parse_month_input(value)
        if month is None:
            raise forms.ValidationError(
                _("“%(value)s” is not a month: write it mm/yyyy, e.g. 05/2023."),
                params={"value": value},
            )
        if month.year < FIRST_YEAR - 10:
            raise forms.ValidationError(_("This month is too far in the past."))
        if month > today().replace(day=1):
            raise forms.ValidationError(
                _("%(month)s is in the future: enter months that have begun."),
                params={"month": month.strftime("%m/%Y")},
            )
        return month

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        total, online = data.get("total"), data.get("online")
        if total is not None and online is not None and online > total:
            self.add_error(
                "online",
                _("Records processed online (%(online)s) cannot exceed the total (%(total)s).")
                % {"online": online, "total": total},
            )
        return data


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("Excel workbook (.xlsx) or CSV (UTF-8, “,” or “;”), at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={"required": _("Choose a file to upload.")},
    )


class TargetForm(VersionedForm):
    # The version of the target shown when the page was loaded (0: none existed).
    version_required = True
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    indicator = forms.ChoiceField(label=_("Indicator"), choices=Indicator.choices)
    level = forms.ChoiceField(label=_("Level"), choices=TargetLevel.choices)
    value = DecimalCommaField(  # "22,5" or "22.5"
        label=_("Target (%)"),
        error_messages={
            "invalid": _("Enter the target as a number between 0 and 100."),
            "required": _("Enter the target as a number between 0 and 100."),
        },
    )
    legal_basis = NameField(label=_("Legal basis"), max_length=300, required=False)

    def clean_value(self) -> Decimal:
        value: Decimal = self.cleaned_data["value"]
        if not Decimal(0) <= value <= Decimal(100):
            raise forms.ValidationError(_("The target must be between 0 and 100%."))
        if value != value.quantize(Decimal("0.01")):
            raise forms.ValidationError(_("Write the target with at most two decimals."))
        return value
