"""Forms of the household pages, of one row of a household import, and of the sample page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartrural.core.text import fold
from smartrural.core.textcheck import CollapsedNameField
from smartrural.core.versioned_forms import VersionedForm
from smartrural.geo.models import AdministrativeUnit

# The columns of an import, as the report names them.
COLUMNS = {
    "hamlet": gettext_lazy("Hamlet code"),
    "number": gettext_lazy("Household number"),
    "head_name": gettext_lazy("Head of household"),
    "address": gettext_lazy("Address"),
    "active": gettext_lazy("Active"),
}
_YES = frozenset({"co", "yes", "y", "1", "x", "true", "dung"})
_NO = frozenset({"khong", "no", "n", "0", "false", "sai"})


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
    def clean(self, value: Any) -> bool | None:
        return parse_active(value)


class HamletChoiceField(forms.ModelChoiceField[AdministrativeUnit]):
    """A hamlet, named with its commune (two communes may each have an "Ấp Chợ")."""

    def label_from_instance(self, obj: AdministrativeUnit) -> str:
        parent = obj.parent.name if obj.parent_id and obj.parent else ""
        return f"{obj.name} — {parent} ({obj.code})" if parent else f"{obj.name} ({obj.code})"


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


class HouseholdFilterForm(forms.Form):
    hamlet = HamletChoiceField(
        label=gettext_lazy("Hamlet"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        empty_label=gettext_lazy("All"),
    )
    q = forms.CharField(
        label=gettext_lazy("Number or head of household"), required=False, max_length=100
    )
    active = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[
            ("", gettext_lazy("All")),
            ("yes", gettext_lazy("Active")),
            ("no", gettext_lazy("Inactive")),
        ],
    )
    as_of = forms.DateField(
        label=gettext_lazy("Hamlets as of"), required=False, widget=date_input()
    )

    def __init__(self, *args: Any, hamlets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["hamlet"]
        field.queryset = hamlets


class HouseholdForm(VersionedForm):
    number = CollapsedNameField(label=gettext_lazy("Household number"), max_length=30)
    head_name = CollapsedNameField(label=gettext_lazy("Head of household"), max_length=200)
    address = CollapsedNameField(label=gettext_lazy("Address"), max_length=300, required=False)


class HouseholdCreateForm(HouseholdForm):
    hamlet = HamletChoiceField(
        label=gettext_lazy("Hamlet"), queryset=AdministrativeUnit.objects.none()
    )
    field_order = ["hamlet", "number", "head_name", "address"]

    def __init__(self, *args: Any, hamlets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["hamlet"]
        field.queryset = hamlets


class HouseholdActiveForm(VersionedForm):
    """The make-inactive / make-active button on a household's page."""

    version_required = True


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel (.xlsx) or CSV file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    as_of = forms.DateField(
        label=gettext_lazy("Hamlets as of"),
        widget=date_input(),
        help_text=gettext_lazy("The hamlet codes of the file are looked up on this date."),
    )


def _required(column: str) -> dict[str, str]:
    return {"required": _("%(label)s is required.") % {"label": COLUMNS[column]}}


class HouseholdRowForm(forms.Form):
    """One row of a household import, checked as the household form checks it (the hamlet's
    code, date and scope are checked by the import)."""

    hamlet = forms.CharField(label=COLUMNS["hamlet"], max_length=10)
    number = CollapsedNameField(label=COLUMNS["number"], max_length=30)
    head_name = CollapsedNameField(label=COLUMNS["head_name"], max_length=200)
    address = CollapsedNameField(label=COLUMNS["address"], max_length=300, required=False)
    active = YesNoField(label=COLUMNS["active"], required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("hamlet", "number", "head_name"):
            self.fields[name].error_messages.update(_required(name))


class SampleFilterForm(forms.Form):
    hamlet = forms.ModelChoiceField(
        label=gettext_lazy("Hamlet"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        empty_label=gettext_lazy("All"),
    )

    def __init__(self, *args: Any, hamlets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["hamlet"]
        field.queryset = hamlets
