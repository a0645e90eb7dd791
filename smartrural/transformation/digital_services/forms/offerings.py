"""The offering filter, form and end form: services offered by code."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from smartrural.core.textcheck import OneLineTextField
from smartrural.core.uploads import ACCEPT
from smartrural.core.versioned_forms import VersionedForm
from smartrural.geo.models import Level
from smartrural.transformation.models import DigitalService

from ...fields import date_field

FILTER_LABEL_CHARS = 32


LEVEL_CHOICES = [("", _("All")), (Level.DISTRICT, _("District")), (Level.COMMUNE, _("Commune"))]


def _set_services(
    form: forms.Form, services: list[DigitalService], *, blank: bool
) -> dict[str, DigitalService]:
    """Offer ``services`` by code in the form's ``service`` field; returns them by code.

    In a filter (``blank``) long names are shortened so the list fits a phone screen."""
    choices = [
        (s.code, s.name if s.active else f"{s.name} ({_('not in the catalogue')})")
        for s in services
    ]
    if blank:
        choices = [(code, Truncator(label).chars(FILTER_LABEL_CHARS)) for code, label in choices]
    field: Any = form.fields["service"]
    field.choices = [("", _("All")), *choices] if blank else [("", "—"), *choices]
    return {s.code: s for s in services}


class OfferingFilterForm(forms.Form):
    service = forms.ChoiceField(label=_("Service"), required=False)
    unit = forms.CharField(label=_("Unit (code or name)"), required=False, max_length=100)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=LEVEL_CHOICES)
    on = date_field(_("Offered on"), required=False)
    any_date = forms.BooleanField(label=_("Any date, ended ones too"), required=False)

    def __init__(self, *args: Any, services: list[DigitalService], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.services = _set_services(self, services, blank=True)

    def chosen_service(self) -> DigitalService | None:
        return self.services.get(self.cleaned_data.get("service") or "")


class OfferingForm(VersionedForm):
    unit = forms.CharField(
        label=_("District or commune code"),
        max_length=10,
        help_text=_("The GSO code of the unit (e.g. 29479), as it was on the start date."),
    )
    service = forms.ChoiceField(label=_("Service"))
    since = date_field(_("Offered since"), help_text=_("dd/mm/yyyy"))
    until = date_field(
        _("Offered until"), required=False, help_text=_("dd/mm/yyyy; empty while it is offered")
    )
    note = OneLineTextField(
        label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.FileField(
        label=_("Evidence (optional)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        help_text=_("A decision, report or photo: PDF, image or Office document, at most 10 MB."),
    )

    def __init__(
        self, *args: Any, services: list[DigitalService], editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.services = _set_services(self, services, blank=False)
        if editing:
            self.fields["remove_evidence"] = forms.BooleanField(
                label=_("Remove the evidence file"), required=False
            )

    def chosen_service(self) -> DigitalService:
        return self.services[self.cleaned_data["service"]]

    def clean_evidence(self) -> UploadedFile | None:
        return self.cleaned_data.get("evidence") or None


class OfferingEndForm(VersionedForm):
    version_required = True
    until = date_field(_("Last day offered"), help_text=_("dd/mm/yyyy"))
