"""Small criteria sets for tests, stored through the same JSON form as real set files."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from smartrural.criteria.definition import (
    PASS_FAIL,
    PERCENT,
    SECONDARY,
    UNCONFIRMED,
    Criterion,
    Indicator,
    SetDefinition,
    Threshold,
)
from smartrural.criteria.models import CriteriaSet, CriteriaSetVersion
from smartrural.criteria.setfile import definition_to_json


def pass_fail(code: str, name: str = "", **kwargs: Any) -> Indicator:
    return Indicator(
        code=code,
        name=name or f"Indicator {code}",
        value_type=PASS_FAIL,
        comparator="==",
        thresholds=(Threshold(value="Đạt"),),
        **kwargs,
    )


def small_definition(code: str = "T-XA", **overrides: Any) -> SetDefinition:
    """Four criteria shaped like QĐ 318's: a regional percent (3.1 ≥ 80% in the Mekong Delta,
    85% elsewhere), pass/fail indicators, a placeholder income threshold per year, an indicator
    that does not apply to wards and a criterion met by 2 of 3 indicators."""
    irrigation = Indicator(
        code="3.1",
        name="Farm land with active irrigation",
        value_type=PERCENT,
        comparator=">=",
        unit="%",
        thresholds=(
            Threshold(value=Decimal("85")),
            Threshold(value=Decimal("80"), region="dbscl"),
        ),
    )
    income = Indicator(
        code="10.1",
        name="Income per capita",
        value_type="number",
        comparator=">=",
        unit="triệu đồng/người/năm",
        provenance=UNCONFIRMED,
        thresholds=(
            Threshold(value=Decimal("46"), year=2022, provenance=SECONDARY),
            Threshold(
                value=Decimal("52.5"),
                year=2023,
                region="dbscl",
                provenance=UNCONFIRMED,
                placeholder=True,
                source="Provincial placeholder",
            ),
        ),
    )
    market = Indicator(
        code="7.1",
        name="Rural market",
        value_type=PASS_FAIL,
        comparator="==",
        thresholds=(Threshold(value="Đạt"),),
        applies_to_wards=False,
    )
    fields: dict[str, Any] = {
        "code": code,
        "name": f"Test set {code}",
        "legal_basis": "QĐ 318/QĐ-TTg",
        "legal_date": None,
        "unit_level": "commune",
        "valid_from_year": 2021,
        "valid_to_year": 2025,
        "awards": "ntm",
        "requires": None,
        "criteria": (
            Criterion(3, "Thủy lợi", "II", (irrigation, pass_fail("3.2"))),
            Criterion(7, "Thương mại", "II", (market,)),
            Criterion(10, "Thu nhập", "III", (income,)),
            Criterion(
                13, "Tổ chức sản xuất", "III", tuple(pass_fail(f"13.{i}") for i in (1, 2, 3)), 2
            ),
        ),
    }
    fields.update(overrides)
    return SetDefinition(**fields)


def stored_set(definition: SetDefinition | None = None, **kwargs: Any) -> CriteriaSet:
    """A ``CriteriaSet`` with one version holding ``definition``."""
    definition = definition or small_definition()
    criteria_set = CriteriaSet.objects.create(
        code=definition.code,
        name=definition.name,
        legal_basis=definition.legal_basis,
        unit_level=definition.unit_level,
        **kwargs,
    )
    add_version(criteria_set, definition)
    return criteria_set


def add_version(criteria_set: CriteriaSet, definition: SetDefinition) -> CriteriaSetVersion:
    number = criteria_set.versions.count() + 1
    return CriteriaSetVersion.objects.create(
        criteria_set=criteria_set, number=number, definition=definition_to_json(definition)
    )


ALL_MET = {
    "3.1": "85",
    "3.2": "Đạt",
    "7.1": "Đạt",
    "10.1": "60",
    "13.1": "Đạt",
    "13.2": "Đạt",
    "13.3": "Không đạt",
}
