"""The units a year's evaluation concerns: those valid on 1 July of the year."""

from __future__ import annotations

import datetime as dt

from smartrural.core.dates import mid_year
from smartrural.geo.models import AdministrativeUnit, Kind, Level

from ..models import CriteriaSet
from ..versions import FACT_FIELDS

RURAL_COMMUNE_KINDS = (Kind.COMMUNE,)


def as_of_for_year(year: int) -> dt.date:
    """The day a year's units are read on: 1 July (mid-year; see ``core.dates.mid_year``, the
    one definition). A unit created or dissolved mid-year is counted in the year it existed on
    that day."""
    return mid_year(year)


def units_for_set(
    *, criteria_set: CriteriaSet, year: int, parent: AdministrativeUnit
) -> list[AdministrativeUnit]:
    """Units of the set's level under ``parent`` (itself included) on 1 July of ``year``.

    Commune sets concern rural communes (xã) only: wards and townships follow urban criteria.
    """
    qs = (
        AdministrativeUnit.objects.valid_on(as_of_for_year(year))
        .under(parent.path)
        .filter(level=criteria_set.unit_level)
        .only("pk", "code", "name", "path", *FACT_FIELDS)
    )
    if criteria_set.unit_level == Level.COMMUNE:
        qs = qs.filter(kind__in=RURAL_COMMUNE_KINDS)
    return list(qs)
