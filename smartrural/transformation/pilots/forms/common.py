"""What the pilot forms share: a "show all" choice, the dd/mm/yyyy date field, and the rows a
many-record form changed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartrural.core.versioned_forms import STALE_FORM, parse_version, row_version_field

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def with_all(choices: Any) -> list[tuple[str, str]]:
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
