"""A community technology team from set-up to its first activity, in a real headless Chromium
(English pages): the list's coverage line, the forms' messages, the team page's totals."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from smartrural.testing import Personas

from .helpers import assert_accessible, log_in, use_english

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def submit(page: Any, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state()


class TeamJourneyTests:
    def test_a_commune_officer_sets_up_a_team_its_members_and_activities(
        self, live_server: Any, page: Any, personas: Personas
    ) -> None:
        base = live_server.url
        use_english(page, base)
        log_in(page, base, personas.commune_a.username, language="en")

        # No team yet: the coverage line says so.
        page.goto(f"{base}/transformation/teams/?year=2023")
        expect(page.get_by_text("Coverage: 0 of 1 hamlets in your units")).to_be_visible()
        expect(page.get_by_text("No team matches.")).to_be_visible()
        assert_accessible(page)

        # A wrong code is refused on the form; the right one creates the team.
        page.get_by_role("link", name="Add a team").click()
        page.get_by_label("Hamlet or commune code").fill("29482")
        page.get_by_label("Name of the team").fill("Tổ công nghệ số Ấp Chợ")
        page.get_by_label("Established on").fill("01/03/2023")
        submit(page, "Create the team")
        expect(
            page.get_by_text("No unit with code “29482” on 01/03/2023 among your units.")
        ).to_be_visible()
        assert_accessible(page)
        page.get_by_label("Hamlet or commune code").fill("2947901")
        submit(page, "Create the team")
        expect(page.get_by_role("heading", name="Tổ công nghệ số Ấp Chợ")).to_be_visible()
        expect(page.get_by_text("Team “Tổ công nghệ số Ấp Chợ” created.")).to_be_visible()
        team_url = page.url

        # A member: a phone number that is not Vietnamese is explained.
        page.get_by_role("link", name="Add a member").click()
        page.get_by_label("Full name").fill("Thạch Thị Sa Rươne")
        page.get_by_label("Role in the team").fill("Tổ trưởng")
        page.get_by_label("Phone").fill("12345")
        submit(page, "Save")
        expect(page.get_by_text("is not a Vietnamese phone number")).to_be_visible()
        assert_accessible(page)
        page.get_by_label("Phone").fill("0912 345 678")
        submit(page, "Save")
        expect(page.get_by_role("cell", name="0912345678")).to_be_visible()

        # An activity: a negative count is refused, then 25 households are recorded.
        page.get_by_role("link", name="Record an activity").click()
        page.get_by_label("Date").fill("10/05/2023")
        page.get_by_label("Helped with").select_option("national_id_app")
        page.get_by_label("Households helped").fill("-3")
        submit(page, "Record")
        expect(page.get_by_text("The number of households cannot be negative.")).to_be_visible()
        assert_accessible(page)
        page.get_by_label("Households helped").fill("25")
        submit(page, "Record")
        expect(page.get_by_text("Activity recorded.")).to_be_visible()
        totals = page.get_by_role("region", name="Totals per kind of help in 2023")
        expect(
            totals.get_by_role("cell", name="Installing the national ID app (VNeID)")
        ).to_be_visible()
        page.goto(f"{team_url}?year=2023")
        assert_accessible(page)

        # The list: the team, its households, and the hamlet now covered.
        page.goto(f"{base}/transformation/teams/?year=2023")
        expect(page.get_by_text("Coverage: 1 of 1 hamlets in your units")).to_be_visible()
        row = page.get_by_role("row", name="Tổ công nghệ số Ấp Chợ")
        expect(row.get_by_role("cell", name="25", exact=True)).to_be_visible()
        assert_accessible(page)

        page.goto(f"{team_url}history/")
        expect(
            page.get_by_role("heading", name="Change history: Tổ công nghệ số Ấp Chợ")
        ).to_be_visible()
        assert_accessible(page)
