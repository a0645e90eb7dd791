"""Forms of the event page: participants, their attendance and the event's materials."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartrural.accounts.actor import Actor
from smartrural.core.dates import today
from smartrural.core.errors import ValidationFailed
from smartrural.core.textcheck import CollapsedNameField, clean_name, collapse_spaces
from smartrural.core.uploads import ACCEPT, check_document
from smartrural.core.versioned_forms import parse_version

from ...models import Attendance, Official, TrainingEvent
from ..selectors import eligible_officials, units_for_event


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

    def __init__(self, *args: Any, event: TrainingEvent, user: Actor, **kwargs: Any) -> None:
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

    def __init__(self, *args: Any, event: TrainingEvent, user: Actor, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"attendance": default_attendance(event)})
        super().__init__(*args, **kwargs)
        self.units = {u.code: u for u in units_for_event(event, user)}
        field: Any = self.fields["unit"]
        field.choices = [(code, f"{u.name} ({code})") for code, u in self.units.items()]
        choice: Any = self.fields["attendance"]
        choice.choices = attendance_choices(event)


class MaterialForm(forms.Form):
    title = CollapsedNameField(
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

    def clean(self) -> dict[str, Any]:
        """A blank title is the file's name, checked as a name."""
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None and not data.get("title"):
            try:
                name = clean_name(upload.name, max_length=300, label=str(_("Title")))
            except ValidationError as exc:
                self.add_error("title", exc)
            else:
                data["title"] = collapse_spaces(name)
        return data


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
