"""Filing a report: routing by category and the unit valid that day, the working-day deadline,
the tracking code, and nothing stored when anything is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from smartrural.core.errors import ValidationFailed
from smartrural.feedback import tracking
from smartrural.feedback.models import EventKind, Report, ReportEvent, Status
from smartrural.testing import IN_2023, TODAY, Personas

from .factories import category, file_report, today_units

pytestmark = pytest.mark.django_db


class SubmitTests:
    def test_a_commune_category_goes_to_the_places_commune(self, personas: Personas) -> None:
        p = personas
        done = file_report(p.hamlet_a_unit)
        report = done.report
        assert report.responsible_unit == p.commune_a_unit
        assert report.commune == p.commune_a_unit and report.province == p.province_unit
        assert report.status == Status.RECEIVED
        event = ReportEvent.objects.get(report=report)
        assert event.kind == EventKind.SUBMITTED and event.to_unit == p.commune_a_unit

    def test_a_province_category_goes_to_the_province(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit, category_code="dien").report
        assert report.responsible_unit == personas.province_unit
        assert report.responsible_role == "province_office"

    def test_a_district_category_goes_to_the_district_in_2023_and_the_province_today(
        self, personas: Personas
    ) -> None:
        p = personas
        cat = category("an-ninh")
        cat.level, cat.role = "district", "district_officer"
        cat.save()
        in_2023 = file_report(p.hamlet_a_unit, category_code="an-ninh").report
        assert in_2023.responsible_unit == p.district_unit
        assert in_2023.responsible_role == "district_officer"  # the category's own
        today = today_units(p)
        report = file_report(today.hamlet_a_unit, on=TODAY, category_code="an-ninh").report
        assert report.responsible_unit == today.province_unit  # no districts after 07/2025
        assert report.responsible_role == "province_office"  # the level it reached

    def test_the_deadline_counts_working_days_from_the_local_day(self, personas: Personas) -> None:
        # Thursday 01/06/2023 + 10 working days (no holiday in between) = Thursday 15/06/2023.
        report = file_report(personas.hamlet_a_unit, on=IN_2023).report
        assert report.deadline == dt.date(2023, 6, 15)

    def test_the_tracking_code_is_stored_as_a_hash_only(self, personas: Personas) -> None:
        done = file_report(personas.hamlet_a_unit)
        assert tracking.normalise(done.tracking_code) == done.tracking_code
        assert done.report.tracking_hash == tracking.code_hash(done.tracking_code)
        stored = Report.objects.filter(pk=done.report.pk).values().get()
        assert done.tracking_code not in {str(v) for v in stored.values()}

    def test_a_unit_not_valid_on_the_day_is_refused_and_nothing_is_stored(
        self, personas: Personas
    ) -> None:
        with pytest.raises(ValidationFailed) as refused:
            file_report(personas.hamlet_a_unit, on=TODAY)
        assert refused.value.field == "place"
        assert not Report.objects.exists() and not ReportEvent.objects.exists()

    def test_a_district_is_not_a_place(self, personas: Personas) -> None:
        with pytest.raises(ValidationFailed):
            file_report(personas.district_unit)

    def test_an_inactive_category_takes_no_new_report(self, personas: Personas) -> None:
        cat = category("khac")
        cat.active = False
        cat.save()
        with pytest.raises(ValidationFailed) as refused:
            file_report(personas.hamlet_a_unit, category_code="khac")
        assert refused.value.field == "category"


class TrackingCodeTests:
    def test_codes_are_read_back_ignoring_case_spaces_and_hyphens(self) -> None:
        code = tracking.new_code()
        assert tracking.normalise(tracking.display(code).lower()) == code
        assert tracking.normalise(" " + tracking.display(code) + " ") == code

    def test_anything_else_is_not_a_code(self) -> None:
        assert tracking.normalise("ABCD") is None
        assert tracking.normalise("0000-0000-00") is None  # 0 is not in the alphabet
