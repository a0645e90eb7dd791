"""Evaluation at national scale: bulk evaluation with its cache vs a per-commune ORM loop.

Data: 63 provinces, 705 districts, 10,000 communes (no hamlets: evaluation never reads them),
every indicator of the shipped QĐ 318 commune set (``QD318-XA.yaml``) valued for 2023; one
province also has 2019-2022 values (five years in all). About 99.5% of values meet their
threshold, so most communes miss one criterion or another, as in real data.

(a) full evaluation of every commune for 2023 (``evaluate_summaries``: every criterion and the
    level; explanations are built by the detail view), cache rows written (emptied before each run)
    vs the straightforward loop: one values query per commune, evaluate, save its row.
(b) one value of one commune changes (``indicator_value_submit``) and the commune is evaluated
    again (``evaluation_for``) vs the same change followed by a naive re-evaluation (one query
    per indicator, the definition parsed from JSON again, the row saved).
(c) ``GET /api/v1/summary`` for that province and 2023, as the province office (cache warm)
    vs looping over its communes: one values query each, evaluate, count.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import time
from decimal import Decimal
from typing import Any

from bench.common import Result, Timing, measure, setup_django

PROVINCES, DISTRICTS, COMMUNES = 63, 705, 10_000
YEAR = 2023
HISTORY_YEARS = (2019, 2020, 2021, 2022)
MET_SHARE = 0.995
SEED = 318
FULL_RUNS = 5
TARGET_FULL_MS, TARGET_ONE_MS, TARGET_SUMMARY_MS = 2000.0, 20.0, 50.0


def _timing(samples: list[float]) -> Timing:
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return Timing(median_ms=samples[len(samples) // 2], p95_ms=p95, runs=len(samples))


def _units() -> tuple[list[Any], list[Any]]:
    """Provinces and communes (bulk, explicit ids so paths are known before the insert)."""
    from smartrural.core.text import fold
    from smartrural.geo.models import AdministrativeUnit, Kind, Level, Region, path_segment

    rng = random.Random(SEED)
    regions = [r.value for r in Region]
    rows: list[AdministrativeUnit] = []
    provinces: list[AdministrativeUnit] = []
    communes: list[AdministrativeUnit] = []

    def add(code: str, kind: str, level: str, parent: Any, region: str) -> AdministrativeUnit:
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
            region=region,
            path=(parent.path if parent else "") + path_segment(pk),
        )
        rows.append(unit)
        return unit

    district_parent = [rng.randrange(PROVINCES) for _ in range(DISTRICTS - PROVINCES)]
    commune_parent = [rng.randrange(DISTRICTS) for _ in range(COMMUNES - DISTRICTS)]
    for p in range(PROVINCES):
        provinces.append(add(f"{p + 1:02d}", Kind.PROVINCE, Level.PROVINCE, None, regions[p % 7]))
    districts_of = list(range(PROVINCES)) + district_parent
    districts = []
    for d, p in enumerate(sorted(districts_of)):
        prov = provinces[p]
        districts.append(
            add(f"{d + 1:03d}", Kind.RURAL_DISTRICT, Level.DISTRICT, prov, prov.region)
        )
    for c, d in enumerate(sorted(list(range(DISTRICTS)) + commune_parent)):
        dist = districts[d]
        kind = Kind.WARD if c % 12 == 0 else Kind.COMMUNE
        communes.append(add(f"{c + 1:05d}", kind, Level.COMMUNE, dist, dist.region))
    AdministrativeUnit.objects.bulk_create(rows, batch_size=5000)
    return provinces, communes


def _values(criteria_set: Any, definition: Any, communes: list[Any], years: tuple[int, ...]) -> int:
    """Indicator values for ``communes`` and ``years``: met with probability MET_SHARE."""
    from smartrural.criteria.definition import PASS_FAIL
    from smartrural.criteria.models import IndicatorValue

    rng = random.Random(SEED + len(communes))
    indicators = list(definition.indicators().values())
    choices: dict[tuple[str, str, int], tuple[tuple[str, Decimal], tuple[str, Decimal]]] = {}

    def pair(ind: Any, region: str, year: int) -> tuple[tuple[str, Decimal], tuple[str, Decimal]]:
        key = (ind.code, region, year)
        if key not in choices:
            t = ind.threshold_for(region=region, commune_group=None, year=year)
            if ind.value_type == PASS_FAIL or t is None:
                choices[key] = (("true", Decimal(1)), ("false", Decimal(0)))
            else:
                v = Decimal(str(t.value))
                step = Decimal(1) if ind.comparator in (">=", ">") else Decimal(-1)
                good, bad = v + step, v - step
                if ind.value_type == "percent":
                    good, bad = min(good, Decimal(100)), max(bad, Decimal(0))
                choices[key] = ((str(good), good), (str(bad), bad))
        return choices[key]

    batch: list[IndicatorValue] = []
    written = 0
    for year in years:
        for commune in communes:
            for ind in indicators:
                good, bad = pair(ind, commune.region, year)
                text, number = good if rng.random() < MET_SHARE else bad
                batch.append(
                    IndicatorValue(
                        unit_id=commune.pk,
                        criteria_set_id=criteria_set.pk,
                        year=year,
                        indicator_code=ind.code,
                        value=text,
                        number=number,
                    )
                )
                if len(batch) >= 20_000:
                    IndicatorValue.objects.bulk_create(batch, batch_size=5000)
                    written += len(batch)
                    batch = []
    IndicatorValue.objects.bulk_create(batch, batch_size=5000)
    return written + len(batch)


def _naive_evaluate(
    criteria_set: Any, version: Any, unit: Any, year: int, *, per_indicator: bool
) -> Any:
    """The straightforward way: query the commune's values, evaluate, save its row."""
    from smartrural.criteria.engine import UnitFacts, evaluate
    from smartrural.criteria.models import Evaluation, IndicatorValue
    from smartrural.criteria.setfile import definition_from_json

    definition = definition_from_json(version.definition) if per_indicator else None
    compiled = definition or _naive_evaluate.definition  # type: ignore[attr-defined]
    values: dict[str, tuple[str, Decimal | None]] = {}
    if per_indicator:
        for code in compiled.indicators():
            row = IndicatorValue.objects.filter(
                unit=unit, criteria_set=criteria_set, year=year, indicator_code=code
            ).first()
            if row is not None:
                values[code] = (row.value, row.number)
    else:
        for row in IndicatorValue.objects.filter(unit=unit, criteria_set=criteria_set, year=year):
            values[row.indicator_code] = (row.value, row.number)
    facts = UnitFacts(kind=unit.kind, region=unit.region, commune_group=unit.commune_group)
    result = evaluate(compiled, facts=facts, year=year, values=values)
    Evaluation.objects.update_or_create(
        unit=unit,
        criteria_set=criteria_set,
        year=year,
        defaults={
            "version": version,
            "met": result.met,
            "criteria_met": result.criteria_met,
            "criteria_total": result.criteria_total,
            "result": {"level": result.level, "criteria": result.criteria_flags()},
        },
    )
    return result


def run() -> list[Result]:
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from smartrural.accounts.models import Role, User
    from smartrural.accounts.tokens import api_token_create
    from smartrural.criteria import selectors
    from smartrural.criteria.models import Evaluation
    from smartrural.criteria.services import criteria_set_import, indicator_value_submit
    from smartrural.criteria.setfile import parse_set_file
    from smartrural.geo.models import AdministrativeUnit, Level

    started = time.perf_counter()
    from smartrural.criteria.shipped import DATA_DIR

    version = criteria_set_import(definition=parse_set_file(DATA_DIR / "QD318-XA.yaml"))
    criteria_set = version.criteria_set
    definition = selectors.compiled(version).definition
    _naive_evaluate.definition = definition  # type: ignore[attr-defined]
    provinces, communes = _units()
    province = provinces[0]
    in_province = [c for c in communes if c.path.startswith(province.path)]
    count = _values(criteria_set, definition, communes, (YEAR,))
    count += _values(criteria_set, definition, in_province, HISTORY_YEARS)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.execute("ANALYZE")
    gc.collect()
    gc.freeze()
    print(
        f"evaluation: {len(communes):,} communes × {len(definition.indicators())} indicators of "
        f"{criteria_set.code}; {count:,} values ({len(in_province)} communes of province "
        f"{province.code} over 5 years) in {time.perf_counter() - started:.1f} s"
    )

    def all_communes() -> list[Any]:
        return list(
            AdministrativeUnit.objects.valid_on(selectors.as_of_for_year(YEAR))
            .filter(level=Level.COMMUNE)
            .only("pk", "code", "name", "kind", "region", "commune_group", "path")
        )

    # (a) full evaluation, cold cache each run.
    samples = []
    for _ in range(FULL_RUNS):
        Evaluation.objects.all().delete()
        start = time.perf_counter()
        results = selectors.evaluate_summaries(
            criteria_set=criteria_set, year=YEAR, units=all_communes()
        )
        samples.append((time.perf_counter() - start) * 1000)
    met = sum(r.met for r in results.values())
    Evaluation.objects.all().delete()
    start = time.perf_counter()
    selectors.evaluate_units(criteria_set=criteria_set, year=YEAR, units=all_communes())
    print(
        "evaluation (a): with every indicator's result object (evaluate_units): "
        f"{time.perf_counter() - start:.2f} s"
    )
    assert Evaluation.objects.filter(year=YEAR).count() == len(communes)
    Evaluation.objects.all().delete()
    start = time.perf_counter()
    for unit in all_communes():
        _naive_evaluate(criteria_set, version, unit, YEAR, per_indicator=False)
    baseline = [(time.perf_counter() - start) * 1000]
    naive_met = Evaluation.objects.filter(year=YEAR, met=True).count()
    assert naive_met == met, (naive_met, met)
    print(f"evaluation (a): baseline loop {baseline[0] / 1000:.1f} s")
    print(f"evaluation (a): {met:,} of {len(communes):,} communes meet every criterion")
    out = [
        Result(
            name=f"(a) evaluate {len(communes):,} communes (318 set)",
            product=_timing(samples),
            baseline=_timing(baseline),
            target_ms=TARGET_FULL_MS,
        )
    ]

    # (b) one value changes, the commune is evaluated again.
    numeric = [i.code for i in definition.indicators().values() if i.value_type == "percent"]
    target = in_province[1]
    # The province officer who changes the value (b) and reads the summary (c).
    officer = User.objects.create(username="bench-province", role=Role.PROVINCE_OFFICE)

    def change(i: int) -> None:
        indicator_value_submit(
            unit=target,
            criteria_set=criteria_set,
            year=YEAR,
            indicator_code=numeric[i % len(numeric)],
            value=str(50 + i % 50),
            by=officer,
        )

    def product_b(i: int) -> None:
        change(i)
        assert selectors.evaluation_for(target, criteria_set, YEAR) is not None

    def baseline_b(i: int) -> None:
        change(i)
        _naive_evaluate(criteria_set, version, target, YEAR, per_indicator=True)

    out.append(
        Result(
            name="(b) one value changed, commune re-evaluated",
            product=measure(product_b, runs=200),
            baseline=measure(baseline_b, runs=50),
            target_ms=TARGET_ONE_MS,
        )
    )

    # (c) the province summary endpoint, five years of data, cache warm.
    _token, raw = api_token_create(user=officer, name="bench")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    url = f"/api/v1/summary?criteriaSet={criteria_set.code}&year={YEAR}&parent={province.code}"

    def product_c(i: int) -> None:
        response = client.get(url)
        assert response.status_code == 200, response.content[:300]

    def baseline_c(i: int) -> int:
        units = list(
            AdministrativeUnit.objects.valid_on(selectors.as_of_for_year(YEAR))
            .under(province.path)
            .filter(level=Level.COMMUNE)
        )
        return sum(
            _naive_evaluate(criteria_set, version, u, YEAR, per_indicator=False).met for u in units
        )

    product_c(0)
    body = client.get(url).json()
    assert body["meetingAll"] == baseline_c(0), body["meetingAll"]
    print(
        f"evaluation (c): province {province.code}: {body['total']} communes, "
        f"{body['meetingAll']} meet every criterion, {len(body['children'])} districts"
    )
    out.append(
        Result(
            name=f"(c) summary endpoint, province of {body['total']} communes",
            product=measure(product_c, runs=100),
            baseline=measure(baseline_c, runs=10),
            target_ms=TARGET_SUMMARY_MS,
        )
    )
    return out
