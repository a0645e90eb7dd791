"""Feedback handled on SmartRural, as digital-transformation work records (``core.platform_work``).

The rule: each report **resolved or closed** counts as one work record processed online, for
its responsible unit (the unit that resolved it: after an escalation, the unit above), in the
month of its latest resolution in Viet Nam's local time. A report reopened counts again only
once it is resolved again (then in the month of that resolution), so a reopened report is not
counted while it waits.

Refused reports do not count, whatever the reason: spam and duplicates are no work handled, and a
report "not within our competence" is sent elsewhere, where the matter is handled (or not) —
counting it would reward refusing. Reports still open do not count either.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.utils import timezone

from ..models import Report, Status

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
HANDLED = (Status.RESOLVED, Status.CLOSED)


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _local_start(month: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(month, dt.time.min), LOCAL)


def handled_reports(
    *, start: dt.date, end: dt.date, unit_ids: Collection[int] | None
) -> dict[tuple[int, dt.date], int]:
    """Reports handled per (responsible unit id, first day of month), months ``start``'s to
    ``end``'s (both included); one query (none for an empty ``unit_ids``).

    Each month is a count over its local bounds (``COUNT … FILTER``) rather than a truncation
    of every row's date: SQLite truncates dates in Python, row by row, which cost 60 ms a page
    at 50,000 reports; the bounds read the ``feedback_handled`` index alone."""
    if unit_ids is not None and not unit_ids:
        return {}
    months = [start.replace(day=1)]
    while months[-1] < end.replace(day=1):
        months.append(_next_month(months[-1]))
    bounds = [_local_start(m) for m in [*months, _next_month(months[-1])]]
    rows = Report.objects.filter(
        status__in=HANDLED, resolved_at__gte=bounds[0], resolved_at__lt=bounds[-1]
    )
    if unit_ids is not None:
        rows = rows.filter(responsible_unit_id__in=list(unit_ids))
    counts = {
        f"m{i}": Count("pk", filter=Q(resolved_at__gte=bounds[i], resolved_at__lt=bounds[i + 1]))
        for i in range(len(months))
    }
    grouped = rows.order_by().values("responsible_unit_id").annotate(**counts)
    return {
        (row["responsible_unit_id"], month): row[f"m{i}"]
        for row in grouped
        for i, month in enumerate(months)
        if row[f"m{i}"]
    }
