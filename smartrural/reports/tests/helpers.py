"""Small dashboard data for tests: the personas' units, more communes, the small criteria set
stored under the NTM set's code, values and recognitions."""

from __future__ import annotations

from smartrural.criteria.definition import SetDefinition
from smartrural.criteria.engine import parse_value
from smartrural.criteria.models import CriteriaSet, IndicatorValue
from smartrural.criteria.setfile import definition_from_json
from smartrural.criteria.tests.factories import ALL_MET, small_definition, stored_set
from smartrural.geo.models import AdministrativeUnit
from smartrural.geo.services import unit_create
from smartrural.recognition.models import Recognition, TargetLevel
from smartrural.testing import TV_END

YEAR = 2023


def ntm_set() -> CriteriaSet:
    found = CriteriaSet.objects.filter(code="QD318-XA").first()
    return found or stored_set(small_definition(code="QD318-XA"))


def add_communes(district: AdministrativeUnit, count: int, start: int) -> list[AdministrativeUnit]:
    return [
        unit_create(
            code=str(start + i),
            name=f"Xã Thử {start + i}",
            kind="xa",
            level="commune",
            parent=district,
            valid_to=TV_END,
            region="dbscl",
        )
        for i in range(count)
    ]


def give_values(units: list[AdministrativeUnit], *, met: bool, year: int = YEAR) -> None:
    """ALL_MET values (or the same with 3.1 below its threshold) for each unit."""
    criteria_set = ntm_set()
    version = criteria_set.versions.order_by("-number").first()
    assert version is not None
    definition: SetDefinition = definition_from_json(version.definition)
    indicators = definition.indicators()
    raw = {**ALL_MET, **({} if met else {"3.1": "50"})}
    rows = []
    for unit in units:
        for code, text in raw.items():
            parsed = parse_value(indicators[code], text)
            rows.append(
                IndicatorValue(
                    unit=unit,
                    criteria_set=criteria_set,
                    year=year,
                    indicator_code=code,
                    value=parsed.text,
                    number=parsed.number,
                )
            )
    IndicatorValue.objects.bulk_create(rows)


def recognise(units: list[AdministrativeUnit], level: str = TargetLevel.NTM) -> None:
    for i, unit in enumerate(units):
        Recognition.objects.create(
            unit=unit,
            level=level,
            year=2020,
            decision_number=f"{i + 1}/QĐ-UBND",
            decision_date="2020-12-15",
        )
