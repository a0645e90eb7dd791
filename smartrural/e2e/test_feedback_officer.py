"""An officer's day with feedback, in a real headless Chromium at 360 px (English pages): the
queue, accepting and resolving a report with a public reply, blurring a box of its photo."""

from __future__ import annotations

import datetime as dt
import io
import os
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import expect

from smartrural.feedback.models import PhotoState, Report, Status
from smartrural.feedback.tests.factories import file_report, today_units
from smartrural.testing import Personas

from .helpers import assert_accessible, log_in, use_english

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    # The categories come from a data migration, which an earlier browser test's flush removed.
    pytest.mark.usefixtures("feedback_categories"),
]

SHOTS = os.environ.get("E2E_SCREENSHOTS", "")


def _photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), (200, 60, 60)).save(out, format="JPEG")
    return SimpleUploadedFile("a.jpg", out.getvalue(), content_type="image/jpeg")


def _shot(page: Any, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _in(page: Any, box: str, label: str) -> Any:
    """Open the action ``box`` (a <details>) and return it."""
    details = page.locator(f"#{box}")
    details.locator("summary").click()
    return details


class OfficerJourneyTests:
    def test_queue_accept_resolve_and_redact_a_photo(
        self, live_server: Any, page: Any, personas: Personas
    ) -> None:
        units = today_units(personas)
        report = file_report(units.hamlet_a_unit, on=dt.date.today(), photos=[_photo()]).report
        base = live_server.url
        use_english(page, base)
        log_in(page, base, personas.commune_a.username, language="en")

        page.goto(f"{base}/feedback/work/")
        expect(page.get_by_role("heading", name="Feedback: work queue")).to_be_visible()
        expect(page.get_by_role("link", name=f"#{report.pk}", exact=True)).to_be_visible()
        assert_accessible(page)
        _shot(page, "queue")

        page.get_by_role("link", name=f"#{report.pk}", exact=True).click()
        expect(page.get_by_text("0912345678")).to_be_visible()
        assert_accessible(page)
        _shot(page, "report")
        _in(page, "action-accept", "Accept").get_by_role("button", name="Accept").click()
        expect(page.get_by_text(f"Report #{report.pk} accepted.")).to_be_visible()

        resolve = _in(page, "action-resolve", "Mark resolved")
        resolve.get_by_role("button", name="Mark resolved").click()  # no reply: refused
        expect(page.get_by_text("Tell the reporter what was done.")).to_be_visible()
        resolve = page.locator("#action-resolve")
        resolve.get_by_label("What was done (public reply)").fill("Đã đắp lại đoạn đường.")
        resolve.get_by_role("button", name="Mark resolved").click()
        expect(page.get_by_text(f"Report #{report.pk} resolved.")).to_be_visible()

        photo = report.photos.get()
        blur = _in(page, f"action-rp{photo.pk}", "Blur a box")
        blur.get_by_label("From the left (%)").fill("10")
        blur.get_by_label("From the top (%)").fill("10")
        blur.get_by_label("Width (%)").fill("40")
        blur.get_by_label("Height (%)").fill("30")
        blur.get_by_label("Reason (internal)").fill("Biển số xe.")
        blur.get_by_role("button", name="Blur a box").click()
        expect(
            page.get_by_text("The box is blurred on the public copy of the photo.")
        ).to_be_visible()
        expect(page.get_by_role("link", name="Public copy")).to_be_visible()
        _shot(page, "report-after")

        # The same pages in Vietnamese (the default language), for the eye.
        page.context.add_cookies([{"name": "django_language", "value": "vi", "url": base}])
        page.goto(f"{base}/feedback/work/?status=all")
        expect(
            page.get_by_role("heading", name="Phản ánh, kiến nghị: việc cần xử lý")
        ).to_be_visible()
        _shot(page, "queue-vi")
        page.goto(f"{base}/feedback/work/{report.pk}/")
        expect(page.get_by_role("heading", name="Diễn biến")).to_be_visible()
        _shot(page, "report-vi")

        stored = Report.objects.get(pk=report.pk)
        assert stored.status == Status.RESOLVED
        assert stored.photos.get().state == PhotoState.REDACTED
