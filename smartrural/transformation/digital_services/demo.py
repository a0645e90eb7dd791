"""Demo essential digital services of Trà Vinh (2023).

The standard catalogue, and offerings such that on 31/12/2023:

- 4 of the 9 district-level units offer at least one service (44% ≥ the 15% target: met);
- 12 of the 106 commune-level units do (11% < 15%: not met), Ngãi Xuyên and Kim Sơn among them.

Three more communes show the date rule: two stopped during 2023 and one started in 2024, so none
of them counts on 31/12/2023. Deterministic (one seeded generator per unit) and idempotent
(a unit that already has an offering of a service gets no demo offering of it).
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from smartrural.geo.models import AdministrativeUnit, Level
from smartrural.transformation.models import DigitalService, ServiceOffering

from .services import load_catalogue

SEED = 2023
ON = dt.date(2023, 12, 31)
PROVINCE = "84"
# Thành phố Trà Vinh, Càng Long, Tiểu Cần, Trà Cú
DISTRICTS = ("842", "844", "846", "849")
DEMO_COMMUNES = ("29479", "29482")  # Ngãi Xuyên, Kim Sơn (Trà Cú)
COMMUNES_OFFERING = 12
ENDED_IN_2023 = 2
STARTED_IN_2024 = 1
FIRST_SINCE, LAST_SINCE = dt.date(2022, 1, 1), dt.date(2023, 11, 30)
NOTES = (
    "Theo kế hoạch chuyển đổi số năm 2023 của địa phương",
    "Có cán bộ hướng dẫn tại bộ phận một cửa",
    "Phối hợp với Bưu điện và Viettel triển khai",
    "",
)


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _units(level: str) -> list[AdministrativeUnit]:
    province = AdministrativeUnit.objects.valid_on(ON).filter(code=PROVINCE).first()
    if province is None:
        return []
    return list(
        AdministrativeUnit.objects.valid_on(ON)
        .under(province.path)
        .filter(level=level)
        .order_by("code")
    )


def _plan() -> list[tuple[AdministrativeUnit, str]]:
    """(unit, period) for every unit with demo offerings: ``open`` counts on 31/12/2023,
    ``ended`` stopped during 2023, ``later`` started in 2024."""
    districts = [u for u in _units(Level.DISTRICT) if u.code in DISTRICTS]
    communes = _units(Level.COMMUNE)
    chosen = [c for c in communes if c.code in DEMO_COMMUNES]
    others = [c for c in communes if c.code not in DEMO_COMMUNES]
    picked = random.Random(SEED).sample(
        others, COMMUNES_OFFERING - len(chosen) + ENDED_IN_2023 + STARTED_IN_2024
    )
    open_count = COMMUNES_OFFERING - len(chosen)
    plan = [(u, "open") for u in districts]
    plan += [(u, "open") for u in chosen + picked[:open_count]]
    plan += [(u, "ended") for u in picked[open_count : open_count + ENDED_IN_2023]]
    plan += [(u, "later") for u in picked[open_count + ENDED_IN_2023 :]]
    return plan


def _offerings(
    unit: AdministrativeUnit, period: str, services: list[DigitalService]
) -> list[ServiceOffering]:
    rng = random.Random(f"{SEED}-offering-{unit.code}")
    count = rng.randint(1, 3) if unit.level == Level.DISTRICT else rng.randint(1, 4)
    offerings = []
    for service in rng.sample(services, count):
        if period == "later":
            since, until = _day(rng, dt.date(2024, 2, 1), dt.date(2024, 10, 31)), None
        elif period == "ended":
            since = _day(rng, FIRST_SINCE, dt.date(2022, 12, 31))
            until = _day(rng, dt.date(2023, 3, 1), dt.date(2023, 10, 31))
        else:
            since, until = _day(rng, FIRST_SINCE, LAST_SINCE), None
        offerings.append(
            ServiceOffering(
                unit=unit, service=service, since=since, until=until, note=rng.choice(NOTES)
            )
        )
    return offerings


@transaction.atomic
def load_demo() -> None:
    """The standard catalogue and the demo offerings (idempotent)."""
    load_catalogue()
    services = list(DigitalService.objects.filter(active=True).order_by("order", "code"))
    if not services:
        return
    existing = set(ServiceOffering.objects.values_list("unit_id", "service_id"))
    new = [
        offering
        for unit, period in _plan()
        for offering in _offerings(unit, period, services)
        if (offering.unit_id, offering.service_id) not in existing
    ]
    if new:
        bulk_create_with_history(new, ServiceOffering)
