"""Forms of the training event pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartrural.core.textcheck import CollapsedNameField
from smartrural.core.versioned_forms import VersionedForm

from ...models import TrainingEvent, TrainingFormat, TrainingKind
from .common import DATE_HELP, all_choice, date_widget, unit_widget


class TrainingFilterForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Year"), required=False, min_value=2000, max_value=2100
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"), required=False, choices=all_choice(TrainingKind.choices)
    )
    format = forms.ChoiceField(
        label=gettext_lazy("Format"), required=False, choices=all_choice(TrainingFormat.choices)
    )
    unit = forms.CharField(
        label=gettext_lazy("Unit (code or name)"), required=False, max_length=100
    )
    dt = forms.ChoiceField(
        label=gettext_lazy("Digital transformation"),
        required=False,
        choices=all_choice(
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
    title = CollapsedNameField(label=gettext_lazy("Title"), max_length=300)
    topic = CollapsedNameField(label=gettext_lazy("Topic"), max_length=300, required=False)
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
    place = CollapsedNameField(label=gettext_lazy("Place"), max_length=300, required=False)
    organiser = CollapsedNameField(label=gettext_lazy("Organiser"), max_length=300, required=False)
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
