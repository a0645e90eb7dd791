"""The portals' public forms: a resident's comment on a draft plan."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartrural.core.textcheck import FreeTextField, NameField
from smartrural.feedback.reporting.forms import normalise_mobile

from .models.plan import NAME_MAX_CHARS, PHONE_MAX_CHARS

HONEYPOT = "website"  # a field people leave empty (hidden by CSS) and form-filling bots fill


class PlanCommentForm(forms.Form):
    name = NameField(
        label=_("Your name"),
        max_length=NAME_MAX_CHARS,
        error_messages={"required": _("Write your name: it is published with your comment.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    hamlet = NameField(
        label=_("Your hamlet (ấp)"),
        max_length=NAME_MAX_CHARS,
        error_messages={"required": _("Write the hamlet (ấp) where you live.")},
    )
    text = FreeTextField(
        label=_("Your comment on the draft plan"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write your comment.")},
    )
    phone = forms.CharField(
        label=_("Mobile phone (optional)"),
        max_length=PHONE_MAX_CHARS,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("Seen by the commune's officers only, to call you back. Never published."),
    )
    website = forms.CharField(
        label=_("Website"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_phone(self) -> str:
        return normalise_mobile(self.cleaned_data.get("phone"))

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT))

    def visible(self) -> list[Any]:
        """The fields people fill in (not the honeypot)."""
        return [field for field in self if field.name != HONEYPOT]
