"""The dashboard in a real headless Chromium on the demo province: figures, drill-down, axe."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from smartrural.demo.testing import demo_for_pages
from smartrural.e2e.helpers import assert_accessible, log_in, use_english
from smartrural.testing import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


class DashboardPageTests:
    def test_province_office_reads_the_figures_and_drills_down_to_a_commune(
        self, live_server: Any, page: Any
    ) -> None:
        demo_for_pages("2023-06-01", log_in_as=["vpdp"], password=PASSWORD)
        base = live_server.url
        use_english(page, base)
        log_in(page, base, "vpdp", language="en")

        page.goto(f"{base}/dashboard/?year=2023")
        ntm = page.locator("[data-key=ntm]")
        assert "82/85" in ntm.inner_text()
        assert "6/9" in page.locator("[data-key=districts]").inner_text()
        assert page.locator("#dashboard-map .leaflet-interactive").count() == 85
        assert_accessible(page)

        page.get_by_role("region", name="By unit").get_by_role("link", name="Huyện Trà Cú").click()
        page.wait_for_load_state()
        assert "Huyện Trà Cú" in page.get_by_role("heading", level=1).inner_text()
        assert "12/15" in page.locator("[data-key=ntm]").inner_text()

        page.get_by_role("region", name="By unit").get_by_role("link", name="Xã Ngãi Xuyên").click()
        page.wait_for_load_state()
        heading = page.get_by_role("heading", level=1).inner_text()
        assert heading.startswith("Xã Ngãi Xuyên: criteria in 2023")
        expect(page.get_by_text("19 of 19 criteria met")).to_be_visible()
        assert_accessible(page)
