from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import translation

from smartrural.core.errors import ValidationFailed
from smartrural.testing import Personas
from smartrural.transformation.models import Target, WorkRecordStat
from smartrural.transformation.selectors import work_record_kpis
from smartrural.transformation.services import (
    WorkRecordRow,
    load_targets,
    target_set,
    work_record_submit,
    work_records_import,
)

MAY = dt.date(2023, 5, 1)


def _data(p: Personas) -> None:
    """Ngãi Xuyên 40/100, Kim Sơn 10/50 (Trà Cú), Mỹ Cẩm 30/50 (Càng Long), Trà Cú 60/200."""
    load_targets()
    for unit, online, total in [
        (p.commune_a_unit, 30, 60),
        (p.commune_b_unit, 10, 50),
        (p.other_commune_unit, 30, 50),
        (p.district_unit, 60, 200),
    ]:
        work_record_submit(unit=unit, month=MAY, total=total, online=online, by=p.province)
    work_record_submit(
        unit=p.commune_a_unit,
        month=dt.date(2023, 6, 1),
        total=40,
        online=10,
        source="imported",
        by=p.province,
    )
    # Another year and the platform's own figures are not counted with the others.
    work_record_submit(
        unit=p.commune_a_unit, month=dt.date(2022, 5, 1), total=10, online=10, by=p.province
    )
    work_record_submit(
        unit=p.commune_a_unit, month=MAY, total=90, online=80, source="platform", by=p.province
    )


def _level(levels: list[Any], level: str) -> Any:
    return next(item for item in levels if item.level == level)


class TargetTests:
    def test_shipped_targets_are_loaded_idempotently(self, db: None) -> None:
        first = load_targets()
        assert load_targets() == first == Target.objects.count() == 12
        tv = Target.objects.get(year=2023, indicator="work_records_online", level="district")
        assert tv.value_percent == Decimal(25)
        assert "Trà Vinh năm 2023" in tv.legal_basis
        assert Target.objects.get(
            year=2025, indicator="communes_indicator_8_4", level="commune"
        ).value_percent == Decimal(97)
        assert Target.objects.get(
            year=2025, indicator="work_records_online", level="province"
        ).value_percent == Decimal(90)

    def test_only_the_province_office_sets_targets(self, personas: Personas) -> None:
        with pytest.raises(PermissionDenied):
            target_set(
                year=2024,
                indicator="work_records_online",
                level="commune",
                value=50,
                legal_basis="x",
                by=personas.district,
            )
        target = target_set(
            year=2024,
            indicator="work_records_online",
            level="commune",
            value="50",
            legal_basis="x",
            by=personas.province,
        )
        assert target.value_percent == Decimal(50)
        assert target.history.count() == 1


class SubmitTests:
    @pytest.mark.parametrize(
        ("total", "online", "message"),
        [
            (-1, 0, "Total cannot be negative."),
            (10, -2, "Online cannot be negative."),
            (10, 11, "Records processed online (11) cannot exceed the total (10)."),
        ],
    )
    def test_invalid_counts_are_rejected(
        self, personas: Personas, total: int, online: int, message: str
    ) -> None:
        with translation.override("en"), pytest.raises(ValidationFailed) as info:
            work_record_submit(
                unit=personas.commune_a_unit,
                month=MAY,
                total=total,
                online=online,
                by=personas.commune_a,
            )
        assert info.value.message == message
        assert not WorkRecordStat.objects.exists()

    def test_future_month_and_hamlet_are_rejected(self, personas: Personas) -> None:
        future = (dt.date.today().replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        with translation.override("en"):
            with pytest.raises(ValidationFailed, match="in the future"):
                work_record_submit(
                    unit=personas.commune_a_unit,
                    month=future,
                    total=1,
                    online=0,
                    by=personas.commune_a,
                )
            with pytest.raises(ValidationFailed, match="provinces, districts and communes"):
                work_record_submit(
                    unit=personas.hamlet_a_unit,
                    month=MAY,
                    total=1,
                    online=0,
                    by=personas.commune_a,
                )

    def test_resubmitting_corrects_with_history(self, personas: Personas) -> None:
        unit = personas.commune_a_unit
        work_record_submit(unit=unit, month=MAY, total=10, online=1, by=personas.commune_a)
        row = work_record_submit(unit=unit, month=MAY, total=10, online=5, by=personas.commune_a)
        assert WorkRecordStat.objects.count() == 1
        assert row.online == 5 and row.history.count() == 2


class ImportTests:
    def test_all_or_nothing_with_every_conflict(self, personas: Personas) -> None:
        rows = [
            WorkRecordRow("29479", "2023-05", 100, 40),
            WorkRecordRow("29479", "2023-06", 10, 20),
            WorkRecordRow("29482", "2023-05", 10, 1),
            WorkRecordRow("29479", "2023-13", 1, 1),
        ]
        with translation.override("en"):
            summary = work_records_import(rows=rows, by=personas.commune_a, source="imported")
        assert not summary.ok
        assert [(c.row, c.unit) for c in summary.conflicts] == [
            (2, "29479"),
            (3, "29482"),
            (4, "29479"),
        ]
        assert "cannot exceed" in summary.conflicts[0].message
        assert "within your units" in summary.conflicts[1].message
        assert WorkRecordStat.objects.count() == 0

    def test_clean_import_writes_every_row(self, personas: Personas) -> None:
        rows = [
            WorkRecordRow("29479", "2023-05", 100, 40),
            WorkRecordRow("29482", "2023-05", "50", "10"),
            WorkRecordRow("849", "2023-05", 200, 60),
        ]
        summary = work_records_import(rows=rows, by=personas.district, source="imported")
        assert summary.ok and summary.imported == 3
        assert WorkRecordStat.objects.filter(source="imported").count() == 3
        again = work_records_import(rows=rows[:1], by=personas.district, source="imported")
        assert again.updated == 1 and WorkRecordStat.objects.count() == 3


class KpiTests:
    def test_percentages_per_level_and_child(self, personas: Personas) -> None:
        _data(personas)
        kpis = work_record_kpis(parent=personas.province_unit, year=2023, user=personas.province)
        commune = _level(kpis.levels, "commune").kpi
        assert (commune.numerator, commune.denominator) == (80, 200)
        assert commune.value == Decimal("40.00") and commune.target == Decimal(20) and commune.met
        district = _level(kpis.levels, "district").kpi
        assert district.value == Decimal("30.00") and district.met is True
        province = _level(kpis.levels, "province").kpi
        assert province.value is None and province.met is None
        platform = _level(kpis.platform, "commune").kpi
        assert (platform.numerator, platform.denominator) == (80, 90)
        assert [(c.unit.code, c.kpi.value) for c in kpis.children] == [
            ("844", None),
            ("849", Decimal("30.00")),
        ]

    def test_district_children_and_scope(self, personas: Personas) -> None:
        _data(personas)
        kpis = work_record_kpis(parent=personas.district_unit, year=2023, user=personas.district)
        assert [(c.unit.code, c.kpi.value) for c in kpis.children] == [
            ("29479", Decimal("40.00")),
            ("29482", Decimal("20.00")),
        ]
        commune = _level(kpis.levels, "commune").kpi
        assert commune.value == Decimal("33.33")
        # A commune officer asking about the district only sees their own commune.
        own = work_record_kpis(parent=personas.district_unit, year=2023, user=personas.commune_a)
        assert _level(own.levels, "commune").kpi.value == Decimal("40.00")
        assert _level(own.levels, "district").kpi.denominator == 0


def post(client: Client, body: dict[str, Any]) -> Any:
    return client.post("/api/v1/work-records", json.dumps(body), content_type="application/json")


class ApiTests:
    def test_commune_officer_writes_own_commune_only(self, personas: Personas) -> None:
        client = personas.client(personas.commune_a)
        ok = post(client, {"unit": "29479", "month": "2023-05", "total": 100, "online": 40})
        assert ok.status_code == 201, ok.content
        assert ok.json() == {
            "unit": "29479",
            "month": "2023-05",
            "total": 100,
            "online": 40,
            "source": "api",
        }
        other = post(client, {"unit": "29482", "month": "2023-05", "total": 1, "online": 1})
        assert other.status_code == 404
        with translation.override("en"):
            bad = post(client, {"unit": "29479", "month": "2023-06", "total": 1, "online": 2})
        assert bad.status_code == 422 and bad.json()["field"] == "online"
        assert WorkRecordStat.objects.count() == 1

    def test_kpis(self, personas: Personas) -> None:
        _data(personas)
        response = personas.client(personas.district).get(
            "/api/v1/transformation/kpis?year=2023&parent=849"
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["year"] == 2023 and body["parent"] == "849"
        commune = next(item for item in body["levels"] if item["level"] == "commune")
        assert commune["numerator"] == 50 and commune["denominator"] == 150
        assert commune["met"] is True
        assert [c["unit"] for c in body["children"]] == ["29479", "29482"]
        own = personas.client(personas.commune_a).get(
            "/api/v1/transformation/kpis?year=2023&parent=29479"
        )
        assert own.status_code == 200
        assert (
            personas.client(personas.commune_a)
            .get("/api/v1/transformation/kpis?year=2023&parent=29482")
            .status_code
            == 404
        )
