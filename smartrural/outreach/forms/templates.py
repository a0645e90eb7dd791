"""Forms of the template pages: a template's texts, and the example values of the preview."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from smartrural.core.textcheck import CollapsedNameField, FreeTextField
from smartrural.core.versioned_forms import VersionedForm

from ..models import Topic


class TemplateForm(VersionedForm):
    name = CollapsedNameField(label=gettext_lazy("Name"), max_length=200)
    topic = forms.ChoiceField(label=gettext_lazy("Topic"), choices=Topic.choices)
    subject = FreeTextField(
        label=gettext_lazy("E-mail subject"),
        max_length=1000,  # the limit (200, one line) is the service's, with its own message
        required=False,
        widget=forms.TextInput,
        help_text=gettext_lazy("Empty: the template's name."),
    )
    body = FreeTextField(
        label=gettext_lazy("Text"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6, "data-count": "body"}),
        help_text=gettext_lazy(
            "Placeholders: {{ ten }} (the resident's name), {{ ten_ap }} (their hamlet), and any "
            "{{ name }} the campaign gives a value."
        ),
    )
    sms_body = FreeTextField(
        label=gettext_lazy("SMS text (empty: the text above)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "data-count": "sms"}),
    )
    sms_unaccented = forms.BooleanField(
        label=gettext_lazy("Send the SMS without diacritics (gateways without Unicode)"),
        required=False,
    )
    zns_template_id = forms.CharField(
        label=gettext_lazy("Approved ZNS template id"), max_length=32, required=False
    )
    zns_text = FreeTextField(
        label=gettext_lazy("Approved ZNS template text"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "data-count": "zns"}),
        help_text=gettext_lazy("As Zalo approved it: at most 400 characters."),
    )
    active = forms.BooleanField(label=gettext_lazy("In use"), required=False, initial=True)

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] for name in TEMPLATE_FIELDS}


TEMPLATE_FIELDS = (
    "name",
    "topic",
    "subject",
    "body",
    "sms_body",
    "sms_unaccented",
    "zns_template_id",
    "zns_text",
    "active",
)
