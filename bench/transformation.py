"""The digital transformation KPIs of a large province for a year (the dashboard's main read).

Data: one province, 20 districts, 600 communes and 6,000 hamlets valid in 2023; twelve months of
work records for every province, district and commune (7,452 rows); 8 officials per unit (4,968)
with 12 digital transformation trainings and 2,500 attendances; 20% of districts and communes
offering a service; teams in half the hamlets. Indicator 8.4 is not loaded (no criteria set),
so its evaluation is not part of the figure.

Product: ``kpi_report`` at the province (every KPI per level and per district, a constant number
of grouped queries). Baseline: the same figures read unit by unit (one query per unit and KPI),
the way a naive dashboard loop would.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from bench.common import Result, measure, setup_django

SEED = 924
DISTRICTS, COMMUNES_PER_DISTRICT, HAMLETS_PER_COMMUNE = 20, 30, 10
TARGET_MS = 100.0


def _tree() -> tuple[Any, list[Any]]:
    from smartrural.core.text import fold
    from smartrural.geo.models import AdministrativeUnit, Kind, Level, path_segment

    rows: list[AdministrativeUnit] = []

    def add(code: str, kind: str, level: str, parent: Any) -> AdministrativeUnit:
        pk = len(rows) + 1
        name = f"{level} {code}"
        unit = AdministrativeUnit(
            id=pk,
            code=code,
            name=name,
            search_name=fold(name),
            kind=kind,
            level=level,
            parent=parent,
            valid_from=dt.date(2008, 1, 1),
            region="dbscl",
            path=(parent.path if parent else "") + path_segment(pk),
        )
        rows.append(unit)
        return unit

    province = add("84", Kind.PROVINCE, Level.PROVINCE, None)
    for d in range(DISTRICTS):
        district = add(f"{800 + d}", Kind.RURAL_DISTRICT, Level.DISTRICT, province)
        for c in range(COMMUNES_PER_DISTRICT):
            commune = add(f"{d:02d}{c:03d}", Kind.COMMUNE, Level.COMMUNE, district)
            for h in range(HAMLETS_PER_COMMUNE):
                add(f"{commune.code}{h:02d}", Kind.HAMLET, Level.HAMLET, commune)
    AdministrativeUnit.objects.bulk_create(rows, batch_size=5000)
    return province, rows


def _data(units: list[Any]) -> None:
    from smartrural.geo.models import Level
    from smartrural.transformation.models import (
        CommunityTechTeam,
        DigitalService,
        Official,
        ServiceOffering,
        TrainingEvent,
        TrainingParticipant,
        WorkRecordStat,
    )
    from smartrural.transformation.work_records.targets import load_targets

    rng = random.Random(SEED)
    load_targets()
    counted = [u for u in units if u.level != Level.HAMLET]
    WorkRecordStat.objects.bulk_create(
        [
            WorkRecordStat(
                unit_id=u.pk,
                month=dt.date(2023, m, 1),
                total=(total := rng.randint(50, 500)),
                online=rng.randint(0, total),
                source="imported",
            )
            for u in counted
            for m in range(1, 13)
        ],
        batch_size=5000,
    )
    officials = Official.objects.bulk_create(
        [
            Official(unit_id=u.pk, full_name=f"CB {u.code}-{i}", position="x")
            for u in counted
            for i in range(8)
        ],
        batch_size=5000,
    )
    events = [
        TrainingEvent.objects.create(
            unit_id=counted[0].pk, kind="course", title=f"CĐS {i}", date=dt.date(2023, i + 1, 5)
        )
        for i in range(12)
    ]
    TrainingParticipant.objects.bulk_create(
        [
            TrainingParticipant(event=rng.choice(events), official=official)
            for official in rng.sample(officials, 2500)
        ],
        batch_size=5000,
    )
    service = DigitalService.objects.create(code="dvc", name="Dịch vụ công", category="government")
    ServiceOffering.objects.bulk_create(
        [
            ServiceOffering(unit_id=u.pk, service=service, since=dt.date(2023, 3, 1))
            for u in counted
            if u.level != Level.PROVINCE and rng.random() < 0.2
        ],
        batch_size=5000,
    )
    CommunityTechTeam.objects.bulk_create(
        [
            CommunityTechTeam(unit_id=u.pk, name=f"Tổ {u.code}", established=dt.date(2023, 1, 1))
            for u in units
            if u.level == Level.HAMLET and rng.random() < 0.5
        ],
        batch_size=5000,
    )


def _naive(province: Any, user: Any) -> dict[tuple[str, str], tuple[int, int]]:
    """Every KPI per level, one query per unit and figure."""
    from django.db.models import Sum

    from smartrural.geo.models import Level
    from smartrural.transformation.kpis import units_in_view
    from smartrural.transformation.models import (
        CommunityTechTeam,
        Official,
        ServiceOffering,
        TrainingParticipant,
        WorkRecordStat,
    )

    end = dt.date(2023, 12, 31)
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for unit in units_in_view(province, user, dt.date(2023, 7, 1)):
        if unit.level == Level.HAMLET:
            covered = CommunityTechTeam.objects.filter(unit=unit, active=True).exists()
            sums[("hamlets_with_team", unit.level)][0] += int(covered)
            sums[("hamlets_with_team", unit.level)][1] += 1
            continue
        stats = WorkRecordStat.objects.filter(unit=unit, month__year=2023).aggregate(
            online=Sum("online"), total=Sum("total")
        )
        sums[("work_records_online", unit.level)][0] += stats["online"] or 0
        sums[("work_records_online", unit.level)][1] += stats["total"] or 0
        active = Official.objects.filter(unit=unit, active=True)
        trained = (
            TrainingParticipant.objects.filter(
                official__in=active,
                attendance="attended",
                event__digital_transformation=True,
                event__date__year=2023,
            )
            .values("official")
            .distinct()
            .count()
        )
        sums[("officials_trained", unit.level)][0] += trained
        sums[("officials_trained", unit.level)][1] += active.count()
        if unit.level != Level.PROVINCE:
            offers = ServiceOffering.objects.filter(
                unit=unit, since__lte=end, service__active=True
            ).exists()
            sums[("units_with_service", unit.level)][0] += int(offers)
            sums[("units_with_service", unit.level)][1] += 1
    return {key: (a, b) for key, (a, b) in sums.items()}


def run() -> list[Result]:
    setup_django()
    from smartrural.accounts.models import Role, User
    from smartrural.transformation.kpis import Period, kpi_report

    province, units = _tree()
    _data(units)
    user = User.objects.create_user(username="vpdp", password="x", role=Role.PROVINCE_OFFICE)
    period = Period.for_year(2023)

    report = kpi_report(parent=province, period=period, user=user)
    naive = _naive(province, user)
    for item in report.indicators:  # both ways give the same figures
        for level, kpi in item.levels.items():
            if (item.indicator, level) in naive:
                assert (kpi.numerator, kpi.denominator) == naive[(item.indicator, level)], (
                    item.indicator,
                    level,
                )
    print(f"transformation: {len(units):,} units, {len(report.children)} districts")

    product = measure(lambda _i: kpi_report(parent=province, period=period, user=user), runs=15)
    baseline = measure(lambda _i: _naive(province, user), runs=3, warmup=1)
    return [Result("transformation KPIs of a province, one year", product, baseline, TARGET_MS)]
