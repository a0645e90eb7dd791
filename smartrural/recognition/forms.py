"""Forms of the dossier pages: list filters, registration, workflow moves, documents."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from smartrural.core.errors import ValidationFailed
from smartrural.core.numbers import DecimalCommaField
from smartrural.core.textcheck import FreeTextField, NameField
from smartrural.core.uploads import check_document
from smartrural.core.versioned_forms import VersionedForm
from smartrural.criteria.models import CriteriaSet
from smartrural.geo.models import AdministrativeUnit

from .models import DocumentKind, Stage, TargetLevel


def _blank(choices: Any) -> list[tuple[str, str]]:
    return [("", _("All")), *choices]


class DossierFilterForm(forms.Form):
    q = forms.CharField(label=_("Unit"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=_blank(Stage.choices))
    target_level = forms.ChoiceField(
        label=_("Target level"), required=False, choices=_blank(TargetLevel.choices)
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


class DossierRegisterForm(forms.Form):
    # Codes, not ids: the access gate resolves the unit (404 outside the user's scope).
    unit = forms.CharField(label=_("Unit"), widget=forms.Select)
    target_level = forms.ChoiceField(label=_("Target level"), choices=TargetLevel.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2010, max_value=2100)
    criteria_set = forms.ChoiceField(label=_("Criteria set"))

    def __init__(self, *args: Any, units: list[AdministrativeUnit], **kwargs: Any) -> None:
        """``units``: those valid on 1 July of the form's year (its ``initial`` year), so the
        year and the units offered agree."""
        super().__init__(*args, **kwargs)
        widget: Any = self.fields["unit"].widget
        widget.choices = [(u.code, f"{u.name} ({u.code})") for u in units]
        field: Any = self.fields["criteria_set"]
        field.choices = [(s.code, s.display_name) for s in CriteriaSet.objects.order_by("code")]


class SatisfactionForm(VersionedForm):
    """The rate of a satisfaction survey held outside SmartRural (a survey on SmartRural gives
    its result by itself)."""

    surveyed_outside = forms.BooleanField(
        label=_("The survey was held outside SmartRural"),
        required=False,
        help_text=_("Attach its minutes (meeting minutes or the survey's result) below."),
    )
    satisfaction_rate = DecimalCommaField(  # "92,5" or "92.5"
        label=_("Residents' satisfaction (%)"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
    )


def clean_upload(upload: UploadedFile | None) -> UploadedFile | None:
    if upload is None:
        return None
    try:
        check_document(upload)
    except ValidationFailed as exc:
        raise forms.ValidationError(exc.message) from exc
    return upload


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, image or Office document, at most 10 MB.")
    )

    def clean_file(self) -> UploadedFile | None:
        return clean_upload(self.cleaned_data.get("file"))


class MoveForm(VersionedForm):
    """One workflow step, with the version of the dossier the officer saw."""

    version_required = True
    action = forms.CharField(widget=forms.HiddenInput)
    comment = FreeTextField(label=_("Reasons"), required=False, widget=forms.Textarea)
    decision_number = NameField(label=_("Decision number"), required=False, max_length=50)
    decision_date = forms.DateField(
        label=_("Decision date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    decision_signer = NameField(label=_("Signed by"), required=False, max_length=200)
    decision_file = forms.FileField(
        label=_("Scanned decision (optional)"),
        required=False,
        help_text=_("PDF, image or Office document, at most 10 MB."),
    )

    def clean_decision_file(self) -> UploadedFile | None:
        return clean_upload(self.cleaned_data.get("decision_file"))
