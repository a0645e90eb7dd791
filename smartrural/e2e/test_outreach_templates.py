"""An officer of Ngãi Xuyên writes a message template with placeholders in Chromium: an approved
ZNS text of 401 characters is refused with its count (nothing saved), 400 is accepted; "Check"
shows each channel's length and the SMS parts; the preview renders every channel with the
values typed. A text with markup in it reads as text on every page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from smartrural.outreach.models import Template
from smartrural.testing import Personas

from .helpers import PageProblems, assert_accessible, log_in, use_english
from .outreach_support import IMAGE, SCRIPT, assert_shown_as_text, check_pages, flash

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
WORK = "/outreach/work/templates"
ZNS_START = "Kính gửi {{ ten }}, xã thông báo: {{ noi_dung }}. "
BODY = "Kính gửi {{ ten }} ({{ ten_ap }}): {{ noi_dung }} " + SCRIPT
SMS = "Kính gửi {{ ten }}: " + "ư" * 80  # 100 characters in UCS-2: 2 parts, 34 left


def zns_text(length: int) -> str:
    return ZNS_START + "a" * (length - len(ZNS_START))


def test_an_officer_writes_a_template_within_each_channels_limits(
    live_server: Any, page: Any, personas: Personas
) -> None:
    base = live_server.url
    problems = PageProblems(page)
    use_english(page, base)
    log_in(page, base, personas.commune_a.username, language="en")
    page.goto(f"{base}{WORK}/add/")
    page.locator("#id_unit").select_option(str(personas.commune_a_unit.pk))
    page.locator("#id_name").fill("Tiêm phòng dại " + IMAGE)
    page.locator("#id_topic").select_option(index=1)
    page.locator("#id_body").fill(BODY)
    page.locator("#id_sms_body").fill(SMS)
    page.locator("#id_zns_template_id").fill("301102")
    page.locator("#id_zns_text").fill(zns_text(401))

    # 401 characters: refused with the count, nothing saved.
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text(
        "The ZNS text has 401 characters; an approved ZNS template has at most 400."
    )
    assert Template.objects.count() == 0
    assert_accessible(page)

    # "Check" counts each channel: the SMS in 2 parts of Unicode.
    page.locator("#id_zns_text").fill(zns_text(400))
    page.get_by_role("button", name="Check").click()
    page.wait_for_load_state()
    sms_row = page.locator("#counts ~ .table-wrap tr", has=page.get_by_text("SMS", exact=True))
    expect(sms_row).to_contain_text("100")
    expect(sms_row).to_contain_text("2 (")
    expect(sms_row).to_contain_text("34 left in the last part")
    zns_row = page.locator("#counts ~ .table-wrap tr", has_text="ZNS")
    expect(zns_row.first).to_contain_text("400")
    assert Template.objects.count() == 0  # checking saves nothing

    # 400 characters: saved as typed, markup included, shown as text.
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    expect(flash(page)).to_contain_text("saved.")
    (template,) = Template.objects.all()
    assert template.unit_id == personas.commune_a_unit.pk
    assert (template.body, template.sms_body, template.zns_text) == (BODY, SMS, zns_text(400))
    assert template.name == "Tiêm phòng dại " + IMAGE
    assert_shown_as_text(page, "Tiêm phòng dại " + IMAGE)
    assert page.locator("#id_body").input_value() == BODY

    # The list, then the preview: each channel's text with the values typed.
    page.goto(f"{base}{WORK}/")
    assert_shown_as_text(page, "Tiêm phòng dại " + IMAGE)
    row = page.locator("tbody tr", has_text="Tiêm phòng dại")
    row.get_by_role("link", name="Preview").click()
    page.wait_for_load_state()
    page.locator("#v-noi_dung").fill("Tiêm phòng dại tại nhà văn hóa ấp Chợ, 7 giờ sáng thứ Bảy")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state()
    previews = page.locator("section.preview")
    zns = previews.filter(has_text="ZNS").first
    expect(zns.locator("pre")).to_contain_text(
        "xã thông báo: Tiêm phòng dại tại nhà văn hóa ấp Chợ, 7 giờ sáng thứ Bảy."
    )
    sms = previews.filter(has=page.get_by_role("heading", name="SMS", exact=True))
    expect(sms).to_contain_text("2 SMS parts")
    assert_shown_as_text(page, "Tiêm phòng dại tại nhà văn hóa ấp Chợ", SCRIPT)
    assert_accessible(page)
    check_pages(problems, 422)
