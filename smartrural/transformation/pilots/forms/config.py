"""Forms of the province's pilot settings: a scoring criterion, a smart-hamlet checklist item."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from smartrural.core.textcheck import NameField
from smartrural.core.versioned_forms import VersionedForm

from ...models import PilotKind
from ..services import MAX_ORDER, MAX_SCORE_LIMIT


class CriterionForm(VersionedForm):
    kind = forms.ChoiceField(label=_("Pilot kind"), choices=PilotKind.choices)
    code = forms.CharField(label=_("Code"), max_length=20)
    name = NameField(label=_("Name"), max_length=300)
    max_score = forms.IntegerField(label=_("Maximum score"), min_value=1, max_value=MAX_SCORE_LIMIT)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=MAX_ORDER, initial=0)
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class ItemForm(VersionedForm):
    code = forms.CharField(label=_("Code"), max_length=20)
    name = NameField(label=_("Name"), max_length=300)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=MAX_ORDER, initial=0)
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)
