"""The member form, with a Vietnamese phone number stored without separators."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from smartrural.core.textcheck import CollapsedNameField
from smartrural.core.versioned_forms import VersionedForm

_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")


_PHONE = re.compile(r"^(\+84\d{9,10}|\d{10,11})$")


def normalise_phone(value: Any) -> str:
    """A Vietnamese phone number without separators, or "" when none is given.

    Loose on purpose: 10 or 11 digits, or +84 followed by the number without its leading 0.
    Spaces, dots, dashes and brackets are dropped.
    """
    text = _PHONE_SEPARATORS.sub("", str(value or ""))
    if not text:
        return ""
    if not _PHONE.match(text):
        raise forms.ValidationError(
            gettext(
                "“%(value)s” is not a Vietnamese phone number: write 10 or 11 digits "
                "(e.g. 0912 345 678), or +84 followed by the number."
            )
            % {"value": str(value).strip()},
            code="invalid",
        )
    return text


class PhoneField(forms.CharField):
    """A Vietnamese phone number, stored without separators (``normalise_phone``)."""

    def clean(self, value: Any) -> str:
        return normalise_phone(super().clean(value))


class MemberForm(VersionedForm):
    full_name = CollapsedNameField(label=_("Full name"), max_length=200)
    role = CollapsedNameField(
        label=_("Role in the team"),
        max_length=100,
        required=False,
        help_text=_("e.g. team leader, deputy, member"),
    )
    phone = PhoneField(
        label=_("Phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        help_text=_("10 or 11 digits, or +84 followed by the number."),
    )
