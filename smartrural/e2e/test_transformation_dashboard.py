"""The digital transformation dashboard in a real headless Chromium: the KPI cards against the
targets, the below-target list, the ranking and the drill-down to a commune, axe on each page."""

from __future__ import annotations

from typing import Any

import pytest

from smartrural.testing import Personas
from smartrural.transformation.tests.dataset import build_dataset

from .helpers import assert_accessible, log_in, use_english

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


class TransformationDashboardTests:
    def test_district_officer_reads_kpis_and_drills_down(
        self, live_server: Any, page: Any, personas: Personas
    ) -> None:
        build_dataset(personas)
        base = live_server.url
        log_in(page, base, personas.district.username)
        page.goto(f"{base}/transformation/?year=2023")
        assert page.locator("html").get_attribute("lang") == "vi"
        officials = page.locator("[data-indicator=officials_trained] [data-level=commune]")
        assert "37,50%" in officials.inner_text() and "3/8" in officials.inner_text()
        assert_accessible(page)

        use_english(page, base)
        page.reload()
        assert "Huyện Trà Cú" in page.get_by_role("heading", level=1).inner_text()
        below = page.get_by_role("region", name="Below target")
        assert "Officials trained in digital transformation — District" in below.inner_text()
        page.set_viewport_size({"width": 1200, "height": 900})
        page.get_by_label("Rank by").select_option("officials_trained:commune")
        page.get_by_role("button", name="Rank").click()
        page.wait_for_load_state()
        ranking = page.get_by_role("region", name="Ranking of units")
        names = ranking.locator("tbody th").all_inner_texts()
        assert names == ["Xã Ngãi Xuyên", "Xã Hàm Giang", "Xã Kim Sơn"]  # 66.67, 33.33, 0

        ranking.get_by_role("link", name="Xã Ngãi Xuyên").click()
        page.wait_for_load_state()
        assert "Xã Ngãi Xuyên" in page.get_by_role("heading", level=1).inner_text()
        records = page.locator("[data-indicator=work_records_online] [data-level=commune]")
        assert "40.00%" in records.inner_text()
        assert_accessible(page)
