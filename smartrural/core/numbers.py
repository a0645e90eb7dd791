"""Numbers as Vietnamese readers write them: shown with a decimal comma, typed with a comma or a
point.

One way to show and one way to read, used by every page, export text and form:

- ``format_number(value, decimals)``: "79,9" (Vietnamese), "79.9" (English): the active
  language's decimal mark, no thousands separator (years and codes stay "2023"; big counts use
  ``intcomma``). ``decimals`` follows ``floatformat``: ``None`` keeps the digits the value has
  (trailing zeros dropped: 87.5000 -> "87,5"), ``n`` exactly n decimals, ``-n`` at most n.
- ``format_percent(value, decimals=2)``: "34,09%": the number, then "%" with no space, the one
  percent style of every page (two decimals unless said otherwise: "30,50%").
- ``parse_decimal(text)``: a typed number: a decimal comma ("79,9") or point ("79.9"), spaces
  ignored (also as a thousands separator: "1 250"), an optional leading sign; ``None`` for
  anything else ("1,234.5", "1e5"). One comma or one point is always the decimal mark, as in
  the evaluation engine's ``parse_value``: "50.000" is 50, never fifty thousand.
- ``DecimalCommaField``: a form field that reads with ``parse_decimal`` and shows its initial
  value with the language's decimal mark.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

_SPACES = (" ", "\u00a0", "\u202f")


def to_decimal(value: Any) -> Decimal | None:
    """``value`` (a number, a Decimal or canonical text such as "87.5") as a finite Decimal."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    else:
        parsed = parse_decimal(str(value))
        if parsed is None:
            return None
        number = parsed
    return number if number.is_finite() else None


def parse_decimal(text: str) -> Decimal | None:
    """A number typed by a person ("79,9", "79.9", " 1 250 "): see the module docstring."""
    raw = str(text).strip()
    for space in _SPACES:
        raw = raw.replace(space, "")
    if not raw:
        return None
    if raw.count(",") == 1 and "." not in raw:
        raw = raw.replace(",", ".")
    if raw.count(".") > 1 or "," in raw:
        return None
    body = raw[1:] if raw[:1] in "+-" else raw
    if not body or not all(ch.isdigit() or ch == "." for ch in body) or body == ".":
        return None
    if not body.isascii():
        return None  # other scripts' digits are not what an officer types
    try:
        number = Decimal(raw)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _rounded(number: Decimal, decimals: int | str | None) -> tuple[Decimal, int | None]:
    """``number`` rounded as ``floatformat`` would, and the decimals to show (None: as is)."""
    if decimals is None or decimals == "":
        return number, None
    places = int(decimals)
    keep = abs(places)
    rounded = number.quantize(Decimal(1).scaleb(-keep), rounding=ROUND_HALF_UP)
    if places < 0 and rounded == rounded.to_integral_value():
        return rounded, 0
    if places < 0:
        return rounded.normalize(), None
    return rounded, keep


def format_number(value: Any, decimals: int | str | None = None) -> str:
    """``value`` with the active language's decimal mark ("79,9"); "" when it is no number."""
    number = to_decimal(value)
    if number is None:
        return ""
    number, places = _rounded(number, decimals)
    if places is None:
        if number == number.to_integral_value():
            number = number.quantize(Decimal(1))
        else:
            number = number.normalize()
    if number == 0:
        number = abs(number)  # no "-0"
    return number_format(number, decimal_pos=places, use_l10n=True, force_grouping=False)


def format_percent(value: Any, decimals: int | str | None = 2) -> str:
    """``value`` (already a percentage: 34.09, not 0.3409) as "34,09%"; "" for no number."""
    text = format_number(value, decimals)
    return f"{text}%" if text else ""


class DecimalCommaField(forms.DecimalField):
    """A decimal typed with a comma or a point, whatever the page's language, and shown with the
    language's decimal mark (the stored value stays a plain Decimal)."""

    default_error_messages = {
        "invalid": _("Enter a number, with a decimal comma if needed (for example 79,9)."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs["localize"] = True
        # A text box: a number box refuses "79,9" in browsers set to English.
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            number = to_decimal(value)
        else:
            number = parse_decimal(str(value))
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number

    def prepare_value(self, value: Any) -> Any:
        number = to_decimal(value) if not isinstance(value, str) else None
        return format_number(number) if number is not None else value
