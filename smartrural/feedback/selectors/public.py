"""The published reports: what anyone may read, without an account.

Every query starts from the public reports (``visibility.public_reports_q``) and returns values
of ``feedback.visibility``. A list takes a fixed number of queries whatever the number of
reports: the page, its count, the counts per status (one grouped query) and the units.

A commune's or a province's list holds the reports filed under it and under the units it
succeeded (``geo`` successions): after the 2025 reorganisation, Xã Trà Cú's list keeps Ngãi
Xuyên's reports. A unit that no longer exists lists its own reports (and its predecessors').
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Max, QuerySet, Sum
from django.utils import timezone

from smartrural.core.dates import today
from smartrural.geo.models import AdministrativeUnit, Level
from smartrural.geo.selectors import all_predecessors, unit_by_code, units_on, units_with_code

from ..models import OPEN_STATUSES, Category, Report, ReportEvent, ReportPhoto, Status
from ..visibility import (
    PublicEvent,
    PublicReport,
    public_event,
    public_photo_q,
    public_report,
    public_reports_q,
)

LISTED_LEVELS = (Level.COMMUNE, Level.PROVINCE)
MAP_MAX_POINTS = 500
OPEN, CLOSED = "open", "closed"


@dataclass(frozen=True)
class Filters:
    category: Category | None = None
    status: str = ""  # "open", "closed", a ``Status`` value, or "" for all
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class Counts:
    total: int
    open: int
    closed: int
    by_status: tuple[StatusCount, ...]


def listed_unit(*, code: str) -> AdministrativeUnit | None:
    """The commune or province a list is about: the unit with ``code`` valid today, else the
    last one that carried it (a unit of before the reorganisation)."""
    unit = unit_by_code(code=code, as_of=today())
    if unit is None:
        rows = units_with_code(code=code)
        unit = rows[-1] if rows else None
    if unit is None or unit.level not in LISTED_LEVELS:
        return None
    return unit


def provinces_today() -> list[AdministrativeUnit]:
    return list(units_on(as_of=today(), level=Level.PROVINCE))


def communes_of(*, province: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The communes of a province on a day it was valid (today when it still is)."""
    day = today() if province.is_valid_on(today()) else province.reference_date
    return list(units_on(as_of=day, parent=province, level=Level.COMMUNE))


def unit_ids(unit: AdministrativeUnit) -> list[int]:
    """The unit and every unit it succeeded."""
    return [unit.pk, *(link.unit.pk for link in all_predecessors(unit=unit))]


def _local_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class Listed:
    """A list's unit with the units it succeeded (computed once per page)."""

    unit: AdministrativeUnit
    ids: tuple[int, ...]


def listed(unit: AdministrativeUnit) -> Listed:
    return Listed(unit=unit, ids=tuple(unit_ids(unit)))


def _in_unit(where: Listed) -> QuerySet[Report]:
    field = "province_id__in" if where.unit.level == Level.PROVINCE else "commune_id__in"
    return Report.objects.filter(public_reports_q(), **{field: where.ids})


def _filtered(qs: QuerySet[Report], filters: Filters, *, status: bool) -> QuerySet[Report]:
    if filters.category is not None:
        qs = qs.filter(category__in=[filters.category.pk, *category_children(filters.category)])
    if filters.start is not None:
        qs = qs.filter(submitted_at__gte=_local_start(filters.start))
    if filters.end is not None:
        qs = qs.filter(submitted_at__lt=_local_start(filters.end + dt.timedelta(days=1)))
    if status and filters.status == OPEN:
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status and filters.status == CLOSED:
        qs = qs.exclude(status__in=OPEN_STATUSES)
    elif status and filters.status:
        qs = qs.filter(status=filters.status)
    return qs


def public_stamp() -> str:
    """A value that changes whenever anything a public list shows may have changed: every change
    of a report records an event (``services.events.record``: submissions, moves, moderation,
    "me too", ratings, escalations), and category edits bump their versions. Two index reads."""
    event = ReportEvent.objects.aggregate(last=Max("pk"))["last"] or 0
    kinds = Category.objects.aggregate(n=Count("pk"), versions=Sum("version"))
    return f"{event}.{kinds['n']}.{kinds['versions'] or 0}"


def categories() -> list[Category]:
    """The categories a list may be filtered by: groups, each followed by its own."""
    rows = list(Category.objects.order_by("position", "name"))
    groups = [c for c in rows if c.parent_id is None]
    ordered: list[Category] = []
    for group in groups:
        ordered.append(group)
        ordered.extend(c for c in rows if c.parent_id == group.pk)
    return ordered


def category_children(category: Category) -> list[int]:
    return list(Category.objects.filter(parent=category).values_list("pk", flat=True))


def report_list(*, where: Listed, filters: Filters) -> QuerySet[Report, int]:
    """The ids of the public reports of ``where``, newest first: read from the index alone,
    so a page of them is cheap whatever the number of reports; ``page_reports`` loads a page."""
    return (
        _filtered(_in_unit(where), filters, status=True)
        .order_by("-submitted_at", "-pk")
        .values_list("pk", flat=True)
    )


def page_reports(ids: list[int]) -> list[PublicReport]:
    """The public view of the reports ``ids``, in that order (one query)."""
    rows = (
        Report.objects.filter(public_reports_q(), pk__in=ids)
        .select_related("category", "place", "commune", "responsible_unit")
        .order_by()  # ``ids`` gives the order
    )
    by_id = {r.pk: r for r in rows}
    day = today()
    return [public_report(by_id[pk], today=day) for pk in ids if pk in by_id]


def status_counts(*, where: Listed, filters: Filters) -> Counts:
    """How many public reports of ``where`` in each status (the other filters applied), in one
    grouped query."""
    rows = (
        _filtered(_in_unit(where), filters, status=False)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
    )
    found = Counter({row["status"]: row["n"] for row in rows})
    by_status = tuple(StatusCount(s.value, str(s.label), found[s.value]) for s in Status)
    opened = sum(found[s] for s in OPEN_STATUSES)
    total = sum(found.values())
    return Counts(total=total, open=opened, closed=total - opened, by_status=by_status)


def map_points(*, where: Listed, filters: Filters) -> list[list[float | int]]:
    """``[pk, latitude, longitude]`` of the newest public reports with a position (positions
    only: no text goes to the map)."""
    rows = (
        _filtered(_in_unit(where), filters, status=True)
        .filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("-submitted_at", "-pk")
        .values_list("pk", "latitude", "longitude")[:MAP_MAX_POINTS]
    )
    return [[pk, float(lat or 0), float(lon or 0)] for pk, lat, lon in rows]


def public_report_by_pk(pk: int) -> Report | None:
    """The report ``pk`` when the public may see it."""
    return (
        Report.objects.filter(public_reports_q(), pk=pk)
        .select_related("category", "place", "commune", "responsible_unit")
        .first()
    )


def report_page(report: Report) -> PublicReport:
    photos = report.photos.filter(public_photo_q(), event__isnull=True)
    return public_report(report, today=today(), photos=photos)


def timeline(report: Report) -> list[PublicEvent]:
    """The public events of ``report``, oldest first, each with its public photos."""
    events = report.events.select_related("to_unit").order_by("at", "pk")
    photos: dict[int, list[ReportPhoto]] = {}
    for photo in report.photos.filter(public_photo_q(), event__isnull=False):
        photos.setdefault(photo.event_id or 0, []).append(photo)
    shown = (public_event(e, photos.get(e.pk, ())) for e in events)
    return [e for e in shown if e is not None]


def public_photo(*, report: Report, photo_pk: int) -> ReportPhoto | None:
    """A photo of a public report that the public may see."""
    return report.photos.filter(public_photo_q(), pk=photo_pk).first()
