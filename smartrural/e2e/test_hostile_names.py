"""Unit names with markup are text on every page and in every script, for every reader.

The names are stored as a hostile officer stored them before names were validated on write;
the pages must still show them as text. The browser context bypasses the
Content-Security-Policy here: the policy would block an injected handler anyway, and this test
is about the pages and scripts themselves (the policy is tested in test_csp.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from smartrural.demo.testing import demo_for_pages
from smartrural.geo.models import AdministrativeUnit
from smartrural.recognition.models import Dossier
from smartrural.testing import PASSWORD

from .helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AS_OF = "2023-06-01"
HOSTILE = {
    "29479": 'Xã Ngãi Xuyên<img src=x onerror="window.__xss=1">',
    "29482": "<script>window.__xss=2</script>Xã Kim Sơn",
    "29488": 'Xã Hàm Giang"><svg onload="window.__xss=3">',
    "849": "Huyện Trà Cú</script><script>window.__xss=4</script>'><img src=x onerror=__xss=5>",
}
# What a name would have become if it had been parsed as HTML.
INJECTED = "img[src=x], svg[onload], [onerror], [onload]"
# Scripts (not JSON data blocks, where the names are rightly data) that carry a payload.
SCRIPTS_WITH_PAYLOAD = (
    "[...document.scripts].filter(s => s.type !== 'application/json' && s.text.includes('__xss'))"
    ".length"
)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="vi-VN", bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def assert_harmless(page: Any, *names: str) -> None:
    """No payload ran or became markup, and each hostile name reads as its literal text."""
    assert page.evaluate("typeof window.__xss") == "undefined", page.url
    assert page.locator(INJECTED).count() == 0, page.url
    assert page.evaluate(SCRIPTS_WITH_PAYLOAD) == 0, page.url
    text = page.locator("body").inner_text()
    for name in names:
        assert name in text, (page.url, name)


def open_page(page: Any, url: str, *names: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    page.wait_for_load_state("networkidle")
    assert_harmless(page, *names)


def hover_every_unit(page: Any) -> int:
    """Hover each marker of the dashboard map; its tooltip must read as the literal text of
    the unit's name and level, and the district labels likewise. Returns the markers hovered."""
    data = page.evaluate("JSON.parse(document.getElementById('dashboard-map-data').textContent)")
    labels = page.locator("#dashboard-map .leaflet-tooltip.map-label")
    expect(labels).to_have_count(len(data["clusters"]))
    assert labels.all_inner_texts() == [cluster["name"] for cluster in data["clusters"]]
    expected = [
        f"{point['name']} — {point['label']}"
        for cluster in data["clusters"]
        for point in cluster["points"]
    ]
    markers = page.locator("#dashboard-map path.leaflet-interactive")
    expect(markers).to_have_count(len(expected))
    tooltip = page.locator("#dashboard-map .leaflet-tooltip:not(.map-label)")
    page.mouse.move(0, 0)  # off the map: no marker under the pointer left from a click
    expect(tooltip).to_have_count(0)
    for index, text in enumerate(expected):
        markers.nth(index).hover()
        # The newest tooltip is the last (the previous one fades out for 200 ms).
        expect(tooltip.last).to_have_text(text)
        # map.js's one text <span>, and no element parsed out of the name.
        assert tooltip.last.locator("*").count() == 1, text
    for index, label in enumerate(labels.all()):
        label.hover(force=True)  # labels let the pointer through to the map (not interactive)
        expect(label).to_have_text(data["clusters"][index]["name"])
    assert_harmless(page)
    return len(expected)


def store_hostile_names() -> None:
    for code, name in HOSTILE.items():
        # As stored by a PATCH before names were validated on write (no service would now).
        AdministrativeUnit.objects.filter(code=code).update(name=name)


class HostileNameTests:
    def test_every_reader_sees_markup_in_unit_names_as_text(
        self, live_server: Any, page: Any
    ) -> None:
        demo_for_pages(
            "2023-06-01", log_in_as=["vpdp", "huyen-849", "xa-29479", "resident"], password=PASSWORD
        )
        store_hostile_names()
        dossier = Dossier.objects.filter(unit__code="29479", year=2023).first()
        assert dossier is not None
        base = live_server.url
        commune, kim_son, district = HOSTILE["29479"], HOSTILE["29482"], HOSTILE["849"]

        # Anonymous readers: the unit browser, the unit page and its history.
        open_page(page, f"{base}/units/?as_of={AS_OF}&q=ngai", commune)
        open_page(page, f"{base}/units/29479/?as_of={AS_OF}", commune, district)
        open_page(page, f"{base}/units/849/?as_of={AS_OF}", district, commune, kim_son)
        open_page(page, f"{base}/units/29479/history/?as_of={AS_OF}", commune)

        # The province office: the whole province's map, a district's, and every other page.
        log_in(page, base, "vpdp")
        open_page(page, f"{base}/dashboard/?year=2023", district)
        assert hover_every_unit(page) == 85
        open_page(page, f"{base}/dashboard/?unit=849&year=2023", district, commune, kim_son)
        assert hover_every_unit(page) == 15
        open_page(page, f"{base}/dashboard/unit/29479/QD318-XA/2023/", commune)
        open_page(page, f"{base}/transformation/?year=2023&unit=849", district)
        open_page(page, f"{base}/dossiers/?year=2023", commune)
        open_page(page, f"{base}/dossiers/{dossier.pk}/", commune)
        open_page(page, f"{base}/dossiers/{dossier.pk}/history/")
        open_page(page, f"{base}/criteria/QD318-XA/2023/29479/", commune)
        page.context.clear_cookies()

        # The district officer and the commune officer on their own dashboards and pages.
        log_in(page, base, "huyen-849")
        open_page(page, f"{base}/dashboard/?year=2023", district, commune, kim_son)
        assert hover_every_unit(page) == 15
        open_page(page, f"{base}/transformation/?year=2023", district)
        open_page(page, f"{base}/criteria/QD318-XA/2024/29479/", commune)
        page.context.clear_cookies()

        log_in(page, base, "xa-29479")
        open_page(page, f"{base}/dashboard/?year=2023", commune)
        assert hover_every_unit(page) == 1
        open_page(page, f"{base}/criteria/", commune)
        open_page(page, f"{base}/transformation/?year=2023", commune)
        page.context.clear_cookies()

        # A resident of Ngãi Xuyên: the officials' dashboard is not theirs (404); the public
        # results of the province and of their commune are.
        log_in(page, base, "resident")
        response = page.goto(f"{base}/dashboard/?year=2023")
        assert response is not None and response.status == 404
        open_page(page, f"{base}/results/84/?year=2023", district)
        open_page(page, f"{base}/results/849/?year=2023", commune, kim_son)
        open_page(page, f"{base}/results/29479/?year=2023", commune)
