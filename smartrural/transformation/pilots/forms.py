"""Forms of the smart pilot pages. They shape input and give per-field messages; the services
check every rule again (and the rules that need the database)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from smartrural.core.dates import today
from smartrural.core.textcheck import FreeTextField, NameField
from smartrural.core.versioned_forms import (
    STALE_FORM,
    VersionedForm,
    hidden_version,
    parse_version,
    row_version_field,
    show_stored,
)
from smartrural.core.versioning import NOT_STORED
from smartrural.geo.models import AdministrativeUnit

from ..models import (
    CandidateStatus,
    HamletAssessment,
    OutstandingField,
    PilotKind,
    ScoringCriterion,
    SmartHamletItem,
)
from .selectors import FIRST_YEAR, ScoreSheet
from .services import MAX_ORDER, MAX_SCORE_LIMIT

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _all(choices: Any) -> list[tuple[str, str]]:
    return [("", _("All")), *choices]


class DayInput(forms.DateInput):
    """A text input for dd/mm/yyyy (the way dates are written in Vietnamese administration)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
            | (attrs or {}),
            format="%d/%m/%Y",
        )


def day_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DayInput(),
        input_formats=DATE_FORMATS,
        help_text=help_text,
        error_messages={"invalid": _("Enter a date as dd/mm/yyyy.")},
    )


class CandidateFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Pilot kind"), required=False, choices=_all(PilotKind.choices))
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_all(CandidateStatus.choices)
    )
    field = forms.ChoiceField(
        label=_("Outstanding field"), required=False, choices=_all(OutstandingField.choices)
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


def changed_rows(form: forms.Form, keys: list[int], *prefixes: str) -> dict[int, int | None]:
    """The records of a many-record form whose fields ``<prefix><key>`` differ from what the
    page was loaded with, each with the version it was loaded at (``None`` and an error on the
    form when the page did not say)."""
    changed = set(form.changed_data)
    out: dict[int, int | None] = {}
    for key in keys:
        if not any(f"{prefix}{key}" in changed for prefix in prefixes):
            continue
        try:
            version = parse_version(form.data.get(form.add_prefix(row_version_field(str(key)))))
        except forms.ValidationError:
            version = None
        if version is None:
            form.add_error(None, STALE_FORM)
        out[key] = version
    return out


class ScoreSheetForm(forms.Form):
    """One score (0..maximum, blank: not scored) and one comment per criterion in use, each
    with the score and comment the page was loaded with and the stored score's version."""

    def __init__(self, *args: Any, sheet: ScoreSheet, **kwargs: Any) -> None:
        initial: dict[str, Any] = {}
        for line in sheet.lines:
            if line.score is not None:
                initial[f"score_{line.criterion.pk}"] = line.score.score
                initial[f"comment_{line.criterion.pk}"] = line.score.comment
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.criteria: list[ScoringCriterion] = [line.criterion for line in sheet.lines]
        self.changed: dict[int, int | None] = {}
        for line in sheet.lines:
            criterion = line.criterion
            # Inside the table the inputs are named by aria-label: a visually hidden <label>
            # is positioned out of the scrolling table and widens the page on phones.
            score_label = _("Score for %(code)s (0–%(max)s)") % {
                "code": criterion.code,
                "max": criterion.max_score,
            }
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=score_label,
                required=False,
                min_value=0,
                max_value=criterion.max_score,
                widget=forms.NumberInput(attrs={"aria-label": score_label}),
                show_hidden_initial=True,
            )
            comment_label = _("Comment on %(code)s") % {"code": criterion.code}
            self.fields[f"comment_{criterion.pk}"] = FreeTextField(
                label=comment_label,
                required=False,
                max_length=500,
                widget=forms.TextInput(attrs={"aria-label": comment_label}),
                show_hidden_initial=True,
            )
            self.fields[row_version_field(str(criterion.pk))] = hidden_version(
                line.score.version if line.score is not None else NOT_STORED
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        keys = [c.pk for c in self.criteria]
        self.changed = changed_rows(self, keys, "score_", "comment_")
        return data

    def show_stored(self, sheet: ScoreSheet) -> None:
        """After a conflict: the criteria the officer did not change show what is stored."""
        values: dict[str, Any] = {}
        for line in sheet.lines:
            pk = line.criterion.pk
            if pk in self.changed:
                continue
            values[f"score_{pk}"] = line.score.score if line.score else None
            values[f"comment_{pk}"] = line.score.comment if line.score else ""
            values[row_version_field(str(pk))] = line.score.version if line.score else NOT_STORED
        show_stored(self, values)

    def rows(self) -> list[tuple[ScoringCriterion, Any, Any, Any]]:
        return [
            (
                c,
                self[f"score_{c.pk}"],
                self[f"comment_{c.pk}"],
                self[row_version_field(str(c.pk))],
            )
            for c in self.criteria
        ]


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
        field.choices = _all((c.code, c.name) for c in communes)


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
