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

``levels`` says which KPI is read at which level, ``values`` holds the figures, ``facts`` reads
each unit's share, ``indicator_8_4`` the one KPI taken from the criteria, ``report`` sums them.
"""

from __future__ import annotations

from ..periods import Period
from .facts import targets_for_year, units_in_view
from .indicator_8_4 import digital_set
from .levels import BINARY, LEVEL_ORDER, LEVELS, levels_under
from .report import kpi_report
from .values import IndicatorKpis, Kpi, KpiReport, UnitKpis

__all__ = [
    "BINARY",
    "LEVELS",
    "LEVEL_ORDER",
    "IndicatorKpis",
    "Kpi",
    "KpiReport",
    "Period",
    "UnitKpis",
    "digital_set",
    "kpi_report",
    "levels_under",
    "targets_for_year",
    "units_in_view",
]
