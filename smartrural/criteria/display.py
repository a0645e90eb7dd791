"""Values and thresholds as a reader expects them: numbers in the active locale's format with
their unit ("87,5%", "2,8 m²/người"), pass/fail as words."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .definition import CHOICE, PASS_FAIL, PERCENT, Indicator, Threshold
from .parsing import as_decimal, parse_value, plain

_ONE = Decimal(1)


def _number(value: Decimal) -> str:
    return number_format(Decimal(plain(value)), use_l10n=True)


def _with_unit(indicator: Indicator, number: str) -> str:
    if indicator.value_type == PERCENT or indicator.unit == "%":
        return f"{number}%"
    return f"{number} {indicator.unit}" if indicator.unit else number


def display(indicator: Indicator, text: str) -> str:
    if indicator.value_type == PASS_FAIL:
        return _("Pass") if text == "true" else _("Fail")
    if indicator.value_type == CHOICE:
        return text
    number = as_decimal(text)
    return text if number is None else _with_unit(indicator, _number(number))


def value_display(indicator: Indicator, text: str | None) -> str:
    """A stored value as a reader expects it: "87,5%", "Đạt", "2,8 m²/người"; "—" for none."""
    return display(indicator, text) if text else "—"


def threshold_text(threshold: Threshold) -> str:
    value = threshold.value
    if isinstance(value, tuple):
        return ", ".join(value)
    return plain(value) if isinstance(value, Decimal) else str(value)


def threshold_display(indicator: Indicator, threshold: Threshold) -> str:
    value = threshold.value
    if isinstance(value, tuple):
        return ", ".join(value)
    if indicator.value_type == PASS_FAIL:
        number = parse_value(indicator, value).number
        return _("Pass") if number == _ONE else _("Fail")
    return display(indicator, plain(value) if isinstance(value, Decimal) else str(value))
