"""Scope queries on a national-size tree: the product's path range scans vs recursive walks.

(a) "every unit under this province as of a date": ``valid_on(d).under(province.path)``
    (one index range scan on ``path``) vs querying the children valid on ``d`` level by level,
    one query per parent.
(b) "is unit X inside user U's scope on date D": ``scope_for_user`` (fresh user each time, so
    its assignment query counts) + load X by code on D + ``scope.contains(x)``, vs loading X and
    walking its parent chain one query per level against the user's assigned unit ids.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from bench.common import Result, measure, setup_django

TARGET_MS = 5.0
BEFORE = dt.date(2024, 6, 1)  # three levels: province -> district -> commune -> hamlet
AFTER = dt.date(2025, 9, 1)  # two levels: province -> commune -> hamlet
RUNS = 300
BASELINE_RUNS = 40


def _naive_descendants(root_id: int, as_of: dt.date) -> list[int]:
    """The straightforward recursive walk: one children query per parent, level by level.

    Hamlets are known leaves, so they are not asked for children (a kinder baseline than a
    blind walk, which would issue one more query per hamlet).
    """
    from smartrural.geo.models import AdministrativeUnit, Level

    found = [root_id]
    frontier = [root_id]
    while frontier:
        children: list[int] = []
        for parent_id in frontier:
            rows = (
                AdministrativeUnit.objects.valid_on(as_of)
                .filter(parent_id=parent_id)
                .values_list("pk", "level")
            )
            for pk, level in rows:
                found.append(pk)
                if level != Level.HAMLET:
                    children.append(pk)
        frontier = children
    return found


def _explain(sql_qs: Any) -> str:
    from django.db import connection

    sql, params = sql_qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "; ".join(str(row[-1]) for row in cursor.fetchall())


def run() -> list[Result]:
    setup_django()
    from django.contrib.auth import get_user_model

    from bench import nation as nation_mod
    from smartrural.accounts.access import scope_for_user
    from smartrural.accounts.models import Role, UnitAssignment
    from smartrural.geo.models import AdministrativeUnit

    started = time.perf_counter()
    nation = nation_mod.build()
    print(
        f"scope: generated {nation.unit_count:,} units ({len(nation.old_provinces)} provinces, "
        f"{len(nation.districts)} districts, {len(nation.old_communes):,} communes, "
        f"{len(nation.old_hamlets):,} hamlets; after 07/2025 {len(nation.new_communes):,} "
        f"communes, {len(nation.new_hamlets):,} hamlets) and {nation.successions:,} successions "
        f"in {time.perf_counter() - started:.1f} s"
    )

    results: list[Result] = []

    # (a) all units under a province as of a date, rotating over the provinces.
    for label, as_of, provinces in (
        ("before", BEFORE, nation.old_provinces),
        ("after", AFTER, nation.new_provinces),
    ):

        def product(i: int, as_of: dt.date = as_of, provinces: list[Any] = provinces) -> int:
            p = provinces[i % len(provinces)]
            return len(
                list(
                    AdministrativeUnit.objects.valid_on(as_of)
                    .under(p.path)
                    .values_list("pk", flat=True)
                )
            )

        def baseline(i: int, as_of: dt.date = as_of, provinces: list[Any] = provinces) -> int:
            return len(_naive_descendants(provinces[i % len(provinces)].pk, as_of))

        # Same answer both ways, or the comparison means nothing.
        for i in range(3):
            p = provinces[i]
            fast = sorted(
                AdministrativeUnit.objects.valid_on(as_of)
                .under(p.path)
                .values_list("pk", flat=True)
            )
            assert fast == sorted(_naive_descendants(p.pk, as_of)), p
        sizes = [product(i) for i in range(len(provinces))]
        qs = AdministrativeUnit.objects.valid_on(as_of).under(provinces[0].path)
        plan = _explain(qs.values_list("pk", flat=True))
        print(f"scope (a) {label}: {min(sizes)}-{max(sizes)} units per province; plan: {plan}")
        if "path" not in plan or "SCAN geo_administrativeunit" in plan.replace(" USING", "|"):
            print("scope (a): WARNING - the query is not an index range scan on path")
        results.append(
            Result(
                name=f"(a) units under province, as of {as_of:%d/%m/%Y}",
                product=measure(product, runs=RUNS),
                baseline=measure(baseline, runs=BASELINE_RUNS),
                target_ms=TARGET_MS,
            )
        )

    # (b) is unit X inside user U's scope on date D.
    user_model = get_user_model()
    district = nation.districts[len(nation.districts) // 2]
    user = user_model.objects.create(username="bench-district", role=Role.DISTRICT_OFFICER)
    UnitAssignment.objects.create(user=user, unit=district)
    inside = [h for h in nation.old_hamlets if h.path.startswith(district.path)]
    outside = [h for h in nation.old_hamlets if not h.path.startswith(district.path)][::997]

    def fresh_user() -> Any:
        return user_model.objects.get(pk=user.pk)

    def scope_check(code: str, u: Any) -> bool:
        scope = scope_for_user(u)
        x = AdministrativeUnit.objects.valid_on(BEFORE).filter(code=code).first()
        return x is not None and scope.contains(x)

    def naive_check(code: str, u: Any) -> bool:
        assigned = set(
            UnitAssignment.objects.filter(user_id=u.pk).values_list("unit_id", flat=True)
        )
        x = AdministrativeUnit.objects.valid_on(BEFORE).filter(code=code).first()
        while x is not None:
            if x.pk in assigned:
                return True
            if x.parent_id is None:
                return False
            x = AdministrativeUnit.objects.get(pk=x.parent_id)
        return False

    for label, hamlets, expected in (("inside", inside, True), ("outside", outside, False)):
        # A fresh user object per repetition: scope_for_user caches on the instance.
        users = [fresh_user() for _ in range(RUNS + 10)]

        def product_b(
            i: int,
            hamlets: list[Any] = hamlets,
            expected: bool = expected,
            users: list[Any] = users,
        ) -> None:
            got = scope_check(hamlets[i % len(hamlets)].code, users[i])
            assert got is expected

        def baseline_b(
            i: int,
            hamlets: list[Any] = hamlets,
            expected: bool = expected,
            users: list[Any] = users,
        ) -> None:
            got = naive_check(hamlets[i % len(hamlets)].code, users[i])
            assert got is expected

        results.append(
            Result(
                name=f"(b) hamlet {label} district officer's scope",
                product=measure(product_b, runs=RUNS),
                baseline=measure(baseline_b, runs=RUNS),
                target_ms=TARGET_MS,
            )
        )
    return results
