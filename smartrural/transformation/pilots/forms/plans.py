"""Forms of a pilot's plan and its milestones."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartrural.core.textcheck import FreeTextField, NameField
from smartrural.core.versioned_forms import VersionedForm

from .common import day_field


class PlanForm(VersionedForm):
    goal = FreeTextField(label=_("Goal"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    start = day_field(_("Start"))
    end = day_field(_("End"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end cannot be before the start."))
        return data


class MilestoneForm(VersionedForm):
    title = NameField(label=_("Milestone"), max_length=300)
    due = day_field(_("Due"))
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        initial=0,
        help_text=_("A whole number from 0 to 100; 100 means done."),
        error_messages={"invalid": _("Enter a whole number from 0 to 100.")},
    )
    done_on = day_field(
        _("Done on"),
        required=False,
        help_text=_("A done date sets the progress to 100%; 100% without one takes today."),
    )
    note = FreeTextField(label=_("Note"), required=False, max_length=500)
