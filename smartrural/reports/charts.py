"""A grouped bar chart as plain geometry, drawn as inline SVG by the template (no library)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .progress import ProgressRow

WIDTH = 480
HEIGHT = 220
BASELINE = 190  # y of the axis; labels below it
TOP = 20
BAR = 22
GAP = 4


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    series: str
    label: str

    @property
    def centre(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def value_y(self) -> float:
        """Where the value's label sits: just above the bar."""
        return round(self.y - 4, 1)


@dataclass(frozen=True)
class Group:
    x: float  # centre, for the year label
    label: str
    bars: list[Bar]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    baseline: int
    groups: list[Group]
    legend: list[tuple[str, str]]  # series, label

    @property
    def label_y(self) -> int:
        """Where the year labels sit: below the axis."""
        return self.baseline + 18


def progress_chart(rows: Sequence[ProgressRow]) -> Chart:
    """Per year: communes meeting all criteria, recognised NTM, recognised advanced."""
    series = [
        ("meeting", _("Meeting all criteria")),
        ("ntm", _("Recognised NTM")),
        ("advanced", _("Recognised advanced")),
    ]
    top = max([max(r.total, 1) for r in rows] or [1])
    slot = WIDTH / max(len(rows), 1)
    groups = []
    for i, row in enumerate(rows):
        values = (row.meeting_all, row.ntm, row.advanced)
        width = len(values) * BAR + (len(values) - 1) * GAP
        left = i * slot + (slot - width) / 2
        bars = []
        for j, ((key, label), value) in enumerate(zip(series, values, strict=True)):
            height = (BASELINE - TOP) * value / top
            bars.append(
                Bar(
                    x=round(left + j * (BAR + GAP), 1),
                    y=round(BASELINE - height, 1),
                    width=BAR,
                    height=round(height, 1),
                    value=value,
                    series=key,
                    label=label,
                )
            )
        groups.append(Group(x=round(i * slot + slot / 2, 1), label=str(row.year), bars=bars))
    return Chart(width=WIDTH, height=HEIGHT, baseline=BASELINE, groups=groups, legend=series)
