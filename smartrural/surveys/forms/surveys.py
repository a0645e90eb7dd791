"""Forms of the officers' survey pages: the list's filters, a survey's set-up and changes, a
question of the builder, the household a paper sheet belongs to; and the code a resident types.

Forms check the input; the services check what needs the database or the day (the unit's
level against the set, the period's order, the form's rules in ``specs.check_specs``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from smartrural.core.dates import MAX_YEAR, MIN_YEAR
from smartrural.core.text import fold
from smartrural.core.textcheck import CollapsedNameField, FreeTextField, OneLineTextField
from smartrural.core.versioned_forms import VersionedForm
from smartrural.criteria.models import CriteriaSet
from smartrural.geo.models import AdministrativeUnit, Level

from ..models import CHOICE_KINDS, QuestionKind, SurveyStatus
from ..services.sampling import CODE_ALPHABET, CODE_LENGTH
from ..specs import MAX_CHOICES, ChoiceSpec, QuestionSpec, scale_choices

DATE_FORMAT = "%d/%m/%Y"
RULE_FIELDS = ("sample_share", "coverage_min", "overall_min", "content_min")
# The organiser of a survey unless the officer names another: the unit's Fatherland Front
# committee. Stored data in the language of the documents, not a page text.
ORGANISER_PREFIX = "Ủy ban Mặt trận Tổ quốc Việt Nam"
NAME_MAX = 40


def default_organiser(unit: AdministrativeUnit) -> str:
    """ "Ủy ban Mặt trận Tổ quốc Việt Nam xã Ngãi Xuyên" for "Xã Ngãi Xuyên"."""
    name = unit.name.strip()
    return f"{ORGANISER_PREFIX} {name[:1].lower()}{name[1:]}"


def name_from_label(label: str, taken: Iterable[str], *, fallback: str = "q") -> str:
    """An XLSForm name made from ``label`` (folded: "Mức độ hài lòng" -> "muc_do_hai_long"),
    not in ``taken`` ("_2", "_3"… added when needed)."""
    base = re.sub(r"[^a-z0-9]+", "_", fold(label)).strip("_")[:NAME_MAX].rstrip("_") or fallback
    if not base[0].isalpha():
        base = f"{fallback}_{base}"[:NAME_MAX]
    used = set(taken)
    name, number = base, 1
    while name in used:
        number += 1
        name = f"{base}_{number}"
    return name


def date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=[DATE_FORMAT, "%Y-%m-%d"],
        widget=forms.DateInput(
            format=DATE_FORMAT,
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"},
        ),
        error_messages={"invalid": _("Write the date as dd/mm/yyyy.")},
        **kwargs,
    )


def percent_field(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        parent = obj.parent.name if obj.level == Level.COMMUNE and obj.parent else ""
        return f"{obj.name} ({parent})" if parent else str(obj.name)


class SetChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        level = gettext("communes") if obj.unit_level == Level.COMMUNE else gettext("districts")
        return f"{obj.legal_name} — {obj.name} ({level})"


class SurveyFilterForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *SurveyStatus.choices],
    )
    unit = UnitChoiceField(
        label=_("Unit"),
        required=False,
        queryset=AdministrativeUnit.objects.none(),
        empty_label=_("All my units"),
    )

    def __init__(self, *args: Any, units: QuerySet[AdministrativeUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class _SurveyFields(VersionedForm):
    title = CollapsedNameField(label=_("Title"), max_length=300)
    organiser = CollapsedNameField(
        label=_("Organised by"),
        max_length=200,
        required=False,
        help_text=_("Empty: the Fatherland Front committee (MTTQ) of the unit."),
    )
    criteria_set = SetChoiceField(
        label=_("Criteria set asked about"),
        required=False,
        queryset=CriteriaSet.objects.none(),
        empty_label=_("None (questions not grouped by content)"),
        help_text=_("Its criteria are the contents the questions are grouped by."),
    )
    opens_on = date_field(_("Opens on"), help_text=_("dd/mm/yyyy, first day of answers"))
    closes_on = date_field(_("Closes on"), help_text=_("dd/mm/yyyy, last day of answers"))
    sample_share = percent_field(_("Households drawn per hamlet (%)"))
    coverage_min = percent_field(_("Households answering, at least (%)"))
    overall_min = percent_field(_("Satisfied overall, at least (%)"))
    content_min = percent_field(_("Satisfied on each content, at least (%)"))

    def __init__(self, *args: Any, levels: Iterable[str], **kwargs: Any) -> None:
        """``levels``: the unit levels whose criteria sets are offered."""
        super().__init__(*args, **kwargs)
        self.fields["criteria_set"].queryset = CriteriaSet.objects.filter(  # type: ignore[attr-defined]
            unit_level__in=list(levels)
        ).order_by("unit_level", "code")

    def rules(self) -> dict[str, Decimal]:
        """The rules typed (those left empty keep the defaults of the unit's level)."""
        data = self.cleaned_data
        return {name: data[name] for name in RULE_FIELDS if data.get(name) is not None}


class SurveyCreateForm(_SurveyFields):
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    unit = UnitChoiceField(
        label=_("Commune or district"),
        queryset=AdministrativeUnit.objects.none(),
        help_text=_("The units in your scope on the survey's period."),
    )
    field_order = ["year", "unit", "title", "organiser", "criteria_set", "opens_on", "closes_on"]

    def __init__(
        self,
        *args: Any,
        units: QuerySet[AdministrativeUnit],
        choices: QuerySet[AdministrativeUnit],
        **kwargs: Any,
    ) -> None:
        """``units``: every commune and district of the user's scope (what is accepted);
        ``choices``: those valid in the year shown (what is offered)."""
        levels = set(units.values_list("level", flat=True))
        super().__init__(*args, levels=levels, **kwargs)
        self.fields["unit"].queryset = choices if not self.is_bound else units  # type: ignore[attr-defined]

        self.fields["overall_min"].help_text = gettext(
            "Empty: %(commune)s%% for a commune, %(district)s%% for a district."
        ) % {
            "commune": settings.SURVEY_COMMUNE_OVERALL_MIN,
            "district": settings.SURVEY_DISTRICT_OVERALL_MIN,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        unit: AdministrativeUnit | None = data.get("unit")
        opens_on: dt.date | None = data.get("opens_on")
        closes_on: dt.date | None = data.get("closes_on")
        period = (opens_on, closes_on) if opens_on and closes_on else ()
        if unit is not None and not all(unit.is_valid_on(day) for day in period):
            self.add_error(
                "unit",
                gettext("%(unit)s does not exist for the whole period of the survey.")
                % {"unit": unit.name},
            )
        criteria_set: CriteriaSet | None = data.get("criteria_set")
        if unit is not None and criteria_set is not None and criteria_set.unit_level != unit.level:
            self.add_error(
                "criteria_set",
                gettext("The set %(set)s is for another level of unit than %(unit)s.")
                % {"set": criteria_set.legal_name, "unit": unit.name},
            )
        if unit is not None and not data.get("organiser"):
            data["organiser"] = default_organiser(unit)
        return data


class SurveyEditForm(_SurveyFields):
    def __init__(self, *args: Any, draft: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not draft:
            # The set is chosen before the survey opens (the service refuses it after).
            del self.fields["criteria_set"]
        self.fields["organiser"].required = True
        self.fields["organiser"].help_text = ""


class QuestionForm(forms.Form):
    label = OneLineTextField(label=_("Question"), max_length=500)
    hint = OneLineTextField(label=_("Hint"), max_length=500, required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=QuestionKind.choices)
    content = forms.TypedChoiceField(
        label=_("NTM content (criterion)"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[],
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)
    choices = FreeTextField(
        label=_("Choices"),
        max_length=MAX_CHOICES * 210,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Single and multiple choice: one answer per line. A satisfaction scale always "
            "offers Very satisfied, Satisfied and Not satisfied."
        ),
    )

    def __init__(
        self,
        *args: Any,
        contents: dict[int, str],
        taken: Iterable[str],
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        """``contents``: criterion number → name of the survey's set; ``taken``: the names of
        the survey's other questions; ``name``: the question's own name (kept when editing)."""
        super().__init__(*args, **kwargs)
        self.taken = list(taken)
        self.name = name
        field: Any = self.fields["content"]
        field.choices = [("", gettext("Not tied to a content"))] + [
            (number, f"{number}. {title}") for number, title in sorted(contents.items())
        ]
        if not contents:
            field.widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        lines = [line.strip() for line in (data.get("choices") or "").splitlines()]
        labels = [line for line in lines if line]
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            if not labels:
                self.add_error("choices", gettext("Write the answers, one per line."))
            elif len(labels) > MAX_CHOICES:
                self.add_error(
                    "choices",
                    gettext("A question has at most %(max)s choices.") % {"max": MAX_CHOICES},
                )
            elif any(len(label) > 200 for label in labels):
                self.add_error("choices", gettext("An answer has at most 200 characters."))
        data["choice_labels"] = labels
        return data

    def spec(self) -> QuestionSpec:
        data = self.cleaned_data
        kind = data["kind"]
        choices: tuple[ChoiceSpec, ...] = ()
        if kind == QuestionKind.SCALE:
            choices = scale_choices()
        elif kind in CHOICE_KINDS:
            names: list[str] = []
            for label in data["choice_labels"]:
                names.append(name_from_label(label, names, fallback="c"))
            choices = tuple(
                ChoiceSpec(name, label)
                for name, label in zip(names, data["choice_labels"], strict=True)
            )
        name = self.name or name_from_label(data["label"], self.taken)
        return QuestionSpec(
            name=name,
            label=data["label"],
            kind=kind,
            content=data.get("content"),
            required=bool(data.get("required")),
            hint=data.get("hint") or "",
            choices=choices,
        )


class PaperForm(forms.Form):
    """Whose paper sheet: the hamlet and the household's number in it."""

    hamlet = forms.TypedChoiceField(label=_("Hamlet"), coerce=int, choices=[])
    household = CollapsedNameField(
        label=_("Household number"),
        max_length=30,
        help_text=_("As written on the sheet."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, hamlets: list[AdministrativeUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["hamlet"]
        field.choices = [(hamlet.pk, hamlet.name) for hamlet in hamlets]


def normalise_code(text: str) -> str:
    """A household's code as printed: upper case, spaces and dashes dropped."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


CODE_RE = re.compile(f"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your household's code"),
        max_length=24,
        help_text=_("The code printed on the survey sheet your household received."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not CODE_RE.match(code):
            raise forms.ValidationError(
                gettext("A code has %(n)s letters and digits, as printed on your sheet.")
                % {"n": CODE_LENGTH}
            )
        return code
