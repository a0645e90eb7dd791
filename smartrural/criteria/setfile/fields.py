"""The fields of a set file's head that a full set and a variant share: legal basis and period."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from .problems import Problems


def parse_legal_basis(
    data: dict[str, Any], p: Problems, *, required: bool = True
) -> tuple[str | None, dt.date | None]:
    legal = p.get(data, "legal_basis", "", dict, required=required)
    if legal is None:
        return None, None
    p.keys(legal, "legal_basis", ("number", "date"))
    number = p.get(legal, "number", "legal_basis", str)
    date = legal.get("date")
    if date is None:
        p.add("legal_basis.date", _("missing field"))
    elif not isinstance(date, dt.date):
        p.add(
            "legal_basis.date",
            _("must be a date written YYYY-MM-DD, not %(value)r") % {"value": date},
        )
        date = None
    return number, date


def parse_period(data: dict[str, Any], p: Problems, *, required: bool) -> tuple[int, int] | None:
    period = p.get(data, "period", "", dict, required=required)
    if period is None:
        return None
    p.keys(period, "period", ("from", "to"))
    start = p.get(period, "from", "period", int)
    end = p.get(period, "to", "period", int)
    if start is None or end is None:
        return None
    if start > end:
        p.add(
            "period", _("'from' (%(start)s) is after 'to' (%(end)s)") % {"start": start, "end": end}
        )
        return None
    return start, end
