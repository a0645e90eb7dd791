"""The published list's filters and the "me too" form."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Category, Status
from ..selectors.public import CLOSED, OPEN, Filters

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
# A Vietnamese phone number: 10 digits starting with 0, or +84 and 9 digits.
PHONE = re.compile(r"^(?:0|\+84)\d{9}$")

STATUS_CHOICES = [
    ("", _("All")),
    (OPEN, _("Open (being handled)")),
    (CLOSED, _("Closed (resolved, closed or refused)")),
    *Status.choices,
]


class ReportFilterForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    start = forms.DateField(
        label=_("From (dd/mm/yyyy)"),
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": _("Type the start date as dd/mm/yyyy, e.g. 01/12/2026.")},
    )
    end = forms.DateField(
        label=_("To (dd/mm/yyyy)"),
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": _("Type the end date as dd/mm/yyyy, e.g. 31/12/2026.")},
    )

    def __init__(self, *args: Any, categories: list[Category], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.categories = {c.code: c for c in categories}
        field: Any = self.fields["category"]
        field.choices = [("", _("All")), *((c.code, _label(c)) for c in categories)]
        for name in ("start", "end"):
            self.fields[name].widget.format = "%d/%m/%Y"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end date must be on or after the start date."))
        return data

    def filters(self) -> Filters:
        """The filters typed (none when the form is unbound or invalid)."""
        if not self.is_bound or not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            category=self.categories.get(data.get("category") or ""),
            status=data.get("status") or "",
            start=data.get("start"),
            end=data.get("end"),
        )


def _label(category: Category) -> str:
    return f"— {category.name}" if category.parent_id else category.name


class SupportForm(forms.Form):
    """ "Me too" without an account: the phone, when given, makes it one per person across
    devices; without it, one per address."""

    phone = forms.CharField(
        label=_("Your phone (optional, never published)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def clean_phone(self) -> str:
        raw = self.cleaned_data.get("phone") or ""
        phone = re.sub(r"[\s.\-]", "", raw)
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(
                _("Type a Vietnamese phone number: 10 digits starting with 0, e.g. 0912345678.")
            )
        return "0" + phone[3:] if phone.startswith("+84") else phone
