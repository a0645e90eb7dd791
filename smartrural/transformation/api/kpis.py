"""``GET /transformation/kpis``: every digital transformation KPI under a unit, against the
targets."""

from __future__ import annotations

from typing import Any

from ninja import Query, Router

from smartrural.accounts.access import access_unit_for_user
from smartrural.accounts.actor import ActorRequest
from smartrural.accounts.api_auth import AUTH
from smartrural.core.api import errors
from smartrural.geo.models import AdministrativeUnit

from ..kpis import IndicatorKpis, Period, kpi_report
from .kpi_schemas import KpisOut

router = Router()

YEAR = Query(..., ge=2000, le=2100, description="The year, e.g. 2023.", examples=[2023])
PARENT = Query(..., max_length=10, description="GSO code of the unit.", examples=["849"])
MONTH_FROM = Query(1, ge=1, le=12, description="First month (1–12), not after month_to.")
MONTH_TO = Query(12, ge=1, le=12, description="Last month (1–12), not before month_from.")


def _indicators_out(items: list[IndicatorKpis]) -> list[dict[str, Any]]:
    return [
        {
            "indicator": item.indicator,
            "name": item.label,
            "levels": [kpi.as_json(level) for level, kpi in item.levels.items()],
        }
        for item in items
    ]


def _unit_out(unit: AdministrativeUnit) -> dict[str, str]:
    return {"code": unit.code, "name": unit.name, "level": unit.level}


@router.get(
    "/transformation/kpis",
    operation_id="smartrural_transformation_api_get_kpis",  # as before the split
    auth=AUTH,
    response={200: KpisOut, **errors(401, 404, 422)},
    summary="Every digital transformation KPI per level and per child unit, against the targets",
)
def get_kpis(
    request: ActorRequest,
    year: int = YEAR,
    parent: str = PARENT,
    month_from: int = MONTH_FROM,
    month_to: int = MONTH_TO,
) -> dict[str, Any]:
    """``{value, numerator, denominator, target, met}`` of each KPI at each of its levels under
    ``parent`` and the same for each child unit, over the caller's units, for ``year`` (or the
    months ``month_from``–``month_to`` of it). Units are taken as they were on 1 July of the
    year, or on the last day of the months asked (404 naming when ``parent`` was valid and what
    it became when it names no unit then). ``value`` is a percentage with two decimals,
    ``null`` when the denominator is 0; ``met`` is ``null`` without a value or a target."""
    period = Period.for_months(year, month_from, month_to)
    unit = access_unit_for_user(request.user, parent, as_of=period.as_of, action="read")
    report = kpi_report(parent=unit, period=period, user=request.user)
    return {
        "year": period.year,
        "period": {"start": period.start, "end": period.end},
        "parent": _unit_out(unit),
        "kpis": _indicators_out(report.indicators),
        "children": [
            {**_unit_out(child.unit), "kpis": _indicators_out(child.indicators)}
            for child in report.children
        ],
        "platform": [
            {"level": level, "records": count} for level, count in report.platform.items()
        ],
    }
