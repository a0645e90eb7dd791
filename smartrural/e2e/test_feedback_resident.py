"""A resident reports a damaged road from a 360 px phone screen in a real headless Chromium
(Vietnamese pages, no account): the form with the JavaScript improvements (similar reports by
htmx, photo made smaller in the browser), the tracking code shown once, the stored photo without
its GPS position, the commune's answer on the status page, its public page without the phone
or an e-mail, and another commune's officer answered 404."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import expect

from smartrural.feedback import services
from smartrural.feedback.models import Report, ReportPhoto
from smartrural.feedback.tests.factories import category, today_units
from smartrural.feedback.tests.reporting_helpers import GPS_IFD, photo_with_gps
from smartrural.testing import TODAY, Personas, clock_at

from .helpers import PageProblems, assert_accessible

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    # The categories come from a data migration, which an earlier browser test's flush removed.
    pytest.mark.usefixtures("feedback_categories"),
]
SHOTS = Path("var/screenshots")


class ResidentReportJourneyTests:
    def test_a_resident_reports_follows_and_sees_the_answer(
        self, live_server: Any, page: Any, personas: Personas, tmp_path: Path
    ) -> None:
        base = live_server.url
        today = today_units(personas)
        photo = tmp_path / "duong-sat-lo.jpg"
        photo.write_bytes(photo_with_gps(size=(2400, 1800)))
        SHOTS.mkdir(parents=True, exist_ok=True)
        problems = PageProblems(page)
        with clock_at(TODAY, hour=9):
            page.goto(f"{base}/feedback/new/")
            expect(page.get_by_role("heading", name="Gửi phản ánh, kiến nghị")).to_be_visible()
            problems.check()
            assert_accessible(page)

            page.get_by_label("Phản ánh về lĩnh vực nào?").select_option(
                str(category("giao-thong").pk)
            )
            page.get_by_label("Ở đâu?").select_option(str(today.hamlet_a_unit.pk))
            # htmx fetched the similar reports of the hamlet: none yet.
            page.get_by_text("Không có phản ánh tương tự").wait_for()
            page.get_by_label("Nội dung phản ánh").fill(
                "Đường liên ấp trước chợ bị sạt lở khoảng 20 m, xe máy đi rất nguy hiểm."
            )
            page.locator('input[name="photos"]').set_input_files(str(photo))
            page.get_by_text("Ảnh đã được thu nhỏ trước khi gửi").wait_for()
            page.get_by_label("Họ và tên").fill("Nguyễn Văn An")
            page.get_by_label("Số điện thoại di động").fill("0912 345 678")
            page.screenshot(path=str(SHOTS / "feedback-form-360.png"), full_page=True)
            page.get_by_role("button", name="Gửi phản ánh", exact=True).click()
            page.wait_for_load_state()

            code = page.locator(".tracking-code").inner_text().strip()
            assert len(code) == 12 and code[4] == "-"
            assert code not in page.url
            expect(page.get_by_text("Hạn trả lời")).to_be_visible()
            page.screenshot(path=str(SHOTS / "feedback-done-360.png"), full_page=True)
            problems.check()

            report = Report.objects.get()
            stored = ReportPhoto.objects.get(report=report)
            with stored.image.open("rb") as f, Image.open(io.BytesIO(f.read())) as image:
                assert max(image.size) <= 1600
                exif = image.getexif()
                assert GPS_IFD not in exif and not exif.get_ifd(GPS_IFD)

            # The code is shown once only.
            page.reload()
            assert page.locator(".tracking-code").count() == 0

        with clock_at(TODAY, hour=10):
            services.report_accept(
                report=report,
                version=None,
                public_text="Xã đã tiếp nhận, sẽ gia cố đoạn đường trong tuần này.",
                by=personas.commune_a,
            )
            page.goto(f"{base}/feedback/track/")
            page.get_by_label("Mã theo dõi").fill(code.lower())
            page.get_by_role("button", name="Xem tình trạng").click()
            page.wait_for_load_state()
            expect(page.get_by_text("Xã đã tiếp nhận, sẽ gia cố đoạn đường")).to_be_visible()
            assert page.get_by_text("0912345678").count() == 0
            assert page.locator(".photo-list img").count() == 1
            page.screenshot(path=str(SHOTS / "feedback-status-360.png"), full_page=True)
            problems.check()
            assert_accessible(page)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, f"the status page scrolls sideways at 360 px ({width} px)"

            # Its public page shows neither the phone nor an e-mail; the reporter's name only
            # because they did not ask to hide it.
            page.goto(f"{base}/feedback/{report.pk}/")
            public = page.content()
            assert "Xã đã tiếp nhận, sẽ gia cố đoạn đường" in public
            assert "0912345678" not in public and "0912 345 678" not in public
            assert "@" not in page.locator("main").inner_text()
            problems.check()

            # An officer of another commune does not even learn that it exists; its own does.
            assert (
                personas.client(personas.commune_b).get(f"/feedback/work/{report.pk}/").status_code
                == 404
            )
            assert (
                personas.client(personas.commune_a).get(f"/feedback/work/{report.pk}/").status_code
                == 200
            )
