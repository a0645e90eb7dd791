"""Portals from the units, their public pages, feeds, sitemap, search and page cache."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from wagtail.contrib.redirects.models import Redirect

from smartrural.geo.models import AdministrativeUnit, Succession
from smartrural.geo.services import unit_create
from smartrural.portal.models import NewsIndex, PortalHome
from smartrural.portal.services import portal_slug, portal_sync_units
from smartrural.testing import IN_2023, Personas

from .factories import build_portals, publish_news

pytestmark = pytest.mark.django_db


class SyncTests:
    def test_a_portal_per_commune_and_one_for_the_province(self, personas: Personas) -> None:
        portals = build_portals(personas)
        assert set(portals) == {"84", "29479", "29482", "29269"}
        assert portals["84"].url == "/"
        assert portals["29479"].url == "/xa/ngai-xuyen/"
        assert portals["29482"].url == "/xa/kim-son/"
        assert NewsIndex.objects.child_of(portals["29479"]).get().url == "/xa/ngai-xuyen/tin-tuc/"

    def test_sync_twice_changes_nothing(self, personas: Personas) -> None:
        build_portals(personas)
        count = PortalHome.objects.count()
        report = portal_sync_units(as_of=IN_2023)
        assert (report.created, report.moved) == ([], [])
        assert PortalHome.objects.count() == count

    def test_slugs(self, personas: Personas) -> None:
        assert portal_slug(personas.commune_a_unit) == "ngai-xuyen"
        ward = AdministrativeUnit(name="Phường 1", kind="phuong", code="1")
        assert portal_slug(ward) == "phuong-1"
        town = AdministrativeUnit(name="Thị trấn Trà Cú", kind="thi_tran", code="2")
        assert portal_slug(town) == "tra-cu"

    def test_a_renamed_commune_keeps_its_address(self, personas: Personas) -> None:
        build_portals(personas)
        AdministrativeUnit.objects.filter(pk=personas.commune_a_unit.pk).update(
            name="Xã Ngãi Xuyên Mới"
        )
        portal_sync_units(as_of=IN_2023)
        portal = PortalHome.objects.get(unit=personas.commune_a_unit)
        assert portal.title == "Xã Ngãi Xuyên Mới"
        assert portal.url == "/xa/ngai-xuyen/"

    def test_a_merged_commune_moves_under_its_successor_and_old_addresses_redirect(
        self, personas: Personas
    ) -> None:
        portals = build_portals(personas)
        news = publish_news(portals["29482"], "Tin của Kim Sơn")
        old_news_url = news.url
        # From 01/07/2025 Kim Sơn is part of a new commune that took Ngãi Xuyên's place.
        new_province = unit_create(
            code="86",
            name="Tỉnh Vĩnh Long",
            kind="tinh",
            level="province",
            parent=None,
            valid_from=dt.date(2025, 7, 1),
            region="dbscl",
        )
        tra_cu = unit_create(
            code="29461",
            name="Xã Trà Cú Mới",
            kind="xa",
            level="commune",
            parent=new_province,
            valid_from=dt.date(2025, 7, 1),
        )
        for old in (personas.commune_a_unit, personas.commune_b_unit):
            Succession.objects.create(
                predecessor=old,
                successor=tra_cu,
                kind="whole",
                effective_date=dt.date(2025, 7, 1),
            )
        report = portal_sync_units(as_of=dt.date(2026, 12, 2))
        assert "Xã Trà Cú Mới" in report.created
        assert set(report.moved) == {"Xã Ngãi Xuyên", "Xã Kim Sơn"}
        kim_son = PortalHome.objects.get(unit=personas.commune_b_unit)
        assert kim_son.former
        assert kim_son.url == "/xa/tra-cu-moi/kim-son/"
        assert PortalHome.objects.get(depth=2).unit == new_province
        assert Redirect.objects.filter(old_path="/xa/kim-son").exists()
        response = Client().get("/xa/kim-son/")
        assert response.status_code == 301
        assert response["Location"].endswith("/xa/tra-cu-moi/kim-son/")
        response = Client().get(old_news_url)
        assert response.status_code == 301
        home = Client().get("/xa/tra-cu-moi/").content.decode()
        assert "Xã Kim Sơn" in home  # listed among the former communes' portals


class PublicPagesTests:
    def test_home_news_and_feeds(self, personas: Personas) -> None:
        portals = build_portals(personas)
        item = publish_news(portals["29479"], "Lễ hội Ok Om Bók 2023", important=True)
        publish_news(portals["29482"], "Tin của Kim Sơn")
        client = Client()
        home = client.get("/xa/ngai-xuyen/").content.decode()
        assert "Lễ hội Ok Om Bók 2023" in home
        assert "Tin của Kim Sơn" not in home
        page = client.get(item.url)
        assert page.status_code == 200
        assert '<link rel="canonical" href="http://localhost/xa/ngai-xuyen/tin-tuc/' in (
            page.content.decode()
        )
        rss = client.get("/xa/ngai-xuyen/tin-tuc/rss/")
        assert rss["Content-Type"].startswith("application/rss+xml")
        assert "Lễ hội Ok Om Bók 2023" in rss.content.decode()
        atom = client.get("/xa/ngai-xuyen/tin-tuc/atom/?chuyen-muc=thong-bao")
        assert "Lễ hội Ok Om Bók 2023" not in atom.content.decode()
        assert client.get("/xa/ngai-xuyen/tin-tuc/rss/?chuyen-muc=khong-co").status_code == 404

    def test_search_without_diacritics(self, personas: Personas) -> None:
        portals = build_portals(personas)
        publish_news(portals["29479"], "Lễ hội Ok Om Bók")
        publish_news(portals["29479"], "Lịch phát thanh loa")
        response = Client().get("/xa/ngai-xuyen/tim-kiem/", {"q": "le hoi ok om bok"})
        text = response.content.decode()
        assert "Lễ hội Ok Om Bók" in text
        assert "Lịch phát thanh loa" not in text
        empty = Client().get("/xa/ngai-xuyen/tim-kiem/", {"q": "khong co gi"}).content.decode()
        assert "Lễ hội Ok Om Bók" not in empty

    def test_drafts_are_not_public(self, personas: Personas) -> None:
        portals = build_portals(personas)
        draft = publish_news(portals["29479"], "Bản nháp bí mật", live=False)
        assert "Bản nháp bí mật" not in Client().get("/xa/ngai-xuyen/").content.decode()
        assert "Bản nháp bí mật" not in Client().get("/sitemap.xml").content.decode()
        assert Client().get(f"/xa/ngai-xuyen/tin-tuc/{draft.slug}/").status_code == 404

    def test_sitemap_lists_published_pages(self, personas: Personas) -> None:
        portals = build_portals(personas)
        item = publish_news(portals["29479"])
        sitemap = Client().get("/sitemap.xml").content.decode()
        assert f"http://localhost{item.url}" in sitemap
        assert "http://localhost/xa/kim-son/" in sitemap


class PageCacheTests:
    def test_etag_304_and_publish_invalidates(self, personas: Personas) -> None:
        portals = build_portals(personas)
        client = Client()
        first = client.get("/xa/ngai-xuyen/")
        etag = first["ETag"]
        assert first["Last-Modified"]
        assert client.get("/xa/ngai-xuyen/", HTTP_IF_NONE_MATCH=etag).status_code == 304
        publish_news(portals["29479"], "Tin mới xuất bản")
        again = client.get("/xa/ngai-xuyen/", HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 200
        assert "Tin mới xuất bản" in again.content.decode()

    def test_logged_in_readers_are_not_served_from_the_cache(self, personas: Personas) -> None:
        build_portals(personas)
        response = personas.client(personas.commune_a).get("/xa/ngai-xuyen/")
        assert response.status_code == 200
        assert not response.has_header("ETag")


class NoPortalYetTests:
    def test_the_root_leads_to_the_officers_home_before_the_first_sync(self, db: None) -> None:
        from wagtail.models import Site

        Site.objects.all().delete()
        response = Client().get("/")
        assert response.status_code == 302
        assert response["Location"] == "/lam-viec/"
