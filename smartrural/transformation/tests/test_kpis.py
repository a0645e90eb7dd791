"""Every KPI on the hand-made data set (``dataset.py``): exact percentages, through the selector
and through the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from smartrural.core.platform_work import platform_work_counters
from smartrural.testing import Personas
from smartrural.transformation.kpis import (
    Kpi,
    KpiReport,
    Period,
    digital_set,
    kpi_report,
)
from smartrural.transformation.templatetags.kpis import kpi_value
from smartrural.transformation.work_records.trend import work_record_trend

YEAR = Period.for_year(2023)
D = dt.date


def _kpi(report: KpiReport | Any, indicator: str, level: str) -> Kpi:
    kpi = report.get(indicator, level)
    assert kpi is not None
    return kpi


def _child(report: KpiReport, code: str) -> Any:
    return next(child for child in report.children if child.unit.code == code)


@pytest.mark.django_db
class HandMadeDataSetTests:
    def test_district_levels(self, dataset: Personas) -> None:
        report = kpi_report(parent=dataset.district_unit, period=YEAR, user=dataset.district)
        expected = {
            ("work_records_online", "district"): (60, 200, "30.00", "25.00", True),
            ("work_records_online", "commune"): (55, 200, "27.50", "20.00", True),
            ("officials_trained", "district"): (1, 4, "25.00", "35.00", False),
            ("officials_trained", "commune"): (3, 8, "37.50", "35.00", True),
            ("units_with_service", "district"): (1, 1, "100.00", "15.00", True),
            ("units_with_service", "commune"): (1, 3, "33.33", "15.00", True),
            # Hàm Giang has no value of 8.4: counted in neither part ("no data", not "not met").
            ("communes_indicator_8_4", "commune"): (1, 2, "50.00", None, None),
            ("hamlets_with_team", "hamlet"): (1, 2, "50.00", None, None),
        }
        for (indicator, level), (num, den, value, target, met) in expected.items():
            kpi = _kpi(report, indicator, level)
            assert (kpi.numerator, kpi.denominator) == (num, den), (indicator, level)
            assert kpi.value == Decimal(value), (indicator, level)
            assert kpi.target == (None if target is None else Decimal(target)), (indicator, level)
            assert kpi.met is met, (indicator, level)
        # The province level is above the district: it is not reported under Trà Cú.
        assert report.get("work_records_online", "province") is None
        # The platform's own records are apart: one for Ngãi Xuyên, one for Trà Cú.
        assert report.platform == {"district": 1, "commune": 1}

    def test_children(self, dataset: Personas) -> None:
        report = kpi_report(parent=dataset.district_unit, period=YEAR, user=dataset.district)
        assert [c.unit.code for c in report.children] == ["29479", "29482", "29488"]
        values = {
            code: (
                _kpi(_child(report, code), "work_records_online", "commune").value,
                _kpi(_child(report, code), "officials_trained", "commune").value,
                _kpi(_child(report, code), "units_with_service", "commune").met,
            )
            for code in ("29479", "29482", "29488")
        }
        assert values == {
            "29479": (Decimal("40.00"), Decimal("66.67"), True),
            "29482": (Decimal("20.00"), Decimal("0.00"), False),
            "29488": (Decimal("10.00"), Decimal("33.33"), False),
        }
        teams = {
            code: _kpi(_child(report, code), "hamlets_with_team", "hamlet").value
            for code in ("29479", "29482")
        }
        assert teams == {"29479": Decimal("100.00"), "29482": Decimal("0.00")}
        # Hàm Giang has no hamlet: no hamlet level, rather than "0/0".
        assert _child(report, "29488").get("hamlets_with_team", "hamlet") is None

    def test_province_children_are_districts_with_their_communes(self, dataset: Personas) -> None:
        report = kpi_report(parent=dataset.province_unit, period=YEAR, user=dataset.province)
        tra_cu = _child(report, "849")
        assert _kpi(tra_cu, "work_records_online", "district").value == Decimal("30.00")
        assert _kpi(tra_cu, "work_records_online", "commune").value == Decimal("27.50")
        # Mỹ Cẩm (Càng Long) counts for the province, not for Trà Cú.
        assert _kpi(report, "work_records_online", "commune").numerator == 85

    def test_month_range(self, dataset: Personas) -> None:
        first_half = Period.for_months(2023, 1, 6)
        report = kpi_report(parent=dataset.district_unit, period=first_half, user=dataset.district)
        # Hàm Giang's November records fall outside; Kim Sơn's service still ran on 30/06.
        assert _kpi(report, "work_records_online", "commune").numerator == 50
        assert _kpi(report, "units_with_service", "commune").numerator == 2
        assert report.platform["district"] == 1

    def test_scope(self, dataset: Personas) -> None:
        own = kpi_report(parent=dataset.district_unit, period=YEAR, user=dataset.commune_a)
        assert _kpi(own, "work_records_online", "commune").value == Decimal("40.00")
        # No district-level unit in a commune officer's scope: no district row, not "0/0".
        assert own.get("work_records_online", "district") is None
        assert [c.unit.code for c in own.children] == ["29479"]

    def test_trend_per_month(self, dataset: Personas) -> None:
        trend = work_record_trend(parent=dataset.district_unit, period=YEAR, user=dataset.district)
        assert len(trend) == 12
        may = trend[4]
        assert may.month == D(2023, 5, 1)
        assert may.levels["commune"].value == Decimal("36.36")  # (30 + 10) / (60 + 50)
        assert (may.levels["district"].numerator, may.levels["district"].denominator) == (60, 200)
        assert trend[5].platform == 1 and may.platform == 1
        assert trend[0].levels["commune"].value is None

    def test_queries_do_not_grow_with_units(
        self, dataset: Personas, django_assert_max_num_queries: Any
    ) -> None:
        # 16 + the 8.4 set's period + one per source of platform work registered above
        with django_assert_max_num_queries(17 + len(platform_work_counters())):
            kpi_report(parent=dataset.province_unit, period=YEAR, user=dataset.province)


@pytest.mark.django_db
class KpiApiTests:
    def test_same_figures_as_the_selector(self, dataset: Personas) -> None:
        response = dataset.client(dataset.district).get(
            "/api/v1/transformation/kpis?year=2023&parent=849"
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["parent"] == {"code": "849", "name": "Huyện Trà Cú", "level": "district"}
        assert body["period"] == {"start": "2023-01-01", "end": "2023-12-31"}
        report = kpi_report(parent=dataset.district_unit, period=YEAR, user=dataset.district)
        for item in body["kpis"]:
            for level in item["levels"]:
                kpi = _kpi(report, item["indicator"], level["level"])
                assert level == {
                    "level": level["level"],
                    "value": None if kpi.value is None else str(kpi.value),
                    "numerator": kpi.numerator,
                    "denominator": kpi.denominator,
                    "target": None if kpi.target is None else str(kpi.target),
                    "met": kpi.met,
                }
        officials = next(i for i in body["kpis"] if i["indicator"] == "officials_trained")
        commune = next(level for level in officials["levels"] if level["level"] == "commune")
        assert commune == {
            "level": "commune",
            "value": "37.50",
            "numerator": 3,
            "denominator": 8,
            "target": "35.00",
            "met": True,
        }
        assert [c["code"] for c in body["children"]] == ["29479", "29482", "29488"]
        assert {"level": "district", "records": 1} in body["platform"]

    def test_month_range_and_bad_input(self, dataset: Personas) -> None:
        client = dataset.client(dataset.district)
        half = client.get("/api/v1/transformation/kpis?year=2023&parent=849&month_to=6").json()
        assert half["period"] == {"start": "2023-01-01", "end": "2023-06-30"}
        client.cookies["django_language"] = "en"
        for query, field in [
            ("year=abc&parent=849", "year"),
            ("year=2023&parent=849&month_from=7&month_to=3", "months"),
        ]:
            response = client.get(f"/api/v1/transformation/kpis?{query}")
            assert response.status_code == 422, query
            assert response.json()["field"] == field
        assert client.get("/api/v1/transformation/kpis?year=2023&parent=999").status_code == 404

    def test_commune_officer_reads_own_commune_only(self, dataset: Personas) -> None:
        client = dataset.client(dataset.commune_a)
        own = client.get("/api/v1/transformation/kpis?year=2023&parent=29479")
        assert own.status_code == 200
        assert [c["code"] for c in own.json()["children"]] == ["2947901"]
        assert client.get("/api/v1/transformation/kpis?year=2023&parent=29482").status_code == 404


@pytest.mark.django_db
class IndicatorEightFourTests:
    def test_it_exists_while_qd_318_is_in_force_and_not_from_2026(self, dataset: Personas) -> None:
        assert digital_set(2025) is not None  # the last year of QĐ 318's period
        assert digital_set(2026) is None  # QĐ 51 has no 8.4


class KpiValueTests:
    @pytest.mark.parametrize(
        ("kpi", "shown"),
        [
            (Kpi(1, 1, None, binary=True), "có"),
            (Kpi(0, 1, None, binary=True), "chưa"),
            (Kpi(0, 2, None, binary=True), "0,00%"),  # two units: a share, not yes/no
            (Kpi(0, 1, None), "0,00%"),  # not a binary KPI
            (Kpi(0, 0, None, binary=True), "—"),  # no unit: no figure
            (None, "—"),
            (Kpi(2, 3, None), "66,67%"),
        ],
    )
    def test_one_units_binary_kpi_reads_yes_or_not_yet(self, kpi: Kpi | None, shown: str) -> None:
        with translation.override("vi"):
            assert kpi_value(kpi) == shown
