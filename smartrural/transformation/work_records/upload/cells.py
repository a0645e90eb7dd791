"""One cell of an uploaded file: which column a header names, the month a cell holds, a count."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartrural.core.text import fold

UNIT, MONTH, TOTAL, ONLINE = "unit", "month", "total", "online"
COLUMNS = (UNIT, MONTH, TOTAL, ONLINE)
COLUMN_LABELS = {
    UNIT: gettext_lazy("Unit code"),
    MONTH: gettext_lazy("Month"),
    TOTAL: gettext_lazy("Total"),
    ONLINE: gettext_lazy("Online"),
}
_MONTH_PATTERNS = (
    (re.compile(r"^(\d{4})[-/.](\d{1,2})$"), ("year", "month")),
    (re.compile(r"^(\d{1,2})[-/.](\d{4})$"), ("month", "year")),
    (re.compile(r"^\d{1,2}[-/.](\d{1,2})[-/.](\d{4})$"), ("month", "year")),
    (re.compile(r"^(\d{4})-(\d{1,2})-\d{1,2}(?:[ T].*)?$"), ("year", "month")),
)


def column_of(header: Any) -> str | None:
    """Which column a header cell names (None: a column we do not read)."""
    text = fold(str(header or "")).replace("_", " ")
    if not text:
        return None
    if "truc tuyen" in text or "online" in text:
        return ONLINE
    if text.startswith(("tong", "total")) or "tong so" in text:
        return TOTAL
    if text.startswith(("thang", "month", "ky bao cao", "period")):
        return MONTH
    if (
        "ma don vi" in text
        or "ma dv" in text
        or "unit code" in text
        or text in {"ma", "code", "unit", "don vi", "ma so"}
    ):
        return UNIT
    return None


def month_text(value: Any) -> str | None:
    """The month a cell holds, as YYYY-MM (None when it holds none we can read)."""
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year:04d}-{value.month:02d}"
    text = str(value or "").strip()
    for pattern, order in _MONTH_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            if 1 <= parts["month"] <= 12 and parts["year"] >= 1900:
                return f"{parts['year']:04d}-{parts['month']:02d}"
    return None


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def count_of(value: Any, column: str) -> tuple[int | None, str | None]:
    label = str(COLUMN_LABELS[column])
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        text = cell_text(value).replace(" ", "")
        if text == "":
            return None, _("%(column)s is empty.") % {"column": label}
        if not re.fullmatch(r"[+-]?\d+", text):
            return None, _("%(column)s must be a whole number, not “%(value)s”.") % {
                "column": label,
                "value": cell_text(value),
            }
        number = int(text)
    if number < 0:
        return None, _("%(column)s cannot be negative (%(value)s).") % {
            "column": label,
            "value": number,
        }
    return number, None
