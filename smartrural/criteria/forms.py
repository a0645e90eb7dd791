"""Forms of the data-entry pages: values of a unit's indicators, evidence, review, Excel."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartrural.core.textcheck import FreeTextField
from smartrural.core.uploads import ACCEPT

from .definition import Indicator
from .models import IndicatorValue, ValueStatus
from .values import ValueRow


def value_field(code: str) -> str:
    return f"value_{code}"


def comment_field(code: str) -> str:
    return f"comment_{code}"


class EntryForm(forms.Form):
    """One value and comment per indicator that can be entered (not locked, not derived)."""

    def __init__(
        self,
        *args: Any,
        indicators: Sequence[Indicator],
        stored: Mapping[str, IndicatorValue],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.codes: list[str] = []
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
            )
            self.fields[comment_field(ind.code)] = FreeTextField(
                label=_("Comment"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=row.comment if row else "",
            )

    def rows(self) -> list[ValueRow]:
        """The values filled in (an empty value is not entered: values are never erased here)."""
        out = []
        for code in self.codes:
            value = (self.cleaned_data.get(value_field(code)) or "").strip()
            if value:
                comment = self.cleaned_data.get(comment_field(code)) or ""
                out.append(ValueRow(indicator=code, value=value, comment=comment.strip()))
        return out

    def raw_values(self) -> dict[str, str]:
        """What was typed, valid or not (for the live check)."""
        return {code: (self.data.get(value_field(code)) or "").strip() for code in self.codes}


class ReturnForm(forms.Form):
    comment = FreeTextField(
        label=_("Why is it returned?"), widget=forms.Textarea(attrs={"rows": 2})
    )


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
