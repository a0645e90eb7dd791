"""The one place that decides what the public sees of a report."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from smartrural.feedback import services, visibility
from smartrural.feedback.models import EventKind, PhotoState, Report, ReportEvent
from smartrural.testing import IN_2023, Personas

from .factories import file_report
from .public_helpers import EMAIL, NAME, NOTE, PHONE, photo_of, private_report

pytestmark = pytest.mark.django_db


class PublicReportTests:
    def test_the_public_view_has_no_private_field(self) -> None:
        names = {f.name for f in dataclasses.fields(visibility.PublicReport)}
        private = {"reporter_phone", "reporter_email", "assignee", "entered_by", "reporter"}
        assert not names & private
        assert not names & {"client_hash", "phone_hash", "tracking_hash", "internal_text"}

    def test_a_hidden_name_becomes_a_resident(self, personas: Personas) -> None:
        report = private_report(personas.hamlet_a_unit)
        public = visibility.public_report(report, today=IN_2023)
        assert public.sent_by != NAME and NAME not in repr(public)
        assert PHONE not in repr(public) and EMAIL not in repr(public)

    def test_an_empty_name_is_a_resident_too(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit).report
        report.reporter_name = ""
        assert visibility.reporter_name(report) == visibility.reporter_name(
            private_report(personas.hamlet_a_unit)
        )

    def test_overdue_only_while_open_and_after_the_deadline(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit).report
        assert not visibility.is_overdue(report, today=report.deadline)
        assert visibility.is_overdue(report, today=report.deadline + dt.timedelta(days=1))
        report.status = "resolved"
        assert not visibility.is_overdue(report, today=report.deadline + dt.timedelta(days=1))

    def test_hidden_reports_are_not_public(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit).report
        assert visibility.is_public(report)
        Report.objects.filter(pk=report.pk).update(hidden=True)
        assert not Report.objects.filter(visibility.public_reports_q(), pk=report.pk).exists()


class PublicEventTests:
    def test_notes_moderation_and_me_too_are_not_public(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit).report
        services.report_note(report=report, internal_text=NOTE, by=personas.commune_a)
        for kind in (EventKind.MODERATED, EventKind.SUPPORTED):
            ReportEvent.objects.create(report=report, kind=kind, at=report.submitted_at)
        shown = [visibility.public_event(e) for e in report.events.all()]
        assert [e.kind for e in shown if e is not None] == [EventKind.SUBMITTED]

    def test_a_taken_down_text_and_internal_texts_are_not_shown(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit).report
        event = ReportEvent.objects.create(
            report=report,
            kind=EventKind.REASSIGNED,
            at=report.submitted_at,
            by=personas.commune_a,
            to_unit=personas.province_unit,
            public_text="Chuyển lên tỉnh.",
            internal_text=NOTE,
            public_text_hidden=True,
        )
        public = visibility.public_event(event)
        assert public is not None and public.text == ""
        assert public.unit_name == personas.province_unit.name
        assert NOTE not in repr(public) and personas.commune_a.username not in repr(public)


class PhotoTests:
    def test_removed_photos_and_photos_of_notes_are_not_public(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit).report
        services.report_note(report=report, internal_text=NOTE, by=personas.commune_a)
        note = report.events.get(kind=EventKind.NOTE)
        shown = photo_of(report)
        photo_of(report, state=PhotoState.REMOVED)
        photo_of(report, event=note)
        public = report.photos.filter(visibility.public_photo_q())
        assert [p.pk for p in public] == [shown.pk]

    def test_the_file_served_follows_the_state(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit).report
        shown = photo_of(report)
        redacted = photo_of(report, state=PhotoState.REDACTED)
        removed = photo_of(report, state=PhotoState.REMOVED)
        assert visibility.photo_file(shown) == shown.image
        assert visibility.photo_file(redacted) == redacted.public_image
        assert visibility.photo_file(removed) is None
