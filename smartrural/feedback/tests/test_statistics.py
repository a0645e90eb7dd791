"""Statistics: the on-time boundary (resolved on the deadline day is on time, the day after is
not), the median, ratings, open and overdue, scope, and the exports."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from smartrural.accounts.models import User
from smartrural.feedback import services
from smartrural.feedback.models import Report
from smartrural.feedback.selectors.statistics import Period, feedback_statistics
from smartrural.testing import IN_2023, Personas, clock_at

from .factories import file_report, reload, today_units

pytestmark = pytest.mark.django_db

YEAR_2023 = Period(since=dt.date(2023, 1, 1), until=dt.date(2023, 12, 31))


def _resolve(report: Report, on: dt.date, by: User, *, hour: int = 23) -> Report:
    with clock_at(on, hour=hour):
        report = services.report_accept(report=report, version=reload(report).version, by=by)
        return services.report_resolve(
            report=report, version=report.version, public_text="Đã xử lý.", by=by
        )


class StatisticsTests:
    def test_on_time_boundary_is_the_deadline_day(self, personas: Personas) -> None:
        p = personas
        on_day = file_report(p.hamlet_a_unit, on=dt.date(2023, 5, 2)).report
        late = file_report(p.hamlet_a_unit, on=dt.date(2023, 5, 2)).report
        _resolve(on_day, on_day.deadline, p.commune_a)  # 23:00 local on the deadline day
        _resolve(late, late.deadline + dt.timedelta(days=1), p.commune_a, hour=0)
        with clock_at(IN_2023):
            data = feedback_statistics(p.commune_a, period=YEAR_2023)
        assert data.total.received == 2 and data.total.resolved == 2
        assert data.total.on_time == 1 and data.total.on_time_percent == 50.0

    def test_median_rating_open_and_overdue(self, personas: Personas) -> None:
        p = personas
        reports = [file_report(p.hamlet_a_unit, on=dt.date(2023, 5, 2)).report for _ in range(3)]
        _resolve(reports[0], dt.date(2023, 5, 4), p.commune_a, hour=9)  # 2 days
        _resolve(reports[1], dt.date(2023, 5, 8), p.commune_a, hour=9)  # 6 days
        Report.objects.filter(pk=reports[0].pk).update(rating=4)
        Report.objects.filter(pk=reports[1].pk).update(rating=5)
        with clock_at(IN_2023):
            data = feedback_statistics(p.commune_a, period=YEAR_2023)
        assert data.total.median_days == 4.0
        assert data.total.average_rating == 4.5
        assert data.total.open_now == 1 and data.total.overdue_now == 1

    def test_other_commune_and_other_period_see_nothing(self, personas: Personas) -> None:
        p = personas
        file_report(p.hamlet_a_unit)
        with clock_at(IN_2023):
            other = feedback_statistics(p.commune_b, period=YEAR_2023)
            earlier = feedback_statistics(
                p.commune_a, period=Period(dt.date(2022, 1, 1), dt.date(2022, 12, 31))
            )
        assert other.total.received == 0 and other.rows == []
        assert earlier.total.received == 0

    def test_unit_and_category_filters(self, personas: Personas) -> None:
        p = personas
        file_report(p.hamlet_a_unit)
        file_report(p.hamlet_a_unit, category_code="thuy-loi")
        with clock_at(IN_2023):
            province = feedback_statistics(p.province, period=YEAR_2023)
            mine = feedback_statistics(p.province, period=YEAR_2023, unit_id=p.commune_a_unit.pk)
            elsewhere = feedback_statistics(
                p.province, period=YEAR_2023, unit_id=p.commune_b_unit.pk
            )
            roads = Report.objects.filter(category__code="giao-thong").first()
            assert roads is not None
            one = feedback_statistics(p.province, period=YEAR_2023, category_id=roads.category_id)
        assert province.total.received == 2 and len(province.rows) == 2
        assert mine.total.received == 2 and elsewhere.total.received == 0
        assert one.total.received == 1

    def test_page_and_exports_today(self, personas: Personas) -> None:
        p = personas
        units = today_units(p)
        today = dt.date(2026, 12, 3)
        file_report(units.hamlet_a_unit, on=today, description="=HYPERLINK(1)")
        client = p.client(p.commune_a)
        with clock_at(today):
            page = client.get("/feedback/work/statistics/")
            assert page.status_code == 200
            assert page.context["data"].total.received == 1
            bad = client.get(
                "/feedback/work/statistics/", {"since": "03/12/2026", "until": "1/1/2026"}
            )
            assert bad.status_code == 422
            xlsx = client.get("/feedback/work/statistics.xlsx", {"since": "01/12/2026"})
            assert client.get("/feedback/work/statistics.xlsx", {"since": "xx"}).status_code == 400
        assert xlsx.status_code == 200
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        assert sheet is not None
        values = [c.value for row in sheet.iter_rows() for c in row]
        assert "Đã nhận" in values or "Received" in values
        assert not any(isinstance(v, str) and v.startswith("=") for v in values)
