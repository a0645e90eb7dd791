"""What the clock does to reports (the periodic jobs of ``feedback.tasks`` call these).

- ``reports_rehome``: an open report whose responsible unit was dissolved (the 2025
  reorganisation) goes to the unit that took it over, valid today;
- ``report_escalate_overdue``: an overdue report (``selectors.overdue``) moves to the level above
  its responsible unit, at most once every ``FEEDBACK_ESCALATION_WORKING_DAYS`` working days;
- ``report_close_resolved``: a resolved report the reporter did not reopen within
  ``workflow.REOPEN_DAYS`` days closes by itself;
- ``photos_prune``: photo files no row names (left by a rolled-back submission) are deleted.

Each report is changed in its own short transaction, locked and read again inside it, so a job
never holds the write lock for long and never writes over an officer's change made meanwhile
(the row it changes is the row as it is now, not as the job first listed it). Running a job
twice on one day changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from smartrural.core.workdays import is_working_day
from smartrural.geo.models import AdministrativeUnit, path_ids
from smartrural.geo.selectors import all_successors

from .. import workflow
from ..models import OPEN_STATUSES, EventKind, Report, ReportPhoto, Status
from ..routing import role_for
from ..selectors.overdue import days_overdue, is_overdue, overdue_q
from .events import record
from .moves import report_close

logger = logging.getLogger(__name__)

PHOTOS_FOLDER = "feedback"
PHOTO_PRUNE_AGE = dt.timedelta(days=1)


# --- escalation ------------------------------------------------------------------------------


def escalation_cutoff(today: dt.date, working_days: int) -> dt.date:
    """The latest day a report may have been escalated on and escalate again ``today``: the
    period after it up to ``today`` holds ``working_days`` working days (at least one)."""
    day, count = today, 0
    while count < max(working_days, 1):
        count += is_working_day(day)
        day -= dt.timedelta(days=1)
    return day


def _successor(unit: AdministrativeUnit, today: dt.date) -> AdministrativeUnit | None:
    """The unit valid on ``today`` that took ``unit`` over, at its own level or above."""
    for link in all_successors(unit=unit):
        if link.unit.depth <= unit.depth and link.unit.is_valid_on(today):
            return link.unit
    return None


def unit_above(unit: AdministrativeUnit, today: dt.date) -> AdministrativeUnit | None:
    """The unit valid on ``today`` one level or more above ``unit``: its parent; a parent
    dissolved since (a 2023 district, a merged province) gives way to its successor at its own
    level or above, else to its own parent, and so on. None for a province (nothing above)."""
    chain = AdministrativeUnit.objects.in_bulk(path_ids(unit.path)[:-1])
    for ancestor_id in reversed(path_ids(unit.path)[:-1]):
        ancestor = chain[ancestor_id]
        if ancestor.is_valid_on(today):
            return ancestor
        successor = _successor(ancestor, today)
        if successor is not None:
            return successor
    return None


# --- reports of dissolved units --------------------------------------------------------------


def unit_taking_over(unit: AdministrativeUnit, today: dt.date) -> AdministrativeUnit | None:
    """Who handles, on ``today``, what the dissolved ``unit`` handled: its successor (a merged
    commune's new commune, Trà Vinh's Vĩnh Long), else the unit above it (a district dissolved
    without a successor: its province of today). None when nothing valid today takes it."""
    return _successor(unit, today) or unit_above(unit, today)


def reports_rehome(*, today: dt.date) -> list[int]:
    """Give every open report whose responsible unit is no longer valid on ``today`` to the unit
    taking it over (``unit_taking_over``, looked up once per dissolved unit and before any write),
    with a ``REASSIGNED`` event saying why (internal); its deadline stays. The ids moved; one
    short transaction per report."""
    candidates = list(
        Report.objects.filter(status__in=OPEN_STATUSES, responsible_unit__valid_to__lt=today)
        .select_related("responsible_unit")
        .order_by("pk")
    )
    takers: dict[int, AdministrativeUnit | None] = {}
    moved = []
    for candidate in candidates:
        before = candidate.responsible_unit
        if before.pk not in takers:
            takers[before.pk] = unit_taking_over(before, today)
            if takers[before.pk] is None:
                logger.warning("No unit valid on %s takes over the reports of %s.", today, before)
        after = takers[before.pk]
        if after is not None and _rehome_one(candidate.pk, before=before, after=after):
            moved.append(candidate.pk)
    return moved


@transaction.atomic
def _rehome_one(pk: int, *, before: AdministrativeUnit, after: AdministrativeUnit) -> bool:
    report = Report.objects.select_for_update().filter(pk=pk).first()
    if report is None or not report.is_open or report.responsible_unit_id != before.pk:
        return False  # closed or moved meanwhile
    report.responsible_unit = after
    report.responsible_role = role_for(after)
    report.assignee = None
    report.save()
    record(
        report,
        EventKind.REASSIGNED,
        by=None,
        from_unit=before,
        to_unit=after,
        internal_text=_("%(from)s no longer exists (until %(day)s); %(to)s takes the report over.")
        % {
            "from": before.name,
            "day": before.valid_to.strftime("%d/%m/%Y") if before.valid_to else "",
            "to": after.name,
        },
    )
    return True


@dataclass(frozen=True)
class Escalated:
    report_id: int
    from_unit_id: int
    to_unit_id: int


def report_escalate_overdue(*, today: dt.date) -> list[Escalated]:
    """Move every overdue report not escalated in the last ``FEEDBACK_ESCALATION_WORKING_DAYS``
    working days to the unit above its responsible unit (``unit_above``), clearing its
    assignee, with an ``ESCALATED`` event (internal: the deadline and the days overdue). A
    report of a province stays where it is. One short transaction per report."""
    cutoff = escalation_cutoff(today, settings.FEEDBACK_ESCALATION_WORKING_DAYS)
    candidates = list(
        Report.objects.filter(overdue_q(today))
        .filter(Q(escalated_on__isnull=True) | Q(escalated_on__lte=cutoff))
        .exclude(responsible_unit__parent__isnull=True)
        .order_by("deadline", "pk")
        .values_list("pk", flat=True)
    )
    done: list[Escalated] = []
    for pk in candidates:
        escalated = _escalate_one(pk, today=today, cutoff=cutoff)
        if escalated is not None:
            done.append(escalated)
    if done:
        logger.debug("Escalated %d overdue reports.", len(done))
    return done


@transaction.atomic
def _escalate_one(pk: int, *, today: dt.date, cutoff: dt.date) -> Escalated | None:
    report = (
        Report.objects.select_for_update().select_related("responsible_unit").filter(pk=pk).first()
    )
    if report is None or not is_overdue(report, today):
        return None  # resolved or refused meanwhile
    if report.escalated_on is not None and report.escalated_on > cutoff:
        return None  # another run escalated it meanwhile
    before = report.responsible_unit
    above = unit_above(before, today)
    if above is None:
        return None
    report.responsible_unit = above
    report.responsible_role = role_for(above)
    report.assignee = None
    report.escalations += 1
    report.escalated_on = today
    report.save()
    record(
        report,
        EventKind.ESCALATED,
        by=None,
        from_unit=before,
        to_unit=above,
        internal_text=_(
            "Overdue by %(days)d days (deadline %(deadline)s): escalated automatically from "
            "%(from)s to %(to)s."
        )
        % {
            "days": days_overdue(report, today),
            "deadline": report.deadline.strftime("%d/%m/%Y"),
            "from": before.name,
            "to": above.name,
        },
    )
    return Escalated(report_id=report.pk, from_unit_id=before.pk, to_unit_id=above.pk)


# --- automatic closing -----------------------------------------------------------------------


def report_close_resolved(*, today: dt.date) -> list[int]:
    """Close every report resolved more than ``workflow.REOPEN_DAYS`` days before ``today``
    (local days: resolved on 01/03, it may be reopened up to 15/03 and closes on 16/03), with a
    public text saying why. Returns the ids closed."""
    since = today - dt.timedelta(days=workflow.REOPEN_DAYS)
    until = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    candidates = list(
        Report.objects.filter(status=Status.RESOLVED, resolved_at__lt=until)
        .order_by("resolved_at", "pk")
        .values_list("pk", flat=True)
    )
    closed = [pk for pk in candidates if _close_one(pk, until=until)]
    if closed:
        logger.debug("Closed %d resolved reports automatically.", len(closed))
    return closed


@transaction.atomic
def _close_one(pk: int, *, until: dt.datetime) -> bool:
    report = Report.objects.select_for_update().filter(pk=pk).first()
    if report is None or report.status != Status.RESOLVED:
        return False  # reopened or closed meanwhile
    if report.resolved_at is None or report.resolved_at >= until:
        return False
    report_close(
        report=report,
        version=report.version,
        public_text=_("Closed automatically after %(days)d days without reopening.")
        % {"days": workflow.REOPEN_DAYS},
        by=None,
    )
    return True


# --- photo files -----------------------------------------------------------------------------


def photos_prune(*, now: dt.datetime | None = None) -> list[str]:
    """Delete the files under the photos folder that no ``ReportPhoto`` names (``image`` or
    ``public_image``) and that are older than a day (a submission still being written names
    its file a moment later). Returns the names deleted."""
    now = now or timezone.now()
    if not default_storage.exists(PHOTOS_FOLDER):
        return []
    folders, _files = default_storage.listdir(PHOTOS_FOLDER)
    deleted: list[str] = []
    for folder in sorted(folders):
        base = f"{PHOTOS_FOLDER}/{folder}"
        names = {f"{base}/{name}" for name in default_storage.listdir(base)[1]}
        if not names:
            continue
        named = set(
            ReportPhoto.objects.filter(Q(image__in=names) | Q(public_image__in=names)).values_list(
                "image", "public_image"
            )
        )
        kept = {name for pair in named for name in pair}
        for name in sorted(names - kept):
            if now - default_storage.get_modified_time(name) > PHOTO_PRUNE_AGE:
                default_storage.delete(name)
                deleted.append(name)
    if deleted:
        logger.debug("Deleted %d photo files no report names.", len(deleted))
    return deleted
