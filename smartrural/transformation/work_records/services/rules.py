"""The rules of one monthly figure: a unit that counts work records, a month begun, whole
counts with online ≤ total, a known source, unchanged since the version the writer read."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from smartrural.core.errors import ValidationFailed
from smartrural.core.versioning import FieldConflict, row_conflicts
from smartrural.geo.models import AdministrativeUnit, Level

from ...models import Source, WorkRecordStat

STAT_LEVELS = frozenset({Level.PROVINCE, Level.DISTRICT, Level.COMMUNE})


def parse_month(text: str) -> dt.date:
    """``YYYY-MM`` as the first day of that month (``ValidationFailed`` otherwise)."""
    try:
        year, month = (int(part) for part in str(text).strip().split("-"))
        return dt.date(year, month, 1)
    except (ValueError, TypeError) as exc:
        raise ValidationFailed(
            _("The month must be written YYYY-MM, not “%(value)s”.") % {"value": text},
            field="month",
        ) from exc


def _count(value: Any, name: str) -> int:
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError as exc:
        raise ValidationFailed(
            _("%(name)s must be a whole number, not “%(value)s”.") % {"name": name, "value": value},
            field=name,
        ) from exc
    if isinstance(number, bool) or number < 0:
        raise ValidationFailed(
            _("%(name)s cannot be negative.") % {"name": name.capitalize()}, field=name
        )
    return number


def validate(
    *, unit: AdministrativeUnit, month: dt.date, total: Any, online: Any
) -> tuple[int, int]:
    if unit.level not in STAT_LEVELS:
        raise ValidationFailed(
            _(
                "Work records are counted for provinces, districts and communes; "
                "%(unit)s is not one."
            )
            % {"unit": unit.name},
            field="unit",
        )
    if month.day != 1:
        raise ValidationFailed(_("The month must be the first day of a month."), field="month")
    if month > timezone.localdate().replace(day=1):
        raise ValidationFailed(
            _("The month %(month)s is in the future.") % {"month": month.strftime("%Y-%m")},
            field="month",
        )
    total_n, online_n = _count(total, "total"), _count(online, "online")
    if online_n > total_n:
        raise ValidationFailed(
            _("Records processed online (%(online)s) cannot exceed the total (%(total)s).")
            % {"online": online_n, "total": total_n},
            field="online",
        )
    return total_n, online_n


def check_source(source: str) -> None:
    if source not in Source.values:
        raise ValidationFailed(
            _("Unknown source “%(source)s”.") % {"source": source}, field="source"
        )


def stat_conflicts(
    row: WorkRecordStat | None, version: int | None, *, total: int, online: int, key: str
) -> list[FieldConflict]:
    """The fields of a monthly figure changed since the writer read it at ``version``."""
    return row_conflicts(
        WorkRecordStat,
        row,
        version,
        sent={"total": total, "online": online},
        row=key,
        row_label=key,
    )
