"""The dashboard's progress by year: the selected year and the two before it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from smartrural.accounts.actor import Actor
from smartrural.criteria.selectors import summary
from smartrural.geo.models import AdministrativeUnit
from smartrural.recognition.models import TargetLevel

from .sets import headline_sets

PROGRESS_YEARS = 3  # the selected year and the two before it


@dataclass(frozen=True)
class ProgressRow:
    year: int
    total: int
    meeting_all: int
    ntm: int
    advanced: int


def progress(
    unit: AdministrativeUnit,
    year: int,
    years: Sequence[int],
    user: Actor,
    current: dict[str, Any],
) -> list[ProgressRow]:
    """Counts for the selected year and the years before it, each against the commune set in
    force that year (``current``: the selected year's summary, already computed)."""
    rows = []
    shown = sorted({y for y in years if year - PROGRESS_YEARS < y < year} | {year})
    for y in shown:
        if y == year:
            data = current
        else:
            in_force = next((cs for key, _l, cs in headline_sets(y) if key == "ntm"), None)
            if in_force is None:
                continue
            data = summary(criteria_set=in_force, year=y, parent=unit, user=user)
            if not data["total"]:  # ``unit`` held no commune that year (created in 2025)
                continue
        rows.append(
            ProgressRow(
                year=y,
                total=data["total"],
                meeting_all=data["meetingAll"],
                ntm=data["recognised"].get(TargetLevel.NTM, 0),
                advanced=data["recognised"].get(TargetLevel.ADVANCED, 0),
            )
        )
    return rows
