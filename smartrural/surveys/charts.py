"""Horizontal bar charts drawn on the server as inline SVG (no JavaScript): each bar a share
in percent with its 95% interval as a whisker and the rule's threshold as a line.

Only numbers are computed here; the template writes the labels as SVG text, autoescaped like
any other text of the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .results import Share, percent

WIDTH = 640
LABEL_WIDTH = 230
ROW = 30
TOP = 8
PLOT = WIDTH - LABEL_WIDTH - 60


@dataclass(frozen=True)
class Bar:
    label: str
    y: int
    width: float
    low_x: float | None
    high_x: float | None
    text: str  # the share as printed, e.g. "85,2%"
    title: str  # the share with its interval and counts, for the tooltip
    below: bool  # under the threshold


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    height: int
    threshold_x: float | None
    label_width: int = LABEL_WIDTH
    width: int = WIDTH
    plot_width: int = PLOT

    @property
    def ticks(self) -> list[tuple[float, int]]:
        return [(LABEL_WIDTH + PLOT * v / 100, v) for v in (0, 25, 50, 75, 100)]


def _x(value: float) -> float:
    return round(LABEL_WIDTH + PLOT * value / 100, 1)


def bar_chart(rows: list[tuple[str, Share]], *, minimum: Decimal | None = None) -> BarChart:
    """A chart of ``rows`` (label, share); ``minimum``: the rule's threshold in percent."""
    bars: list[Bar] = []
    for index, (label, share) in enumerate(rows):
        value = share.percent
        bars.append(
            Bar(
                label=label,
                y=TOP + index * ROW,
                width=0 if value is None else round(PLOT * value / 100, 1),
                low_x=None if share.low is None else _x(share.low),
                high_x=None if share.high is None else _x(share.high),
                text="—" if value is None else f"{percent(value)}%",
                title=f"{label}: {share.text()} — {share.satisfied}/{share.total}",
                below=minimum is not None and not share.at_least(minimum),
            )
        )
    return BarChart(
        bars=bars,
        height=TOP * 2 + ROW * len(rows) + 16,
        threshold_x=None if minimum is None else _x(float(minimum)),
    )
