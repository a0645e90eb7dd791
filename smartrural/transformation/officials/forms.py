"""Forms of the officials and trainings pages. Forms check the shape of the input (numbers,
dates, choices); the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartrural.core.dates import today
from smartrural.core.errors import ValidationFailed
from smartrural.core.textcheck import NameField
from smartrural.core.uploads import ACCEPT, check_document
from smartrural.core.versioned_forms import VersionedForm, parse_version
from smartrural.geo.models import Level

from ..models import Attendance, Official, TrainingEvent, TrainingFormat, TrainingKind
from .selectors import eligible_officials, units_for_event

OFFICIAL_LEVEL_CHOICES = [
    (Level.PROVINCE.value, Level.PROVINCE.label),
    (Level.DISTRICT.value, Level.DISTRICT.label),
    (Level.COMMUNE.value, Level.COMMUNE.label),
]
DATE_HELP = gettext_lazy("dd/mm/yyyy")


def date_widget() -> forms.DateInput:
    return forms.DateInput(
        format="%d/%m/%Y",
        attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"},
    )


def unit_widget() -> forms.TextInput:
    # Suggestions come from a <datalist id="unit-codes"> the page renders.
    return forms.TextInput(
        attrs={"list": "unit-codes", "autocomplete": "off", "inputmode": "numeric"}
    )


def _all(choices: Any) -> list[tuple[str, Any]]:
    return [("", gettext_lazy("All")), *choices]


class OfficialFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Name"), required=False, max_length=100)
    unit = forms.CharField(
        label=gettext_lazy("Unit (code or name)"), required=False, max_length=100
    )
    level = forms.ChoiceField(
        label=gettext_lazy("Level"), required=False, choices=_all(OFFICIAL_LEVEL_CHOICES)
    )
    active = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=_all([("yes", gettext_lazy("Active")), ("no", gettext_lazy("Inactive"))]),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year"), required=False, min_value=2000, max_value=2100
    )
    trained = forms.ChoiceField(
        label=gettext_lazy("Trained in digital transformation"),
        required=False,
        choices=_all([("yes", gettext_lazy("Trained")), ("no", gettext_lazy("Not trained"))]),
    )


class OfficialForm(VersionedForm):
    unit = forms.CharField(
        label=gettext_lazy("Unit code"),
        max_length=10,
        widget=unit_widget(),
        help_text=gettext_lazy("The code of the province, district or commune."),
    )
    as_of = forms.DateField(
        label=gettext_lazy("Unit as of"),
        widget=date_widget(),
        help_text=gettext_lazy(
            "Unit codes change over time: the code is looked up on this date (dd/mm/yyyy)."
        ),
    )
    full_name = NameField(label=gettext_lazy("Full name"), max_length=200)
    position = NameField(label=gettext_lazy("Position"), max_length=200)
    identifier = NameField(
        label=gettext_lazy("Identifier (optional)"),
        required=False,
        max_length=100,
        help_text=gettext_lazy(
            "An e-mail or staff number, to tell two officials of the same name apart."
        ),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel (.xlsx) or CSV file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    as_of = forms.DateField(
        label=gettext_lazy("Units as of"),
        widget=date_widget(),
        help_text=gettext_lazy("The unit codes of the file are looked up on this date."),
    )


class TrainingFilterForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Year"), required=False, min_value=2000, max_value=2100
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"), required=False, choices=_all(TrainingKind.choices)
    )
    format = forms.ChoiceField(
        label=gettext_lazy("Format"), required=False, choices=_all(TrainingFormat.choices)
    )
    unit = forms.CharField(
        label=gettext_lazy("Unit (code or name)"), required=False, max_length=100
    )
    dt = forms.ChoiceField(
        label=gettext_lazy("Digital transformation"),
        required=False,
        choices=_all(
            [
                ("yes", gettext_lazy("Digital transformation only")),
                ("no", gettext_lazy("Other topics only")),
            ]
        ),
    )


class TrainingForm(VersionedForm):
    unit = forms.CharField(
        label=gettext_lazy("Organising unit code"),
        max_length=10,
        widget=unit_widget(),
        help_text=gettext_lazy("Looked up on the event's first day."),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=TrainingKind.choices)
    title = NameField(label=gettext_lazy("Title"), max_length=300)
    topic = NameField(label=gettext_lazy("Topic"), max_length=300, required=False)
    digital_transformation = forms.BooleanField(
        label=gettext_lazy("Digital transformation training"),
        required=False,
        initial=True,
        help_text=gettext_lazy(
            "Counts towards the share of officials trained in digital transformation."
        ),
    )
    date = forms.DateField(
        label=gettext_lazy("First day"), widget=date_widget(), help_text=DATE_HELP
    )
    end_date = forms.DateField(
        label=gettext_lazy("Last day (optional)"),
        required=False,
        widget=date_widget(),
        help_text=DATE_HELP,
    )
    place = NameField(label=gettext_lazy("Place"), max_length=300, required=False)
    organiser = NameField(label=gettext_lazy("Organiser"), max_length=300, required=False)
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=TrainingFormat.choices)
    residents = forms.IntegerField(
        label=gettext_lazy("Residents attending"),
        min_value=0,
        max_value=1_000_000,
        initial=0,
        help_text=gettext_lazy("Residents are counted by number, not by name."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The last day cannot be before the first day."))
        return data


def training_initial(event: TrainingEvent) -> dict[str, Any]:
    return {
        "unit": event.unit.code,
        "kind": event.kind,
        "title": event.title,
        "topic": event.topic,
        "digital_transformation": event.digital_transformation,
        "date": event.date,
        "end_date": event.end_date,
        "place": event.place,
        "organiser": event.organiser,
        "format": event.format,
        "residents": event.residents,
        "version": event.version,
    }


def default_attendance(event: TrainingEvent) -> str:
    return Attendance.ATTENDED if event.date <= today() else Attendance.INVITED


def attendance_choices(event: TrainingEvent) -> list[tuple[str, Any]]:
    """Before the event begins a participant can only be invited."""
    if event.date > today():
        return [(Attendance.INVITED.value, Attendance.INVITED.label)]
    return list(Attendance.choices)


class ParticipantAddForm(forms.Form):
    officials: forms.ModelMultipleChoiceField[Official] = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Officials"),
        queryset=Official.objects.none(),
        error_messages={
            "required": gettext_lazy("Choose at least one official."),
            "invalid_choice": gettext_lazy("Some chosen officials cannot take part in this event."),
            "invalid_pk_value": gettext_lazy(
                "Some chosen officials cannot take part in this event."
            ),
        },
    )
    attendance = forms.ChoiceField(label=gettext_lazy("Attendance"), choices=Attendance.choices)

    def __init__(self, *args: Any, event: TrainingEvent, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"attendance": default_attendance(event)})
        super().__init__(*args, **kwargs)
        field: Any = self.fields["officials"]
        field.queryset = eligible_officials(event, user)
        choice: Any = self.fields["attendance"]
        choice.choices = attendance_choices(event)


class AddUnitForm(forms.Form):
    unit = forms.ChoiceField(label=gettext_lazy("Unit"))
    include_subunits = forms.BooleanField(
        label=gettext_lazy("Also the officials of the units under it"), required=False
    )
    attendance = forms.ChoiceField(label=gettext_lazy("Attendance"), choices=Attendance.choices)

    def __init__(self, *args: Any, event: TrainingEvent, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"attendance": default_attendance(event)})
        super().__init__(*args, **kwargs)
        self.units = {u.code: u for u in units_for_event(event, user)}
        field: Any = self.fields["unit"]
        field.choices = [(code, f"{u.name} ({code})") for code, u in self.units.items()]
        choice: Any = self.fields["attendance"]
        choice.choices = attendance_choices(event)


class MaterialForm(forms.Form):
    title = NameField(
        label=gettext_lazy("Title (optional)"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("The file name when left blank."),
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("PDF, image or Office document, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        try:
            check_document(upload)
        except ValidationFailed as exc:
            raise forms.ValidationError(exc.message) from exc
        return upload


def attendance_changes(data: Any) -> tuple[dict[int, str], dict[int, int | None]]:
    """The ``attendance-<participant id>`` fields of a POST that differ from the value the page
    showed (``shown-<id>``), as {id: value}, and the version each participant was shown at
    (``version-<id>``): a page opened earlier never puts back an attendance changed meanwhile."""
    damaged = _("The attendance form is damaged; reload the page.")
    changes: dict[int, str] = {}
    versions: dict[int, int | None] = {}
    seen = False
    for key in data:
        if not key.startswith("attendance-"):
            continue
        seen = True
        ident = key.removeprefix("attendance-")
        if not ident.isdigit():
            raise ValidationFailed(damaged)
        value = str(data.get(key, ""))
        if value == data.get(f"shown-{ident}"):
            continue
        try:
            version = parse_version(data.get(f"version-{ident}"))
        except forms.ValidationError as exc:
            raise ValidationFailed(damaged) from exc
        if version is None:
            raise ValidationFailed(damaged)
        changes[int(ident)] = value
        versions[int(ident)] = version
    if not seen:
        raise ValidationFailed(_("There is no attendance to save."))
    return changes, versions
