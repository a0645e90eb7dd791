"""Feedback resolved or closed on the platform counts in the digital-transformation "handled
on SmartRural" figures: one per report, for its responsible unit, in the local month of its
resolution; refused, open and reopened reports do not count."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from smartrural.core.platform_work import platform_work_counters
from smartrural.feedback import services
from smartrural.feedback.models import Report, Status
from smartrural.feedback.selectors.platform_work import handled_reports
from smartrural.testing import IN_2023, Personas, clock_at
from smartrural.transformation.work_records.platform import platform_counts

from .factories import file_report, today_units

pytestmark = pytest.mark.django_db

YEAR_2023: dict[str, Any] = {"start": dt.date(2023, 1, 1), "end": dt.date(2023, 12, 31)}


def m(month: int, year: int = 2023) -> dt.date:
    return dt.date(year, month, 1)


def resolve(p: Personas, report: Report, on: dt.date, hour: int = 10) -> Report:
    with clock_at(on, hour=hour):
        report = services.report_accept(report=report, version=report.version, by=p.commune_a)
        return services.report_resolve(
            report=report, version=report.version, public_text="Đã sửa xong.", by=p.commune_a
        )


class HandledReportTests:
    def test_feedback_is_registered_with_transformation(self) -> None:
        assert platform_work_counters()["feedback"] is handled_reports

    def test_a_resolved_report_counts_for_its_unit_in_the_local_month(
        self, personas: Personas
    ) -> None:
        p = personas
        report = file_report(p.hamlet_a_unit, on=IN_2023).report
        # 00:00 on 01/07 in Viet Nam is still 30/06 in UTC: it counts in July.
        resolve(p, report, dt.date(2023, 7, 1), hour=0)
        assert handled_reports(**YEAR_2023, unit_ids=None) == {(p.commune_a_unit.pk, m(7)): 1}
        assert platform_counts(**YEAR_2023) == {(p.commune_a_unit.pk, m(7)): 1}

    def test_closing_keeps_the_count_refused_and_open_reports_do_not_count(
        self, personas: Personas
    ) -> None:
        p = personas
        closed = resolve(p, file_report(p.hamlet_a_unit, on=IN_2023).report, IN_2023)
        with clock_at(dt.date(2023, 6, 20)):
            services.report_close(report=closed, version=closed.version, by=None)
        refused = file_report(p.hamlet_a_unit, on=IN_2023).report
        with clock_at(IN_2023):
            services.report_refuse(
                report=refused,
                version=refused.version,
                refusal="not_competent",
                refer_to="UBND tỉnh",
                public_text="Không thuộc thẩm quyền của xã.",
                by=p.commune_a,
            )
        file_report(p.hamlet_a_unit, on=IN_2023)  # still open
        assert handled_reports(**YEAR_2023, unit_ids=None) == {(p.commune_a_unit.pk, m(6)): 1}

    def test_a_reopened_report_does_not_count_until_it_is_resolved_again(
        self, personas: Personas
    ) -> None:
        p = personas
        report = resolve(p, file_report(p.hamlet_a_unit, on=IN_2023).report, IN_2023)
        Report.objects.filter(pk=report.pk).update(status=Status.REOPENED)
        assert handled_reports(**YEAR_2023, unit_ids=None) == {}

    def test_the_unit_and_the_months_asked_for_only(self, personas: Personas) -> None:
        p = personas
        resolve(p, file_report(p.hamlet_a_unit, on=IN_2023).report, IN_2023)
        resolve(p, file_report(p.hamlet_a_unit, on=IN_2023).report, dt.date(2023, 8, 3))
        unit = p.commune_a_unit.pk
        assert handled_reports(**YEAR_2023, unit_ids=[p.commune_b_unit.pk]) == {}
        assert handled_reports(**YEAR_2023, unit_ids=[]) == {}
        assert handled_reports(start=m(8), end=m(8), unit_ids=[unit]) == {(unit, m(8)): 1}
        assert platform_counts(start=m(6), end=dt.date(2023, 7, 31), unit_ids=[unit]) == {
            (unit, m(6)): 1
        }

    def test_today_the_new_commune_counts(self, personas: Personas) -> None:
        p = personas
        units = today_units(p)
        day = dt.date(2026, 11, 16)
        resolve(p, file_report(units.hamlet_a_unit, on=day).report, day)
        counts = platform_counts(start=m(1, 2026), end=m(12, 2026))
        assert counts == {(units.commune_a_unit.pk, m(11, 2026)): 1}

    def test_many_reports_are_counted_in_one_query(
        self, personas: Personas, django_assert_max_num_queries: Any
    ) -> None:
        p = personas
        for month in (6, 7, 8):
            for _ in range(3):
                resolve(
                    p,
                    file_report(p.hamlet_a_unit, on=IN_2023).report,
                    m(month) + dt.timedelta(days=20),
                )
        with django_assert_max_num_queries(1):
            counts = handled_reports(**YEAR_2023, unit_ids=None)
        assert counts == {(p.commune_a_unit.pk, m(month)): 3 for month in (6, 7, 8)}
