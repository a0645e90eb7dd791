"""The officers' work queue: the reports an officer may read, filtered, oldest first, with the
counts by status and overdue in one grouped query; and who may be given a report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from smartrural.accounts.access import Visitor, scope_for_user
from smartrural.accounts.models import WRITER_ROLES, Role, User
from smartrural.core.dates import today
from smartrural.geo.models import AdministrativeUnit, path_ids

from ..access import reports_for_user
from ..models import OPEN_STATUSES, Report, Status

OPEN = "open"  # the queue's default status filter: every status still waiting
ALL = "all"


@dataclass(frozen=True)
class QueueFilter:
    status: str = OPEN
    category_id: int | None = None
    unit_id: int | None = None
    overdue: bool = False
    mine: bool = False
    since: dt.date | None = None
    until: dt.date | None = None


def overdue_q(on: dt.date) -> Q:
    """Open reports whose deadline passed before ``on``."""
    return Q(status__in=OPEN_STATUSES, deadline__lt=on)


def _local_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def queue_base(user: Visitor) -> QuerySet[Report]:
    """The reports whose responsible unit is in ``user``'s scope (the ones they work on)."""
    scope = scope_for_user(user)
    return reports_for_user(user).filter(scope.unit_q("responsible_unit__"))


def queue(user: Visitor, wanted: QueueFilter) -> QuerySet[Report]:
    """The queue, oldest first, with what its rows show (no query per row)."""
    reports = _filtered(user, wanted, with_status=True)
    return reports.select_related("category", "place", "responsible_unit", "assignee").order_by(
        "submitted_at", "pk"
    )


def _filtered(user: Visitor, wanted: QueueFilter, *, with_status: bool) -> QuerySet[Report]:
    reports = queue_base(user)
    if with_status and wanted.status == OPEN:
        reports = reports.filter(status__in=OPEN_STATUSES)
    elif with_status and wanted.status != ALL:
        reports = reports.filter(status=wanted.status)
    if wanted.category_id is not None:
        reports = reports.filter(
            Q(category_id=wanted.category_id) | Q(category__parent_id=wanted.category_id)
        )
    if wanted.unit_id is not None:
        reports = reports.filter(responsible_unit_id=wanted.unit_id)
    if wanted.overdue:
        reports = reports.filter(overdue_q(today()))
    if wanted.mine:
        reports = reports.filter(assignee_id=getattr(user, "pk", None))
    if wanted.since is not None:
        reports = reports.filter(submitted_at__gte=_local_start(wanted.since))
    if wanted.until is not None:
        reports = reports.filter(submitted_at__lt=_local_start(wanted.until + dt.timedelta(days=1)))
    return reports


def queue_counts(user: Visitor, wanted: QueueFilter) -> dict[str, int]:
    """Reports by status and overdue under the filters other than the status (one query)."""
    reports = _filtered(user, wanted, with_status=False)
    counts: dict[str, Any] = {
        status.value: Count("pk", filter=Q(status=status.value)) for status in Status
    }
    counts["overdue"] = Count("pk", filter=overdue_q(today()))
    counts["open"] = Count("pk", filter=Q(status__in=OPEN_STATUSES))
    return {key: int(value or 0) for key, value in reports.aggregate(**counts).items()}


def queue_units(user: Visitor) -> QuerySet[AdministrativeUnit]:
    """The units the officer's reports are with (the unit filter's choices)."""
    ids = queue_base(user).values("responsible_unit_id")
    return AdministrativeUnit.objects.filter(pk__in=ids).order_by("path")


def officers_of(unit: AdministrativeUnit) -> QuerySet[User]:
    """The officers whose scope holds ``unit`` (an assignment to it or an ancestor; the province
    office sees everything): the people a report with ``unit`` may be given to."""
    holders = Q(assignments__unit_id__in=path_ids(unit.path)) | Q(role=Role.PROVINCE_OFFICE)
    return (
        User.objects.filter(holders, is_active=True, role__in=WRITER_ROLES)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def officers_in_scope(user: Visitor) -> QuerySet[User]:
    """Officers with a unit inside ``user``'s scope (the bulk assignment's choices; each
    report is then checked against its own unit)."""
    scope = scope_for_user(user)
    people = User.objects.filter(is_active=True, role__in=WRITER_ROLES)
    if not scope.everything:
        people = people.filter(scope.unit_q("assignments__unit__") | Q(pk=getattr(user, "pk", 0)))
    return people.distinct().order_by("last_name", "first_name", "username")


HANDLING_LEVELS = ("commune", "district", "province")


def reassign_targets(user: Visitor, report: Report) -> QuerySet[AdministrativeUnit]:
    """Where an officer may hand a report: the communes, districts and province inside their
    scope, plus the level above the unit handling it now (escalating needs no scope there),
    all valid on the day the report was submitted (the units it was routed among); never the
    unit handling it now."""
    day = timezone.localdate(report.submitted_at)
    scope = scope_for_user(user)
    inside = Q(level__in=HANDLING_LEVELS) & scope.unit_q()
    above = (
        Q(pk=report.responsible_unit.parent_id) if report.responsible_unit.parent_id else Q(pk=0)
    )
    return (
        AdministrativeUnit.objects.valid_on(day)
        .filter(inside | above)
        .exclude(pk=report.responsible_unit_id)
        .order_by("path")
    )
