"""Reporters' e-mails: written with the event, sent once through a real SMTP server on loopback,
retried with a growing wait after an SMTP error, never sent twice."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Callable
from email.header import decode_header, make_header
from typing import Any

import pytest
from django.test import Client

from smartrural.accounts.tests.conftest import Inbox, body_of, smtp_inbox  # noqa: F401
from smartrural.feedback import notify, services
from smartrural.feedback.models import Notification, NotificationStatus, Report
from smartrural.testing import IN_2023, TODAY, Personas, clock_at

from .factories import file_report, reload, today_units
from .reporting_helpers import form_data

pytestmark = pytest.mark.django_db
Capture = Callable[..., Any]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class SendTests:
    def test_the_reporter_gets_the_code_once_then_each_public_update(
        self,
        personas: Personas,
        smtp_inbox: Inbox,  # noqa: F811
        django_capture_on_commit_callbacks: Capture,
    ) -> None:
        place = today_units(personas).hamlet_a_unit
        with clock_at(TODAY), django_capture_on_commit_callbacks(execute=True):
            Client().post("/feedback/new/", form_data(place, email="an@example.test"))
        report = Report.objects.get()
        assert len(smtp_inbox.messages) == 1
        first = smtp_inbox.messages[0]
        assert first["To"] == "an@example.test"
        subject = str(make_header(decode_header(first["Subject"])))
        assert subject == f"Phản ánh #{report.pk} của bạn đã được tiếp nhận"
        body = body_of(first)
        assert "Mã theo dõi của bạn:" in body and "/feedback/track/" in body
        sent = Notification.objects.get()
        assert sent.status == NotificationStatus.SENT and sent.body == "" and sent.html == ""
        with clock_at(TODAY, hour=10), django_capture_on_commit_callbacks(execute=True):
            services.report_note(report=report, internal_text="Nội bộ", by=personas.commune_a)
            services.report_accept(
                report=reload(report),
                version=None,
                public_text="Đã tiếp nhận.",
                by=personas.commune_a,
            )
        assert len(smtp_inbox.messages) == 2
        update = body_of(smtp_inbox.messages[1])
        assert "Đã tiếp nhận." in update and "Nội bộ" not in update
        assert all(notify.send(n.pk) is False for n in Notification.objects.all())
        assert notify.retry_due() == 0
        assert len(smtp_inbox.messages) == 2

    def test_no_e_mail_no_notification(
        self, personas: Personas, django_capture_on_commit_callbacks: Capture
    ) -> None:
        report = file_report(personas.hamlet_a_unit, on=IN_2023).report
        with clock_at(IN_2023), django_capture_on_commit_callbacks(execute=True):
            services.report_accept(
                report=report, version=None, public_text="Ok", by=personas.commune_a
            )
        assert not Notification.objects.exists()


class ReopenNoticeTests:
    def test_the_reporter_is_told_their_reopening_was_received(
        self, personas: Personas, django_capture_on_commit_callbacks: Capture
    ) -> None:
        report = file_report(
            personas.hamlet_a_unit, on=IN_2023, contact=services.Contact(email="an@example.test")
        ).report
        by = personas.commune_a
        with clock_at(IN_2023, hour=10):
            services.report_accept(report=report, version=None, by=by)
            services.report_resolve(report=reload(report), version=None, public_text="Xong.", by=by)
            services.report_reopen(report=reload(report), reason="Vẫn còn sạt lở.")
        kinds = list(Notification.objects.order_by("pk").values_list("event__kind", flat=True))
        assert kinds == ["status", "status", "reopened"]
        assert "Vẫn còn sạt lở." in Notification.objects.last().body  # type: ignore[union-attr]


class RetryTests:
    def test_an_smtp_error_is_retried_with_backoff_and_gives_up_after_five(
        self,
        personas: Personas,
        settings: Any,
        smtp_inbox: Inbox,  # noqa: F811
    ) -> None:
        good_port = settings.EMAIL_PORT
        settings.EMAIL_PORT = _closed_port()
        report = file_report(
            personas.hamlet_a_unit,
            on=IN_2023,
            contact=services.Contact(email="an@example.test"),
        ).report
        with clock_at(IN_2023, hour=10) as clock:
            services.report_accept(
                report=report, version=None, public_text="Ok", by=personas.commune_a
            )
            notice = Notification.objects.get()
            assert notify.send(notice.pk) is False
            notice.refresh_from_db()
            assert (notice.status, notice.attempts) == (NotificationStatus.PENDING, 1)
            assert "Error" in notice.error
            assert notify.retry_due() == 0  # not due for 5 minutes
            waits = []
            for _ in range(4):
                before = notice.next_try_at
                clock.move_to(before + dt.timedelta(seconds=1))
                notify.retry_due()
                notice.refresh_from_db()
                waits.append(notice.next_try_at - before)
            assert notice.attempts == 5 and notice.status == NotificationStatus.FAILED
            assert [round(w.total_seconds() / 60) for w in waits[:3]] == [10, 20, 40]
            settings.EMAIL_PORT = good_port
            clock.move_to(notice.next_try_at + dt.timedelta(hours=1))
            assert notify.retry_due() == 0
        assert smtp_inbox.messages == []

    def test_a_failed_try_then_success_sends_once(
        self,
        personas: Personas,
        settings: Any,
        smtp_inbox: Inbox,  # noqa: F811
    ) -> None:
        good_port = settings.EMAIL_PORT
        settings.EMAIL_PORT = _closed_port()
        report = file_report(
            personas.hamlet_a_unit, on=IN_2023, contact=services.Contact(email="an@example.test")
        ).report
        with clock_at(IN_2023, hour=10) as clock:
            services.report_accept(
                report=report, version=None, public_text="Ok", by=personas.commune_a
            )
            notice = Notification.objects.get()
            notify.send(notice.pk)
            settings.EMAIL_PORT = good_port
            clock.shift(6 * 60)
            assert notify.retry_due() == 1
            assert notify.retry_due() == 0
        assert len(smtp_inbox.messages) == 1
