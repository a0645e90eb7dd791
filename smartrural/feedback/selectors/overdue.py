"""When a report is overdue — the one definition every page, count and job uses.

A report is overdue when it still waits for the administration (``models.OPEN_STATUSES``) and
today, in Viet Nam, is after its deadline. On the deadline day itself it is not overdue yet: the
deadline is the last working day the unit has (``core.workdays.add_working_days``), so Tết and
the other public holidays are already counted in it.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from ..models import OPEN_STATUSES, Report


def overdue_q(today: dt.date) -> Q:
    """The reports overdue on ``today`` (a local date), as a filter on ``Report``."""
    return Q(status__in=OPEN_STATUSES, deadline__lt=today)


def is_overdue(report: Report, today: dt.date) -> bool:
    return report.status in OPEN_STATUSES and report.deadline < today


def days_overdue(report: Report, today: dt.date) -> int:
    """Calendar days since the deadline on ``today`` (0 when not overdue)."""
    return (today - report.deadline).days if is_overdue(report, today) else 0
