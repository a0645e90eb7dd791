"""Numbers in templates, one style everywhere (``smartrural.core.numbers``).

``{% load numbers %}`` then ``{{ value|vn_number }}`` ("87,5"), ``{{ value|vn_number:2 }}``
("87,50"), ``{{ value|vn_number:"-2" }}`` (at most two decimals), ``{{ share|vn_percent }}``
("30,50%"), ``{{ target|vn_percent:"-2" }}`` ("35%"). A value that is no number shows as "—".
"""

from __future__ import annotations

from typing import Any

from django import template

from smartrural.core.numbers import format_number, format_percent

register = template.Library()

NONE = "—"


@register.filter
def vn_number(value: Any, decimals: int | str | None = None) -> str:
    return format_number(value, decimals) or NONE


@register.filter
def vn_percent(value: Any, decimals: int | str | None = 2) -> str:
    return format_percent(value, decimals) or NONE
