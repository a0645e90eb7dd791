"""The digital transformation KPIs: each one per level under a unit and per child unit, against
the year's target.

Every KPI is a share ``numerator / denominator`` over the units of one level that are valid on
the period's ``as_of`` (1 July of the year for a whole year, the last day of a range of months),
lie under the chosen parent (itself included) and in the reader's scope:

=========================  ===================  ==========================================
KPI                        levels               numerator / denominator
=========================  ===================  ==========================================
work_records_online        province, district,  records processed online / all records
                           commune              (entered, imported and API figures)
officials_trained          province, district,  active officials who attended a digital
                           commune              transformation training in the period /
                                                active officials
units_with_service         district, commune    units offering an active essential digital
                                                service on the period's last day / units
communes_indicator_8_4     commune              rural communes (xã) meeting indicator 8.4 of
                                                QĐ 318's commune set / rural communes with a
                                                value of it (none from 2026: QĐ 51 has no 8.4)
hamlets_with_team          hamlet               hamlets with an active community technology
                                                team established by the period's end /
                                                hamlets
=========================  ===================  ==========================================

Records that SmartRural handles itself (``work_records.platform``) are reported apart and never
added to the entered figures. A child unit's KPI is the same share over the units of its own
subtree, so a district's row holds its own records at district level and its communes' at
commune level.

The facts of every unit are read in a handful of grouped queries (independent of the number of
units), then summed in Python per level and per child.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from smartrural.accounts.access import scope_for_user
from smartrural.criteria.models import CriteriaSet
from smartrural.criteria.selectors import (
    RURAL_COMMUNE_KINDS,
    covers_year,
    criteria_set_by_code,
    evaluate_units,
)
from smartrural.geo.models import PATH_SEGMENT, AdministrativeUnit, Level

from .digital_services.selectors import offered_on_q
from .models import (
    Indicator,
    Official,
    ServiceOffering,
    Target,
    WorkRecordStat,
)
from .officials.selectors import trained_exists
from .periods import Period
from .teams.selectors import active_teams
from .work_records.platform import platform_counts

CENT = Decimal("0.01")
LEVELS: dict[str, tuple[str, ...]] = {
    Indicator.WORK_RECORDS_ONLINE: (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE),
    Indicator.OFFICIALS_TRAINED: (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE),
    Indicator.UNITS_WITH_SERVICE: (Level.DISTRICT, Level.COMMUNE),
    Indicator.COMMUNES_INDICATOR_8_4: (Level.COMMUNE,),
    Indicator.HAMLETS_WITH_TEAM: (Level.HAMLET,),
}
LEVEL_ORDER = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE, Level.HAMLET)
# Indicator 8.4 ("the commune applies IT in management and administration") of the commune set.
DIGITAL_INDICATOR = ("QD318-XA", "8.4")


# KPIs a single unit either has or has not (a service, indicator 8.4, a team): for one unit
# the figure is "yes" or "not yet", not 100% or 0%.
BINARY = (
    Indicator.UNITS_WITH_SERVICE,
    Indicator.COMMUNES_INDICATOR_8_4,
    Indicator.HAMLETS_WITH_TEAM,
)


@dataclass(frozen=True)
class Kpi:
    numerator: int
    denominator: int
    target: Decimal | None
    binary: bool = False

    @property
    def yes_no(self) -> bool | None:
        """A binary KPI of one unit: whether it has it; None otherwise."""
        if not self.binary or self.denominator != 1:
            return None
        return bool(self.numerator)

    @property
    def value(self) -> Decimal | None:
        if not self.denominator:
            return None
        return (Decimal(self.numerator) * 100 / Decimal(self.denominator)).quantize(
            CENT, rounding=ROUND_HALF_UP
        )

    @property
    def met(self) -> bool | None:
        value = self.value
        if value is None or self.target is None:
            return None
        return value >= self.target

    def as_json(self, level: str) -> dict[str, Any]:
        return {
            "level": level,
            "value": self.value,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "target": self.target,
            "met": self.met,
        }


@dataclass
class _Facts:
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


@dataclass(frozen=True)
class IndicatorKpis:
    """One KPI at each of its levels (``{level: Kpi}``, in ``LEVELS`` order)."""

    indicator: str
    levels: dict[str, Kpi]

    @property
    def label(self) -> str:
        return str(Indicator(self.indicator).label)


@dataclass(frozen=True)
class UnitKpis:
    unit: AdministrativeUnit
    indicators: list[IndicatorKpis]

    def get(self, indicator: str, level: str) -> Kpi | None:
        for item in self.indicators:
            if item.indicator == indicator:
                return item.levels.get(level)
        return None


@dataclass(frozen=True)
class KpiReport:
    period: Period
    parent: AdministrativeUnit
    indicators: list[IndicatorKpis]
    children: list[UnitKpis]
    platform: dict[str, int]  # records SmartRural handled, per level

    def get(self, indicator: str, level: str) -> Kpi | None:
        return UnitKpis(self.parent, self.indicators).get(indicator, level)


def targets_for_year(year: int) -> dict[tuple[str, str], Decimal]:
    """``{(indicator, level): target %}`` of ``year``."""
    return {
        (indicator, level): value
        for indicator, level, value in Target.objects.filter(year=year).values_list(
            "indicator", "level", "value_percent"
        )
    }


def units_in_view(
    parent: AdministrativeUnit, user: Any, as_of: dt.date
) -> QuerySet[AdministrativeUnit]:
    """Units under ``parent`` (itself included), valid on ``as_of`` (a period's ``as_of``), in
    ``user``'s scope; ``user=None``: every one of them (the public figures, shares without
    names)."""
    units = AdministrativeUnit.objects.valid_on(as_of).under(parent.path)
    return units if user is None else units.filter(scope_for_user(user).unit_q())


def _facts(
    units: QuerySet[AdministrativeUnit],
    rows: list[tuple[int, str, str]],
    period: Period,
    criteria_set: CriteriaSet | None,
) -> dict[int, _Facts]:
    """Each unit's figures (``rows``: id, level, kind of ``units``; ``criteria_set``: the one
    defining indicator 8.4 this year, if any); the tables are filtered by a subquery on
    ``units``, so the queries do not grow with the number of units."""
    facts = {
        pk: _Facts(level=level, rural=level == Level.COMMUNE and kind in RURAL_COMMUNE_KINDS)
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
        for unit_id, met in _communes_on_8_4(communes, criteria_set, period.year).items():
            facts[unit_id].meets_8_4 = met
    counted_ids = [pk for pk, f in facts.items() if f.level != Level.HAMLET]
    for (unit_id, _month), count in platform_counts(
        start=period.start, end=period.end, unit_ids=counted_ids
    ).items():
        facts[unit_id].platform += count
    return facts


def digital_set(year: int) -> CriteriaSet | None:
    """The commune set defining indicator 8.4 when it is in force in ``year`` (QĐ 318, to 2025;
    QĐ 51 has no 8.4): without it the KPI does not exist that year."""
    criteria_set = criteria_set_by_code(DIGITAL_INDICATOR[0])
    if criteria_set is None or covers_year(criteria_set, year) is False:
        return None
    return criteria_set


def _communes_on_8_4(
    communes: QuerySet[AdministrativeUnit], criteria_set: CriteriaSet, year: int
) -> dict[int, bool]:
    """Whether each commune with a compared value of indicator 8.4 meets it (a commune without
    one has no figure: "no data", not "not met")."""
    code = DIGITAL_INDICATOR[1]
    results = evaluate_units(criteria_set=criteria_set, year=year, units=communes, store=False)
    out = {}
    for unit_id, result in results.items():
        for criterion in result.criteria:
            for indicator in criterion.indicators:
                if indicator.code == code and indicator.met is not None:
                    out[unit_id] = indicator.met
    return out


def levels_under(level: str, levels: tuple[str, ...]) -> tuple[str, ...]:
    """Those of ``levels`` at ``level`` or below it (a district has no province-level figure)."""
    return tuple(lv for lv in levels if LEVEL_ORDER.index(lv) >= LEVEL_ORDER.index(level))


def _aggregate(
    facts: Iterable[_Facts],
    targets: dict[tuple[str, str], Decimal],
    *,
    top: str,
    indicators: dict[str, tuple[str, ...]],
) -> list[IndicatorKpis]:
    """Each KPI of ``indicators`` at each of its levels from ``top`` down that has units (no
    district level after the 2025 reorganisation; a KPI with no level is left out)."""
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    items = list(facts)
    present = {f.level for f in items}

    def levels_of(levels: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(lv for lv in levels_under(top, levels) if lv in present)

    for indicator, levels in indicators.items():
        for f in items:
            if f.level in levels:
                numerator, denominator = f.parts(indicator)
                pair = sums[(indicator, f.level)]
                pair[0] += numerator
                pair[1] += denominator
    return [
        IndicatorKpis(
            indicator,
            {
                level: Kpi(
                    sums[(indicator, level)][0],
                    sums[(indicator, level)][1],
                    targets.get((indicator, level)),
                    binary=indicator in BINARY,
                )
                for level in levels_of(levels)
            },
        )
        for indicator, levels in indicators.items()
        if levels_of(levels)
    ]


def kpi_report(*, parent: AdministrativeUnit, period: Period, user: Any) -> KpiReport:
    """Every KPI under ``parent`` for ``period``, per level and per direct child, over the units
    in ``user``'s scope (``user=None``: all of them, as the public results page shows)."""
    units = units_in_view(parent, user, period.as_of)
    rows = list(units.values_list("pk", "level", "kind", "path"))
    criteria_set = digital_set(period.year)
    facts = _facts(
        units, [(pk, level, kind) for pk, level, kind, _path in rows], period, criteria_set
    )
    targets = targets_for_year(period.year)
    indicators = (
        LEVELS
        if criteria_set is not None
        else {k: v for k, v in LEVELS.items() if k != Indicator.COMMUNES_INDICATOR_8_4}
    )
    children = list(units.filter(parent=parent).order_by("level", "code"))
    subtree: dict[str, list[_Facts]] = {c.path: [] for c in children}
    child_end = len(parent.path) + PATH_SEGMENT
    for pk, _level, _kind, path in rows:
        if len(path) >= child_end and path[:child_end] in subtree:
            subtree[path[:child_end]].append(facts[pk])
    platform: dict[str, int] = defaultdict(int)
    for f in facts.values():
        platform[f.level] += f.platform
    return KpiReport(
        period=period,
        parent=parent,
        indicators=_aggregate(facts.values(), targets, top=parent.level, indicators=indicators),
        children=[
            UnitKpis(c, _aggregate(subtree[c.path], targets, top=c.level, indicators=indicators))
            for c in children
        ],
        platform={
            level: platform[level]
            for level in levels_under(parent.level, LEVELS[Indicator.WORK_RECORDS_ONLINE])
        },
    )
