"""Forms of the data-entry pages: values of a unit's indicators, evidence, review, Excel."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartrural.core.numbers import format_number
from smartrural.core.textcheck import FreeTextField
from smartrural.core.uploads import ACCEPT
from smartrural.core.versioned_forms import (
    STALE_FORM,
    VersionedForm,
    hidden_version,
    parse_version,
    row_version_field,
    show_stored,
)
from smartrural.core.versioning import NOT_STORED

from .definition import CHOICE, COUNT, NUMBER, PASS_FAIL, PERCENT, Indicator
from .engine import InvalidValue, parse_value
from .models import IndicatorValue, ValueStatus
from .services import ValueRow


def value_field(code: str) -> str:
    return f"value_{code}"


def comment_field(code: str) -> str:
    return f"comment_{code}"


NOT_ENTERED = ""  # the "not entered" choice of a pass/fail or choice indicator


class IndicatorValueField(forms.CharField):
    """A value typed for a number, percent or count indicator: a text box (a number box would
    refuse "79,9" in a browser set to English) that shows stored numbers with the page's
    decimal mark; the engine's ``parse_value`` reads both marks."""

    def __init__(self, indicator: Indicator, **kwargs: Any) -> None:
        mode = "numeric" if indicator.value_type == COUNT else "decimal"
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": mode}))
        super().__init__(max_length=200, **kwargs)


class IndicatorChoiceField(forms.ChoiceField):
    """A pass/fail indicator (Đạt / Không đạt / chưa nhập radio buttons) or a choice indicator
    (a select): what is posted is read as the engine reads it ("Đạt", "dat", "true" are one
    answer), so a page, a script posting "Đạt" and the stored "true" agree."""

    def __init__(self, indicator: Indicator, *, stored: str | None, **kwargs: Any) -> None:
        self.indicator = indicator
        if indicator.value_type == PASS_FAIL:
            choices: list[tuple[str, Any]] = [
                ("true", _("Pass")),
                ("false", _("Fail")),
                (NOT_ENTERED, _("Not entered")),
            ]
            kwargs.setdefault("widget", forms.RadioSelect)
        else:
            choices = [(NOT_ENTERED, _("— not entered —"))] + [(c, c) for c in indicator.choices]
        if stored and stored not in {value for value, _label in choices}:
            choices.append((stored, stored))  # a stored answer this version no longer offers
        self.offered = {str(value) for value, _label in choices}
        super().__init__(choices=choices, **kwargs)

    def to_python(self, value: Any) -> str:
        text = super().to_python(value).strip()
        if not text or text in self.offered:
            return text
        try:
            return parse_value(self.indicator, text).text
        except InvalidValue as exc:
            raise forms.ValidationError(exc.message, code="invalid") from exc


def shown_value(indicator: Indicator, stored: str) -> str:
    """A stored value as the entry form shows it: numbers with the page's decimal mark."""
    if indicator.value_type in (PERCENT, NUMBER, COUNT):
        return format_number(stored) or stored
    return stored


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
            self.fields[row_version_field(ind.code)] = hidden_version(
                row.version if row else NOT_STORED
            )

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
            try:
                version = parse_version(data.get(row_version_field(code)))
            except forms.ValidationError:
                version = None
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
            values[row_version_field(code)] = row.version if row else NOT_STORED
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


class ReturnForm(VersionedForm):
    version_required = True
    comment = FreeTextField(
        label=_("Why is it returned?"), widget=forms.Textarea(attrs={"rows": 2})
    )


class AcceptForm(VersionedForm):
    """The accept button: the version of the value the reviewer saw."""

    version_required = True


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Evidence file"),
        help_text=_("PDF, JPEG, PNG, Word or Excel, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


class WorkbookForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in Excel template (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
