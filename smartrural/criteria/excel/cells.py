"""The cells of an indicator's row in a template: its value as officers write it, its threshold
as the entry page shows it, and the drop-down or range Excel checks a typed value against."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _
from openpyxl.worksheet.datavalidation import DataValidation

from smartrural.core.numbers import format_number
from smartrural.geo.models import AdministrativeUnit

from ..definition import CHOICE, COUNT, NUMBER, PASS_FAIL, PERCENT, Indicator, Threshold
from ..display import threshold_display
from ..explain import OP_MET
from ..provenance import threshold_origin, threshold_scope
from .layout import FAIL, PASS


def display(ind: Indicator, text: str) -> str:
    if ind.value_type == PASS_FAIL:
        return PASS if text == "true" else FAIL
    if ind.value_type in (PERCENT, NUMBER, COUNT):
        return format_number(text) or text  # "87,5": the page's decimal mark
    return text


def threshold_label(
    ind: Indicator,
    unit: AdministrativeUnit,
    year: int,
    provincial: Callable[[str, Threshold], bool],
) -> str:
    """The threshold as the entry page shows it: "≥ 80% (Đồng bằng sông Cửu Long) — Ngưỡng
    quốc gia, đã xác nhận" (the scope only when the threshold is limited to one)."""
    t = ind.threshold_for(region=unit.region, commune_group=unit.commune_group, year=year)
    if t is None:
        return _("no threshold")
    if ind.value_type == PASS_FAIL:
        text = PASS
    else:
        text = f"{OP_MET.get(ind.comparator, ind.comparator)} {threshold_display(ind, t)}"
    if t.specificity:
        text += f" ({threshold_scope(t)})"
    return f"{text} — {threshold_origin(t, provincial=provincial(ind.code, t))}"


def validation(ind: Indicator) -> DataValidation | None:
    if ind.value_type == PASS_FAIL:
        return DataValidation(type="list", formula1=f'"{PASS},{FAIL}"', allow_blank=True)
    if ind.value_type == CHOICE:
        joined = ",".join(ind.choices)
        if len(joined) <= 250 and not any("," in c or '"' in c for c in ind.choices):
            return DataValidation(type="list", formula1=f'"{joined}"', allow_blank=True)
    if ind.value_type == PERCENT:
        return DataValidation(type="decimal", operator="between", formula1="0", formula2="100")
    if ind.value_type == COUNT:
        return DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    return None
