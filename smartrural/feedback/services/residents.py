"""What residents do themselves: file a report from the public form (within the rate limits),
say "me too" on an open report, rate the resolution and reopen it from their status page.

The reporter is known by their tracking code only: these services are given the report the code
opened, and record their events with ``by`` None (the reporter).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.core.workdays import add_working_days

from .. import notify, tracking, workflow
from ..models import MAX_RATING, EventKind, Report, ReportEvent, Status, Supporter
from ..ratelimit import check_report_rate
from .events import record
from .submit import Submitted, report_submit

RATING_DAYS_AFTER_CLOSE = 14


@transaction.atomic
def report_submit_public(*, client_hash: str, **fields: Any) -> Submitted:
    """``report_submit`` for the public form: refused with ``RateLimited`` when this address or
    phone already sent the most allowed (counted in this transaction); the reporter who left an
    e-mail gets the confirmation with the tracking code."""
    contact = fields.get("contact")
    phone = getattr(contact, "phone", "")
    check_report_rate(
        client=client_hash,
        phone=tracking.keyed_hash(phone) if phone else "",
        now=timezone.now(),
    )
    done = report_submit(client_hash=client_hash, **fields)
    submitted = ReportEvent.objects.filter(report=done.report, kind=EventKind.SUBMITTED).first()
    if submitted is not None:
        notify.on_submitted(submitted, done.tracking_code)
    return done


@transaction.atomic
def report_support(*, report: Report, who_hash: str) -> bool:
    """One "me too" per person (``who_hash``: a keyed hash of their account, phone or address)
    on a published open report: True when counted, False when this person already said so
    (nothing changes). The row is inserted in a savepoint, so two clicks at once count once, and
    the counter moves with an F expression, so concurrent supporters are all counted."""
    if report.hidden or not report.is_open:
        raise Conflict(_("Only an open, published report can be supported."))
    try:
        with transaction.atomic():
            Supporter.objects.create(report=report, who_hash=who_hash)
    except IntegrityError:
        return False
    Report.objects.filter(pk=report.pk).update(supporters=F("supporters") + 1)
    report.refresh_from_db(fields=["supporters"])
    record(report, EventKind.SUPPORTED, by=None)
    return True


def _days_since(moment: dt.datetime | None, now: dt.datetime) -> int:
    if moment is None:
        return 0
    return (timezone.localdate(now) - timezone.localdate(moment)).days


def rating_open(report: Report, now: dt.datetime) -> bool:
    """Whether the reporter may (still) rate: resolved, or closed at most 14 days ago."""
    if report.status == Status.RESOLVED:
        return True
    if report.status == Status.CLOSED:
        return _days_since(report.closed_at, now) <= RATING_DAYS_AFTER_CLOSE
    return False


def reopen_open(report: Report, now: dt.datetime) -> bool:
    """Whether the reporter may still reopen: within ``REOPEN_DAYS`` days of the resolution."""
    if not workflow.allowed("reopen", report.status):
        return False
    return _days_since(report.resolved_at, now) <= workflow.REOPEN_DAYS


@transaction.atomic
def report_rate(*, report: Report, rating: int, comment: str = "") -> Report:
    """The reporter's rating of the resolution (1–5, with an optional comment); may be changed
    until 14 days after the report was closed."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if not 1 <= rating <= MAX_RATING:
        raise ValidationFailed(
            _("Give a rating from 1 to %(n)d.") % {"n": MAX_RATING}, field="rating"
        )
    now = timezone.now()
    if report.status not in (Status.RESOLVED, Status.CLOSED):
        raise Conflict(_("A report can be rated once it is resolved."))
    if not rating_open(report, now):
        raise Conflict(
            _("The rating closed %(n)d days after the report was closed.")
            % {"n": RATING_DAYS_AFTER_CLOSE}
        )
    report.rating = rating
    report.rating_comment = comment
    report.rated_at = now
    report.save()
    record(report, EventKind.RATED, by=None, at=now)
    return report


@transaction.atomic
def report_reopen(*, report: Report, reason: str) -> Report:
    """The reporter reopens a resolved (or closed) report within ``REOPEN_DAYS`` days of the
    resolution, saying why (public); it gets a new deadline from today."""
    report = Report.objects.select_for_update().select_related("category").get(pk=report.pk)
    if not reason.strip():
        raise ValidationFailed(_("Say why the problem is not solved."), field="reason")
    now = timezone.now()
    if not workflow.allowed("reopen", report.status):
        raise Conflict(_("Only a resolved report can be reopened."))
    if not reopen_open(report, now):
        raise Conflict(
            _("A report can be reopened within %(n)d days of its resolution; send a new report.")
            % {"n": workflow.REOPEN_DAYS}
        )
    before = report.status
    report.status = workflow.target("reopen")
    report.status_changed_at = now
    report.closed_at = None
    report.deadline = add_working_days(timezone.localdate(now), report.category.deadline_days)
    report.save()
    record(
        report,
        EventKind.REOPENED,
        by=None,
        at=now,
        from_status=before,
        to_status=report.status,
        public_text=reason,
    )
    return report
