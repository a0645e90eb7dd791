"""Reporters' phones: the same news goes out through outreach's ``message_send`` (SMS, or Zalo
ZNS when a template is configured), once per event, never for internal notes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from smartrural.feedback import services
from smartrural.feedback.models import Report
from smartrural.outreach.channels.memory import MemoryAdapter
from smartrural.outreach.models import Message, MessageStatus
from smartrural.testing import IN_2023, TODAY, Personas, clock_at

from .factories import file_report, reload, today_units
from .reporting_helpers import form_data

pytestmark = pytest.mark.django_db
Capture = Callable[..., Any]


@pytest.fixture(autouse=True)
def outbox() -> None:
    MemoryAdapter.reset()


def test_the_code_then_each_public_update_by_sms_once(
    personas: Personas, django_capture_on_commit_callbacks: Capture
) -> None:
    place = today_units(personas).hamlet_a_unit
    with clock_at(TODAY), django_capture_on_commit_callbacks(execute=True):
        Client().post("/feedback/new/", form_data(place))
    report = Report.objects.get()
    first = Message.objects.get()
    assert (first.channel, first.address, first.source) == ("sms", "84912345678", "feedback")
    assert first.status == MessageStatus.ACCEPTED
    assert f"#{report.pk}" in first.body and "/feedback/track/" in first.body
    assert "Mã theo dõi" in first.body  # Vietnamese, whatever the request's language
    with clock_at(TODAY, hour=10), django_capture_on_commit_callbacks(execute=True):
        services.report_note(report=report, internal_text="Nội bộ", by=personas.commune_a)
        services.report_accept(
            report=reload(report), version=None, public_text="Đã tiếp nhận.", by=personas.commune_a
        )
    assert Message.objects.count() == 2
    assert "Nội bộ" not in Message.objects.latest("pk").body
    assert [m.address for m in MemoryAdapter.outbox] == ["84912345678", "84912345678"]


def test_zns_first_when_a_template_is_approved(
    personas: Personas, django_capture_on_commit_callbacks: Capture, settings: Any
) -> None:
    settings.OUTREACH_FEEDBACK_ZNS_TEMPLATE = "301234"
    place = today_units(personas).hamlet_a_unit
    with clock_at(TODAY), django_capture_on_commit_callbacks(execute=True):
        Client().post("/feedback/new/", form_data(place))
    message = Message.objects.get()
    assert (message.channel, message.template_ref) == ("zns", "301234")
    assert message.params["ma_phan_anh"] == str(Report.objects.get().pk)
    assert message.fallback_channels == "sms"


def test_a_landline_is_skipped_and_the_update_still_made(
    personas: Personas, django_capture_on_commit_callbacks: Capture
) -> None:
    # Officers may type a landline when they enter a report taken by phone.
    report = file_report(personas.hamlet_a_unit, on=IN_2023).report
    Report.objects.filter(pk=report.pk).update(reporter_phone="0294 3855 123")
    with clock_at(IN_2023), django_capture_on_commit_callbacks(execute=True):
        services.report_accept(
            report=reload(report), version=None, public_text="Ok", by=personas.commune_a
        )
    assert reload(report).status == "accepted"
    assert not Message.objects.exists()
