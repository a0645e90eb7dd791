"""The public portals in a real headless Chromium 360 px wide, on the whole demo (02/12/2026):
without JavaScript a reader goes from the province portal to a commune's, its news list and a
news item by following links, and finds the Ok Om Bók festival by searching without
diacritics; no page scrolls sideways, no request fails, every photo shows; with JavaScript (for
axe), each of these pages passes the WCAG 2.1 AA basics as the other pages do.

Playwright's ``evaluate`` runs in its own isolated world, so it still measures a page whose own
scripts are disabled."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from smartrural.demo.testing import demo_for_pages
from smartrural.portal.models import NewsPage, PortalHome
from smartrural.testing import PASSWORD, TODAY, clock_at

from .helpers import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTH = 360
FESTIVAL = "Lễ hội Ok Om Bók năm 2025"


@pytest.fixture
def portals(live_server: Any) -> Iterator[str]:
    """The whole demo served with the clock at 02/12/2026; the server's base URL."""
    demo_for_pages("full", log_in_as=[], password=PASSWORD)
    with clock_at(TODAY):
        yield live_server.url


class Reader:
    """A page in a context without JavaScript, recording every failed load."""

    def __init__(self, browser: Any, *, javascript: bool) -> None:
        self.context = browser.new_context(
            viewport={"width": WIDTH, "height": 740},
            locale="vi-VN",
            java_script_enabled=javascript,
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.javascript = javascript
        self.failed: list[str] = []
        self.page.on(
            "response",
            lambda response: (
                self.failed.append(f"{response.status} {response.url}")
                if response.status >= 400
                else None
            ),
        )

    def check(self) -> None:
        """The page fits the screen's width, every request answered, every image shown."""
        page = self.page
        page.wait_for_load_state("load")
        width = page.evaluate(
            "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        )
        assert width <= WIDTH, f"{page.url} is {width} px wide"
        assert self.failed == [], f"{page.url}: {self.failed}"
        # Without JavaScript Chromium loads lazy images at once; with it, when scrolled to.
        broken = page.evaluate(
            "lazy => [...document.images]"
            ".filter(i => !(lazy && i.loading === 'lazy') && (!i.complete || !i.naturalWidth))"
            ".map(i => i.src)",
            self.javascript,
        )
        assert broken == [], f"{page.url}: {broken}"

    def heading(self) -> str:
        return str(self.page.get_by_role("heading", level=1).inner_text())


@pytest.fixture
def reader(browser: Any) -> Iterator[Reader]:
    without_js = Reader(browser, javascript=False)
    yield without_js
    without_js.context.close()


class WithoutJavaScriptTests:
    def test_a_reader_goes_from_the_province_to_a_commune_s_news_by_links(
        self, portals: str, reader: Reader
    ) -> None:
        page = reader.page
        page.goto(portals + "/")
        assert reader.heading() == "Tỉnh Vĩnh Long"
        assert page.locator("html").get_attribute("lang") == "vi"
        reader.check()

        menu = page.get_by_role("navigation").first
        menu.get_by_role("link", name="Các xã, phường").click()
        reader.check()
        page.get_by_role("link", name="Xã Trà Cú", exact=True).click()
        assert reader.heading() == "Xã Trà Cú"
        expect(page.get_by_text("ấp Cà Hom, xã Trà Cú").first).to_be_visible()
        important = page.locator("section[aria-labelledby=h-important]")
        schedule = "Lịch phát thanh hệ thống loa truyền thanh xã Trà Cú"
        expect(important.get_by_role("link", name=schedule)).to_be_visible()
        reader.check()

        menu = page.get_by_role("navigation").first
        menu.get_by_role("link", name="Tin tức – Thông báo").click()
        assert reader.heading() == "Tin tức – Thông báo"
        reader.check()
        page.get_by_role("link", name=FESTIVAL).click()
        assert reader.heading() == FESTIVAL
        expect(page.locator("article figure img")).to_be_visible()
        reader.check()
        # Back to the list (the link's words are translated later: found by its address).
        page.locator("main a[href$='/tin-tuc/']").last.click()
        assert reader.heading() == "Tin tức – Thông báo"

    def test_search_without_diacritics_finds_the_festival(
        self, portals: str, reader: Reader
    ) -> None:
        tra_cu = PortalHome.objects.get(unit__code="29461", former=False)
        page = reader.page
        page.goto(portals + tra_cu.url)
        search = page.get_by_role("search")
        search.get_by_role("searchbox").fill("le hoi ok om bok")
        search.get_by_role("button").click()
        assert "tim-kiem/?q=le+hoi+ok+om+bok" in page.url
        reader.check()
        results = page.locator("main article")
        expect(results.get_by_role("link", name=FESTIVAL)).to_be_visible()
        in_2023 = "Lễ hội Ok Om Bók năm 2023 tại xã Ngãi Xuyên"  # the former commune's portal
        expect(results.get_by_role("link", name=in_2023)).to_be_visible()
        results.get_by_role("link", name=FESTIVAL).click()
        assert reader.heading() == FESTIVAL
        reader.check()


class AccessibilityTests:
    def test_the_portal_pages_pass_the_wcag_basics(self, portals: str, browser: Any) -> None:
        tra_cu = PortalHome.objects.get(unit__code="29461", former=False)
        festival = NewsPage.objects.get(title=FESTIVAL)
        with_js = Reader(browser, javascript=True)
        try:
            for path in [
                "/",
                tra_cu.url,
                f"{tra_cu.url}tin-tuc/",
                festival.url,
                f"{tra_cu.url}tim-kiem/?q=le+hoi+ok+om+bok",
            ]:
                with_js.page.goto(portals + path)
                with_js.check()
                assert_accessible(with_js.page)
        finally:
            with_js.context.close()
