"""Forms of the consultations: an officer's consultation (new, edited), the moderation of an
opinion (publish, reject with an internal reason, answer: each with the opinion's version) and
the resident's opinion (with its honeypot)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from smartrural.core.textcheck import FreeTextField, NameField
from smartrural.core.versioned_forms import VersionedForm
from smartrural.feedback.reporting.forms import normalise_mobile
from smartrural.geo.forms import DateInput
from smartrural.geo.models import AdministrativeUnit

from ..models import OpinionStatus, Stance

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
HONEYPOT = "website"  # a field people leave empty (hidden by CSS) and form-filling bots fill


class ConsultationForm(VersionedForm):
    title = NameField(label=_("Title"), max_length=300)
    summary = FreeTextField(
        label=_("What is consulted"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Shown to residents on the consultation's page."),
    )
    opens_on = forms.DateField(
        label=_("Opinions from"), widget=DateInput(), input_formats=DATE_FORMATS
    )
    closes_on = forms.DateField(
        label=_("Opinions until (included)"), widget=DateInput(), input_formats=DATE_FORMATS
    )


class NewConsultationForm(ConsultationForm):
    """A new consultation on another subject than a self-assessment: the unit is chosen among
    the communes and districts of the officer's scope."""

    field_order = ["unit", "title", "summary", "opens_on", "closes_on"]

    def __init__(
        self, *args: Any, units: QuerySet[AdministrativeUnit] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"] = forms.ModelChoiceField(
                label=_("Unit"), queryset=units, empty_label=None
            )
            self.order_fields(self.field_order)


class OpinionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *OpinionStatus.choices]
    )

    def wanted(self) -> str:
        if not self.is_bound or not self.is_valid():
            return ""
        return str(self.cleaned_data["status"])


class PublishForm(VersionedForm):
    version_required = True


class RejectForm(VersionedForm):
    version_required = True
    reason = FreeTextField(
        label=_("Reason (internal)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason (only officers read it).")},
    )


class AnswerForm(VersionedForm):
    version_required = True
    answer = FreeTextField(
        label=_("Answer (published under the opinion)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write the answer.")},
    )


class OpinionForm(forms.Form):
    """A resident's opinion: a stance, words (needed for a comment only), a name to publish with
    it and a phone for officers (both optional)."""

    stance = forms.ChoiceField(
        label=_("Your opinion"),
        choices=Stance.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose: you agree, disagree or comment.")},
    )
    text = FreeTextField(
        label=_("Your comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Needed for a comment; optional when you agree or disagree."),
    )
    name = NameField(
        label=_("Your name (optional)"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("Published with your opinion if you give it."),
    )
    phone = forms.CharField(
        label=_("Mobile phone (optional)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("Seen by the officers only, to call you back. Never published."),
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
