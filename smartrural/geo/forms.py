"""Forms of the unit pages. Business rules live in the services; these only shape input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartrural.core.textcheck import NameField
from smartrural.core.versioned_forms import VersionedForm

from .models import KINDS_BY_LEVEL, Kind, Level, Region
from .services import FIRST_YEAR, LAST_YEAR, EspeciallyDifficult

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
    especially_difficult = forms.BooleanField(
        label=_("Especially difficult commune"),
        required=False,
        help_text=_(
            "The NTM criteria then apply the thresholds of the northern midlands and mountains "
            "where a set has them (QĐ 318/QĐ-TTg)."
        ),
    )
    especially_difficult_basis = NameField(
        label=_("Decision listing it"),
        max_length=200,
        required=False,
        help_text=_("e.g. QĐ 353/QĐ-TTg ngày 15/03/2022"),
    )
    especially_difficult_from = forms.IntegerField(
        label=_("From the year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    especially_difficult_to = forms.IntegerField(
        label=_("Until the year"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=_("Leave empty while the decision applies."),
    )

    DIFFICULT_FIELDS = (
        "especially_difficult",
        "especially_difficult_basis",
        "especially_difficult_from",
        "especially_difficult_to",
    )

    def __init__(self, *args: Any, difficult_editable: bool = False, **kwargs: Any) -> None:
        """``difficult_editable``: the unit is a commune and the editor the province office,
        who alone sets the especially difficult status."""
        super().__init__(*args, **kwargs)
        if not difficult_editable:
            for name in self.DIFFICULT_FIELDS:
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("especially_difficult"):
            if not data.get("especially_difficult_basis"):
                self.add_error(
                    "especially_difficult_basis",
                    _("Name the decision that lists the commune as especially difficult."),
                )
            if data.get("especially_difficult_from") is None:
                self.add_error("especially_difficult_from", _("Give the first year."))
        return data

    def difficult_status(self) -> EspeciallyDifficult | str | None:
        """What to store ("unchanged" when the form does not offer the fields)."""
        if "especially_difficult" not in self.fields:
            return "unchanged"
        data = self.cleaned_data
        if not data.get("especially_difficult"):
            return None
        return EspeciallyDifficult(
            legal_basis=data["especially_difficult_basis"],
            first_year=data["especially_difficult_from"],
            last_year=data.get("especially_difficult_to"),
        )
