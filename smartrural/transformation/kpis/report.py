"""The report: each KPI summed per level under a unit and per direct child, against the
year's targets."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from smartrural.accounts.actor import Actor
from smartrural.geo.models import PATH_SEGMENT, AdministrativeUnit

from ..models import Indicator
from ..periods import Period
from .facts import Facts, targets_for_year, unit_facts, units_in_view
from .indicator_8_4 import digital_set
from .levels import BINARY, LEVELS, levels_under
from .values import IndicatorKpis, Kpi, KpiReport, UnitKpis


def _aggregate(
    facts: Iterable[Facts],
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


def kpi_report(*, parent: AdministrativeUnit, period: Period, user: Actor | None) -> KpiReport:
    """Every KPI under ``parent`` for ``period``, per level and per direct child, over the units
    in ``user``'s scope (``user=None``: all of them, as the public results page shows)."""
    units = units_in_view(parent, user, period.as_of)
    rows = list(units.values_list("pk", "level", "kind", "path"))
    criteria_set = digital_set(period.year)
    facts = unit_facts(
        units, [(pk, level, kind) for pk, level, kind, _path in rows], period, criteria_set
    )
    targets = targets_for_year(period.year)
    indicators = (
        LEVELS
        if criteria_set is not None
        else {k: v for k, v in LEVELS.items() if k != Indicator.COMMUNES_INDICATOR_8_4}
    )
    children = list(units.filter(parent=parent).order_by("level", "code"))
    subtree: dict[str, list[Facts]] = {c.path: [] for c in children}
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
