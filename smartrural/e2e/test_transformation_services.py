"""Essential digital services in a real headless Chromium (English pages): the province loads
the standard catalogue, a commune records the service it offers with evidence, a duplicate is
refused with a clear message."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from smartrural.testing import Personas

from .helpers import assert_accessible, log_in, use_english

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n%e2e\n"


def submit(page: Any, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state()


def log_out(page: Any) -> None:
    submit(page, "Log out")


class ServiceJourneyTests:
    def test_the_catalogue_is_loaded_and_a_commune_records_its_service(
        self, live_server: Any, page: Any, personas: Personas
    ) -> None:
        base = live_server.url
        use_english(page, base)

        # The province office fills the empty catalogue.
        log_in(page, base, personas.province.username, language="en")
        page.goto(f"{base}/transformation/services/catalogue/")
        expect(page.get_by_text("The catalogue is empty.")).to_be_visible()
        assert_accessible(page)
        submit(page, "Load the standard catalogue")
        expect(page.get_by_text("The standard catalogue was loaded")).to_be_visible()
        expect(page.get_by_role("cell", name="Khám, chữa bệnh từ xa telemedicine")).to_be_visible()
        page.goto(f"{base}/transformation/services/catalogue/")
        assert_accessible(page)
        log_out(page)

        # A commune officer records that Ngãi Xuyên offers telemedicine.
        log_in(page, base, personas.commune_a.username, language="en")
        page.goto(f"{base}/transformation/services/?on=31/12/2023")
        expect(page.get_by_text("Commune level: 0 of 1 units in your scope")).to_be_visible()
        assert_accessible(page)
        page.get_by_role("link", name="Record an offering").click()
        page.get_by_label("District or commune code").fill("29479")
        page.get_by_label("Service").select_option("telemedicine")
        page.get_by_label("Offered since").fill("01/03/2023")
        page.get_by_label("Offered until").fill("01/01/2023")
        submit(page, "Save")
        expect(page.get_by_text("The end date 01/01/2023 is before the start date")).to_be_visible()
        assert_accessible(page)
        page.get_by_label("Offered until").fill("")
        page.get_by_label("Note").fill("Trạm y tế xã kết nối bệnh viện huyện")
        page.get_by_label("Evidence (optional)").set_input_files(
            {"name": "ke-hoach.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        submit(page, "Save")
        expect(
            page.get_by_text("Xã Ngãi Xuyên offers “Khám, chữa bệnh từ xa”: saved.")
        ).to_be_visible()
        # the stored name may carry a suffix when another test stored the same name first
        expect(page.get_by_role("link", name=re.compile(r"^ke-hoach.*\.pdf$"))).to_be_visible()
        offering_url = page.url
        page.goto(offering_url)
        assert_accessible(page)

        # The same service again, still open: refused with a clear message.
        page.goto(f"{base}/transformation/services/new/")
        page.get_by_label("District or commune code").fill("29479")
        page.get_by_label("Service").select_option("telemedicine")
        page.get_by_label("Offered since").fill("01/06/2023")
        submit(page, "Save")
        expect(
            page.get_by_text(
                "Xã Ngãi Xuyên already offers “Khám, chữa bệnh từ xa” since 01/03/2023"
            )
        ).to_be_visible()

        # The list counts the commune on 31/12/2023.
        page.goto(f"{base}/transformation/services/?on=31/12/2023")
        expect(page.get_by_text("Commune level: 1 of 1 units in your scope")).to_be_visible()
        expect(page.get_by_role("link", name="Xã Ngãi Xuyên", exact=True)).to_be_visible()
        assert_accessible(page)
        page.goto(f"{offering_url}history/")
        assert_accessible(page)
