"""A threshold's value, checked against its indicator's type and comparator when known."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from ..definition import CHOICE, COUNT, PASS_FAIL, PERCENT
from .jsonform import PASS_VALUE
from .problems import Problems

Kind = tuple[str, str, tuple[str, ...]]  # value type, comparator, choices


def parse_threshold_value(
    raw: dict[str, Any], loc: str, p: Problems, kind: Kind | None
) -> Decimal | str | tuple[str, ...] | None:
    value = raw.get("value")
    loc = f"{loc}.value"
    if value is None:
        p.add(loc, _("missing field"))
        return None
    if kind is None:  # variant override before resolution: shape only
        if isinstance(value, list):
            return tuple(str(v) for v in value)
        return _number(value) if isinstance(value, int | float) else str(value)
    value_type, comparator, choices = kind
    if value_type == PASS_FAIL:
        if value != PASS_VALUE:
            p.add(
                loc,
                _('a pass/fail threshold is "%(ok)s", not %(value)r')
                % {"ok": PASS_VALUE, "value": value},
            )
            return None
        return PASS_VALUE
    if value_type == CHOICE:
        values = value if isinstance(value, list) else [value]
        if comparator == "in" and not isinstance(value, list):
            p.add(loc, _("with 'in' the value is a list of choices"))
            return None
        unknown = [str(v) for v in values if str(v) not in choices]
        if unknown:
            p.add(loc, _("not among the choices: %(values)s") % {"values": ", ".join(unknown)})
            return None
        return tuple(str(v) for v in values) if comparator == "in" else str(value)
    number = _number(value)
    if number is None:
        p.add(loc, _("must be a number, not %(value)r") % {"value": value})
    elif value_type == PERCENT and not 0 <= number <= 100:
        p.add(loc, _("a percentage must be between 0 and 100, not %(value)s") % {"value": value})
    elif value_type == COUNT and (number < 0 or number != number.to_integral_value()):
        p.add(loc, _("a count must be a whole number ≥ 0, not %(value)s") % {"value": value})
    else:
        return number
    return None


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return None
    return number if number.is_finite() else None
