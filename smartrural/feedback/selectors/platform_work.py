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

from django.db.models import Count, DateField
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ..models import Report, Status

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
HANDLED = (Status.RESOLVED, Status.CLOSED)


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def handled_reports(
    *, start: dt.date, end: dt.date, unit_ids: Collection[int] | None
) -> dict[tuple[int, dt.date], int]:
    """Reports handled per (responsible unit id, first day of month), months ``start``'s to
    ``end``'s (both included); one query (none for an empty ``unit_ids``)."""
    if unit_ids is not None and not unit_ids:
        return {}
    first, last = start.replace(day=1), end.replace(day=1)
    since = timezone.make_aware(dt.datetime.combine(first, dt.time.min), LOCAL)
    until = timezone.make_aware(dt.datetime.combine(_next_month(last), dt.time.min), LOCAL)
    rows = Report.objects.filter(status__in=HANDLED, resolved_at__gte=since, resolved_at__lt=until)
    if unit_ids is not None:
        rows = rows.filter(responsible_unit_id__in=list(unit_ids))
    grouped = (
        rows.annotate(month=TruncMonth("resolved_at", output_field=DateField(), tzinfo=LOCAL))
        .values_list("responsible_unit_id", "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(unit_id, month): n for unit_id, month, n in grouped}
