"""How long an import at the row limit holds the database's write lock (SQLite, production
options: WAL, IMMEDIATE transactions).

Data: one province, 20 districts, 600 communes (``bench.transformation``'s tree); a province
office user. Each repetition imports ``IMPORT_MAX_ROWS`` (10,000) monthly work record rows
spread over every unit, first as new rows, then the same rows changed.

Figure: the time from the write transaction's ``BEGIN`` (the write lock, as
``transaction_mode=IMMEDIATE`` takes it there) to the end of its ``COMMIT``, while every other
writer waits. Product: ``work_records_import`` (rows checked outside any transaction, then one
prepared bulk write with history). Baseline: the import as it was before — the same check and
a per-row ``select_for_update`` + ``save`` with history, all inside one transaction. The total
time of each import (check included) is printed beside.
"""

from __future__ import annotations

import datetime as dt
import functools
import statistics
import time
from collections.abc import Callable
from typing import Any

from bench.common import Result, Timing, setup_django

TARGET_MS = 1000.0  # "well under a second or two" of lock at the limit
RUNS = 5
BASELINE_RUNS = 1


def _rows(units: list[Any], count: int, *, total: int) -> list[Any]:
    from smartrural.transformation.work_records.services import WorkRecordRow

    rows: list[WorkRecordRow] = []
    year = 2023
    while len(rows) < count:
        for unit in units:
            for month in range(1, 13):
                rows.append(WorkRecordRow(unit.code, f"{year}-{month:02d}", total, total // 4))
        year -= 1
    return rows[:count]


def _old_import(rows: list[Any], by: Any) -> None:
    """The import before the write phase was split out: everything inside one transaction."""
    from django.db import transaction

    from smartrural.transformation.models import Source
    from smartrural.transformation.work_records.services import imports, submit

    with transaction.atomic():
        summary, checked = imports._work_records_check(rows, by=by)
        assert summary.ok
        for item in checked:
            submit._save(
                submit._locked(item.unit, item.month),
                unit=item.unit,
                month=item.month,
                total=item.total,
                online=item.online,
                source=Source.API,
                by=by,
            )


def _lock_ms(fn: Callable[[], object]) -> tuple[float, float]:
    """(write lock ms, total ms) of one call: from the first BEGIN to the call's end."""
    from django.db import connection

    began: list[float] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if sql.startswith("BEGIN") and not began:
            began.append(time.perf_counter())
        return execute(sql, params, many, context)

    start = time.perf_counter()
    with connection.execute_wrapper(wrapper):
        fn()
    end = time.perf_counter()
    assert began, "no write transaction"
    return (end - began[0]) * 1000, (end - start) * 1000


def _timing(samples: list[float]) -> Timing:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return Timing(median_ms=statistics.median(ordered), p95_ms=p95, runs=len(ordered))


def _series(
    runs: int, fresh: Callable[[], None], fn: Callable[[int], object]
) -> tuple[Timing, float]:
    locks, totals = [], []
    for i in range(runs):
        fresh()
        lock, total = _lock_ms(functools.partial(fn, i))
        locks.append(lock)
        totals.append(total)
    return _timing(locks), statistics.median(totals)


def run() -> list[Result]:
    setup_django()
    from django.conf import settings

    from bench.transformation import _tree
    from smartrural.accounts.models import Role, User
    from smartrural.geo.models import Level
    from smartrural.transformation.models import WorkRecordStat
    from smartrural.transformation.work_records.services import work_records_import

    _province, tree = _tree()
    units = [u for u in tree if u.level != Level.HAMLET]
    user = User.objects.create_user(username="vpdp", password="x", role=Role.PROVINCE_OFFICE)
    limit = settings.IMPORT_MAX_ROWS
    new_rows = _rows(units, limit, total=100)
    changed = _rows(units, limit, total=120)

    def empty() -> None:
        WorkRecordStat.objects.all().delete()

    def stored() -> None:
        empty()
        work_records_import(rows=new_rows, by=user)

    def product(rows: list[Any]) -> Callable[[int], object]:
        return lambda _i: work_records_import(rows=rows, by=user)

    def baseline(rows: list[Any]) -> Callable[[int], object]:
        return lambda _i: _old_import(rows, user)

    results: list[Result] = []
    for label, fresh, rows in (("new", empty, new_rows), ("changed", stored, changed)):
        ours, ours_total = _series(RUNS, fresh, product(rows))
        before, before_total = _series(BASELINE_RUNS, fresh, baseline(rows))
        assert WorkRecordStat.objects.count() == limit
        assert WorkRecordStat.history.filter(month__gte=dt.date(2000, 1, 1)).exists()
        print(
            f"imports: {limit:,} {label} work record rows over {len(units)} units; whole "
            f"import {ours_total:,.0f} ms (before: {before_total:,.0f} ms, all of it locked)"
        )
        results.append(
            Result(f"write lock, import of {limit:,} {label} rows", ours, before, TARGET_MS)
        )
    return results
