"""The form of a catalogue entry: its code's shape, its name, pillar and order."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartrural.core.textcheck import CollapsedNameField, FreeTextField
from smartrural.core.versioned_forms import VersionedForm
from smartrural.transformation.models import ServiceCategory

SERVICE_CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ServiceForm(VersionedForm):
    code = forms.CharField(
        label=_("Code"),
        max_length=50,
        help_text=_("Lower-case letters, digits and dashes, e.g. online-public-services."),
    )
    name = CollapsedNameField(label=_("Name"), max_length=200)
    category = forms.ChoiceField(label=_("Pillar"), choices=ServiceCategory.choices)
    description = FreeTextField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    order = forms.IntegerField(
        label=_("Order in the catalogue"), min_value=0, max_value=32767, initial=0
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).strip().lower()
        if not SERVICE_CODE.match(code):
            raise forms.ValidationError(
                _(
                    "The code is written in lower-case letters, digits and single dashes "
                    "(e.g. online-public-services), at most 50 characters."
                )
            )
        return code
