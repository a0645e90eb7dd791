"""Reports a resident may be about to repeat: open, published reports of the same category in
the same hamlet (or commune) in the last 30 days, or within 100 m when both have a position."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from smartrural.geo.models import AdministrativeUnit, Level

from ..models import OPEN_STATUSES, Category, Report

DAYS = 30
NEAR_METRES = 100.0
SHOWN = 5
_CANDIDATES = 200
_EARTH_METRES = 6_371_000.0


def distance_metres(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """The great-circle (haversine) distance between two positions."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_METRES * math.asin(math.sqrt(a))


def _published_open() -> Q:
    return Q(hidden=False, status__in=OPEN_STATUSES)


def similar_reports(
    *,
    category: Category,
    place: AdministrativeUnit,
    latitude: Decimal | None,
    longitude: Decimal | None,
    now: dt.datetime,
) -> list[Report]:
    """At most ``SHOWN`` reports, the most supported first."""
    commune = place if place.level == Level.COMMUNE else place.parent
    where = Q(place=place)
    positioned = latitude is not None and longitude is not None
    if positioned and commune is not None:
        where |= Q(commune=commune, latitude__isnull=False, longitude__isnull=False)
    candidates = (
        Report.objects.filter(_published_open(), where, category=category)
        .filter(submitted_at__gte=now - dt.timedelta(days=DAYS))
        .select_related("place")
        .order_by("-supporters", "-submitted_at")[:_CANDIDATES]
    )
    found: list[Report] = []
    for report in candidates:
        near = (
            positioned
            and report.latitude is not None
            and report.longitude is not None
            and distance_metres(
                float(latitude or 0),
                float(longitude or 0),
                float(report.latitude),
                float(report.longitude),
            )
            <= NEAR_METRES
        )
        if report.place_id == place.pk or near:
            found.append(report)
        if len(found) == SHOWN:
            break
    return found


def open_report_for_support(pk: int) -> Report:
    """A published open report a resident may say "me too" to, or 404."""
    report = Report.objects.filter(_published_open(), pk=pk).first()
    if report is None:
        raise Http404(_("No open report #%(pk)s.") % {"pk": pk})
    return report
