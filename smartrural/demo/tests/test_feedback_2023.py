"""The demo's feedback as it stood on 01/06/2023: a spring of reports in the three demo
communes of Trà Vinh, handled by their officers, an overdue one escalated to the district."""

from __future__ import annotations

import datetime as dt

import pytest

from smartrural.feedback.models import Report, ReportEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_2023")]


class Feedback2023DemoTests:
    def test_reports_of_the_spring_in_the_three_communes(self) -> None:
        reports = Report.objects.select_related("commune", "province")
        assert reports.count() >= 15
        assert {r.commune.code for r in reports if r.commune} == {"29479", "29482", "29488"}
        assert {r.province.code for r in reports} == {"84"}
        assert max(r.submitted_at for r in reports) < dt.datetime(2023, 6, 1, tzinfo=dt.UTC)

    def test_their_officers_handled_them(self) -> None:
        officers = set(
            ReportEvent.objects.exclude(by=None)
            .filter(report__escalations=0)
            .values_list("by__username", flat=True)
        )
        assert officers & {"xa-29479", "xa-29482", "xa-29488"}
        assert officers <= {"xa-29479", "xa-29482", "xa-29488", "vpdp", "huyen-849"}

    def test_an_overdue_report_waits_at_the_district_and_one_was_refused(self) -> None:
        [escalated] = Report.objects.filter(escalations__gt=0).select_related("responsible_unit")
        assert escalated.responsible_unit.code == "849" and escalated.is_open
        assert escalated.escalated_on == dt.date(2023, 5, 30)
        assert Report.objects.filter(status="refused", commune__code="29479").exists()
