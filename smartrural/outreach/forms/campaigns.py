"""Forms of the officers' campaign pages: the list's filters and a campaign's content.

The placeholder values are one textarea, ``name = value`` per line: the page lists the chosen
template's placeholders (and pre-fills ``name =`` lines when the template is picked), and the
service says which one is missing. One field that works for every template, no second step.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from smartrural.core.textcheck import CollapsedNameField, FreeTextField
from smartrural.core.versioned_forms import VersionedForm
from smartrural.geo.models import AdministrativeUnit

from ..models import PERSONAL_CHANNELS, CampaignStatus, Channel, Template, Topic

DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = "%d/%m/%Y %H:%M"
MAX_VALUES = 20


def parse_day(raw: str | None) -> dt.date | None:
    for fmt in (DATE_FORMAT, "%Y-%m-%d"):
        try:
            return dt.datetime.strptime((raw or "").strip(), fmt).date()
        except ValueError:
            continue
    return None


def parse_values(text: str) -> dict[str, str]:
    """``name = value`` lines → a dict (ValidationError naming the first bad line)."""
    values: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, equals, value = line.partition("=")
        name = name.strip().strip("{} ")
        if not equals or not name:
            raise forms.ValidationError(
                gettext("Line %(n)s: write it as name = value.") % {"n": number}
            )
        if name in values:
            raise forms.ValidationError(
                gettext("Line %(n)s: {{ %(name)s }} is given twice.") % {"n": number, "name": name}
            )
        values[name] = value.strip()
    if len(values) > MAX_VALUES:
        raise forms.ValidationError(
            gettext("At most %(max)s placeholder values.") % {"max": MAX_VALUES}
        )
    return values


def format_values(values: dict[str, Any]) -> str:
    return "\n".join(f"{name} = {value}" for name, value in values.items())


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AdministrativeUnit) -> str:
        return obj.name


class AudienceField(forms.ModelMultipleChoiceField):
    """Checkboxes of units, in tree order, indented by level (a commune, then its hamlets)."""

    INDENT = {"province": "", "district": "· ", "commune": "·· ", "hamlet": "··· "}

    def label_from_instance(self, obj: AdministrativeUnit) -> str:
        return f"{self.INDENT.get(obj.level, '')}{obj.name}"


class CampaignFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *CampaignStatus.choices]
    )
    q = forms.CharField(label=_("Title contains"), required=False, max_length=100)


class CampaignForm(VersionedForm):
    unit = UnitChoiceField(label=_("Sent by (unit)"), queryset=AdministrativeUnit.objects.none())
    title = CollapsedNameField(label=pgettext_lazy("outreach", "Title"), max_length=200)
    template = forms.ModelChoiceField(label=_("Message template"), queryset=Template.objects.none())
    values = FreeTextField(
        label=_("Placeholder values"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One line per placeholder of the template: name = value. {{ ten }} (the reader's "
            "name) and {{ ten_ap }} (their hamlet) are filled for each subscriber."
        ),
    )
    audience_as_of = forms.DateField(
        label=pgettext_lazy("outreach", "Units as of"),
        input_formats=[DATE_FORMAT, "%Y-%m-%d"],
        widget=forms.DateInput(format=DATE_FORMAT, attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": _("Write the date as dd/mm/yyyy.")},
        help_text=_("The hamlets and communes below are those that existed on this day."),
    )
    audience_units = AudienceField(
        label=_("To (hamlets and communes)"),
        queryset=AdministrativeUnit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A commune means all its hamlets."),
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only subscribers who chose one of these topics receive it."),
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        choices=[(c, label) for c, label in Channel.choices if c in PERSONAL_CHANNELS],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each subscriber gets it once, on the first of their own channels allowed."),
    )
    post_to_facebook = forms.BooleanField(
        label=_("Also post it on the unit's Facebook page"), required=False
    )
    send_at = forms.DateTimeField(
        label=_("Send at"),
        required=False,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(
            format=DATETIME_FORMAT, attrs={"placeholder": "dd/mm/yyyy hh:mm"}
        ),
        error_messages={"invalid": _("Write the time as dd/mm/yyyy hh:mm.")},
        help_text=_("Empty: as soon as it is submitted (and approved, when that is needed)."),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        units: QuerySet[AdministrativeUnit],
        templates: QuerySet[Template],
        audience: QuerySet[AdministrativeUnit],
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["template"].queryset = templates  # type: ignore[attr-defined]
        self.fields["audience_units"].queryset = audience  # type: ignore[attr-defined]

    def clean_values(self) -> dict[str, str]:
        return parse_values(self.cleaned_data.get("values") or "")

    def clean_send_at(self) -> dt.datetime | None:
        value: dt.datetime | None = self.cleaned_data.get("send_at")
        if value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value


class CampaignEditForm(CampaignForm):
    """A draft's changes: its unit stays."""

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        del self.fields["unit"]
