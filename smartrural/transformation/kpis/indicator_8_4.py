"""KPI ``communes_indicator_8_4``: the one taken from the criteria (indicator 8.4 of QĐ 318's
commune set, evaluated without storing), only in the years that set is in force."""

from __future__ import annotations

from django.db.models import QuerySet

from smartrural.criteria.models import CriteriaSet
from smartrural.criteria.selectors import covers_year, criteria_set_by_code, evaluate_units
from smartrural.geo.models import AdministrativeUnit

# Indicator 8.4 ("the commune applies IT in management and administration") of the commune set.
DIGITAL_INDICATOR = ("QD318-XA", "8.4")


def digital_set(year: int) -> CriteriaSet | None:
    """The commune set defining indicator 8.4 when it is in force in ``year`` (QĐ 318, to 2025;
    QĐ 51 has no 8.4): without it the KPI does not exist that year."""
    criteria_set = criteria_set_by_code(DIGITAL_INDICATOR[0])
    if criteria_set is None or covers_year(criteria_set, year) is False:
        return None
    return criteria_set


def communes_on_8_4(
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
