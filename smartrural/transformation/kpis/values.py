"""The figures: one KPI (a share against its target), one KPI at each of its levels, the KPIs of
one unit, and the whole report."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from smartrural.geo.models import AdministrativeUnit

from ..models import Indicator
from ..periods import Period

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Kpi:
    numerator: int
    denominator: int
    target: Decimal | None
    binary: bool = False

    @property
    def yes_no(self) -> bool | None:
        """A binary KPI of one unit: whether it has it; None otherwise."""
        if not self.binary or self.denominator != 1:
            return None
        return bool(self.numerator)

    @property
    def value(self) -> Decimal | None:
        if not self.denominator:
            return None
        return (Decimal(self.numerator) * 100 / Decimal(self.denominator)).quantize(
            CENT, rounding=ROUND_HALF_UP
        )

    @property
    def met(self) -> bool | None:
        value = self.value
        if value is None or self.target is None:
            return None
        return value >= self.target

    def as_json(self, level: str) -> dict[str, Any]:
        return {
            "level": level,
            "value": self.value,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "target": self.target,
            "met": self.met,
        }


@dataclass(frozen=True)
class IndicatorKpis:
    """One KPI at each of its levels (``{level: Kpi}``, in ``LEVELS`` order)."""

    indicator: str
    levels: dict[str, Kpi]

    @property
    def label(self) -> str:
        return str(Indicator(self.indicator).label)


@dataclass(frozen=True)
class UnitKpis:
    unit: AdministrativeUnit
    indicators: list[IndicatorKpis]

    def get(self, indicator: str, level: str) -> Kpi | None:
        for item in self.indicators:
            if item.indicator == indicator:
                return item.levels.get(level)
        return None


@dataclass(frozen=True)
class KpiReport:
    period: Period
    parent: AdministrativeUnit
    indicators: list[IndicatorKpis]
    children: list[UnitKpis]
    platform: dict[str, int]  # records SmartRural handled, per level

    def get(self, indicator: str, level: str) -> Kpi | None:
        return UnitKpis(self.parent, self.indicators).get(indicator, level)
