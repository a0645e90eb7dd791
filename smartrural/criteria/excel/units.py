"""The units of a template and the values they have stored for the year."""

from __future__ import annotations

from collections.abc import Sequence

from smartrural.geo.models import AdministrativeUnit

from ..models import CriteriaSet, IndicatorValue
from ..selectors import root_id, units_for_set


def stored_values(
    criteria_set: CriteriaSet, year: int, units: Sequence[AdministrativeUnit]
) -> dict[int, dict[str, IndicatorValue]]:
    """Per unit id, its stored values of the set and year by indicator code (one query)."""
    out: dict[int, dict[str, IndicatorValue]] = {u.pk: {} for u in units}
    rows = IndicatorValue.objects.filter(
        criteria_set_id=root_id(criteria_set), year=year, unit_id__in=list(out)
    ).only("unit_id", "indicator_code", "value", "comment", "status", "version")
    for v in rows:
        out[v.unit_id][v.indicator_code] = v
    return out


def template_units(
    *, criteria_set: CriteriaSet, year: int, unit: AdministrativeUnit
) -> list[AdministrativeUnit]:
    """The unit itself (of the set's level) or every unit of that level under it."""
    if unit.level == criteria_set.unit_level:
        return [unit]
    units = units_for_set(criteria_set=criteria_set, year=year, parent=unit)
    return sorted(units, key=lambda u: u.code)
