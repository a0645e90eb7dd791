"""Officials and trainings in a real headless Chromium (English pages): a commune officer adds an
official, records a training, marks attendance and uploads a material; the official shows as
trained in 2023; wrong input shows a message; every page passes axe."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from smartrural.testing import Personas

from .helpers import assert_accessible, log_in, use_english

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"
# Set SMARTRURAL_SCREENSHOTS=/some/dir to keep screenshots at 360 and 1200 px.
SHOTS = os.environ.get("SMARTRURAL_SCREENSHOTS", "")


def submit(page: Any, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state()


def shoot(page: Any, name: str) -> None:
    if not SHOTS:
        return
    for width in (360, 1200):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(Path(SHOTS) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 740})


class OfficialsJourneyTests:
    def test_an_official_is_added_trained_and_counted(
        self, live_server: Any, page: Any, personas: Personas, tmp_path: Path, settings: Any
    ) -> None:
        settings.MEDIA_ROOT = tmp_path
        base = live_server.url
        use_english(page, base)
        log_in(page, base, personas.commune_a.username, language="en")

        page.goto(f"{base}/transformation/officials/")
        expect(page.get_by_text("No official matches.")).to_be_visible()
        assert_accessible(page)

        # A wrong date for the unit code: the form says why.
        page.get_by_role("link", name="Add an official").click()
        page.get_by_label("Unit code").fill("29479")
        page.get_by_label("Full name").fill("Trần Thị Mai")
        page.get_by_label("Position").fill("Công chức Văn phòng – Thống kê")
        submit(page, "Save")
        expect(page.get_by_text(re.compile("Code 29479 names no unit on"))).to_be_visible()
        assert_accessible(page)
        page.get_by_label("Unit as of").fill("01/06/2023")
        submit(page, "Save")
        expect(page.get_by_role("status")).to_contain_text("Official added.")
        expect(page.get_by_role("heading", level=1)).to_have_text("Trần Thị Mai")
        official_url = page.url

        # A training with its last day before its first: refused, then corrected.
        page.goto(f"{base}/transformation/trainings/new/")
        assert_accessible(page)
        page.get_by_label("Organising unit code").fill("29479")
        page.get_by_label("Kind").select_option("course")
        page.get_by_label("Title").fill("Tập huấn kỹ năng số")
        page.get_by_label("First day").fill("10/05/2023")
        page.get_by_label("Last day (optional)").fill("09/05/2023")
        page.get_by_label("Residents attending").fill("12")
        submit(page, "Save")
        expect(page.get_by_text("The last day cannot be before the first day.")).to_be_visible()
        page.get_by_label("Last day (optional)").fill("11/05/2023")
        submit(page, "Save")
        expect(page.get_by_role("status")).to_contain_text("Training saved.")
        event_url = page.url

        # Add the official, mark them absent then attended, upload the programme.
        page.get_by_label(re.compile("Trần Thị Mai")).check()
        submit(page, "Add the chosen officials")
        expect(page.get_by_role("status")).to_contain_text("1 participant added.")
        page.get_by_label("Attendance of Trần Thị Mai").select_option("absent")
        submit(page, "Save attendance")
        expect(page.get_by_text("0 attended, 1 absent, 0 invited")).to_be_visible()
        page.get_by_label("Attendance of Trần Thị Mai").select_option("attended")
        submit(page, "Save attendance")
        expect(page.get_by_text("1 attended, 0 absent, 0 invited")).to_be_visible()
        programme = tmp_path / "chuong-trinh.pdf"
        programme.write_bytes(PDF)
        page.get_by_label("File").set_input_files(str(programme))
        submit(page, "Upload")
        expect(page.get_by_role("link", name="chuong-trinh.pdf")).to_be_visible()
        page.goto(event_url)
        assert_accessible(page)
        shoot(page, "training-detail")

        page.goto(f"{base}/transformation/trainings/")
        row = page.get_by_role("row", name=re.compile("Tập huấn kỹ năng số"))
        expect(row).to_contain_text("Xã Ngãi Xuyên")
        assert_accessible(page)
        shoot(page, "training-list")

        page.goto(f"{base}/transformation/officials/?year=2023")
        expect(
            page.get_by_text(re.compile("Of the 1 active official listed, 1 attended"))
        ).to_be_visible()
        expect(page.get_by_role("row", name=re.compile("Trần Thị Mai"))).to_contain_text("Trained")
        assert_accessible(page)
        shoot(page, "official-list")

        page.goto(official_url)
        expect(page.get_by_role("link", name="Tập huấn kỹ năng số")).to_be_visible()
        assert_accessible(page)
        shoot(page, "official-detail")
        page.get_by_role("link", name="History").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Trần Thị Mai")
        assert_accessible(page)

        page.goto(f"{base}/transformation/officials/import/")
        assert_accessible(page)
        csv = tmp_path / "officials.csv"
        csv.write_text("Mã đơn vị;Họ và tên;Chức vụ\n29482;Lê Bình;Công chức\n", encoding="utf-8")
        page.get_by_label("Units as of").fill("01/06/2023")
        page.get_by_label("Excel (.xlsx) or CSV file").set_input_files(str(csv))
        submit(page, "Import")
        expect(page.get_by_text("1 problem found: nothing was saved.")).to_be_visible()
        expect(page.get_by_text("Xã Kim Sơn is not among your units.")).to_be_visible()
        assert_accessible(page)
        shoot(page, "official-import")
