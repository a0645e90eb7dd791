"""Demo work record figures (``data/work_records.yaml``), imported month by month by the
province office with ``work_records_import`` (all or nothing, with history), early in the month
after, as from the units' e-office systems.

Every unit of a period draws its numbers from the period's generator in path order, whether or
not a row is written for it (a unit dissolved during the period has no row after it ended), so
the figures of a period never depend on another's.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from smartrural.geo.models import AdministrativeUnit, Level
from smartrural.transformation.models import Source
from smartrural.transformation.work_records.services import WorkRecordRow, work_records_import

from .accounts import Actors
from .clock import at
from .datafiles import day, month, read_yaml
from .errors import DemoError
from .story import Event

LEVELS = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    months, current = [], first
    while current <= last:
        months.append(current)
        current = dt.date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def _share(unit: AdministrativeUnit, period: dict[str, Any], rng: random.Random) -> float:
    if unit.level == Level.PROVINCE:
        return float(period["province_share"])
    if unit.level == Level.DISTRICT:
        fixed = period["district_fixed"].get(unit.code)
        return float(fixed) if fixed is not None else rng.uniform(*period["district_share"])
    spec = period["commune_share"]
    return min(max(rng.gauss(spec["mean"], spec["spread"]), spec["min"]), spec["max"])


def planned_rows(period: dict[str, Any]) -> dict[dt.date, list[WorkRecordRow]]:
    """Month -> the rows of every unit valid that month (drawn in path order)."""
    rng = random.Random(period["seed"])
    months = _months(month(period["first"]), month(period["last"]))
    low, high = period["trend"]["from"], period["trend"]["to"]
    rows: dict[dt.date, list[WorkRecordRow]] = defaultdict(list)
    on = day(period["units_on"])
    for unit in (
        AdministrativeUnit.objects.valid_on(on)
        .filter(level__in=LEVELS)
        .under(_province(period).path)
        .order_by("path")
    ):
        share = _share(unit, period, rng)
        lowest, highest = period["totals"][unit.level]
        for n, first_day in enumerate(months):
            total = rng.randint(lowest, highest)
            step = n / (len(months) - 1) if len(months) > 1 else 0.5
            monthly = share * (low + (high - low) * step) * rng.uniform(0.95, 1.05)
            online = min(total, round(total * monthly))
            if unit.is_valid_on(first_day):
                rows[first_day].append(
                    WorkRecordRow(unit.code, f"{first_day:%Y-%m}", total, online)
                )
    return rows


def _province(period: dict[str, Any]) -> AdministrativeUnit:
    found = (
        AdministrativeUnit.objects.valid_on(day(period["units_on"]))
        .filter(code=period["province"], level=Level.PROVINCE)
        .first()
    )
    if found is None:
        raise DemoError(f"Province {period['province']} is missing on {period['units_on']}.")
    return found


def events(actors: Actors) -> list[Event]:
    """One import per month, on the data's import day of the month after."""
    spec = read_yaml("work_records.yaml")
    out: list[Event] = []
    for period in spec["periods"]:
        for first_day, rows in sorted(planned_rows(period).items()):
            following = first_day + dt.timedelta(days=32)
            when = dt.date(following.year, following.month, int(spec["imported_day"]))
            out.append((when, f"work records {first_day:%m/%Y}", _importer(rows, when, actors)))
    return out


def _importer(rows: list[WorkRecordRow], when: dt.date, actors: Actors) -> Callable[[], None]:
    def run() -> None:
        with at(when):
            summary = work_records_import(rows=rows, by=actors.office, source=Source.IMPORTED)
        if summary.conflicts:
            first = summary.conflicts[0]
            raise DemoError(
                f"The work records import refused {len(summary.conflicts)} rows, e.g. row "
                f"{first.row} ({first.unit}): {first.message}"
            )

    return run
