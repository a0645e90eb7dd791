"""The fields of one indicator on the entry form, read as the engine reads a value."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartrural.core.numbers import format_number

from ..definition import COUNT, NUMBER, PASS_FAIL, PERCENT, Indicator
from ..parsing import InvalidValue, parse_value


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
