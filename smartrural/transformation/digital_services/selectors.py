"""Reads of essential digital services: the catalogue, scoped offerings, units offering.

The rule the KPI uses (``offered_on_q``): a unit offers a service on day D when
``since <= D`` and (``until`` is empty or ``until >= D``) and the service is active in the
catalogue. "Offering at least one service on D" is ``units_offering_on``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from smartrural.accounts.access import scope_for_user
from smartrural.accounts.actor import Actor
from smartrural.core.text import fold
from smartrural.geo.models import AdministrativeUnit, Level
from smartrural.transformation.access import in_scope
from smartrural.transformation.models import DigitalService, ServiceOffering
from smartrural.transformation.shares import Share

OFFERING_LEVELS = (Level.DISTRICT, Level.COMMUNE)


@dataclass(frozen=True)
class LevelCoverage(Share):
    level: str
    label: str
    covered: int
    total: int


def offered_on_q(on: dt.date, prefix: str = "") -> Q:
    """Offerings (through ``prefix``, e.g. ``"service_offerings__"``) running on ``on`` of a
    service still in the catalogue."""
    return (
        Q(**{f"{prefix}since__lte": on})
        & (Q(**{f"{prefix}until__isnull": True}) | Q(**{f"{prefix}until__gte": on}))
        & Q(**{f"{prefix}service__active": True})
    )


def units_offering_on(
    *, units: QuerySet[AdministrativeUnit], on: dt.date
) -> QuerySet[AdministrativeUnit]:
    """Those of ``units`` offering at least one essential service on ``on``."""
    running = ServiceOffering.objects.filter(offered_on_q(on), unit=OuterRef("pk"))
    return units.filter(Exists(running))


def offering_coverage(*, user: Actor, on: dt.date) -> list[LevelCoverage]:
    """Per level (district, commune): units in ``user``'s scope valid ``on``, and how many of
    them offer at least one service that day. Levels without units are left out."""
    running = ServiceOffering.objects.filter(offered_on_q(on), unit=OuterRef("pk"))
    rows = (
        AdministrativeUnit.objects.valid_on(on)
        .filter(level__in=OFFERING_LEVELS)
        .filter(scope_for_user(user).unit_q())
        .order_by()
        .values("level")
        .annotate(total=Count("pk"), covered=Count("pk", filter=Q(Exists(running))))
    )
    by_level = {row["level"]: row for row in rows}
    return [
        LevelCoverage(
            level=level,
            label=str(level.label),
            covered=by_level[level]["covered"],
            total=by_level[level]["total"],
        )
        for level in OFFERING_LEVELS
        if level in by_level
    ]


def offerings_for_user(*, user: Actor) -> QuerySet[ServiceOffering]:
    return in_scope(ServiceOffering.objects.all(), user)


def offering_list(
    *,
    user: Actor,
    service: DigitalService | None = None,
    unit: str = "",
    level: str = "",
    on: dt.date | None = None,
) -> QuerySet[ServiceOffering]:
    """Offerings in ``user``'s scope; ``unit`` matches a code prefix or a name (without
    diacritics); ``on`` keeps the offerings running that day (``offered_on_q``)."""
    qs = offerings_for_user(user=user).select_related("unit__parent", "service")
    if service is not None:
        qs = qs.filter(service=service)
    text = unit.strip()
    if text:
        qs = qs.filter(Q(unit__code__startswith=text) | Q(unit__search_name__contains=fold(text)))
    if level:
        qs = qs.filter(unit__level=level)
    if on is not None:
        qs = qs.filter(offered_on_q(on))
    return qs.order_by("unit__path", "service__order", "service__code", "since")


def catalogue(*, active_only: bool = False) -> QuerySet[DigitalService]:
    qs = DigitalService.objects.order_by("order", "code")
    return qs.filter(active=True) if active_only else qs
