"""Opening a report with its tracking code: the status page's only way to a report.

A code that names no report counts against the address (``ratelimit``: guessing is slowed down
to ``FEEDBACK_TRACKING_MISSES_PER_HOUR`` tries an hour); a code whose report was closed or
refused more than ``FEEDBACK_TRACKING_DAYS_AFTER_CLOSE`` days ago has expired.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from .. import tracking
from ..models import Report, ReportEvent, ReportPhoto, Status
from ..ratelimit import check_tracking_misses, record_tracking_miss
from ..visibility import PUBLIC_EVENT_KINDS, PUBLIC_PHOTO_STATES


@dataclass(frozen=True)
class Lookup:
    report: Report | None
    expired: bool = False


def last_day(report: Report) -> dt.date | None:
    """The last local day the code opens the status page (None: the report is not done)."""
    days = dt.timedelta(days=int(settings.FEEDBACK_TRACKING_DAYS_AFTER_CLOSE))
    if report.status == Status.CLOSED and report.closed_at:
        return timezone.localdate(report.closed_at) + days
    if report.status == Status.REFUSED:
        return timezone.localdate(report.status_changed_at) + days
    return None


def report_by_code(code: str, *, client: str) -> Lookup:
    """The report of ``code`` (any spelling), or ``Lookup(None)``; ``RateLimited`` when this
    address already typed too many wrong codes."""
    now = timezone.now()
    check_tracking_misses(client=client, now=now)
    normal = tracking.normalise(code)
    report = (
        Report.objects.select_related("category", "place", "commune", "responsible_unit")
        .filter(tracking_hash=tracking.code_hash(normal))
        .first()
        if normal
        else None
    )
    if report is None:
        record_tracking_miss(client=client, now=now)
        return Lookup(None)
    end = last_day(report)
    return Lookup(report, expired=end is not None and timezone.localdate(now) > end)


def public_timeline(report: Report) -> QuerySet[ReportEvent]:
    """The events residents see (``visibility``'s rule: no notes, moderation or "me too"; the
    template shows only public texts not taken down)."""
    return (
        report.events.filter(kind__in=PUBLIC_EVENT_KINDS)
        .select_related("to_unit")
        .order_by("at", "pk")
    )


def visible_photos(report: Report) -> QuerySet[ReportPhoto]:
    return report.photos.filter(state__in=PUBLIC_PHOTO_STATES).order_by(
        "event_id", "position", "pk"
    )


def public_page_url(report: Report) -> str | None:
    """The report's public page (from the public part), when it has one."""
    if report.hidden:
        return None
    try:
        return reverse("feedback:report-detail", args=[report.pk])
    except NoReverseMatch:
        return None
