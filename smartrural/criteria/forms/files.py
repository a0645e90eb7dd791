"""The files sent from the entry pages: an evidence file, a filled-in Excel template."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from smartrural.core.uploads import ACCEPT


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Evidence file"),
        help_text=_("PDF, JPEG, PNG, Word or Excel, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


class WorkbookForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in Excel template (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
