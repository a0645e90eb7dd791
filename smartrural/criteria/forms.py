"""Forms of the data-entry pages: values of a unit's indicators, evidence, review, Excel."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

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

from .definition import Indicator
from .models import IndicatorValue, ValueStatus
from .values import ValueRow


def value_field(code: str) -> str:
    return f"value_{code}"


def comment_field(code: str) -> str:
    return f"comment_{code}"


class EntryForm(forms.Form):
    """One value and comment per indicator that can be entered (not locked, not derived).

    Each indicator also carries, hidden, the value and comment the page was loaded with and the
    version of the stored value (``NOT_STORED`` for none): only the indicators the officer
    changed are saved, each checked against the version it was loaded with, so a page opened
    earlier never puts back a value someone else changed meanwhile.
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
        for ind in indicators:
            row = stored.get(ind.code)
            if ind.derived or (row is not None and row.status == ValueStatus.LOCKED):
                continue
            self.codes.append(ind.code)
            self.fields[value_field(ind.code)] = forms.CharField(
                label=_("Value"),
                required=False,
                max_length=200,
                initial=row.value if row else "",
                show_hidden_initial=True,
            )
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
        return data

    def rows(self) -> list[ValueRow]:
        """The values the officer changed, with the version each was loaded at (an emptied
        value is not entered: values are never erased here)."""
        out = []
        for code in self.changed_codes():
            value = (self.cleaned_data.get(value_field(code)) or "").strip()
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

    def show_stored(self, stored: Mapping[str, IndicatorValue], keep: set[str]) -> None:
        """Show the stored values of the indicators not in ``keep`` (those the officer did not
        change), as if the page had been loaded now."""
        values: dict[str, Any] = {}
        for code in self.codes:
            if code in keep:
                continue
            row = stored.get(code)
            values[value_field(code)] = row.value if row else ""
            values[comment_field(code)] = row.comment if row else ""
            values[row_version_field(code)] = row.version if row else NOT_STORED
        show_stored(self, values)

    def raw_values(self) -> dict[str, str]:
        """What was typed, valid or not (for the live check)."""
        return {code: (self.data.get(value_field(code)) or "").strip() for code in self.codes}


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
