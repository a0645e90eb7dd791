"""An overdue report moves to the level above its responsible unit (commune → district in
2023, commune → province today, a dissolved district → its successor province), once in the
escalation period, with an internal event; on its deadline day, at a province, or during Tết it
stays where it is."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from smartrural.accounts.models import Role
from smartrural.core.errors import Conflict
from smartrural.feedback import services
from smartrural.feedback.models import EventKind, Report
from smartrural.feedback.services.deadlines import (
    _escalate_one,
    escalation_cutoff,
    report_escalate_overdue,
    unit_above,
)
from smartrural.feedback.tasks import escalate_overdue
from smartrural.geo.importer.successions import import_succession_rows
from smartrural.testing import IN_2023, Personas, clock_at

from .factories import file_report, reload, today_units

pytestmark = pytest.mark.django_db

DEADLINE_2023 = dt.date(2023, 6, 15)  # a "giao-thong" report filed on IN_2023
TODAY = dt.date(2026, 12, 3)


def escalate(on: dt.date) -> list[int]:
    with clock_at(on):
        return [e.report_id for e in report_escalate_overdue(today=on)]


class EscalationTests:
    def test_an_overdue_report_escalates_once(self, personas: Personas) -> None:
        p = personas
        report = file_report(p.hamlet_a_unit, on=IN_2023).report
        with clock_at(IN_2023):
            report = services.report_accept(report=report, version=report.version, by=p.commune_a)
            report = services.report_assign(
                report=report, version=report.version, assignee=p.commune_a, by=p.commune_a
            )
        after = DEADLINE_2023 + dt.timedelta(days=1)
        assert escalate(after) == [report.pk]
        assert escalate(after) == []  # the same day again: nothing
        moved = reload(report)
        assert moved.responsible_unit == p.district_unit
        assert moved.responsible_role == Role.DISTRICT_OFFICER  # was the commune's officers
        assert moved.assignee is None
        assert (moved.escalations, moved.escalated_on) == (1, after)
        event = moved.events.get(kind=EventKind.ESCALATED)
        assert (event.from_unit, event.to_unit, event.by) == (
            p.commune_a_unit,
            p.district_unit,
            None,
        )
        assert "15/06/2023" in event.internal_text and event.public_text == ""

    def test_on_its_deadline_day_it_does_not_escalate(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit, on=IN_2023).report
        assert report.deadline == DEADLINE_2023
        assert escalate(DEADLINE_2023) == []
        assert reload(report).escalations == 0

    def test_it_escalates_again_only_after_the_period_in_working_days(
        self, personas: Personas
    ) -> None:
        p = personas
        report = file_report(p.hamlet_a_unit, on=IN_2023).report
        first = dt.date(2023, 6, 16)  # Friday
        assert escalate(first) == [report.pk]
        # Five working days after Friday 16/06: 19, 20, 21, 22, 23/06 → again on Friday 23/06
        # (on 23/06, a report escalated on Sunday 18/06 or before may escalate again).
        assert escalation_cutoff(dt.date(2023, 6, 23), 5) == dt.date(2023, 6, 18)
        assert escalation_cutoff(dt.date(2023, 6, 22), 5) == dt.date(2023, 6, 15)
        assert escalate(dt.date(2023, 6, 22)) == []
        assert escalate(dt.date(2023, 6, 23)) == [report.pk]
        moved = reload(report)
        assert moved.responsible_unit == p.province_unit and moved.escalations == 2
        assert moved.responsible_role == Role.PROVINCE_OFFICE
        # A province has nothing above it.
        assert escalate(dt.date(2023, 7, 31)) == []
        assert reload(report).escalations == 2

    @override_settings(FEEDBACK_ESCALATION_WORKING_DAYS=1)
    def test_the_period_is_a_setting(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit, on=IN_2023).report
        assert escalate(dt.date(2023, 6, 16)) == [report.pk]
        assert escalate(dt.date(2023, 6, 19)) == [report.pk]

    def test_a_province_level_report_does_not_escalate(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit, on=IN_2023, category_code="dien").report
        assert report.responsible_unit == personas.province_unit
        assert escalate(report.deadline + dt.timedelta(days=40)) == []
        assert reload(report).escalations == 0

    def test_a_report_done_meanwhile_is_left_alone(self, personas: Personas) -> None:
        p = personas
        report = file_report(p.hamlet_a_unit, on=IN_2023).report
        with clock_at(IN_2023):
            services.report_refuse(
                report=report,
                version=report.version,
                refusal="spam",
                public_text="",
                by=p.commune_a,
            )
        assert escalate(DEADLINE_2023 + dt.timedelta(days=5)) == []

    def test_today_a_commune_report_goes_to_the_province(self, personas: Personas) -> None:
        units = today_units(personas)
        report = file_report(units.hamlet_a_unit, on=dt.date(2026, 11, 2)).report
        assert report.responsible_unit == units.commune_a_unit
        assert report.responsible_role == Role.COMMUNE_OFFICER
        assert report.deadline < TODAY
        assert escalate(TODAY) == [report.pk]
        assert reload(report).responsible_unit == units.province_unit
        assert reload(report).responsible_role == Role.PROVINCE_OFFICE

    def test_a_2023_report_of_a_dissolved_district_goes_to_the_successor_province(
        self, personas: Personas
    ) -> None:
        p = personas
        units = today_units(p)
        header = [
            "predecessor_code",
            "successor_code",
            "effective_date",
            "kind",
            "legal_basis",
            "note",
        ]
        import_succession_rows(
            header,
            [
                {
                    "predecessor_code": "84",
                    "successor_code": "86",
                    "effective_date": "2025-07-01",
                    "kind": "whole",
                    "legal_basis": "Nghị quyết 202/2025/QH15",
                    "note": "",
                }
            ],
        )
        assert unit_above(p.commune_a_unit, TODAY) == units.province_unit
        assert unit_above(p.commune_a_unit, IN_2023) == p.district_unit
        assert unit_above(units.province_unit, TODAY) is None
        report = file_report(p.hamlet_a_unit, on=IN_2023).report
        assert escalate(TODAY) == [report.pk]
        assert reload(report).responsible_unit == units.province_unit

    def test_a_report_filed_before_tet_does_not_escalate_during_tet(
        self, personas: Personas
    ) -> None:
        units = today_units(personas)
        report = file_report(units.hamlet_a_unit, on=dt.date(2026, 2, 13), category_code="an-ninh")
        # 5 working days after Friday 13/02/2026 with Tết (16-20/02) skipped: Friday 27/02.
        assert report.report.deadline == dt.date(2026, 2, 27)
        for day in (dt.date(2026, 2, 20), dt.date(2026, 2, 23), dt.date(2026, 2, 27)):
            assert escalate(day) == []
        assert escalate(dt.date(2026, 2, 28)) == [report.report.pk]

    def test_the_periodic_job_escalates_on_the_local_day(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit, on=IN_2023).report
        with clock_at(DEADLINE_2023, hour=23):
            escalate_overdue.call()
        assert reload(report).escalations == 0
        with clock_at(DEADLINE_2023 + dt.timedelta(days=1), hour=0):
            assert escalate_overdue.call() == 1
        assert Report.objects.get(pk=report.pk).responsible_unit == personas.district_unit


class ConcurrencyTests:
    def test_an_officer_page_loaded_before_the_escalation_gets_an_edit_conflict(
        self, personas: Personas
    ) -> None:
        p = personas
        report = file_report(p.hamlet_a_unit, on=IN_2023).report
        loaded = report.version  # the officer's page, opened before the job ran
        escalate(DEADLINE_2023 + dt.timedelta(days=1))
        with pytest.raises(Conflict), clock_at(DEADLINE_2023 + dt.timedelta(days=1), hour=10):
            services.report_accept(report=reload(report), version=loaded, by=p.commune_a)
        assert reload(report).status == "received"

    def test_a_report_resolved_after_the_job_listed_it_is_not_escalated(
        self, personas: Personas
    ) -> None:
        p = personas
        report = file_report(p.hamlet_a_unit, on=IN_2023).report
        after = DEADLINE_2023 + dt.timedelta(days=1)
        with clock_at(after):
            report = services.report_accept(report=report, version=report.version, by=p.commune_a)
            services.report_resolve(
                report=report, version=report.version, public_text="Đã sửa.", by=p.commune_a
            )
            assert _escalate_one(report.pk, today=after, cutoff=after) is None
        assert reload(report).escalations == 0


def record_successions(*pairs: tuple[str, str]) -> None:
    header = ["predecessor_code", "successor_code", "effective_date", "kind", "legal_basis", "note"]
    rows = [
        {
            "predecessor_code": old,
            "successor_code": new,
            "effective_date": "2025-07-01",
            "kind": "whole",
            "legal_basis": "Nghị quyết 202/2025/QH15",
            "note": "",
        }
        for old, new in pairs
    ]
    import_succession_rows(header, rows)


class RehomeTests:
    def test_open_reports_of_dissolved_units_go_to_the_units_taking_them_over(
        self, personas: Personas
    ) -> None:
        p = personas
        units = today_units(p)
        record_successions(("84", "86"), ("29479", "29461"))
        at_commune = file_report(p.hamlet_a_unit, on=IN_2023).report
        at_province = file_report(p.hamlet_a_unit, on=IN_2023, category_code="dien").report
        refused = file_report(p.hamlet_a_unit, on=IN_2023).report
        with clock_at(IN_2023):
            services.report_refuse(
                report=refused,
                version=refused.version,
                refusal="spam",
                public_text="Không phải phản ánh.",
                by=p.commune_a,
            )
        assert at_province.responsible_unit == p.province_unit

        # The old units are valid up to 30/06/2025 included: nothing moves before 01/07/2025.
        assert services.reports_rehome(today=IN_2023) == []
        assert services.reports_rehome(today=dt.date(2025, 6, 30)) == []
        moved = services.reports_rehome(today=dt.date(2025, 7, 1))
        assert sorted(moved) == sorted([at_commune.pk, at_province.pk])
        assert services.reports_rehome(today=TODAY) == []  # again: nothing left to move

        commune_report, province_report = reload(at_commune), reload(at_province)
        assert commune_report.responsible_unit == units.commune_a_unit
        assert commune_report.responsible_role == Role.COMMUNE_OFFICER
        assert province_report.responsible_unit == units.province_unit
        assert province_report.responsible_role == Role.PROVINCE_OFFICE
        assert reload(refused).responsible_unit == p.commune_a_unit  # closed: stays
        event = commune_report.events.get(kind=EventKind.REASSIGNED)
        assert (event.from_unit, event.to_unit, event.by) == (
            p.commune_a_unit,
            units.commune_a_unit,
            None,
        )
        assert "30/06/2025" in event.internal_text and not event.public_text

    def test_the_hourly_job_moves_them_before_escalating(self, personas: Personas) -> None:
        p = personas
        units = today_units(p)
        record_successions(("84", "86"), ("29479", "29461"))
        report = file_report(p.hamlet_a_unit, on=IN_2023).report
        with clock_at(TODAY):
            assert escalate_overdue.call() == 2  # moved to Trà Cú, then escalated (overdue)
        kinds = list(reload(report).events.values_list("kind", flat=True).order_by("pk"))
        assert kinds[-2:] == [EventKind.REASSIGNED, EventKind.ESCALATED]
        assert reload(report).responsible_unit == units.province_unit
