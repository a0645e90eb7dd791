"""Moderation forms: a reason always (only officers read it); the redacted wording; a box to
blur on a photo, in percent of its width and height."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartrural.core.textcheck import FreeTextField
from smartrural.core.versioned_forms import VersionedForm

from ...models import DESCRIPTION_MAX_CHARS, REPLY_MAX_CHARS
from ...services.moderation import Box


def _reason() -> FreeTextField:
    return FreeTextField(
        label=_("Reason (internal)"),
        max_length=REPLY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason (only officers read it).")},
    )


class ReasonForm(forms.Form):
    reason = _reason()


class HideForm(VersionedForm):
    version_required = True
    reason = _reason()


class RedactTextForm(VersionedForm):
    version_required = True
    public_description = FreeTextField(
        label=_("Public wording (empty: the reporter's own)"),
        max_length=DESCRIPTION_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reason = _reason()


def _percent(label: Any, *, minimum: int) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal(minimum),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
    )


class RedactPhotoForm(forms.Form):
    x = _percent(_("From the left (%)"), minimum=0)
    y = _percent(_("From the top (%)"), minimum=0)
    w = _percent(_("Width (%)"), minimum=0)
    h = _percent(_("Height (%)"), minimum=0)
    reason = _reason()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if all(isinstance(data.get(k), Decimal) for k in "xywh"):
            if data["w"] <= 0 or data["h"] <= 0:
                self.add_error("w", _("The box must be wider and taller than 0 %."))
            elif data["x"] + data["w"] > 100:
                self.add_error("w", _("The box goes beyond the right edge of the photo."))
            elif data["y"] + data["h"] > 100:
                self.add_error("h", _("The box goes beyond the bottom edge of the photo."))
        return data

    def box(self) -> Box:
        data = self.cleaned_data
        return Box(x=data["x"], y=data["y"], w=data["w"], h=data["h"])
