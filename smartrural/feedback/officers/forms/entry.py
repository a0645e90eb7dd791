"""Feedback an officer enters on a resident's behalf: the public form's fields (category,
description, place, contact, photos) plus the channel it came through and the day it was
received when earlier than today (at most ``RECEIVED_MAX_DAYS_AGO`` days ago, never later)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from smartrural.core.dates import today
from smartrural.core.textcheck import FreeTextField, NameField, OneLineTextField
from smartrural.geo.models import AdministrativeUnit

from ...models import DESCRIPTION_MAX_CHARS, OFFICER_CHANNELS, Category
from ...services.submit import RECEIVED_MAX_DAYS_AGO
from .moves import MultiplePhotoField
from .queue import DATE_FORMATS

PHONE_CHARS = set("0123456789 +.-()")


class EntryForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Received by"), choices=[(c.value, c.label) for c in OFFICER_CHANNELS]
    )
    received_on = forms.DateField(
        label=_("Received on"),
        required=False,
        input_formats=DATE_FORMATS,
        help_text=_("Leave empty for today; at most 30 days ago."),
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none())
    description = FreeTextField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    place = forms.ModelChoiceField(label=_("Place"), queryset=AdministrativeUnit.objects.none())
    address = OneLineTextField(label=_("Address or landmark"), max_length=250, required=False)
    name = NameField(label=_("Reporter's name"), max_length=150, required=False)
    phone = OneLineTextField(label=_("Reporter's phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("Reporter's e-mail"), required=False)
    hide_name = forms.BooleanField(label=_("Do not publish the name"), required=False)
    photos = MultiplePhotoField(label=_("Photos (up to 5)"), required=False)

    def __init__(
        self, data: Any = None, files: Any = None, *, places: QuerySet[AdministrativeUnit]
    ) -> None:
        super().__init__(data, files)
        category: Any = self.fields["category"]
        category.queryset = Category.objects.filter(active=True, children__isnull=True).order_by(
            "position", "name"
        )
        place: Any = self.fields["place"]
        place.queryset = places
        place.label_from_instance = lambda unit: (
            f"{unit.name} — {unit.parent.name}" if unit.parent_id else unit.name
        )

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data.get("phone") or ""
        digits = [c for c in phone if c.isdigit()]
        if phone and (set(phone) - PHONE_CHARS or not 9 <= len(digits) <= 15):
            raise forms.ValidationError(
                _("Write the phone number with its digits, e.g. 0912 345 678.")
            )
        return phone

    def clean_received_on(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data.get("received_on")
        if day is None:
            return None
        if day > today():
            raise forms.ValidationError(_("The day received cannot be in the future."))
        if (today() - day).days > RECEIVED_MAX_DAYS_AGO:
            raise forms.ValidationError(
                _("The day received can be at most %(n)d days ago.") % {"n": RECEIVED_MAX_DAYS_AGO}
            )
        return day
