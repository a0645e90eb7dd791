"""The entry page as an officer uses it, in a real browser at a phone's and a desk's width:
choose Không đạt, clear a value, see the summary of a failed save at the top, type "79,9"."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from smartrural.criteria.models import IndicatorValue
from smartrural.criteria.services import indicator_value_submit
from smartrural.criteria.tests.factories import stored_set
from smartrural.testing import Personas

from .helpers import PageProblems, log_in, use_english

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WORDS = {
    "vi": {
        "value": "Giá trị của {code}",
        "fail": "Không đạt",
        "save": "Lưu số liệu",
        "not_saved": "Chưa lưu: 1 lỗi",
        "saved": "Đã lưu số liệu",
        "no_data": "Chưa có số liệu",
        "history": "Lịch sử {code}",
    },
    "en": {
        "value": "Value of {code}",
        "fail": "Fail",
        "save": "Save values",
        "not_saved": "Not saved: 1 error",
        "saved": "Values saved",
        "no_data": "No data yet",
        "history": "History of {code}",
    },
}


def field(page: Any, code: str) -> Any:
    return page.locator(f'[id="id_value_{code}"]')


def stored() -> dict[str, str]:
    return dict(IndicatorValue.objects.values_list("indicator_code", "value"))


def run_entry(page: Any, base: str, personas: Personas, language: str) -> None:
    words = WORDS[language]
    indicator_value_submit(  # a value the officer will clear
        unit=personas.commune_a_unit,
        criteria_set=stored_set(),
        year=2023,
        indicator_code="10.1",
        value="60",
        by=personas.commune_a,
    )
    problems = PageProblems(page)
    if language == "en":
        use_english(page, base)
    log_in(page, base, personas.commune_a.username, language=language)
    entry_url = f"{base}/criteria/T-XA/2023/{personas.commune_a_unit.code}/"
    page.goto(entry_url)
    save_bar = page.locator(".save-bar")
    expect(save_bar).to_be_in_viewport()  # no scrolling to the bottom to save
    expect(save_bar.get_by_role("button", name=words["save"])).to_be_in_viewport()

    # Không đạt for 3.2, 10.1 emptied (to clear), and a faulty value for 3.1
    page.get_by_role("group", name=words["value"].format(code="3.2")).get_by_label(
        words["fail"], exact=True
    ).check()
    expect(field(page, "10.1")).to_have_value("60")
    field(page, "10.1").fill("")
    field(page, "3.1").fill("79,9%%")
    save_bar.get_by_role("button", name=words["save"]).click()
    page.wait_for_load_state()

    # the failed save: the summary at the top, in view and focused; nothing written
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text(words["not_saved"])
    expect(summary).to_be_in_viewport()
    expect(summary).to_be_focused()
    expect(save_bar).to_be_in_viewport()
    assert stored() == {"10.1": "60"}
    assert page.evaluate("window.__cspViolations || []") == []  # the summary's script runs
    expect(field(page, "3.1")).to_have_attribute("aria-invalid", "true")
    # what was typed and chosen is still there
    expect(field(page, "10.1")).to_have_value("")
    expect(
        page.get_by_role("group", name=words["value"].format(code="3.2")).get_by_label(
            words["fail"], exact=True
        )
    ).to_be_checked()
    summary.get_by_role("link").first.click()
    expect(field(page, "3.1")).to_be_focused()
    expect(field(page, "3.1")).to_be_in_viewport()

    # "79,9", saved
    field(page, "3.1").fill("79,9")
    save_bar.get_by_role("button", name=words["save"]).click()
    page.wait_for_load_state()
    expect(page.get_by_role("status")).to_contain_text(words["saved"])
    assert stored() == {"3.1": "79.9", "3.2": "false"}
    expect(field(page, "3.1")).to_have_value("79,9" if language == "vi" else "79.9")
    expect(
        page.get_by_role("group", name=words["value"].format(code="3.2")).get_by_label(
            words["fail"], exact=True
        )
    ).to_be_checked()
    expect(field(page, "10.1")).to_have_value("")
    expect(page.locator("#result-10-1")).to_contain_text(words["no_data"])

    # the cleared value is in its history: 60 before, nothing after
    page.get_by_role("link", name=words["history"].format(code="10.1")).click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("60")
    expect(page.locator("main")).to_contain_text(personas.commune_a.display_name)
    assert page.evaluate("window.__cspViolations || []") == []
    assert problems.console == []
    assert problems.failed == [f"422 {entry_url}"]  # the failed save, and nothing else


class EntryPageEndToEndTests:
    @pytest.mark.parametrize("width", [360, 1200])
    def test_khong_dat_clear_failed_save_and_a_decimal_comma(
        self, live_server: Any, page: Any, personas: Personas, width: int
    ) -> None:
        page.set_viewport_size({"width": width, "height": 740 if width == 360 else 900})
        run_entry(page, live_server.url, personas, "vi")

    def test_the_same_in_english(self, live_server: Any, page: Any, personas: Personas) -> None:
        page.set_viewport_size({"width": 1200, "height": 900})
        run_entry(page, live_server.url, personas, "en")
