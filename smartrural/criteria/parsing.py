"""Raw values read as an indicator's type.

Value types and what ``parse_value`` accepts (stored as ``Parsed(text, number)``):

- percent: 0-100, decimal comma or point ("85,2", "85.2", "85.2%")
- number: any decimal (comma or point; thousands separators are not accepted: "50.000" is
  ambiguous between Vietnamese and English writing)
- count: a whole number >= 0
- pass_fail: "Đạt"/"Không đạt", "dat"/"khong dat", "1"/"0", "true"/"false" -> "true"/"false"
- choice: one of the indicator's choices (diacritics and case ignored) -> the choice as written
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from smartrural.core.text import fold

from .definition import CHOICE, COUNT, PASS_FAIL, PERCENT, Indicator

_TRUE = frozenset({"dat", "1", "true", "co", "yes"})
_FALSE = frozenset({"khong dat", "khongdat", "0", "false", "khong", "no"})
_ONE, _ZERO, _HUNDRED = Decimal(1), Decimal(0), Decimal(100)


class InvalidValue(ValueError):
    """A raw value that does not fit the indicator's type; ``message`` is translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Parsed:
    text: str  # canonical text as stored in ``IndicatorValue.value``
    number: Decimal | None  # numeric form (pass/fail: 1/0), None for a choice


def as_decimal(raw: str) -> Decimal | None:
    text = raw.strip().replace(" ", "").replace("\u00a0", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def plain(value: Decimal) -> str:
    """Decimal as plain text without exponent or trailing zeros: 80.0000 -> "80"."""
    if value == value.to_integral_value():
        return str(value.quantize(_ONE))
    return format(value.normalize(), "f")


def parse_value(indicator: Indicator, raw: object) -> Parsed:
    """``raw`` as the indicator's type, or ``InvalidValue`` naming what is wrong."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        raise InvalidValue(_("A value is required."))
    kind = indicator.value_type
    if kind == PASS_FAIL:
        folded = fold(text)
        if folded in _TRUE:
            return Parsed("true", _ONE)
        if folded in _FALSE:
            return Parsed("false", _ZERO)
        raise InvalidValue(
            _("“%(value)s” is not a pass/fail value; write Đạt or Không đạt.") % {"value": text}
        )
    if kind == CHOICE:
        for choice in indicator.choices:
            if fold(choice) == fold(text):
                return Parsed(choice, None)
        raise InvalidValue(
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": text, "choices": ", ".join(indicator.choices)}
        )
    number = as_decimal(text[:-1] if kind == PERCENT and text.endswith("%") else text)
    if kind == PERCENT:
        if number is None:
            raise InvalidValue(
                _("“%(value)s” is not a percentage; write a number from 0 to 100 such as 85,2.")
                % {"value": text}
            )
        if not _ZERO <= number <= _HUNDRED:
            raise InvalidValue(_("“%(value)s” is outside 0–100%%.") % {"value": text})
    elif kind == COUNT:
        if number is None or number < 0 or number != number.to_integral_value():
            raise InvalidValue(
                _("“%(value)s” is not a whole number of 0 or more.") % {"value": text}
            )
    elif number is None:
        raise InvalidValue(_("“%(value)s” is not a number.") % {"value": text})
    return Parsed(plain(number), number)
