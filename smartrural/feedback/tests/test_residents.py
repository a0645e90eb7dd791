"""The residents' services: rating and reopening within their periods (boundaries at day 14 and
15), "me too" once per person."""

from __future__ import annotations

import datetime as dt

import pytest

from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.feedback import services
from smartrural.feedback.models import EventKind, Report, ReportEvent, Status, Supporter
from smartrural.testing import IN_2023, Personas, clock_at

from .factories import file_report, reload

pytestmark = pytest.mark.django_db
RESOLVED_ON = dt.date(2023, 6, 5)


def resolved(personas: Personas) -> Report:
    report = file_report(personas.hamlet_a_unit, on=IN_2023).report
    by = personas.commune_a
    with clock_at(IN_2023, hour=10):
        services.report_accept(report=report, version=None, by=by)
    with clock_at(RESOLVED_ON, hour=10):
        services.report_resolve(report=reload(report), version=None, public_text="Xong.", by=by)
    return reload(report)


def closed(personas: Personas, on: dt.date) -> Report:
    report = resolved(personas)
    with clock_at(on, hour=10):
        services.report_close(report=report, version=None, by=personas.commune_a)
    return reload(report)


class ReopenTests:
    def test_a_report_reopens_on_the_14th_day_after_its_resolution(
        self, personas: Personas
    ) -> None:
        report = resolved(personas)
        with clock_at(RESOLVED_ON + dt.timedelta(days=14), hour=16):
            services.report_reopen(report=report, reason="Vẫn còn sạt lở.")
        report = reload(report)
        assert report.status == Status.REOPENED
        event = ReportEvent.objects.get(report=report, kind=EventKind.REOPENED)
        assert event.by is None and event.public_text == "Vẫn còn sạt lở."
        assert event.from_status == Status.RESOLVED and event.to_status == Status.REOPENED
        assert report.deadline > RESOLVED_ON + dt.timedelta(days=14)  # a new deadline

    def test_on_the_15th_day_it_is_refused_and_nothing_changes(self, personas: Personas) -> None:
        report = resolved(personas)
        with clock_at(RESOLVED_ON + dt.timedelta(days=15), hour=8), pytest.raises(Conflict):
            services.report_reopen(report=report, reason="Vẫn còn sạt lở.")
        assert reload(report).status == Status.RESOLVED
        assert not ReportEvent.objects.filter(kind=EventKind.REOPENED).exists()

    def test_a_closed_report_reopens_within_the_period_too(self, personas: Personas) -> None:
        report = closed(personas, RESOLVED_ON + dt.timedelta(days=1))
        with clock_at(RESOLVED_ON + dt.timedelta(days=3)):
            services.report_reopen(report=report, reason="Chưa xong.")
        report = reload(report)
        assert report.status == Status.REOPENED and report.closed_at is None

    def test_an_open_report_cannot_be_reopened_and_a_reason_is_needed(
        self, personas: Personas
    ) -> None:
        report = file_report(personas.hamlet_a_unit, on=IN_2023).report
        with clock_at(IN_2023), pytest.raises(Conflict):
            services.report_reopen(report=report, reason="Chưa xong.")
        with clock_at(RESOLVED_ON), pytest.raises(ValidationFailed):
            services.report_reopen(report=resolved(personas), reason=" ")


class RateTests:
    def test_a_resolved_report_is_rated_and_the_rating_may_change(self, personas: Personas) -> None:
        report = resolved(personas)
        with clock_at(RESOLVED_ON, hour=16):
            services.report_rate(report=report, rating=5, comment="")
            services.report_rate(report=report, rating=3, comment="Tạm được")
        report = reload(report)
        assert (report.rating, report.rating_comment) == (3, "Tạm được")
        assert ReportEvent.objects.filter(report=report, kind=EventKind.RATED, by=None).count() == 2

    @pytest.mark.parametrize("rating", [0, 6])
    def test_a_rating_outside_1_to_5_is_refused(self, personas: Personas, rating: int) -> None:
        report = resolved(personas)
        with clock_at(RESOLVED_ON, hour=16), pytest.raises(ValidationFailed):
            services.report_rate(report=report, rating=rating)
        assert reload(report).rating is None

    def test_rating_is_open_until_14_days_after_closing(self, personas: Personas) -> None:
        close_day = RESOLVED_ON + dt.timedelta(days=2)
        report = closed(personas, close_day)
        with clock_at(close_day + dt.timedelta(days=14), hour=16):
            services.report_rate(report=report, rating=4)
        with clock_at(close_day + dt.timedelta(days=15), hour=8), pytest.raises(Conflict):
            services.report_rate(report=report, rating=1)
        assert reload(report).rating == 4

    def test_an_open_report_cannot_be_rated(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit, on=IN_2023).report
        with clock_at(IN_2023), pytest.raises(Conflict):
            services.report_rate(report=report, rating=5)


class SupportTests:
    def test_one_me_too_per_person(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit, on=IN_2023).report
        with clock_at(IN_2023):
            assert services.report_support(report=report, who_hash="a") is True
            assert services.report_support(report=report, who_hash="a") is False
            assert services.report_support(report=report, who_hash="b") is True
        assert reload(report).supporters == 2
        assert Supporter.objects.filter(report=report).count() == 2

    def test_a_hidden_or_closed_report_takes_no_me_too(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit, on=IN_2023).report
        Report.objects.filter(pk=report.pk).update(hidden=True)
        with clock_at(IN_2023), pytest.raises(Conflict):
            services.report_support(report=reload(report), who_hash="a")
        assert reload(report).supporters == 0 and not Supporter.objects.exists()
