"""The entry form: a unit's values and comments, each saved against the version it was loaded at."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartrural.core.forms import add_row_version, posted_row_version, stored_version
from smartrural.core.textcheck import FreeTextField
from smartrural.core.versioned_forms import STALE_FORM, row_version_field, show_stored
from smartrural.core.versioning import NOT_STORED

from ..definition import CHOICE, PASS_FAIL, Indicator
from ..models import IndicatorValue, ValueStatus
from ..parsing import InvalidValue, parse_value
from ..services import ValueRow
from .fields import (
    IndicatorChoiceField,
    IndicatorValueField,
    comment_field,
    shown_value,
    value_field,
)


class EntryForm(forms.Form):
    """One value and comment per indicator that can be entered (not locked, not derived).

    Each indicator also carries, hidden, the value and comment the page was loaded with and the
    version of the stored value (``NOT_STORED`` for none): only the indicators the officer
    changed are saved, each checked against the version it was loaded with, so a page opened
    earlier never puts back a value someone else changed meanwhile.

    A stored value the officer empties (or sets back to "not entered") is cleared on saving
    (``cleared_codes``); every typed value is checked as the engine reads it before anything is
    written, so a failed save names every faulty field at once.
    """

    def __init__(
        self,
        *args: Any,
        indicators: Sequence[Indicator],
        stored: Mapping[str, IndicatorValue],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.codes: list[str] = []
        self.versions: dict[str, int | None] = {}
        self.indicators: dict[str, Indicator] = {}
        self.stored = stored
        for ind in indicators:
            row = stored.get(ind.code)
            if ind.derived or (row is not None and row.status == ValueStatus.LOCKED):
                continue
            self.codes.append(ind.code)
            self.indicators[ind.code] = ind
            initial = shown_value(ind, row.value) if row else ""
            field: forms.Field
            if ind.value_type in (PASS_FAIL, CHOICE):
                field = IndicatorChoiceField(ind, stored=row.value if row else None, required=False)
            else:
                field = IndicatorValueField(ind, required=False)
            field.label = _("Value")
            field.initial = initial
            field.show_hidden_initial = True
            self.fields[value_field(ind.code)] = field
            self.fields[comment_field(ind.code)] = FreeTextField(
                label=_("Comment"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=row.comment if row else "",
                show_hidden_initial=True,
            )
            add_row_version(self, ind.code, row)

    def changed_codes(self) -> list[str]:
        """The indicators whose value or comment differs from what the page was loaded with."""
        changed = set(self.changed_data)
        return [
            code
            for code in self.codes
            if value_field(code) in changed or comment_field(code) in changed
        ]

    def _typed(self, code: str) -> str:
        return (self.cleaned_data.get(value_field(code)) or "").strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for code in self.changed_codes():
            version = posted_row_version(data, code)
            if version is None:
                self.add_error(value_field(code), STALE_FORM)
            self.versions[code] = version
            name = value_field(code)
            if name not in data:
                continue  # the field has its own error already
            typed = self._typed(code)
            if typed:
                try:
                    parse_value(self.indicators[code], typed)
                except InvalidValue as exc:
                    self.add_error(name, exc.message)
            elif version == NOT_STORED and (data.get(comment_field(code)) or "").strip():
                self.add_error(
                    name,
                    _("Enter a value of %(code)s before its comment (a comment alone is not kept).")
                    % {"code": code},
                )
        return data

    def rows(self) -> list[ValueRow]:
        """The values the officer changed and did not empty, with the version each was loaded
        at."""
        out = []
        for code in self.changed_codes():
            value = self._typed(code)
            if value:
                comment = self.cleaned_data.get(comment_field(code)) or ""
                out.append(
                    ValueRow(
                        indicator=code,
                        value=value,
                        comment=comment.strip(),
                        version=self.versions.get(code),
                    )
                )
        return out

    def cleared_codes(self) -> list[str]:
        """The stored values the officer emptied (to clear), each with its version in
        ``versions``."""
        return [
            code
            for code in self.changed_codes()
            if not self._typed(code) and self.versions.get(code) not in (None, NOT_STORED)
        ]

    def show_stored(self, stored: Mapping[str, IndicatorValue], keep: set[str]) -> None:
        """Show the stored values of the indicators not in ``keep`` (those the officer did not
        change), as if the page had been loaded now."""
        values: dict[str, Any] = {}
        for code in self.codes:
            if code in keep:
                continue
            row = stored.get(code)
            values[value_field(code)] = shown_value(self.indicators[code], row.value) if row else ""
            values[comment_field(code)] = row.comment if row else ""
            values[row_version_field(code)] = stored_version(row)
        show_stored(self, values)

    def raw_values(self) -> dict[str, str]:
        """What was typed, valid or not, for the indicators the browser sent (for the live
        check; an emptied value is "")."""
        out: dict[str, str] = {}
        for code in self.codes:
            name = value_field(code)
            if name in self.data:
                out[code] = (self.data.get(name) or "").strip()
        return out

    def mark_errors(self) -> None:
        """Mark each field with an error ``aria-invalid`` and described by its message (the
        template gives the message the id ``<field id>-error``)."""
        if not self.is_bound:
            return
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}-error"

    def field_id(self, name: str) -> str:
        """The HTML id a link to field ``name`` should point at (a group of radio buttons: its
        first button)."""
        field = self[name]
        if isinstance(field.field.widget, forms.RadioSelect):
            return f"{field.auto_id}_0"
        return str(field.auto_id)
