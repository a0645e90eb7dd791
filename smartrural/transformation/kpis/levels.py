"""Which KPI is read at which level, in which order the levels come, and which KPIs a single
unit either has or has not."""

from __future__ import annotations

from smartrural.geo.models import Level

from ..models import Indicator

LEVELS: dict[str, tuple[str, ...]] = {
    Indicator.WORK_RECORDS_ONLINE: (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE),
    Indicator.OFFICIALS_TRAINED: (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE),
    Indicator.UNITS_WITH_SERVICE: (Level.DISTRICT, Level.COMMUNE),
    Indicator.COMMUNES_INDICATOR_8_4: (Level.COMMUNE,),
    Indicator.HAMLETS_WITH_TEAM: (Level.HAMLET,),
}
LEVEL_ORDER = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE, Level.HAMLET)

# KPIs a single unit either has or has not (a service, indicator 8.4, a team): for one unit
# the figure is "yes" or "not yet", not 100% or 0%.
BINARY = (
    Indicator.UNITS_WITH_SERVICE,
    Indicator.COMMUNES_INDICATOR_8_4,
    Indicator.HAMLETS_WITH_TEAM,
)


def levels_under(level: str, levels: tuple[str, ...]) -> tuple[str, ...]:
    """Those of ``levels`` at ``level`` or below it (a district has no province-level figure)."""
    return tuple(lv for lv in levels if LEVEL_ORDER.index(lv) >= LEVEL_ORDER.index(level))
