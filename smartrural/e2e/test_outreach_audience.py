"""The campaign form's audience picker in a real headless Chromium: a province officer among
about a thousand units finds Ngãi Xuyên typing without accents, ticks two hamlets, sees the
count, and the campaign's audience is those two; the units follow the date (today's after the
2025 reorganisation, 2023's on a day of 2023), asked once per date, keeping what the officer
typed and ticked while the answer was on its way. Without JavaScript, the button does the same."""

from __future__ import annotations

import os
from typing import Any

import pytest
from playwright.sync_api import expect

from smartrural.geo.services import hamlet_create
from smartrural.outreach.models import Campaign
from smartrural.outreach.tests import factories
from smartrural.outreach.tests.audience_support import after_2025, many_units
from smartrural.testing import IN_2023, TODAY, Clock, Personas

from .helpers import PageProblems, assert_accessible, log_in, use_english

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("OUTREACH_SCREENSHOTS", "")  # a folder: keep the screenshots there


def shot(page: Any, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_a_province_officer_picks_two_hamlets_of_ngai_xuyen_typed_without_accents(
    live_server: Any, page: Any, personas: Personas, clock: Clock
) -> None:
    clock.set(TODAY)
    many_units(personas)
    after_2025()
    cho = personas.hamlet_a_unit
    rach_bot = hamlet_create(
        commune=personas.commune_a_unit, code="2947902", name="Ấp Rạch Bót", kind="ap"
    )
    template = factories.template(personas.province_unit)
    base = live_server.url
    problems = PageProblems(page)
    use_english(page, base)
    log_in(page, base, personas.province.username, language="en")
    page.goto(f"{base}/outreach/work/campaigns/new/")

    # Today: the province after the reorganisation, no 2023 hamlet.
    picker = page.locator("#audience-picker")
    expect(picker.get_by_text("Tỉnh Vĩnh Long", exact=True)).to_be_visible()
    expect(picker.get_by_text("Ấp Chợ", exact=True)).to_have_count(0)
    shot(page, "today-360")

    # Another day: the lists are fetched again, what was typed stays.
    page.get_by_label("Title").fill("Lịch tiêm chủng tháng 6")
    date = page.get_by_label("Hamlets and communes as of")
    date.fill("01/06/2023")
    date.press("Enter")  # shows the units of the day, sends nothing
    expect(picker.get_by_text("All of Xã Ngãi Xuyên")).to_be_attached()
    expect(picker.get_by_text("Ấp Mới", exact=True)).to_have_count(0)
    expect(page.get_by_label("Title")).to_have_value("Lịch tiêm chủng tháng 6")
    page.get_by_label("Sent by (unit)").select_option(label="Tỉnh Trà Vinh")
    page.get_by_label("Message template").select_option(str(template.pk))
    page.get_by_label("Placeholder values").fill("xa = Tỉnh Trà Vinh\nnoi_dung = Tiêm chủng.")

    # Typed without accents, the search opens Ngãi Xuyên and hides the other communes.
    page.get_by_label("Find a hamlet or commune").fill("ngai xuyen")
    expect(picker.get_by_label("Ấp Chợ")).to_be_visible()
    expect(picker.get_by_label("Ấp Đông Hòa 1").first).to_be_hidden()
    expect(picker.get_by_text("Xã Kim Sơn", exact=True)).to_be_hidden()
    picker.get_by_label("Ấp Chợ").check()
    picker.get_by_label("Ấp Rạch Bót").check()
    expect(page.locator("#audience-count")).to_have_text("2 units chosen")
    shot(page, "search-360")
    page.get_by_label("New rural development news").check()
    page.get_by_label("SMS", exact=True).check()
    problems.check()
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    shot(page, "search-desktop")
    page.get_by_label("Title").press("Enter")  # saves the draft, as the button does
    page.wait_for_load_state()
    expect(page.locator("#status")).to_be_visible()

    campaign = Campaign.objects.get()
    assert campaign.unit == personas.province_unit
    assert campaign.audience_as_of == IN_2023
    assert set(campaign.audience_units.all()) == {cho, rach_bot}
    problems.check()


def test_without_javascript_the_button_shows_the_units_of_the_date_and_keeps_the_form(
    live_server: Any, browser: Any, personas: Personas, clock: Clock
) -> None:
    clock.set(TODAY)
    after_2025()
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="vi-VN", java_script_enabled=False
    )
    page = context.new_page()
    base = live_server.url
    use_english(page, base)
    log_in(page, base, personas.province.username, language="en")
    page.goto(f"{base}/outreach/work/campaigns/new/")
    tree = page.locator("#audience-tree")
    expect(page.locator(".audience-find")).to_be_hidden()  # the search needs JavaScript
    expect(tree.get_by_text("Xã Hàm Giang", exact=True)).to_be_visible()
    page.get_by_label("Title").fill("Lịch tiêm chủng tháng 6")
    page.get_by_label("Hamlets and communes as of").fill("01/06/2023")
    page.get_by_role("button", name="Show the units as of this date").click()
    page.wait_for_load_state()
    expect(page.get_by_label("Title")).to_have_value("Lịch tiêm chủng tháng 6")
    expect(tree.get_by_text("Xã Hàm Giang", exact=True)).to_have_count(0)
    tree.get_by_text("Huyện Trà Cú", exact=True).click()  # a <details> opens without JavaScript
    tree.get_by_text("Xã Ngãi Xuyên", exact=True).click()
    expect(tree.get_by_label("Ấp Chợ")).to_be_visible()
    assert not Campaign.objects.exists()
    context.close()


def test_what_is_typed_and_ticked_while_the_lists_are_on_their_way_stays(
    live_server: Any, page: Any, personas: Personas, clock: Clock
) -> None:
    clock.set(TODAY)
    base = live_server.url
    use_english(page, base)
    log_in(page, base, personas.province.username, language="en")
    page.goto(f"{base}/outreach/work/campaigns/new/")
    picker = page.locator("#audience-picker")
    date = page.get_by_label("Hamlets and communes as of")
    date.fill("01/06/2023")
    date.press("Enter")
    expect(picker.get_by_text("All of Xã Ngãi Xuyên")).to_be_attached()
    # The next answer is held until the officer has typed a search and ticked a hamlet.
    asked: list[Any] = []
    page.route("**/*part=audience*", lambda route: asked.append(route))
    date.fill("01/06/2023")  # the date already shown: nothing is asked
    date.press("Enter")
    date.fill("02/06/2023")
    date.press("Enter")
    page.get_by_label("Title").fill("Lịch tiêm chủng")  # leaving the date asks nothing more
    expect(page.locator("#audience-picker.audience-busy")).to_be_attached()
    search = page.get_by_label("Find a hamlet or commune")
    search.fill("ngai xuyen")
    picker.get_by_label("Ấp Chợ").check()
    assert [route.request.url.split("as_of=")[1] for route in asked] == ["02%2F06%2F2023"]
    asked[0].continue_()
    expect(page.locator("#audience-picker.audience-busy")).to_have_count(0)
    expect(search).to_have_value("ngai xuyen")
    expect(picker.get_by_label("Ấp Chợ")).to_be_checked()
    expect(picker.get_by_label("Ấp Chợ")).to_be_visible()
    expect(picker.get_by_text("Xã Kim Sơn", exact=True)).to_be_hidden()
    expect(page.locator("#audience-count")).to_have_text("1 unit chosen")
    assert len(asked) == 1
