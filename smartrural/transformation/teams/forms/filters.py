"""The filter of the team list: year, commune, status."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartrural.geo.models import AdministrativeUnit

from ..selectors import MAX_YEAR, MIN_YEAR

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
