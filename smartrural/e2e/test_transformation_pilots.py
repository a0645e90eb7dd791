"""Smart pilots in a real headless Chromium (English pages): the province loads its scoring
sheets and checklist, a commune officer proposes Ngãi Xuyên, the province scores and selects it,
the plan and a milestone are written, and a hamlet is assessed as a smart hamlet.

Set SMARTRURAL_SCREENSHOTS to a folder to keep screenshots of each page at 360 and 1200 px.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from smartrural.testing import Personas
from smartrural.transformation.models import ScoringCriterion, SmartHamletItem

from .helpers import assert_accessible, log_in, use_english

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_out(page: Any) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()


def click(page: Any, name: str) -> None:
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def check_page(page: Any, name: str) -> None:
    """axe on the page; with SMARTRURAL_SCREENSHOTS, full-page shots at 360 and 1200 px."""
    assert_accessible(page)
    folder = os.environ.get("SMARTRURAL_SCREENSHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for width in (360, 1200):
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=f"{folder}/pilots-{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 360, "height": 740})


class PilotJourneyTests:
    def test_a_smart_commune_from_proposal_to_plan_and_a_smart_hamlet(
        self, live_server: Any, page: Any, personas: Personas
    ) -> None:
        base = live_server.url
        use_english(page, base)

        # The province office loads the default scoring sheets and checklist.
        log_in(page, base, personas.province.username, language="en")
        page.goto(f"{base}/transformation/pilots/settings/")
        click(page, "Load the defaults")
        expect(page.get_by_text("11 scoring criteria and 6 checklist items added")).to_be_visible()
        check_page(page, "settings")
        log_out(page)

        # The commune officer proposes Ngãi Xuyên; a commune of another district is refused.
        log_in(page, base, personas.commune_a.username, language="en")
        page.goto(f"{base}/transformation/pilots/")
        expect(
            page.get_by_text("No candidate has been proposed in your units yet.")
        ).to_be_visible()
        page.get_by_role("link", name="Propose a candidate").click()
        page.get_by_label("Pilot kind").select_option("smart_commune")
        page.get_by_label("Year").fill("2023")
        page.get_by_label("Unit code").fill("29482")
        page.get_by_label("Outstanding field").select_option("production")
        click(page, "Propose")
        expect(
            page.get_by_text("No unit with code “29482” on 01/07/2023 among your units.")
        ).to_be_visible()
        check_page(page, "propose-error")
        page.get_by_label("Unit code").fill("29479")
        page.get_by_label("Why this unit").fill("Rice and vegetables, 4 OCOP products.")
        click(page, "Propose")
        assert re.search(r"/transformation/pilots/\d+/$", page.url)
        candidate_url = page.url
        expect(
            page.get_by_text("Xã Ngãi Xuyên was proposed as a smart commune for 2023.")
        ).to_be_visible()
        page.goto(f"{base}/transformation/pilots/?year=2023")
        expect(page.get_by_role("link", name="Xã Ngãi Xuyên")).to_be_visible()
        check_page(page, "list")
        log_out(page)

        # The province office scores (a score above the maximum is refused) and selects.
        log_in(page, base, personas.province.username, language="en")
        page.goto(candidate_url)
        check_page(page, "scoring")
        criteria = list(ScoringCriterion.objects.filter(kind="smart_commune", active=True))
        for criterion in criteria:
            label = f"Score for {criterion.code} (0–{criterion.max_score})"
            page.get_by_label(label).fill(str(criterion.max_score - 2))
        first = criteria[0]
        page.get_by_label(f"Score for {first.code} (0–{first.max_score})").fill("99")
        click(page, "Save the scores")
        expect(page.get_by_text(f"less than or equal to {first.max_score}")).to_be_visible()
        page.get_by_label(f"Score for {first.code} (0–{first.max_score})").fill("13")
        click(page, "Save the scores")
        expect(page.get_by_text("Scores saved.")).to_be_visible()
        expect(page.get_by_text("88 / 100")).to_be_visible()
        page.get_by_label("Decision").fill("QĐ 123/QĐ-UBND ngày 01/03/2023")
        click(page, "Select as a pilot")
        expect(page.get_by_text("The candidate was selected as a pilot.")).to_be_visible()
        check_page(page, "candidate")

        # The plan, with dates written dd/mm/yyyy, and a late milestone.
        page.get_by_role("link", name="Create the plan").click()
        page.get_by_label("Goal").fill("Smart production: traceability and e-commerce.")
        page.get_by_label("Start").fill("01/04/2023")
        page.get_by_label("End").fill("31/03/2023")
        click(page, "Save the plan")
        expect(page.get_by_text("The end cannot be before the start.")).to_be_visible()
        check_page(page, "plan-form")
        page.get_by_label("End").fill("31/12/2024")
        click(page, "Save the plan")
        expect(page.get_by_text("01/04/2023 – 31/12/2024")).to_be_visible()
        page.get_by_role("link", name="Add a milestone").click()
        page.get_by_label("Milestone").fill("OCOP products on e-commerce platforms")
        page.get_by_label("Due").fill("30/06/2024")
        page.get_by_label("Progress (%)").fill("75")
        click(page, "Save the milestone")
        expect(page.get_by_text("Milestone added.")).to_be_visible()
        milestones = page.get_by_role("region", name="Milestones")
        expect(milestones.get_by_text("overdue")).to_be_visible()
        expect(page.get_by_text("75.0%")).to_be_visible()
        check_page(page, "candidate-plan")
        page.get_by_role("link", name="Update OCOP products on e-commerce platforms").click()
        check_page(page, "milestone-form")
        log_out(page)

        # The commune officer assesses their hamlet: every item met makes a smart hamlet.
        log_in(page, base, personas.commune_a.username, language="en")
        page.goto(f"{base}/transformation/pilots/hamlets/?year=2023")
        expect(page.get_by_text("not assessed")).to_be_visible()
        check_page(page, "hamlets")
        page.get_by_role("link", name="Ấp Chợ").click()
        items = list(SmartHamletItem.objects.filter(active=True))
        for item in items[:-1]:
            page.locator(f'input[name="met_{item.pk}"][value="yes"]').check()
        click(page, "Save the assessment")
        expect(page.get_by_text("Say whether this item is met.")).to_be_visible()
        page.locator(f'input[name="met_{items[-1].pk}"][value="yes"]').check()
        click(page, "Save the assessment")
        expect(page.get_by_text("Smart hamlet 2023")).to_be_visible()
        check_page(page, "assess")
        page.goto(f"{base}/transformation/pilots/hamlets/?year=2023")
        expect(page.get_by_text("1 smart hamlet among 1 hamlet.")).to_be_visible()
