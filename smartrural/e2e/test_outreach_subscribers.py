"""An officer of Ngãi Xuyên keeps the commune's subscribers in Chromium, on 02/12/2026 and on
01/06/2023 (the hamlets offered are those of the day): adds one (a wrong mobile number is
refused in Vietnamese and nothing is saved), finds them without diacritics, edits them in two
tabs (the second save meets the first's change), unsubscribes and takes them back, reads the
history, and imports an Excel file (one bad row: every problem listed, nothing written;
corrected: every row written)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from smartrural.outreach.models import Subscriber, Topic
from smartrural.outreach.services.subscribers_import import TEMPLATE_TITLES
from smartrural.testing import Personas

from .helpers import PageProblems, assert_accessible, log_in, use_english
from .outreach_support import IMAGE, SCRIPT, assert_shown_as_text, check_pages, flash

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
WORK = "/outreach/work/subscribers"


def import_file(folder: Path, name: str, rows: list[tuple[str, ...]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(TEMPLATE_TITLES.values()))
    for row in rows:
        sheet.append(list(row))
    path = folder / name
    workbook.save(path)
    return path


def test_an_officer_adds_finds_edits_unsubscribes_and_imports_subscribers(
    live_server: Any, page: Any, personas: Personas, tmp_path: Path, on_both_dates: dt.date
) -> None:
    base = live_server.url
    problems = PageProblems(page)
    hamlet = personas.hamlet_a_unit
    log_in(page, base, personas.commune_a.username)

    # In Vietnamese (the default): a wrong mobile number is refused and nothing is saved.
    page.goto(f"{base}{WORK}/add/")
    page.locator("#id_hamlet").select_option(str(hamlet.pk))
    page.locator("#id_name").fill("Thạch Thị Sa Rây")
    page.locator("#id_phone").fill("0912 345")
    page.locator("#id_topics").get_by_label("Thời tiết", exact=False).first.check()
    page.locator("#id_channel_1").select_option("sms")
    page.locator("#id_consent_source").select_option(index=1)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    error = page.locator("#id_phone_error, .field:has(#id_phone) .errorlist").first
    expect(error).to_be_visible()
    expect(error).to_contain_text("“0912 345” không phải là số điện thoại di động Việt Nam")
    assert Subscriber.objects.count() == 0

    page.locator("#id_phone").fill("0912 345 678")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    (subscriber,) = Subscriber.objects.all()
    assert (subscriber.name, subscriber.phone, subscriber.hamlet_id) == (
        "Thạch Thị Sa Rây",
        "84912345678",
        hamlet.pk,
    )
    assert subscriber.channel_list == ["sms"]
    assert Topic.WEATHER in subscriber.topic_list
    assert page.url.endswith(f"{WORK}/{subscriber.pk}/")

    # In English from here on: found by the name typed without diacritics.
    use_english(page, base)
    page.goto(f"{base}{WORK}/")
    page.get_by_label("Name or phone").fill("thach thi sa ray")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state()
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.locator("table tbody")).to_contain_text("Thạch Thị Sa Rây")
    expect(page.locator("table tbody")).to_contain_text("0912 345 678")
    assert_accessible(page)

    # Two tabs edit the same subscriber: the second save meets the first's change.
    edit_url = f"{base}{WORK}/{subscriber.pk}/"
    other = page.context.new_page()
    page.goto(edit_url)
    other.goto(edit_url)
    page.get_by_label("Name to address them by").fill(SCRIPT)
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    expect(flash(page)).to_contain_text(f"Subscriber #{subscriber.pk} saved.")
    other.get_by_label("Name to address them by").fill(IMAGE)
    other.get_by_role("button", name="Save", exact=True).click()
    other.wait_for_load_state()
    expect(other.locator("#edit-conflict")).to_be_visible()
    expect(other.locator("#edit-conflict")).to_contain_text(SCRIPT)  # what is stored now
    assert_shown_as_text(other, SCRIPT)
    subscriber.refresh_from_db()
    assert subscriber.name == SCRIPT
    other.close()

    # The hostile name reads as text in the list.
    page.goto(f"{base}{WORK}/?q=script")
    assert_shown_as_text(page, SCRIPT)

    # Unsubscribed on their request, then back on a new consent.
    page.goto(edit_url)
    page.get_by_role("button", name="Unsubscribe").click()
    page.wait_for_load_state()
    expect(flash(page)).to_contain_text("unsubscribed: nothing more is sent to them")
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
    page.get_by_label("New consent given through").select_option(index=1)
    page.get_by_role("button", name="Subscribe again").click()
    page.wait_for_load_state()
    expect(flash(page)).to_contain_text("receives notices again")
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is None

    # The history says who changed what, before and after.
    page.goto(f"{base}{WORK}/{subscriber.pk}/history/")
    history = page.locator("main").inner_text()
    assert "Thạch Thị Sa Rây" in history and SCRIPT in history, history
    officer = personas.commune_a
    assert (officer.get_full_name() or officer.username) in history, history
    assert_shown_as_text(page, SCRIPT)
    assert_accessible(page)

    # An Excel file with one bad row: every problem listed with its row, nothing written
    # (consent given the day before the clock's day).
    consent = (on_both_dates - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    good = (
        (hamlet.code, "Kim Thị Hoa", "0912 000 001", "", "", "Thời tiết", "SMS", consent, ""),
        (
            hamlet.code,
            "Lâm Văn Sơn",
            "",
            "son@example.vn",
            "",
            "Tất cả",
            "E-mail",
            consent,
            "",
        ),
    )
    bad = (hamlet.code, "Trần Văn Ba", "0912 00", "", "", "Thời tiết", "SMS", consent, "")
    page.goto(f"{base}{WORK}/import/")
    page.get_by_label("Excel (.xlsx) or CSV file").set_input_files(
        import_file(tmp_path, "bad.xlsx", [*good, bad])
    )
    page.get_by_role("button", name="Import").click()
    page.wait_for_load_state()
    expect(page.locator("#import-errors")).to_contain_text("1 problem found: nothing was saved.")
    report = page.locator("table tbody tr")
    expect(report).to_have_count(1)
    expect(report.first.locator("td").first).to_have_text("4")  # the file's 4th row
    expect(report.first).to_contain_text("Mobile number")
    assert Subscriber.objects.count() == 1
    assert_accessible(page)

    fixed = (*bad[:2], "0912 000 003", *bad[3:])
    page.get_by_label("Excel (.xlsx) or CSV file").set_input_files(
        import_file(tmp_path, "fixed.xlsx", [*good, fixed])
    )
    page.get_by_role("button", name="Import").click()
    page.wait_for_load_state()
    expect(flash(page)).to_contain_text("Import done: 3 subscriber(s) added, 0 updated")
    assert sorted(Subscriber.objects.values_list("name", flat=True)) == sorted(
        [SCRIPT, "Kim Thị Hoa", "Lâm Văn Sơn", "Trần Văn Ba"]
    )
    assert Subscriber.objects.get(name="Trần Văn Ba").phone == "84912000003"
    assert Subscriber.objects.get(name="Lâm Văn Sơn").email == "son@example.vn"
    check_pages(problems, 422, 409)
