"""Forms of the commune radio pages: a station, a cluster, the programme's day."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from smartrural.core.textcheck import CollapsedNameField
from smartrural.core.versioned_forms import VersionedForm
from smartrural.geo.models import AdministrativeUnit


class UnitChoiceField(forms.ModelChoiceField[AdministrativeUnit]):
    def label_from_instance(self, obj: AdministrativeUnit) -> str:
        return f"{obj.name} ({obj.code})"


class StationForm(VersionedForm):
    name = CollapsedNameField(label=gettext_lazy("Name"), max_length=200)
    active = forms.BooleanField(label=gettext_lazy("In service"), required=False, initial=True)


class StationCreateForm(StationForm):
    unit = UnitChoiceField(
        label=gettext_lazy("Commune"), queryset=AdministrativeUnit.objects.none()
    )
    field_order = ["unit", "name", "active"]

    def __init__(self, *args: Any, communes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["unit"]
        field.queryset = communes


class ClusterForm(VersionedForm):
    name = CollapsedNameField(label=gettext_lazy("Name"), max_length=200)
    hamlet = UnitChoiceField(
        label=gettext_lazy("Hamlet"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        empty_label=gettext_lazy("(the whole commune)"),
    )
    speakers = forms.IntegerField(
        label=gettext_lazy("Loudspeakers"), min_value=1, max_value=500, initial=1
    )
    active = forms.BooleanField(label=gettext_lazy("In service"), required=False, initial=True)

    def __init__(self, *args: Any, hamlets: Any, others: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["hamlet"]
        field.queryset = hamlets
        # The station's other clusters: a name is taken once per station (a second "add" of
        # the same form, e.g. the browser sending it again on reload, adds no twin cluster).
        self.others = others

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        # Compared in Python: SQLite folds the case of ASCII letters only ("Â" vs "â").
        names = self.others.values_list("name", flat=True) if self.others is not None else []
        if name.casefold() in {other.casefold() for other in names}:
            raise forms.ValidationError(
                gettext_lazy("This station already has a loudspeaker cluster named “%(name)s”."),
                code="taken",
                params={"name": name},
            )
        return name


class TokenActionForm(VersionedForm):
    """The rotate and revoke buttons of a cluster."""

    version_required = True


class ProgrammeDayForm(forms.Form):
    day = forms.DateField(
        label=gettext_lazy("Day"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )
