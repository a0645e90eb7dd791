"""Reads of stored indicator values: many units at once for evaluations, one unit (and those
under it) for the export."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import FloatField, QuerySet
from django.db.models.functions import Cast

from smartrural.geo.models import AdministrativeUnit

from ..models import CriteriaSet, IndicatorValue
from .sets import root_id
from .units import as_of_for_year

IN_BATCH = 5000  # unit ids per IN (...) list: far below every backend's parameter limit


def values_by_unit(
    *, root_set_id: int, year: int, unit_ids: Sequence[int]
) -> dict[int, dict[str, tuple[str, float | None]]]:
    """Stored values of many units (one query per 5,000 units): unit id -> code -> (text, n)."""
    out: dict[int, dict[str, tuple[str, float | None]]] = {uid: {} for uid in unit_ids}
    for start in range(0, len(unit_ids), IN_BATCH):
        qs = (
            IndicatorValue.objects.filter(
                criteria_set_id=root_set_id,
                year=year,
                unit_id__in=unit_ids[start : start + IN_BATCH],
            )
            .annotate(n=Cast("number", FloatField()))
            .values_list("unit_id", "indicator_code", "value", "n")
        )
        # The ORM's per-row machinery costs more than the evaluation itself at 500k rows:
        # run its SQL on a plain cursor (the columns are already plain int/str/float).
        sql, params = qs.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for unit_id, code, text, number in cursor.fetchall():
                out[unit_id][code] = (text, number)
    return out


def values_of_unit(
    *, criteria_set: CriteriaSet, year: int, unit: AdministrativeUnit, children: bool = False
) -> QuerySet[IndicatorValue]:
    """The values of ``unit`` for ``year`` (``children``: and of every unit under it valid on
    1 July of the year), by unit path and indicator, with their unit."""
    if children:
        units = AdministrativeUnit.objects.valid_on(as_of_for_year(year)).under(unit.path)
        values = IndicatorValue.objects.filter(unit__in=units)
    else:
        values = IndicatorValue.objects.filter(unit=unit)
    return (
        values.filter(criteria_set_id=root_id(criteria_set), year=year)
        .select_related("unit")
        .order_by("unit__path", "indicator_code")
    )
