"""The form of a category: its Open311 code (fixed once created), name, group, the level and
officer role that handle it, the deadline in working days (1–60), keywords, position and the
extra questions as a JSON list (checked by ``services.categories.check_attributes``)."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartrural.accounts.models import Role
from smartrural.core.errors import ValidationFailed
from smartrural.core.textcheck import CollapsedNameField, FreeTextField, OneLineTextField
from smartrural.core.versioned_forms import VersionedForm

from ...models import Category, Level
from ...services.categories import MAX_DEADLINE, MIN_DEADLINE, check_attributes

OFFICER_ROLES = (Role.COMMUNE_OFFICER, Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICE)
MAX_JSON_CHARS = 20_000


class CategoryForm(VersionedForm):
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_(
            "Open311 service code: lower-case letters, digits and dashes; fixed once saved."
        ),
    )
    name = CollapsedNameField(label=_("Name"), max_length=120)
    description = FreeTextField(
        label=_("Description"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    parent = forms.ModelChoiceField(
        label=_("Group"), queryset=Category.objects.none(), required=False
    )
    level = forms.ChoiceField(label=_("Handled at level"), choices=Level.choices)
    role = forms.ChoiceField(
        label=_("Handled by role"), choices=[(r.value, r.label) for r in OFFICER_ROLES]
    )
    deadline_days = forms.IntegerField(
        label=_("Deadline (working days)"), min_value=MIN_DEADLINE, max_value=MAX_DEADLINE
    )
    keywords = OneLineTextField(label=_("Keywords"), max_length=300, required=False)
    position = forms.IntegerField(label=_("Position"), min_value=0, max_value=32767, initial=0)
    attributes = forms.CharField(
        label=_("Extra questions (JSON)"),
        required=False,
        max_length=MAX_JSON_CHARS,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=_(
            'A list such as [{"code": "muc-do", "datatype": "singlevaluelist", "required": '
            'false, "description": "Mức độ", "order": 1, "values": [{"key": "nang", "name": '
            '"Nặng"}]}] (Open311 attributes).'
        ),
    )

    def __init__(self, *args: Any, category: Category | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent: Any = self.fields["parent"]
        groups = Category.objects.filter(parent__isnull=True)
        parent.queryset = groups.exclude(pk=category.pk) if category else groups
        if category is not None:
            del self.fields["code"]

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip().lower()

    def clean_attributes(self) -> list[dict[str, Any]]:
        text = str(self.cleaned_data.get("attributes") or "").strip()
        if not text:
            return []
        try:
            raw = json.loads(text)
        except ValueError as exc:
            raise forms.ValidationError(
                _("The extra questions are not valid JSON (line %(line)d): %(why)s")
                % {"line": getattr(exc, "lineno", 0), "why": getattr(exc, "msg", "")}
            ) from exc
        try:
            return check_attributes(raw)
        except ValidationFailed as exc:
            raise forms.ValidationError(exc.message) from exc


def initial_of(category: Category) -> dict[str, Any]:
    return {
        "name": category.name,
        "description": category.description,
        "parent": category.parent_id,
        "level": category.level,
        "role": category.role,
        "deadline_days": category.deadline_days,
        "keywords": category.keywords,
        "position": category.position,
        "attributes": json.dumps(category.attributes, ensure_ascii=False, indent=1)
        if category.attributes
        else "",
        "version": category.version,
    }
