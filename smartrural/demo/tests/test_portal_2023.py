"""The demo portals as they stood on 01/06/2023: Trà Vinh's province portal and a portal per
commune of the day, opened on 15/05/2023, with what their editors had published by then and
nothing later."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from wagtail.models import Page

from smartrural.demo.clock import moment
from smartrural.portal.models import NewsPage, PortalHome

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_2023")]


class PortalsIn2023Tests:
    def test_the_province_and_each_commune_of_the_day_have_their_portal(self) -> None:
        province = PortalHome.objects.get(depth=2)
        assert (province.unit.code, province.title) == ("84", "Tỉnh Trà Vinh")
        assert PortalHome.objects.filter(depth__gt=2, former=False).count() == 106
        assert not PortalHome.objects.filter(former=True).exists()
        assert PortalHome.objects.get(unit__code="29479").url == "/xa/ngai-xuyen/"

    def test_only_what_was_published_by_then_is_there(self) -> None:
        assert not Page.objects.filter(first_published_at__gt=moment(dt.date(2023, 6, 2), 0))
        titles = set(NewsPage.objects.values_list("title", flat=True))
        assert "Ấp Long Bình được chọn xây dựng ấp thông minh" in titles
        assert not any(title.startswith("Lễ công bố") for title in titles)

    def test_ngai_xuyen_s_home_shows_the_loudspeaker_schedule_first(self) -> None:
        home = Client().get("/xa/ngai-xuyen/").content.decode()
        notices, _rest = home.split('id="h-news"', 1)
        assert "Lịch phát thanh hệ thống loa truyền thanh xã Ngãi Xuyên" in notices
        assert "ấp Chông Bát, xã Ngãi Xuyên, huyện Trà Cú, tỉnh Trà Vinh" in home
