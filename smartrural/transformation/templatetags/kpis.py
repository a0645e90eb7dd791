"""``{% load kpis %}`` then ``{{ kpi|kpi_value }}``: a KPI's figure as every page shows it —
"—" without data, "có"/"chưa" for a binary KPI of one unit (a service, indicator 8.4, a
team), else the share ("84,43%")."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from smartrural.core.numbers import format_percent

register = template.Library()


@register.filter
def kpi_value(kpi: Any) -> str:
    if kpi is None or kpi.value is None:
        return "—"
    if kpi.yes_no is not None:
        return _("yes") if kpi.yes_no else _("not yet")
    return format_percent(kpi.value, 2) or "—"
