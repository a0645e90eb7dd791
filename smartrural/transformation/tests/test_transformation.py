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
from smartrural.transformation.work_records.services import (
    WorkRecordRow,
    work_record_submit,
    work_records_import,
)
from smartrural.transformation.work_records.targets import load_targets, target_set

MAY = dt.date(2023, 5, 1)


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


def post(client: Client, body: Any) -> Any:
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post("/api/v1/work-records", data, content_type="application/json")


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
            "version": 1,
        }
        other = post(client, {"unit": "29482", "month": "2023-05", "total": 1, "online": 1})
        assert other.status_code == 404
        with translation.override("en"):
            bad = post(client, {"unit": "29479", "month": "2023-06", "total": 1, "online": 2})
        assert bad.status_code == 409 and bad.json()["field"] == "online"
        assert "(2)" in bad.json()["detail"]
        assert WorkRecordStat.objects.count() == 1

    def test_a_list_is_written_all_or_nothing(self, personas: Personas) -> None:
        client = personas.client(personas.district)
        client.cookies["django_language"] = "en"
        rows = [
            {"unit": "29479", "month": "2023-05", "total": 100, "online": 40},
            {"unit": "29482", "month": "2023-05", "total": 10, "online": 11},
            {"unit": "29269", "month": "2023-05", "total": 10, "online": 1},
            {"unit": "2947901", "month": "2023-05", "total": 1, "online": 0},
        ]
        refused = post(client, rows)
        assert refused.status_code == 409, refused.content
        body = refused.json()
        assert body["status"] == "ERROR" and body["imported"] == 0
        assert [(c["row"], c["unit"]) for c in body["conflicts"]] == [
            (2, "29482"),
            (3, "29269"),
            (4, "2947901"),
        ]
        assert "cannot exceed the total" in body["conflicts"][0]["message"]
        assert "within your units" in body["conflicts"][1]["message"]
        assert "communes; Ấp Chợ is not one" in body["conflicts"][2]["message"]
        assert not WorkRecordStat.objects.exists()
        negative = post(client, [rows[0], {**rows[3], "total": -1}])
        assert negative.status_code == 422, negative.content
        assert negative.json()["errors"][0]["loc"] == ["body", 1, "total"]
        assert not WorkRecordStat.objects.exists()

        accepted = post(client, [rows[0], {**rows[1], "online": 5}])
        assert accepted.status_code == 201, accepted.content
        assert accepted.json() == {
            "status": "SUCCESS",
            "imported": 2,
            "updated": 0,
            "conflicts": [],
        }
        assert set(WorkRecordStat.objects.values_list("source", flat=True)) == {"api"}

    def test_malformed_lists_are_422(self, personas: Personas) -> None:
        client = personas.client(personas.district)
        client.cookies["django_language"] = "en"
        row = {"unit": "29479", "month": "2023-05", "total": 1, "online": 1}
        mixed = post(client, [row, {**row, "unit": "29482", "source": "imported"}])
        assert mixed.status_code == 409
        assert mixed.json()["conflicts"] == [
            {
                "row": 2,
                "unit": "29482",
                "message": "All records of one request must have the same source (api).",
            }
        ]
        missing = post(client, [{"unit": "29479"}])
        assert missing.status_code == 422
        assert missing.json()["detail"].startswith("0.month: is required")
        assert [e["loc"] for e in missing.json()["errors"]] == [
            ["body", 0, "month"],
            ["body", 0, "total"],
            ["body", 0, "online"],
        ]
        assert post(client, "not json").status_code == 400
        assert post(client, [{**row, "online": False}]).status_code == 422
        assert not WorkRecordStat.objects.exists()

    def test_read_only_lists_are_403(self, personas: Personas) -> None:
        row = {"unit": "29479", "month": "2023-05", "total": 1, "online": 1}
        assert post(personas.client(personas.viewer_a), [row]).status_code == 403
        assert not WorkRecordStat.objects.exists()
