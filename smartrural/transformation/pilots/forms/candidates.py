"""Forms of the candidates: the list's filter, a proposal, the decision, a withdrawal."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartrural.core.dates import today
from smartrural.core.textcheck import FreeTextField, NameField
from smartrural.core.versioned_forms import VersionedForm

from ...models import CandidateStatus, OutstandingField, PilotKind
from ..selectors import FIRST_YEAR
from .common import with_all


class CandidateFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(
        label=_("Pilot kind"), required=False, choices=with_all(PilotKind.choices)
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=with_all(CandidateStatus.choices)
    )
    field = forms.ChoiceField(
        label=_("Outstanding field"), required=False, choices=with_all(OutstandingField.choices)
    )


class CandidateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Pilot kind"), choices=PilotKind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR)
    unit = forms.CharField(
        label=_("Unit code"),
        max_length=10,
        help_text=_(
            "The GSO code of the commune (smart commune) or of the hamlet (smart hamlet), "
            "as it was on 1 July of the year."
        ),
    )
    field = forms.ChoiceField(label=_("Outstanding field"), choices=OutstandingField.choices)
    description = FreeTextField(
        label=_("Why this unit"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Its strengths, what it has achieved, what the pilot would build on."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"year": today().year})
        super().__init__(*args, **kwargs)
        # next year at most: proposals are made ahead of the year, not further
        self.fields["year"] = forms.IntegerField(
            label=_("Year"), min_value=FIRST_YEAR, max_value=today().year + 1
        )
        self.order_fields(["kind", "year", "unit", "field", "description"])


class DecisionForm(VersionedForm):
    version_required = True
    decision = NameField(
        label=_("Decision"),
        max_length=200,
        help_text=_("e.g. QĐ 123/QĐ-UBND ngày 01/03/2023"),
        error_messages={"required": _("Give the reference of the decision.")},
    )
    action = forms.ChoiceField(
        choices=[("select", _("Select")), ("reject", _("Do not select"))],
        widget=forms.HiddenInput,
        error_messages={"required": _("Choose to select the candidate or not.")},
    )


class WithdrawForm(VersionedForm):
    version_required = True
