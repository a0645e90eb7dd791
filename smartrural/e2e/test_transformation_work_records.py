"""Work records processed online in a real headless Chromium (English pages): a commune enters a
month, a district imports an e-office export, the province reads its districts and changes a
target."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from smartrural.testing import Personas
from smartrural.transformation.work_records.targets import load_targets

from .helpers import assert_accessible, log_in, use_english

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGE = "/transformation/work-records/"


def log_out(page: Any) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()


def save(page: Any, name: str = "Save") -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def csv(content: str) -> dict[str, Any]:
    return {"name": "export.csv", "mimeType": "text/csv", "buffer": content.encode()}


class WorkRecordJourneyTests:
    def test_figures_are_entered_imported_and_compared_with_the_targets(
        self, live_server: Any, page: Any, personas: Personas
    ) -> None:
        load_targets()
        base = live_server.url
        use_english(page, base)

        # The commune officer enters May 2023; a wrong figure is explained first.
        log_in(page, base, personas.commune_a.username, language="en")
        page.goto(f"{base}{PAGE}?year=2023")
        expect(page.get_by_role("heading", name="Xã Ngãi Xuyên (29479) · 2023")).to_be_visible()
        assert_accessible(page)
        page.get_by_label("Month:").fill("05/2023")
        page.get_by_label("Work records:").fill("100")
        page.get_by_label("Processed online:").fill("150")
        save(page)
        expect(
            page.get_by_text("Records processed online (150) cannot exceed the total (100).")
        ).to_be_visible()
        assert_accessible(page)
        page.get_by_label("Processed online:").fill("40")
        save(page)
        expect(page.get_by_text("Figures of 05/2023 saved for Xã Ngãi Xuyên")).to_be_visible()
        row = page.get_by_role("row", name="05/2023")
        assert "40.00%" in row.inner_text()
        assert "Target ≥\xa020%" in page.get_by_role("row", name="Year 2023").inner_text()
        log_out(page)

        # The district imports its e-office export: a wrong row first, then the right file.
        log_in(page, base, personas.district.username, language="en")
        page.goto(f"{base}{PAGE}upload/")
        assert_accessible(page)
        header = "Mã đơn vị;Tháng;Tổng số hồ sơ;Xử lý trực tuyến\n"
        page.get_by_label("File:").set_input_files(csv(header + "29482;06/2023;50;60\n"))
        save(page, "Import")
        expect(page.get_by_text("1 problem found: nothing was saved.")).to_be_visible()
        expect(page.get_by_text("cannot exceed the total")).to_be_visible()
        assert_accessible(page)
        page.get_by_label("File:").set_input_files(
            csv(header + "29482;06/2023;50;5\n849;06/2023;200;20\n")
        )
        save(page, "Import")
        expect(
            page.get_by_text("File imported: 2 new and 0 updated monthly figures.")
        ).to_be_visible()
        page.goto(f"{base}{PAGE}?unit=849&year=2023")
        children = page.get_by_role("table", name="Work records of the units under Huyện Trà Cú")
        assert "Xã Kim Sơn" in children.inner_text()
        assert "10.00%" in children.get_by_role("row", name="Xã Kim Sơn").inner_text()
        assert_accessible(page)
        log_out(page)

        # The province reads its districts and raises the commune target.
        log_in(page, base, personas.province.username, language="en")
        page.goto(f"{base}{PAGE}?unit=84&year=2023")
        page.get_by_role("link", name="Huyện Trà Cú").click()
        page.wait_for_load_state()
        expect(page.get_by_role("heading", name="Huyện Trà Cú (849) · 2023")).to_be_visible()
        page.goto(f"{base}/transformation/targets/?year=2023")
        assert_accessible(page)
        page.get_by_role("link", name="Change Work records processed online Commune").click()
        page.wait_for_load_state()
        page.get_by_label("Target (%):").fill("150")
        save(page)
        expect(page.get_by_text("The target must be between 0 and 100%.")).to_be_visible()
        assert_accessible(page)
        page.get_by_label("Target (%):").fill("22")
        save(page)
        expect(page.get_by_text("Target saved")).to_be_visible()
        assert (
            "≥\xa022%" in page.get_by_role("row", name="Work records processed online").inner_text()
        )
