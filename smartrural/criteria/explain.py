"""Explanations of evaluation results, rendered in the active language on demand.

"Chỉ tiêu 3.1: 79,9% < 80% (ngưỡng Đồng bằng sông Cửu Long)": numbers in the active locale's
format (``display``), the threshold's scope named (region, commune group, year, or national),
placeholders flagged (``provenance``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from .definition import CONFIRMED, SECONDARY
from .display import display, threshold_display
from .provenance import narrow_scope, threshold_scope
from .status import INVALID, MET, MISSING, NO_THRESHOLD, NOT_APPLICABLE

if TYPE_CHECKING:
    from .results import IndicatorResult

# Shown when the comparison holds / fails.
OP_MET = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=", "in": "∈"}
OP_NOT_MET = {">=": "<", ">": "≤", "<=": ">", "<": "≥", "==": "≠", "in": "∉"}


def explain(result: IndicatorResult) -> str:
    """One sentence in the active language, e.g. "Chỉ tiêu 3.1: 79,9% < 80% (ngưỡng ...)"."""
    ind, code, status = result.indicator, result.code, result.status
    if status == NOT_APPLICABLE:
        return _("Indicator %(code)s: does not apply to wards and townships.") % {"code": code}
    if status == MISSING:
        return _("Indicator %(code)s: no data.") % {"code": code}
    value = display(ind, result.value or "")
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
    narrow = narrow_scope(threshold)
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
