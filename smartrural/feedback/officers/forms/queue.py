"""The queue's filters and its bulk assignment."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from smartrural.accounts.models import User
from smartrural.geo.models import AdministrativeUnit

from ...models import Category, Status
from ...selectors.queue import ALL, OPEN, QueueFilter

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
MAX_BULK = 100


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=AdministrativeUnit.objects.none(), required=False
    )
    since = _date_field(_("Received from"))
    until = _date_field(_("Received until"))
    overdue = forms.BooleanField(label=_("Overdue reports only"), required=False)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)

    def __init__(self, data: Any, *, units: QuerySet[AdministrativeUnit], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        status: Any = self.fields["status"]
        status.choices = [(OPEN, _("Open")), (ALL, _("All")), *Status.choices]
        category: Any = self.fields["category"]
        category.queryset = Category.objects.order_by("position", "name")
        unit: Any = self.fields["unit"]
        unit.queryset = units

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if isinstance(since, dt.date) and isinstance(until, dt.date) and since > until:
            self.add_error("until", _("The end of the period is before its start."))
        return data

    def wanted(self) -> QueueFilter:
        """The filters typed (the defaults when the form is empty or invalid)."""
        if not self.is_bound or not self.is_valid():
            return QueueFilter()
        data = self.cleaned_data
        return QueueFilter(
            status=data["status"] or OPEN,
            category_id=data["category"].pk if data["category"] else None,
            unit_id=data["unit"].pk if data["unit"] else None,
            overdue=data["overdue"],
            mine=data["mine"],
            since=data["since"],
            until=data["until"],
        )


class BulkAssignForm(forms.Form):
    """Ticked reports (``report`` repeated, each with its ``version_<pk>``) and the officer."""

    assignee = forms.ModelChoiceField(
        label=_("Assign the ticked reports to"), queryset=User.objects.none()
    )

    def __init__(self, data: Any, *, officers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        assignee: Any = self.fields["assignee"]
        assignee.queryset = officers
        assignee.label_from_instance = lambda user: user.display_name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        raw = self.data.getlist("report") if hasattr(self.data, "getlist") else []
        picked: dict[int, int | None] = {}
        for value in raw:
            if not str(value).isdigit() or len(str(value)) > 10:
                raise forms.ValidationError(_("A ticked report number is not valid."))
            version = str(self.data.get(f"version_{value}", "")).strip()
            picked[int(value)] = int(version) if version.isdigit() and len(version) < 10 else None
        if not picked:
            raise forms.ValidationError(_("Tick the reports to assign."))
        if len(picked) > MAX_BULK:
            raise forms.ValidationError(_("At most %(n)d reports at once.") % {"n": MAX_BULK})
        data["picked"] = picked
        return data
