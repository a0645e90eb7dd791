"""The team form, and the day a team stopped."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from smartrural.core.textcheck import CollapsedNameField
from smartrural.core.versioned_forms import VersionedForm

from ...fields import date_field


class TeamForm(VersionedForm):
    unit = forms.CharField(
        label=_("Hamlet or commune code"),
        max_length=10,
        help_text=_(
            "The GSO code of the hamlet or commune the team serves (e.g. 2947901), "
            "as it was on the establishment date."
        ),
    )
    name = CollapsedNameField(label=_("Name of the team"), max_length=200)
    established = date_field(_("Established on"), help_text=_("dd/mm/yyyy"))


class StoppedOnForm(forms.Form):
    """The day a team stopped working (empty: today)."""

    on = forms.DateField(required=False)
