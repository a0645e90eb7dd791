"""A commune officer edits their portal in Wagtail's admin in a real Chromium: reached from the
menu, in Vietnamese, working under the Content-Security-Policy (no violation, no console
error), a news item written in the rich-text editor and published appears on the portal."""

from __future__ import annotations

from typing import Any

import pytest

from smartrural.portal.models import NewsPage
from smartrural.portal.tests.factories import build_portals, news_index
from smartrural.testing import Personas

from .helpers import PageProblems, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


class PortalEditorTests:
    def test_an_officer_writes_and_publishes_a_news_item(
        self, live_server: Any, page: Any, personas: Personas
    ) -> None:
        portals = build_portals(personas)
        index = news_index(portals["29479"])
        base = live_server.url
        page.set_viewport_size({"width": 1280, "height": 900})
        log_in(page, base, personas.commune_a.username)
        problems = PageProblems(page)
        page.get_by_role("link", name="Biên tập cổng thông tin").first.click()
        page.wait_for_load_state("networkidle")
        assert page.url == f"{base}/cms/"
        problems.check()
        page.goto(f"{base}/cms/pages/add/portal/newspage/{index.pk}/")
        page.wait_for_load_state("networkidle")
        page.locator("#id_title").fill("Thông báo lịch phát thanh loa")
        page.locator("#id_category").select_option(label="Thông báo")
        editor = page.locator(".public-DraftEditor-content").first
        editor.click()
        editor.type("Hệ thống loa phát thanh từ 5 giờ 30 đến 6 giờ sáng hằng ngày.")
        # Draftail writes its content to the form's hidden field a moment after typing stops.
        body = page.locator("input[name=body]")
        for _ in range(50):
            if "5 giờ 30" in (body.input_value() or ""):
                break
            page.wait_for_timeout(100)
        assert "5 giờ 30" in body.input_value()
        problems.check()
        # "Xuất bản" sits in the footer's action menu, behind its toggle.
        page.locator("footer [data-w-dropdown-target='toggle']").last.click()
        page.locator("button[name='action-publish']").click()
        page.wait_for_load_state("networkidle")
        news = NewsPage.objects.get(title="Thông báo lịch phát thanh loa")
        assert news.live
        assert news.slug == "thong-bao-lich-phat-thanh-loa"
        assert "5 giờ 30" in news.body, news.body
        page.goto(f"{base}/xa/ngai-xuyen/")
        assert page.get_by_text("Thông báo lịch phát thanh loa").count() >= 1
        page.goto(f"{base}{news.url}")
        assert page.get_by_text("5 giờ 30").count() == 1
        problems.check()
