"""Explanations of evaluation results, rendered in the active language on demand.

"Chỉ tiêu 3.1: 79,9% < 80% (ngưỡng Đồng bằng sông Cửu Long)": numbers in the active locale's
format, the threshold's scope named (region, commune group, year, or national), placeholders
flagged.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from smartrural.geo.models import Region

from .definition import CHOICE, CONFIRMED, PASS_FAIL, PERCENT, SECONDARY, Indicator, Threshold
from .parsing import as_decimal, parse_value, plain
from .status import INVALID, MET, MISSING, NO_THRESHOLD, NOT_APPLICABLE

if TYPE_CHECKING:
    from .engine import IndicatorResult

_ONE = Decimal(1)

# Shown when the comparison holds / fails.
OP_MET = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=", "in": "∈"}
OP_NOT_MET = {">=": "<", ">": "≤", "<=": ">", "<": "≥", "==": "≠", "in": "∉"}


def _number(value: Decimal) -> str:
    return number_format(Decimal(plain(value)), use_l10n=True)


def _with_unit(indicator: Indicator, number: str) -> str:
    if indicator.value_type == PERCENT or indicator.unit == "%":
        return f"{number}%"
    return f"{number} {indicator.unit}" if indicator.unit else number


def _display(indicator: Indicator, text: str) -> str:
    if indicator.value_type == PASS_FAIL:
        return _("Pass") if text == "true" else _("Fail")
    if indicator.value_type == CHOICE:
        return text
    number = as_decimal(text)
    return text if number is None else _with_unit(indicator, _number(number))


def value_display(indicator: Indicator, text: str | None) -> str:
    """A stored value as a reader expects it: "87,5%", "Đạt", "2,8 m²/người"; "—" for none."""
    return _display(indicator, text) if text else "—"


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
    return _display(indicator, plain(value) if isinstance(value, Decimal) else str(value))


def threshold_scope(threshold: Threshold) -> str:
    """Whose threshold it is: region, commune group, year, or national."""
    parts: list[str] = []
    if threshold.region:
        labels = dict(Region.choices)
        parts.append(str(labels.get(threshold.region, threshold.region)))
    if threshold.commune_group is not None:
        parts.append(_("commune group %(group)s") % {"group": threshold.commune_group})
    if threshold.year is not None:
        parts.append(_("year %(year)s") % {"year": threshold.year})
    return ", ".join(parts) if parts else _("national")


def threshold_origin(threshold: Threshold, *, provincial: bool = False) -> str:
    """Where a threshold comes from, in one phrase (one badge; never "national" and
    "provincial placeholder" at once): confirmed national (or, ``provincial``, the province's
    own confirmed threshold), national from a secondary source, or a provincial placeholder
    for a value not confirmed."""
    if threshold.provenance == CONFIRMED:
        if provincial:
            return _("Provincial threshold, confirmed")
        return _("National threshold, confirmed")
    if threshold.provenance == SECONDARY:
        return _("National threshold from a secondary source, not yet checked")
    return _("Provincial placeholder, unconfirmed: not an official value")


def _narrow_scope(threshold: Threshold) -> str:
    """The region, commune group or year a threshold is limited to ("" when it is not)."""
    return threshold_scope(threshold) if threshold.specificity else ""


def explain(result: IndicatorResult) -> str:
    """One sentence in the active language, e.g. "Chỉ tiêu 3.1: 79,9% < 80% (ngưỡng ...)"."""
    ind, code, status = result.indicator, result.code, result.status
    if status == NOT_APPLICABLE:
        return _("Indicator %(code)s: does not apply to wards and townships.") % {"code": code}
    if status == MISSING:
        return _("Indicator %(code)s: no data.") % {"code": code}
    value = _display(ind, result.value or "")
    threshold = result.threshold
    if status == NO_THRESHOLD or threshold is None:
        return _("Indicator %(code)s: %(value)s (no threshold applies to this unit and year).") % {
            "code": code,
            "value": value,
        }
    if status == INVALID:
        return _("Indicator %(code)s: the stored value “%(value)s” does not fit this set.") % {
            "code": code,
            "value": result.value,
        }
    ops = OP_MET if status == MET else OP_NOT_MET
    fields = {
        "code": code,
        "value": value,
        "op": ops[ind.comparator],
        "threshold": threshold_display(ind, threshold),
        "scope": threshold_scope(threshold),
    }
    # One provenance per sentence: a placeholder is never also called "national".
    narrow = _narrow_scope(threshold)
    if threshold.provenance == CONFIRMED and not threshold.placeholder:
        text = (
            _("Indicator %(code)s: %(value)s %(op)s %(threshold)s (%(scope)s threshold)") % fields
        )
    elif threshold.provenance == SECONDARY:
        text = (
            _(
                "Indicator %(code)s: %(value)s %(op)s %(threshold)s "
                "(%(scope)s threshold, from a secondary source)"
            )
            % fields
        )
    elif narrow:
        text = _(
            "Indicator %(code)s: %(value)s %(op)s %(threshold)s "
            "(provincial placeholder for %(narrow)s, not an official value)"
        ) % {**fields, "narrow": narrow}
    else:
        text = (
            _(
                "Indicator %(code)s: %(value)s %(op)s %(threshold)s "
                "(provincial placeholder, not an official value)"
            )
            % fields
        )
    if result.difficult:
        text += " — " + _("especially difficult commune")
    return text
