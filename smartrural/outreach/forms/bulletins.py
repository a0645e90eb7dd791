"""Forms of the bulletin and CAP pages: the list's filters, a bulletin spoken from text or
uploaded, a draft's changes, its targets, a CAP file to import.

Forms check the input; the services check what needs the database, the user or the clock
(scope, state, dates against now, the audio itself)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from smartrural.core.textcheck import FreeTextField, NameField
from smartrural.core.versioned_forms import VersionedForm
from smartrural.geo.models import AdministrativeUnit

from ..models import BulletinStatus, Priority, Station

DATETIME_FORMAT = "%d/%m/%Y %H:%M"
AUDIO_ACCEPT = "audio/*,.mp3,.wav,.m4a,.ogg,.opus,.flac,.aac,.wma,.amr,.webm"


def datetime_field(label: Any, **kwargs: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(
            format=DATETIME_FORMAT,
            attrs={"placeholder": "dd/mm/yyyy hh:mm", "autocomplete": "off"},
        ),
        error_messages={"invalid": _("Write the time as dd/mm/yyyy hh:mm.")},
        **kwargs,
    )


class BulletinFilterForm(forms.Form):
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        choices=[("", _("All"))] + [(str(v), label) for v, label in Priority.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *BulletinStatus.choices],
        required=False,
    )


class _BulletinFields(forms.Form):
    title = NameField(label=pgettext_lazy("outreach", "Title"), max_length=200)
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        choices=[(str(v), label) for v, label in Priority.choices],
        coerce=int,
        initial=str(Priority.NORMAL),
        help_text=_(
            "Normal plays in the station's slots; priority goes ahead of them; emergency "
            "interrupts what is playing (disasters, fire, epidemics)."
        ),
    )
    plays_from = datetime_field(_("Plays from"))
    expires_at = datetime_field(_("Expires"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("plays_from"), data.get("expires_at")
        if isinstance(start, dt.datetime) and isinstance(end, dt.datetime) and start >= end:
            self.add_error("expires_at", _("The bulletin must start playing before it expires."))
        return data


def default_window() -> dict[str, Any]:
    now = timezone.localtime().replace(second=0, microsecond=0)
    return {"plays_from": now, "expires_at": now + dt.timedelta(days=1)}


class _NewBulletin(_BulletinFields):
    unit = forms.ModelChoiceField(
        label=_("Issued by"), queryset=AdministrativeUnit.objects.none(), empty_label=None
    )
    field_order = ["unit", "title", "text", "audio", "priority", "plays_from", "expires_at"]

    def __init__(self, *args: Any, units: QuerySet[AdministrativeUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field: Any = self.fields["unit"]
        unit_field.queryset = units


class BulletinTextForm(_NewBulletin):
    text = FreeTextField(
        label=_("Text to speak"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Spoken in Vietnamese (Southern voice). Write numbers and dates as words are read."
        ),
    )


class BulletinUploadForm(_NewBulletin):
    audio = forms.FileField(
        label=_("Recording"),
        widget=forms.ClearableFileInput(attrs={"accept": AUDIO_ACCEPT}),
        help_text=_("MP3, WAV, M4A or OGG; it is converted to MP3 for the loudspeakers."),
    )
    text = FreeTextField(
        label=_("What it says (optional)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class BulletinEditForm(_BulletinFields, VersionedForm):
    text = FreeTextField(
        label=_("Text"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    audio = forms.FileField(
        label=_("New recording (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": AUDIO_ACCEPT}),
    )
    field_order = ["title", "text", "audio", "priority", "plays_from", "expires_at"]

    def __init__(self, *args: Any, spoken: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if spoken:
            del self.fields["audio"]
            self.fields["text"].required = True
            self.fields["text"].label = _("Text to speak")
        else:
            self.fields["text"].label = _("What it says (optional)")


class BulletinPublishForm(VersionedForm):
    stations = forms.ModelMultipleChoiceField(
        label=_("Stations"),
        queryset=Station.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    zones = forms.ModelMultipleChoiceField(
        label=_("Zones (every station in them)"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        stations: QuerySet[Station],
        zones: QuerySet[AdministrativeUnit],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        station_field: Any = self.fields["stations"]
        station_field.queryset = stations
        zone_field: Any = self.fields["zones"]
        zone_field.queryset = zones

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("stations") and not data.get("zones"):
            self.add_error(None, _("Choose at least one station or zone to send the bulletin to."))
        return data


class CapImportForm(forms.Form):
    file = forms.FileField(
        label=_("CAP 1.2 file (XML)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,.cap,application/xml,text/xml"}),
    )
    direct = forms.BooleanField(
        label=_("Import at once (no preview)"),
        required=False,
    )


class CapConfirmForm(forms.Form):
    xml = forms.CharField(widget=forms.HiddenInput, strip=False)
