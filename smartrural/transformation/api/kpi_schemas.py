"""The body of ``GET /transformation/kpis``: every KPI per level, per child unit, and the
records SmartRural handled itself."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema


class KpiOut(Schema):
    level: str
    value: Decimal | None
    numerator: int
    denominator: int
    target: Decimal | None
    met: bool | None


class KpiIndicatorOut(Schema):
    indicator: str
    name: str
    levels: list[KpiOut]


class KpiUnitOut(Schema):
    code: str
    name: str
    level: str


class ChildOut(KpiUnitOut):
    kpis: list[KpiIndicatorOut]


class PeriodOut(Schema):
    start: dt.date
    end: dt.date


class PlatformOut(Schema):
    level: str
    records: int


class KpisOut(Schema):
    year: int
    period: PeriodOut
    parent: KpiUnitOut
    kpis: list[KpiIndicatorOut]
    children: list[ChildOut]
    platform: list[PlatformOut]
