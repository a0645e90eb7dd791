"""The two sides of an indicator's comparison: the threshold and the stored value, each in the
form the comparator takes (numbers as floats, choices folded, ``in`` as a set)."""

from __future__ import annotations

import operator
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from smartrural.core.text import fold

from .definition import CHOICE, PASS_FAIL, Indicator, Threshold
from .parsing import as_decimal, parse_value

COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
    "in": lambda a, b: a in b,
}


def threshold_operand(indicator: Indicator, threshold: Threshold) -> Any:
    """The threshold in the same form as a parsed value, ready to compare."""
    value = threshold.value
    if indicator.value_type == PASS_FAIL:
        return float(parse_value(indicator, value).number or 0)
    if indicator.comparator == "in":
        items = value if isinstance(value, tuple) else (value,)
        return frozenset(fold(str(x)) for x in items)
    if indicator.value_type == CHOICE:
        return fold(str(value))
    number = value if isinstance(value, Decimal) else as_decimal(str(value))
    # Numbers compare as floats: a stored value and a threshold written with the same decimal
    # round to the same float, so order and equality hold, and floats load ~10x faster in bulk.
    return None if number is None else float(number)


def value_operand(indicator: Indicator, text: str, number: Decimal | float | None) -> Any:
    """A stored value (its text and number) in the form of its threshold's operand;
    ``InvalidValue`` when the text no longer fits the indicator."""
    if indicator.value_type == CHOICE:
        return fold(text)
    if number is not None:
        return float(number)
    return float(parse_value(indicator, text).number or 0)
