"""The demo's monthly work records: the 2023 story of the province, its districts and communes
(imported by the province office), and every month up to 11/2026 on the units of the day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db.models import Sum

from smartrural.transformation.models import Target, WorkRecordStat

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_db")]


class WorkRecordDemoTests:
    def test_the_demo_tells_the_2023_story(self) -> None:
        stats = WorkRecordStat.objects.filter(month__year=2023)
        assert stats.count() == (1 + 9 + 106) * 12
        assert set(stats.values_list("source", flat=True)) == {"imported"}
        assert Target.objects.filter(year=2023).exists()

        def share(**filters: Any) -> float:
            sums = stats.filter(**filters).aggregate(o=Sum("online"), t=Sum("total"))
            return 100 * sums["o"] / sums["t"]

        assert round(share(unit__level="province"), 2) == 34.09
        assert round(share(unit__level="district"), 2) == 26.82
        assert round(share(unit__level="commune"), 2) == 16.56
        districts = {
            code: share(unit__code=code, unit__level="district")
            for code in stats.filter(unit__level="district").values_list("unit__code", flat=True)
        }
        assert sorted(code for code, value in districts.items() if value < 25) == [
            "848",
            "849",
            "850",
        ]
        communes_above = [
            code
            for code in set(
                stats.filter(unit__level="commune").values_list("unit__code", flat=True)
            )
            if share(unit__code=code, unit__level="commune") > 20
        ]
        assert len(communes_above) >= 5
        assert share(month__month=1) < share(month__month=6) < share(month__month=12)

    def test_every_month_to_11_2026_has_records_of_the_units_of_the_day(self) -> None:
        months = set(WorkRecordStat.objects.values_list("month", flat=True))
        first = min(months)
        expected, month = set(), first
        while month <= dt.date(2026, 11, 1):
            expected.add(month)
            month = (month + dt.timedelta(days=32)).replace(day=1)
        assert months == expected
        assert max(months) == dt.date(2026, 11, 1)
        for month in (dt.date(2025, 6, 1), dt.date(2025, 7, 1), dt.date(2026, 11, 1)):
            units = WorkRecordStat.objects.filter(month=month).select_related("unit")
            assert units.exists(), month
            assert all(s.unit.is_valid_on(month) for s in units), month
        today = WorkRecordStat.objects.filter(month=dt.date(2026, 11, 1))
        assert {s.unit.parent_id is None or s.unit.code for s in today.select_related("unit")}
        assert today.filter(unit__code="29461").exists()  # Xã Trà Cú
        assert not today.filter(unit__code="29479").exists()  # Ngãi Xuyên, merged since
        assert WorkRecordStat.history.filter(month=dt.date(2026, 11, 1)).exists()
