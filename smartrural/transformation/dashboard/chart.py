"""The monthly trend as an inline SVG line chart."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..work_records.trend import MonthPoint
from . import level_label
from .report import percent_text

CHART_W, CHART_H, CHART_LEFT, CHART_TOP, CHART_BOTTOM = 560, 230, 40, 12, 30


@dataclass(frozen=True)
class Series:
    level: str
    label: str
    points: str  # "x,y x,y …" for <polyline>
    dots: list[tuple[float, float, str]]  # x, y, "05/2023: 27,50%"
    target_y: float | None


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    series: list[Series]
    x_labels: list[tuple[float, str]]
    y_ticks: list[tuple[float, int]]
    baseline: float


def _y(percent: Decimal | float) -> float:
    plot = CHART_H - CHART_TOP - CHART_BOTTOM
    return round(CHART_TOP + (100 - float(percent)) / 100 * plot, 1)


def trend_chart(trend: list[MonthPoint]) -> TrendChart:
    """Work records processed online per month, one line per level, the target dashed."""
    count = max(len(trend) - 1, 1)
    step = (CHART_W - CHART_LEFT - 16) / count
    xs = [round(CHART_LEFT + 8 + i * step, 1) for i in range(len(trend))]
    series = []
    for level in trend[0].levels if trend else ():
        dots = [
            (x, _y(point.levels[level].value or 0), f"{point.month:%m/%Y}: {percent_text(v)}%")
            for x, point in zip(xs, trend, strict=True)
            if (v := point.levels[level].value) is not None
        ]
        if not dots:
            continue
        target = trend[0].levels[level].target if trend else None
        series.append(
            Series(
                level,
                level_label(level),
                " ".join(f"{x},{y}" for x, y, _label in dots),
                dots,
                None if target is None else _y(target),
            )
        )
    return TrendChart(
        width=CHART_W,
        height=CHART_H,
        series=series,
        x_labels=[(x, f"{p.month:%m}") for x, p in zip(xs, trend, strict=True)],
        y_ticks=[(_y(v), v) for v in (0, 25, 50, 75, 100)],
        baseline=_y(0),
    )
