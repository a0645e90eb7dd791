"""Forms of the officers' campaign pages: the list's filters and a campaign's content.

The placeholder values are one textarea, ``name = value`` per line: the page lists the chosen
template's placeholders (and pre-fills ``name =`` lines when the template is picked), and the
service says which one is missing. One field that works for every template, no second step.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIteratorValue
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from smartrural.core.textcheck import CollapsedNameField, FreeTextField
from smartrural.core.versioned_forms import VersionedForm
from smartrural.geo.models import PATH_SEGMENT, AdministrativeUnit

from ..models import PERSONAL_CHANNELS, CampaignStatus, Channel, Template, Topic

DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = "%d/%m/%Y %H:%M"
MAX_VALUES = 20


def parse_day(raw: str | None) -> dt.date | None:
    for fmt in (DATE_FORMAT, "%Y-%m-%d"):
        try:
            return dt.datetime.strptime((raw or "").strip(), fmt).date()
        except ValueError:
            continue
    return None


def parse_values(text: str) -> dict[str, str]:
    """``name = value`` lines → a dict (ValidationError naming the first bad line)."""
    values: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, equals, value = line.partition("=")
        name = name.strip().strip("{} ")
        if not equals or not name:
            raise forms.ValidationError(
                gettext("Line %(n)s: write it as name = value.") % {"n": number}
            )
        if name in values:
            raise forms.ValidationError(
                gettext("Line %(n)s: {{ %(name)s }} is given twice.") % {"n": number, "name": name}
            )
        values[name] = value.strip()
    if len(values) > MAX_VALUES:
        raise forms.ValidationError(
            gettext("At most %(max)s placeholder values.") % {"max": MAX_VALUES}
        )
    return values


def format_values(values: dict[str, Any]) -> str:
    return "\n".join(f"{name} = {value}" for name, value in values.items())


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AdministrativeUnit) -> str:
        return obj.name


class AudienceTree(forms.CheckboxSelectMultiple):
    """The audience as a tree of ``<details>`` (district → commune → hamlet), written out here
    rather than by a template per option: a province officer's thousand units stay a light page
    (one ``<label>`` with its checkbox per unit, no ids). The roots are open, every other group
    is collapsed unless it holds a ticked unit; a group's first checkbox is the whole group
    ("all of Xã …", which the services read as all its hamlets). The search box and the count
    come alive with ``outreach/audience.js``; without it the ``<details>`` still open and close.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = {str(v) for v in self.format_value(value)}
        units: list[AdministrativeUnit] = [
            choice.instance  # type: ignore[attr-defined]  # (set by Django, not in the stubs)
            for choice, _label in self.choices
            if isinstance(choice, ModelChoiceIteratorValue)
        ]
        children: dict[str, list[AdministrativeUnit]] = {}
        paths = {unit.path for unit in units}
        roots = []
        for unit in units:
            parent = unit.path[:-PATH_SEGMENT]
            if parent in paths:
                children.setdefault(parent, []).append(unit)
            else:
                roots.append(unit)
        # A group's checked state: the ids ticked at or under it (to open it when re-shown).
        ticked_paths = [unit.path for unit in units if str(unit.pk) in chosen]

        def holds_ticked(unit: AdministrativeUnit) -> bool:
            return any(path.startswith(unit.path) for path in ticked_paths)

        def box(unit: AdministrativeUnit, text: str) -> str:
            checked = " checked" if str(unit.pk) in chosen else ""
            return format_html(
                '<label><input type="checkbox" name="{}" value="{}"{}> {}</label>',
                name,
                unit.pk,
                mark_safe(checked),  # noqa: S308 (a constant)
                text,
            )

        def node(unit: AdministrativeUnit, *, root: bool) -> str:
            below = children.get(unit.path)
            if not below:
                return f"<li>{box(unit, unit.name)}</li>"
            opened = " open" if root or holds_ticked(unit) else ""
            inner = "".join(node(child, root=False) for child in below)
            whole = box(unit, gettext("All of %(unit)s") % {"unit": unit.name})
            return format_html(
                '<li><details{}><summary>{}</summary><ul><li class="whole">{}</li>{}</ul>'
                "</details></li>",
                mark_safe(opened),  # noqa: S308 (a constant)
                unit.name,
                mark_safe(whole),  # noqa: S308 (escaped by format_html in box())
                mark_safe(inner),  # noqa: S308 (escaped by format_html in node())
            )

        count = len(ticked_paths)
        tree = "".join(node(unit, root=True) for unit in roots)
        return format_html(
            '<div class="audience" id="audience-picker" data-one="{one}" data-many="{many}">'
            '<p><button type="submit" name="refresh" value="1" class="button-secondary" '
            'id="audience-refresh" formnovalidate>{refresh}</button></p>'
            '<div class="audience-find" hidden><label for="audience-search">{find}</label>'
            '<input type="search" id="audience-search" autocomplete="off" '
            'aria-controls="audience-tree"></div>'
            '<p class="audience-count" id="audience-count" aria-live="polite">{counted}</p>'
            '<ul class="audience-tree" id="audience-tree">{tree}</ul>'
            '<p class="muted" id="audience-none"{none}>{empty}</p></div>',
            refresh=gettext("Show the units as of this date"),
            one=gettext("%s unit chosen"),
            many=gettext("%s units chosen"),
            find=gettext("Find a hamlet or commune (with or without accents)"),
            counted=(gettext("%s unit chosen") if count == 1 else gettext("%s units chosen"))
            % count,
            tree=mark_safe(tree),  # noqa: S308 (escaped by format_html in node())
            none=mark_safe("" if not roots else " hidden"),  # noqa: S308 (a constant)
            empty=gettext("No hamlet or commune of yours existed on this day."),
        )


class AudienceField(forms.ModelMultipleChoiceField):
    """The units of the audience, chosen in a tree (``AudienceTree``)."""

    widget = AudienceTree


class CampaignFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *CampaignStatus.choices]
    )
    q = forms.CharField(label=_("Title contains"), required=False, max_length=100)


class CampaignForm(VersionedForm):
    unit = UnitChoiceField(label=_("Sent by (unit)"), queryset=AdministrativeUnit.objects.none())
    title = CollapsedNameField(label=pgettext_lazy("outreach", "Title"), max_length=200)
    template = forms.ModelChoiceField(label=_("Message template"), queryset=Template.objects.none())
    values = FreeTextField(
        label=_("Placeholder values"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One line per placeholder of the template: name = value. {{ ten }} (the reader's "
            "name) and {{ ten_ap }} (their hamlet) are filled for each subscriber."
        ),
    )
    audience_as_of = forms.DateField(
        label=_("Hamlets and communes as of"),
        input_formats=[DATE_FORMAT, "%Y-%m-%d"],
        widget=forms.DateInput(format=DATE_FORMAT, attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": _("Write the date as dd/mm/yyyy.")},
        help_text=_(
            "The hamlets and communes to choose from are those that existed on this day "
            "(a day of 2023 gives the hamlets of 2023)."
        ),
    )
    audience_units = AudienceField(
        label=_("To (hamlets and communes)"),
        queryset=AdministrativeUnit.objects.none(),
        help_text=_("“All of” a commune or district means all its hamlets."),
        error_messages={
            "invalid_choice": _(
                "A unit chosen is not one of your hamlets and communes on this day: "
                "choose again in the list."
            )
        },
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only subscribers who chose one of these topics receive it."),
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        choices=[(c, label) for c, label in Channel.choices if c in PERSONAL_CHANNELS],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each subscriber gets it once, on the first of their own channels allowed."),
    )
    post_to_facebook = forms.BooleanField(
        label=_("Also post it on the unit's Facebook page"), required=False
    )
    send_at = forms.DateTimeField(
        label=_("Send at"),
        required=False,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(
            format=DATETIME_FORMAT, attrs={"placeholder": "dd/mm/yyyy hh:mm"}
        ),
        error_messages={"invalid": _("Write the time as dd/mm/yyyy hh:mm.")},
        help_text=_("Empty: as soon as it is submitted (and approved, when that is needed)."),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        units: QuerySet[AdministrativeUnit],
        templates: QuerySet[Template],
        audience: QuerySet[AdministrativeUnit],
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["template"].queryset = templates  # type: ignore[attr-defined]
        self.fields["audience_units"].queryset = audience  # type: ignore[attr-defined]

    def clean_values(self) -> dict[str, str]:
        return parse_values(self.cleaned_data.get("values") or "")

    def clean_send_at(self) -> dt.datetime | None:
        value: dt.datetime | None = self.cleaned_data.get("send_at")
        if value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value


class CampaignEditForm(CampaignForm):
    """A draft's changes: its unit stays."""

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        del self.fields["unit"]
