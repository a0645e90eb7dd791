"""Demo work record figures: Trà Vinh 2023, every month, every province, district and commune.

The figures are as if imported from the units' e-office systems, and tell the story of the
province's 2023 plan (targets 30% / 25% / 20%): the province processes about 34% of its work
records online (met); district-level units about 27% overall (met) although Cầu Ngang, Trà Cú
and huyện Duyên Hải stay below 25%; communes about 17% overall (not met) with some above 20%.
The share rises month after month. Deterministic (fixed seed) and idempotent: months already
stored (imported, or entered or corrected by an officer since) are left as they are.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from smartrural.criteria.selectors import as_of_for_year
from smartrural.geo.models import AdministrativeUnit, Level

from ..models import Source, WorkRecordStat
from ..services import load_targets

SEED = 2023
YEAR = 2023
PROVINCE_CODE = "84"
LAGGING_DISTRICTS = {"848": 0.22, "849": 0.20, "850": 0.23}  # Cầu Ngang, Trà Cú, Duyên Hải
PROVINCE_SHARE = 0.34
DISTRICT_SHARE = (0.27, 0.33)
COMMUNE_SHARE = (0.17, 0.035)  # mean and spread of a commune's yearly share
TOTALS: dict[str, tuple[int, int]] = {
    Level.PROVINCE: (380, 520),
    Level.DISTRICT: (180, 320),
    Level.COMMUNE: (30, 120),
}


def trend(month: int) -> float:
    """The month's share relative to the year's (rising from 0.7 in January to 1.3 in
    December; 1 on average)."""
    return 0.7 + 0.6 * (month - 1) / 11


def _share(unit: AdministrativeUnit, rng: random.Random) -> float:
    if unit.level == Level.PROVINCE:
        return PROVINCE_SHARE
    if unit.level == Level.DISTRICT:
        return LAGGING_DISTRICTS.get(unit.code) or rng.uniform(*DISTRICT_SHARE)
    return min(max(rng.gauss(*COMMUNE_SHARE), 0.06), 0.30)


def _units() -> list[AdministrativeUnit]:
    units = AdministrativeUnit.objects.valid_on(as_of_for_year(YEAR))
    province = units.filter(code=PROVINCE_CODE, level=Level.PROVINCE).first()
    if province is None:
        return []
    return list(
        units.under(province.path)
        .filter(level__in=(Level.PROVINCE, Level.DISTRICT, Level.COMMUNE))
        .order_by("path")
    )


@transaction.atomic
def load_demo() -> None:
    load_targets()
    rng = random.Random(SEED)
    units = _units()
    # Every stored month is left as it is, whoever entered or corrected it since.
    existing = set(
        WorkRecordStat.objects.filter(unit__in=units, month__year=YEAR).values_list(
            "unit_id", "month"
        )
    )
    rows: list[WorkRecordStat] = []
    for unit in units:
        # Every unit draws the same numbers whether or not its rows exist, so a partial
        # second run gives the same figures as a first one.
        share = _share(unit, rng)
        low, high = TOTALS[unit.level]
        for month in range(1, 13):
            total = rng.randint(low, high)
            monthly = share * trend(month) * rng.uniform(0.95, 1.05)
            online = min(total, round(total * monthly))
            day = dt.date(YEAR, month, 1)
            if (unit.pk, day) in existing:
                continue
            rows.append(
                WorkRecordStat(
                    unit=unit, month=day, total=total, online=online, source=Source.IMPORTED
                )
            )
    if rows:
        bulk_create_with_history(rows, WorkRecordStat, batch_size=500)
