"""The published list of one commune's reports (``/feedback/units/<code>/``) served by gunicorn,
beside the same server's ``/healthz`` in the same run.

Data: a province of today (Vĩnh Long, 86) with 100 communes and one hamlet each, and the
province it succeeded (Trà Vinh, 84, until 30/06/2025) with three communes that became the
listed commune (Xã Trà Cú, 29461); 50,000 reports over these 103 communes and three years
(2024 to 02/12/2026), an uneven spread (a few busy communes, many quiet ones), every category,
statuses as a year of work leaves them, 1% hidden by moderators.

Product: ``GET /feedback/units/29461/`` (the first page: 25 reports, newest first, with the
counts per status, the listed commune's reports and its three predecessors'), then the same with
a status and a period filter; the province's list is printed beside them (no goal set).
Baseline: ``GET /healthz`` (one ``SELECT 1``) on the same server. Goal (issue 11): the list's
median under 3× ``/healthz``'s. The list's content is cached between two changes of the reports
(``feedback.public.views.unit_reports``), so the median is a reading from the cache; the same list
computed on every request (``FEEDBACK_LIST_CACHE_SECONDS=0``) is printed beside it.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from bench.common import Result, setup_django
from bench.server import latency_ms, served

SEED = 1111
REPORTS = 50_000
COMMUNES = 100
PREDECESSORS = 3
RUNS = 300
RATIO = 3.0
LISTED = "29461"
REORGANISED = dt.date(2025, 7, 1)
START = dt.datetime(2024, 1, 1, 1, 0, tzinfo=dt.UTC)
BEFORE = dt.datetime(2025, 6, 30, 9, 0, tzinfo=dt.UTC)
AFTER = dt.datetime(2025, 7, 1, 1, 0, tzinfo=dt.UTC)
END = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)
STATUSES = {
    "received": 6,
    "accepted": 4,
    "assigned": 5,
    "in_progress": 8,
    "resolved": 20,
    "closed": 50,
    "refused": 5,
    "reopened": 2,
}


def _units() -> tuple[list[Any], list[Any], Any]:
    """Communes of today (the listed one first) and the old communes that became it."""
    from smartrural.core.text import fold
    from smartrural.geo.models import AdministrativeUnit, Kind, Level, Succession, path_segment

    rows: list[AdministrativeUnit] = []

    def add(code: str, name: str, kind: str, level: str, parent: Any, old: bool) -> Any:
        pk = len(rows) + 1
        unit = AdministrativeUnit(
            id=pk,
            code=code,
            name=name,
            search_name=fold(name),
            kind=kind,
            level=level,
            parent=parent,
            valid_from=None if old else REORGANISED,
            valid_to=REORGANISED - dt.timedelta(days=1) if old else None,
            region="dbscl" if level == Level.PROVINCE else "",
            path=(parent.path if parent else "") + path_segment(pk),
        )
        rows.append(unit)
        return unit

    province = add("86", "Tỉnh Vĩnh Long", Kind.PROVINCE, Level.PROVINCE, None, False)
    old_province = add("84", "Tỉnh Trà Vinh", Kind.PROVINCE, Level.PROVINCE, None, True)
    communes, hamlets = [], []
    for i in range(COMMUNES):
        code = LISTED if i == 0 else f"{30000 + i}"
        commune = add(code, f"Xã Số {i}", Kind.COMMUNE, Level.COMMUNE, province, False)
        communes.append(commune)
        hamlets.append(add(f"{code}01", f"Ấp Một {i}", Kind.HAMLET, Level.HAMLET, commune, False))
    old = [
        add(f"{29470 + i}", f"Xã Cũ {i}", Kind.COMMUNE, Level.COMMUNE, old_province, True)
        for i in range(PREDECESSORS)
    ]
    AdministrativeUnit.objects.bulk_create(rows)
    Succession.objects.bulk_create(
        Succession(predecessor=o, successor=communes[0], kind="whole", effective_date=REORGANISED)
        for o in old
    )
    return communes + old, hamlets, province


def _reports(communes: list[Any], hamlets: list[Any]) -> None:
    from smartrural.feedback.models import Category, Report

    rng = random.Random(SEED)
    categories = list(Category.objects.filter(parent__isnull=False))
    hamlet_of = {h.parent_id: h for h in hamlets}
    weights = [rng.lognormvariate(0, 0.8) for _ in communes]
    span = (END - START).total_seconds()
    rows = []
    for i in range(REPORTS):
        commune = rng.choices(communes, weights)[0]
        old = commune.valid_to is not None
        at = START + dt.timedelta(seconds=rng.random() * span)
        if old:  # filed before the reorganisation, under the old units
            at = START + (BEFORE - START) * rng.random()
        elif at < AFTER:  # today's communes exist from 01/07/2025
            at = AFTER + (END - AFTER) * rng.random()
        category = rng.choice(categories)
        place = hamlet_of.get(commune.pk, commune) if rng.random() < 0.6 else commune
        status = rng.choices(list(STATUSES), list(STATUSES.values()))[0]
        rows.append(
            Report(
                category=category,
                description=f"Phản ánh số {i}: đường liên ấp xuống cấp, cần sửa chữa sớm.",
                place=place,
                commune=commune,
                province_id=commune.parent_id,
                responsible_unit=commune,
                responsible_role=category.role,
                status=status,
                status_changed_at=at,
                submitted_at=at,
                resolved_at=(
                    at + dt.timedelta(days=rng.randint(1, 20))
                    if status in ("resolved", "closed")
                    else None
                ),
                deadline=at.date() + dt.timedelta(days=14),
                channel="web",
                reporter_name="Nguyễn Văn An",
                reporter_phone="0912345678",
                hide_name=rng.random() < 0.3,
                tracking_hash=f"{i:064x}",
                hidden=rng.random() < 0.01,
                supporters=rng.choice((0, 0, 0, 1, 2, 5)),
            )
        )
    Report.objects.bulk_create(rows, batch_size=2000)


def run() -> list[Result]:
    db_path = setup_django()
    from django.db import connection

    from smartrural.feedback.models import Report

    started = time.perf_counter()
    communes, hamlets, _province = _units()
    _reports(communes, hamlets)
    listed_ids = [communes[0].pk, *(c.pk for c in communes[COMMUNES:])]
    listed = Report.objects.filter(commune_id__in=listed_ids).count()
    print(
        f"feedback_list: {REPORTS:,} reports over {len(communes)} communes generated in "
        f"{time.perf_counter() - started:.1f} s; the listed commune and its predecessors hold "
        f"{listed:,}"
    )
    connection.close()  # the server reads the file on its own connections

    pages = {
        f"commune list (25 of {listed:,})": f"/feedback/units/{LISTED}/",
        "commune list, open, period": f"/feedback/units/{LISTED}/?status=open"
        "&start=01/01/2025&end=02/12/2026",
    }
    results: list[Result] = []
    with served(db_path) as base_url:
        for label, path in pages.items():
            health = latency_ms(base_url + "/healthz", RUNS)
            page = latency_ms(base_url + path, RUNS)
            results.append(
                Result(
                    name=f"feedback {label} vs /healthz",
                    product=page,
                    baseline=health,
                    target_ms=RATIO * health.median_ms,
                )
            )
            print(
                f"feedback_list: {label}: median {page.median_ms:.2f} ms, /healthz "
                f"{health.median_ms:.2f} ms, ratio {page.median_ms / health.median_ms:.2f} "
                f"(goal < {RATIO:g})"
            )
        # The figures above read the list's content from the cache, as readers do between two
        # changes; computed every time (a change before each reading) it costs this much.
        with served(db_path, env={"FEEDBACK_LIST_CACHE_SECONDS": "0"}) as cold_url:
            cold = latency_ms(cold_url + pages[next(iter(pages))], RUNS // 3)
        print(
            f"feedback_list: commune list computed every time (no cache): median "
            f"{cold.median_ms:.2f} ms"
        )
        # The province's list counts all 50,000 (no goal in the issue: printed, not judged).
        province = latency_ms(base_url + "/feedback/units/86/", RUNS // 3)
        print(f"feedback_list: province list (50,000): median {province.median_ms:.2f} ms")
        # Any page in the project's frame (menus, language form) costs this much by itself.
        home = latency_ms(base_url + "/", RUNS // 3)
        print(f"feedback_list: for reference, the home page /: median {home.median_ms:.2f} ms")
    return results
