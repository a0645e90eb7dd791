"""Forms of the officials pages and of one row of an officials import: names and positions
checked as names with runs of white space made one (``CollapsedNameField``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartrural.core.textcheck import CollapsedNameField
from smartrural.core.versioned_forms import VersionedForm

from .common import OFFICIAL_LEVEL_CHOICES, YesNoField, all_choice, date_widget, unit_widget

COLUMNS = {
    "unit": gettext_lazy("Unit code"),
    "full_name": gettext_lazy("Full name"),
    "position": gettext_lazy("Position"),
    "identifier": gettext_lazy("Identifier"),
    "active": gettext_lazy("Active"),
}


class OfficialFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Name"), required=False, max_length=100)
    unit = forms.CharField(
        label=gettext_lazy("Unit (code or name)"), required=False, max_length=100
    )
    level = forms.ChoiceField(
        label=gettext_lazy("Level"), required=False, choices=all_choice(OFFICIAL_LEVEL_CHOICES)
    )
    active = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=all_choice([("yes", gettext_lazy("Active")), ("no", gettext_lazy("Inactive"))]),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year"), required=False, min_value=2000, max_value=2100
    )
    trained = forms.ChoiceField(
        label=gettext_lazy("Trained in digital transformation"),
        required=False,
        choices=all_choice([("yes", gettext_lazy("Trained")), ("no", gettext_lazy("Not trained"))]),
    )


class OfficialForm(VersionedForm):
    unit = forms.CharField(
        label=gettext_lazy("Unit code"),
        max_length=10,
        widget=unit_widget(),
        help_text=gettext_lazy("The code of the province, district or commune."),
    )
    as_of = forms.DateField(
        label=gettext_lazy("Unit as of"),
        widget=date_widget(),
        help_text=gettext_lazy(
            "Unit codes change over time: the code is looked up on this date (dd/mm/yyyy)."
        ),
    )
    full_name = CollapsedNameField(label=gettext_lazy("Full name"), max_length=200)
    position = CollapsedNameField(label=gettext_lazy("Position"), max_length=200)
    identifier = CollapsedNameField(
        label=gettext_lazy("Identifier (optional)"),
        required=False,
        max_length=100,
        help_text=gettext_lazy(
            "An e-mail or staff number, to tell two officials of the same name apart."
        ),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel (.xlsx) or CSV file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    as_of = forms.DateField(
        label=gettext_lazy("Units as of"),
        widget=date_widget(),
        help_text=gettext_lazy("The unit codes of the file are looked up on this date."),
    )


def _required(column: str) -> dict[str, str]:
    return {"required": _("%(label)s is required.") % {"label": COLUMNS[column]}}


class OfficialRowForm(forms.Form):
    """One row of an officials import, checked as the officials form checks it (the unit code's
    unit and scope are checked by the import, which knows the date and the writer)."""

    unit = forms.CharField(label=COLUMNS["unit"], max_length=10)
    full_name = CollapsedNameField(label=COLUMNS["full_name"], max_length=200)
    position = CollapsedNameField(label=COLUMNS["position"], max_length=200)
    identifier = CollapsedNameField(label=COLUMNS["identifier"], max_length=100, required=False)
    active = YesNoField(label=COLUMNS["active"], required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("unit", "full_name", "position"):
            self.fields[name].error_messages.update(_required(name))
