"""The filter of a survey's results: the whole survey, one commune (a district survey) or one
hamlet."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartrural.geo.models import AdministrativeUnit


class ResultsFilterForm(forms.Form):
    area = forms.TypedChoiceField(label=_("Area"), required=False, coerce=int, empty_value=None)

    def __init__(
        self,
        *args: Any,
        communes: list[AdministrativeUnit],
        hamlets: list[AdministrativeUnit],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["area"]
        choices: list[tuple[Any, Any]] = [("", _("The whole survey"))]
        if communes:
            choices.append((_("Communes"), [(c.pk, c.name) for c in communes]))
        choices.append((_("Hamlets"), [(h.pk, h.name) for h in hamlets]))
        field.choices = choices

    def chosen(self) -> int | None:
        """The unit chosen (None: the whole survey, or the choice was not valid)."""
        if not self.is_bound or not self.is_valid():
            return None
        value: int | None = self.cleaned_data.get("area")
        return value
