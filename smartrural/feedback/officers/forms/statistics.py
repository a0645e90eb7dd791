"""The statistics' choices: unit, category and period (this year so far by default)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from smartrural.core.dates import today
from smartrural.geo.models import AdministrativeUnit

from ...models import Category
from ...selectors.statistics import Period
from .queue import _date_field

MAX_PERIOD_DAYS = 366 * 5


class StatisticsForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=AdministrativeUnit.objects.none(), required=False
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False
    )
    since = _date_field(_("From"))
    until = _date_field(_("Until"))

    def __init__(self, data: Any, *, units: QuerySet[AdministrativeUnit]) -> None:
        super().__init__(data)
        unit: Any = self.fields["unit"]
        unit.queryset = units
        category: Any = self.fields["category"]
        category.queryset = Category.objects.order_by("position", "name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since = data.get("since") or today().replace(month=1, day=1)
        until = data.get("until") or today()
        if since > until:
            self.add_error("until", _("The end of the period is before its start."))
        elif (until - since).days > MAX_PERIOD_DAYS:
            self.add_error("until", _("A period can be at most five years."))
        data["period"] = Period(since=since, until=until)
        return data

    def choice(self) -> tuple[Period, int | None, int | None]:
        """The period, unit and category asked (the defaults when nothing valid was asked)."""
        if self.is_bound and self.is_valid():
            data = self.cleaned_data
            unit, category = data["unit"], data["category"]
            return data["period"], unit.pk if unit else None, category.pk if category else None
        day = today()
        return Period(since=day.replace(month=1, day=1), until=day), None, None
