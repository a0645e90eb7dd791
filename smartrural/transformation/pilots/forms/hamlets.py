"""Forms of the smart hamlets: the list's filter and a hamlet's yearly assessment."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from smartrural.core.textcheck import FreeTextField
from smartrural.core.versioned_forms import hidden_version, row_version_field, show_stored
from smartrural.core.versioning import NOT_STORED
from smartrural.geo.models import AdministrativeUnit

from ...models import HamletAssessment, SmartHamletItem
from .common import changed_rows, with_all


class HamletFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    commune = forms.ChoiceField(label=_("Commune"), required=False)
    smart = forms.ChoiceField(
        label=_("Smart hamlet"),
        required=False,
        choices=[("", _("All")), ("yes", _("Smart hamlets")), ("no", _("Not yet"))],
    )

    def __init__(self, *args: Any, communes: Iterable[AdministrativeUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["commune"]
        field.choices = with_all((c.code, c.name) for c in communes)


MET_CHOICES = [("yes", _("Met")), ("no", _("Not met"))]


class AssessmentForm(forms.Form):
    """Met / not met and a comment for every checklist item in use, each with the answer the
    page was loaded with and the stored assessment's version."""

    def __init__(
        self,
        *args: Any,
        items: list[SmartHamletItem],
        found: dict[int, HamletAssessment],
        **kwargs: Any,
    ) -> None:
        initial: dict[str, Any] = {}
        for item_id, assessment in found.items():
            initial[f"met_{item_id}"] = "yes" if assessment.met else "no"
            initial[f"comment_{item_id}"] = assessment.comment
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.items = items
        self.changed: dict[int, int | None] = {}
        for item in items:
            self.fields[f"met_{item.pk}"] = forms.ChoiceField(
                label=item.name,
                choices=MET_CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": _("Say whether this item is met.")},
                show_hidden_initial=True,
            )
            comment_label = _("Comment on %(code)s") % {"code": item.code}
            self.fields[f"comment_{item.pk}"] = FreeTextField(
                label=comment_label,
                required=False,
                max_length=500,
                widget=forms.TextInput(attrs={"aria-label": comment_label}),
                show_hidden_initial=True,
            )
            stored = found.get(item.pk)
            self.fields[row_version_field(str(item.pk))] = hidden_version(
                stored.version if stored is not None else NOT_STORED
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.changed = changed_rows(self, [i.pk for i in self.items], "met_", "comment_")
        return data

    def show_stored(self, found: dict[int, HamletAssessment]) -> None:
        """After a conflict: the items the officer did not change show what is stored."""
        values: dict[str, Any] = {}
        for item in self.items:
            if item.pk in self.changed:
                continue
            stored = found.get(item.pk)
            values[f"met_{item.pk}"] = ("yes" if stored.met else "no") if stored else ""
            values[f"comment_{item.pk}"] = stored.comment if stored else ""
            values[row_version_field(str(item.pk))] = stored.version if stored else NOT_STORED
        show_stored(self, values)

    def rows(self) -> list[tuple[SmartHamletItem, Any, Any, Any]]:
        """Per item: its radios, its comment, and what travels hidden (the answer shown and
        the version), which the radios, rendered one by one, do not carry themselves."""
        out = []
        for item in self.items:
            met = self[f"met_{item.pk}"]
            version = self[row_version_field(str(item.pk))]
            hidden = format_html("{}{}", met.as_hidden(only_initial=True), version)
            out.append((item, met, self[f"comment_{item.pk}"], hidden))
        return out
