"""Overdue is one rule (``selectors.overdue``): after the deadline day, while open; deadlines
are working days, so Tết does not make a report overdue. Resolved reports close by themselves
after the reopening period; photo files no report names are pruned."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from smartrural.core.scheduler import jobs
from smartrural.feedback import services
from smartrural.feedback.models import EventKind, Report, ReportPhoto, Status
from smartrural.feedback.selectors.overdue import days_overdue, is_overdue, overdue_q
from smartrural.feedback.services.deadlines import (
    photos_prune,
    report_close_resolved,
)
from smartrural.feedback.tasks import close_resolved
from smartrural.testing import IN_2023, Personas, clock_at

from .factories import file_report, reload, today_units

pytestmark = pytest.mark.django_db

FRIDAY_BEFORE_TET_2026 = dt.date(2026, 2, 13)


def overdue_ids(today: dt.date) -> set[int]:
    return set(Report.objects.filter(overdue_q(today)).values_list("pk", flat=True))


class OverdueTests:
    def test_on_the_deadline_day_it_is_not_overdue_the_next_day_it_is(
        self, personas: Personas
    ) -> None:
        report = file_report(personas.hamlet_a_unit, on=IN_2023).report
        deadline = report.deadline
        assert deadline == dt.date(2023, 6, 15)  # 10 working days after Thursday 01/06/2023
        assert not is_overdue(report, deadline)
        assert report.pk not in overdue_ids(deadline)
        after = deadline + dt.timedelta(days=1)
        assert is_overdue(report, after)
        assert overdue_ids(after) == {report.pk}
        assert days_overdue(report, after) == 1

    def test_a_report_done_is_never_overdue(self, personas: Personas) -> None:
        p = personas
        report = file_report(p.hamlet_a_unit, on=IN_2023).report
        with clock_at(IN_2023):
            report = services.report_refuse(
                report=report,
                version=report.version,
                refusal="spam",
                public_text="",
                by=p.commune_a,
            )
        late = report.deadline + dt.timedelta(days=30)
        assert not is_overdue(report, late)
        assert overdue_ids(late) == set()

    def test_tet_does_not_make_a_report_overdue(self, personas: Personas) -> None:
        units = today_units(personas)
        report = file_report(
            units.hamlet_a_unit, on=FRIDAY_BEFORE_TET_2026, category_code="moi-truong"
        ).report
        # 7 working days after Friday 13/02/2026, Tết (16-20/02) skipped: Tuesday 03/03.
        # Counting weekdays only, it would have been Tuesday 24/02.
        assert report.deadline == dt.date(2026, 3, 3)
        for day in (dt.date(2026, 2, 18), dt.date(2026, 2, 25), dt.date(2026, 3, 3)):
            assert not is_overdue(report, day)
            assert overdue_ids(day) == set()
        assert overdue_ids(dt.date(2026, 3, 4)) == {report.pk}


def resolved(p: Personas, report: Report, on: dt.date) -> Report:
    with clock_at(on, hour=16):
        return services.report_resolve(
            report=report, version=report.version, public_text="Đã khắc phục.", by=p.commune_a
        )


class AutomaticClosingTests:
    def test_it_closes_after_fifteen_days_not_after_fourteen(self, personas: Personas) -> None:
        p = personas
        report = file_report(p.hamlet_a_unit, on=IN_2023).report
        with clock_at(IN_2023):
            report = services.report_accept(report=report, version=report.version, by=p.commune_a)
        report = resolved(p, report, dt.date(2023, 6, 5))
        with clock_at(dt.date(2023, 6, 19), hour=23):
            assert report_close_resolved(today=dt.date(2023, 6, 19)) == []  # day 14
        assert reload(report).status == Status.RESOLVED
        with clock_at(dt.date(2023, 6, 20), hour=0):
            assert report_close_resolved(today=dt.date(2023, 6, 20)) == [report.pk]  # day 15
        closed = reload(report)
        assert closed.status == Status.CLOSED
        event = closed.events.filter(kind=EventKind.STATUS).last()
        assert event is not None and event.by is None and event.to_status == Status.CLOSED
        assert "14" in event.public_text
        with clock_at(dt.date(2023, 6, 20), hour=1):
            assert report_close_resolved(today=dt.date(2023, 6, 20)) == []  # idempotent
        assert closed.events.filter(to_status=Status.CLOSED).count() == 1

    def test_a_report_reopened_is_not_closed(self, personas: Personas) -> None:
        p = personas
        report = file_report(p.hamlet_a_unit, on=IN_2023).report
        with clock_at(IN_2023):
            report = services.report_accept(report=report, version=report.version, by=p.commune_a)
        report = resolved(p, report, dt.date(2023, 6, 5))
        Report.objects.filter(pk=report.pk).update(status=Status.REOPENED)
        with clock_at(dt.date(2023, 7, 1)):
            assert report_close_resolved(today=dt.date(2023, 7, 1)) == []
        assert reload(report).status == Status.REOPENED


class PhotoPruneTests:
    def test_only_old_files_no_row_names_are_deleted(
        self, personas: Personas, settings: Any, tmp_path: Path
    ) -> None:
        # A media folder of its own: other tests' files (their rows rolled back) are orphans too.
        settings.MEDIA_ROOT = str(tmp_path)
        report = file_report(personas.hamlet_a_unit, on=IN_2023).report
        named = default_storage.save(f"feedback/{report.pk}/kept.jpg", ContentFile(b"x"))
        ReportPhoto.objects.create(report=report, image=named, width=1, height=1, size=1)
        orphan = default_storage.save(f"feedback/{report.pk}/orphan.jpg", ContentFile(b"y"))
        now = timezone.now()
        assert photos_prune(now=now + dt.timedelta(hours=23)) == []  # too young
        assert photos_prune(now=now + dt.timedelta(days=1, minutes=1)) == [orphan]
        assert default_storage.exists(named)
        assert not default_storage.exists(orphan)


class JobTests:
    def test_the_worker_runs_feedbacks_jobs_on_their_schedules(self) -> None:
        declared = {name: job.cron for name, job in jobs().items() if name.startswith("feedback.")}
        assert declared == {
            "feedback.escalate_overdue": "5 * * * *",
            "feedback.close_resolved": "20 0 * * *",
            "feedback.prune_photos": "40 3 * * *",
            "feedback.retry_notifications": "*/5 * * * *",
        }

    def test_the_closing_job_closes_on_the_local_day(self, personas: Personas) -> None:
        p = personas
        report = file_report(p.hamlet_a_unit, on=IN_2023).report
        with clock_at(IN_2023):
            report = services.report_accept(report=report, version=report.version, by=p.commune_a)
        resolved(p, report, dt.date(2023, 6, 5))
        with clock_at(dt.date(2023, 6, 20), hour=0):
            assert close_resolved.call() == 1
        assert reload(report).status == Status.CLOSED
