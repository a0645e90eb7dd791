"""The published reports at 360 px in a real headless Chromium (Vietnamese pages): a commune's
list, a report's page without personal data, and "me too".

Set SMARTRURAL_SCREENSHOTS to a folder to keep screenshots of each page."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from smartrural.feedback.tests.factories import file_report
from smartrural.feedback.tests.public_helpers import (
    EMAIL,
    NAME,
    PHONE,
    private_report,
    today_with_successions,
)
from smartrural.testing import IN_2023, TODAY, Personas

from .helpers import PageProblems, assert_accessible

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    # The categories come from a data migration, which an earlier browser test's flush removed.
    pytest.mark.usefixtures("feedback_categories"),
]

SHOTS = os.environ.get("SMARTRURAL_SCREENSHOTS", "")


def shot(page: Any, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"feedback-public-{name}-360.png"), full_page=True)


def fits(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url} is {width} px wide"


class PublicJourneyTests:
    def test_a_resident_reads_the_list_opens_a_report_and_says_me_too(
        self, live_server: Any, page: Any, personas: Personas
    ) -> None:
        base = live_server.url
        today = today_with_successions(personas)
        old = file_report(personas.hamlet_a_unit, on=IN_2023).report
        report = private_report(today.hamlet_a_unit, on=TODAY)
        problems = PageProblems(page)

        page.goto(f"{base}/feedback/units/29461/")
        expect(page.get_by_role("heading", name="Phản ánh, kiến nghị — Xã Trà Cú")).to_be_visible()
        items = page.locator(".report-list > li")
        assert items.count() == 2  # today's and the one filed under Ngãi Xuyên in 2023
        assert f"#{old.pk}" in items.nth(1).inner_text()
        fits(page)
        problems.check()
        assert_accessible(page)
        shot(page, "list")

        page.get_by_role("link", name=f"#{report.pk} · Đường giao thông, cầu, cống").click()
        page.wait_for_load_state()
        html = page.content()
        for secret in (PHONE, EMAIL, NAME):
            assert secret not in html
        expect(page.get_by_text("Người dân", exact=True)).to_be_visible()
        fits(page)
        problems.check()
        assert_accessible(page)

        page.get_by_label("Số điện thoại của bạn (không bắt buộc, không bao giờ công khai)").fill(
            "0912 000 111"
        )
        page.get_by_role("button", name="Tôi cũng gặp").click()
        page.wait_for_load_state()
        expect(page.get_by_text("Cảm ơn bạn")).to_be_visible()
        expect(
            page.get_by_role("heading", name="1 người cho biết cũng gặp vấn đề này")
        ).to_be_visible()
        shot(page, "report")

        page.get_by_label("Số điện thoại của bạn (không bắt buộc, không bao giờ công khai)").fill(
            "0912000111"
        )
        page.get_by_role("button", name="Tôi cũng gặp").click()
        page.wait_for_load_state()
        expect(page.get_by_text("mỗi người chỉ được tính một lần")).to_be_visible()
        expect(
            page.get_by_role("heading", name="1 người cho biết cũng gặp vấn đề này")
        ).to_be_visible()
        fits(page)
        problems.check()
