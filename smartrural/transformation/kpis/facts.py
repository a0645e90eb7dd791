"""What each unit contributes to the KPIs, read in a handful of grouped queries over the units
in view (independent of their number)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from smartrural.accounts.access import scope_for_user
from smartrural.accounts.actor import Actor
from smartrural.criteria.models import CriteriaSet
from smartrural.criteria.selectors import RURAL_COMMUNE_KINDS
from smartrural.geo.models import AdministrativeUnit, Level

from ..digital_services.selectors import offered_on_q
from ..models import Indicator, Official, ServiceOffering, Target, WorkRecordStat
from ..officials.selectors import trained_exists
from ..periods import Period
from ..teams.selectors import active_teams
from ..work_records.platform import platform_counts
from .indicator_8_4 import communes_on_8_4


@dataclass
class Facts:
    """What one unit contributes to the KPIs."""

    level: str
    rural: bool
    online: int = 0
    total: int = 0
    officials: int = 0
    trained: int = 0
    offers_service: bool = False
    meets_8_4: bool | None = None  # None: no compared value of indicator 8.4
    has_team: bool = False
    platform: int = 0

    def parts(self, indicator: str) -> tuple[int, int]:
        if indicator == Indicator.WORK_RECORDS_ONLINE:
            return self.online, self.total
        if indicator == Indicator.OFFICIALS_TRAINED:
            return self.trained, self.officials
        if indicator == Indicator.UNITS_WITH_SERVICE:
            return int(self.offers_service), 1
        if indicator == Indicator.COMMUNES_INDICATOR_8_4:
            return (int(self.meets_8_4), 1) if self.rural and self.meets_8_4 is not None else (0, 0)
        return int(self.has_team), 1  # HAMLETS_WITH_TEAM


def targets_for_year(year: int) -> dict[tuple[str, str], Decimal]:
    """``{(indicator, level): target %}`` of ``year``."""
    return {
        (indicator, level): value
        for indicator, level, value in Target.objects.filter(year=year).values_list(
            "indicator", "level", "value_percent"
        )
    }


def units_in_view(
    parent: AdministrativeUnit, user: Actor | None, as_of: dt.date
) -> QuerySet[AdministrativeUnit]:
    """Units under ``parent`` (itself included), valid on ``as_of`` (a period's ``as_of``), in
    ``user``'s scope; ``user=None``: every one of them (the public figures, shares without
    names)."""
    units = AdministrativeUnit.objects.valid_on(as_of).under(parent.path)
    return units if user is None else units.filter(scope_for_user(user).unit_q())


def unit_facts(
    units: QuerySet[AdministrativeUnit],
    rows: list[tuple[int, str, str]],
    period: Period,
    criteria_set: CriteriaSet | None,
) -> dict[int, Facts]:
    """Each unit's figures (``rows``: id, level, kind of ``units``; ``criteria_set``: the one
    defining indicator 8.4 this year, if any); the tables are filtered by a subquery on
    ``units``, so the queries do not grow with the number of units."""
    facts = {
        pk: Facts(level=level, rural=level == Level.COMMUNE and kind in RURAL_COMMUNE_KINDS)
        for pk, level, kind in rows
    }
    counted = units.exclude(level=Level.HAMLET).values("pk")
    for unit_id, online, total in (
        WorkRecordStat.objects.filter(
            unit__in=counted, month__gte=period.start, month__lte=period.end
        )
        .values("unit_id")
        .annotate(online=Sum("online"), total=Sum("total"))
        .values_list("unit_id", "online", "total")
    ):
        facts[unit_id].online, facts[unit_id].total = int(online or 0), int(total or 0)
    for unit_id, officials, trained_n in (
        Official.objects.filter(unit__in=counted, active=True)
        .annotate(trained=trained_exists(start=period.start, end=period.end))
        .values("unit_id")
        .annotate(n=Count("pk"), t=Count("pk", filter=Q(trained=True)))
        .values_list("unit_id", "n", "t")
    ):
        facts[unit_id].officials, facts[unit_id].trained = officials, trained_n
    for unit_id in (
        ServiceOffering.objects.filter(offered_on_q(period.end), unit__in=counted)
        .values_list("unit_id", flat=True)
        .distinct()
    ):
        facts[unit_id].offers_service = True
    for unit_id in (
        active_teams(period.end)
        .filter(unit__in=units.filter(level=Level.HAMLET).values("pk"))
        .values_list("unit_id", flat=True)
        .distinct()
    ):
        facts[unit_id].has_team = True
    if criteria_set is not None and any(f.rural for f in facts.values()):
        communes = units.filter(level=Level.COMMUNE, kind__in=RURAL_COMMUNE_KINDS).only(
            "pk", "code", "kind", "region", "commune_group", "path", "parent_id"
        )
        for unit_id, met in communes_on_8_4(communes, criteria_set, period.year).items():
            facts[unit_id].meets_8_4 = met
    counted_ids = [pk for pk, f in facts.items() if f.level != Level.HAMLET]
    for (unit_id, _month), count in platform_counts(
        start=period.start, end=period.end, unit_ids=counted_ids
    ).items():
        facts[unit_id].platform += count
    return facts
