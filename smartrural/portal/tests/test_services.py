"""Writing a portal's content outside the admin as its editors do (a page published with its
revision and author, an edit as a new revision, a photo in the portal's collection, only by an
officer of the portal's unit), and the sync's sections and dissolved communes."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from PIL import Image as PillowImage

from smartrural.core.errors import Forbidden
from smartrural.geo.services import unit_create
from smartrural.portal.models import NewsCategory, NewsPage, PortalHome
from smartrural.portal.models.home import sections
from smartrural.portal.selectors import portal_collection
from smartrural.portal.services import portal_sync_units
from smartrural.portal.services.pages import (
    portal_image_add,
    portal_page_publish,
    portal_page_revise,
)
from smartrural.testing import IN_2023, Personas

from .factories import build_portals, news_index

pytestmark = pytest.mark.django_db


def news(title: str) -> NewsPage:
    return NewsPage(
        title=title, date=IN_2023, category=NewsCategory.objects.get(slug="tin-tuc"), body=""
    )


def jpeg() -> bytes:
    out = io.BytesIO()
    PillowImage.new("RGB", (64, 48), (40, 120, 60)).save(out, "JPEG")
    return out.getvalue()


class PublishTests:
    def test_an_officer_publishes_a_page_with_its_revision_and_an_address_without_diacritics(
        self, personas: Personas
    ) -> None:
        portals = build_portals(personas)
        page = portal_page_publish(
            parent=news_index(portals["29479"]),
            page=news("Lễ công bố xã Ngãi Xuyên đạt chuẩn"),
            by=personas.commune_a,
        )
        assert page.live and page.first_published_at is not None
        assert page.slug == "le-cong-bo-xa-ngai-xuyen-dat-chuan"
        assert page.live_revision.user == personas.commune_a
        assert Client().get(page.url).status_code == 200

    def test_another_commune_s_officer_is_refused(self, personas: Personas) -> None:
        portals = build_portals(personas)
        with pytest.raises(Forbidden):
            portal_page_publish(
                parent=news_index(portals["29479"]), page=news("Tin lạ"), by=personas.commune_b
            )
        assert not NewsPage.objects.filter(title="Tin lạ").exists()

    def test_an_edit_is_a_new_revision_published(self, personas: Personas) -> None:
        home = build_portals(personas)["29479"]
        revised = portal_page_revise(
            page=home,
            changes={"address": "Trụ sở UBND xã, ấp Chợ", "office_hours": "Sáng 7:00–11:00"},
            by=personas.commune_a,
        )
        assert revised.address == "Trụ sở UBND xã, ấp Chợ"
        assert revised.live_revision.user == personas.commune_a
        assert "ấp Chợ" in Client().get("/xa/ngai-xuyen/").content.decode()

    def test_a_photo_goes_into_the_portal_s_collection(self, personas: Personas) -> None:
        home = build_portals(personas)["29479"]
        content = jpeg()
        image = portal_image_add(
            home=home, title="Đồng lúa", content=content, filename="a.jpg", by=personas.commune_a
        )
        assert image.collection == portal_collection(home)
        assert (image.width, image.height, image.file_size) == (64, 48, len(content))
        with pytest.raises(Forbidden):
            portal_image_add(
                home=home, title="Ảnh", content=content, filename="x.jpg", by=personas.commune_b
            )


class SyncTests:
    def test_the_default_sections_are_in_the_portal_s_menu(self, personas: Personas) -> None:
        home = build_portals(personas)["29479"]
        assert [page.slug for page in sections(home)] == [
            "tin-tuc",
            "gioi-thieu",
            "van-ban",
            "du-lich",
            "thu-vien-anh",
            "san-pham",
            "quy-hoach",
            "lien-he",
        ]

    def test_a_commune_dissolved_with_no_successor_on_record_leaves_the_list(
        self, personas: Personas
    ) -> None:
        build_portals(personas)
        unit_create(
            code="86",
            name="Tỉnh Vĩnh Long",
            kind="tinh",
            level="province",
            parent=None,
            valid_from=dt.date(2025, 7, 1),
            region="dbscl",
        )
        report = portal_sync_units(as_of=dt.date(2026, 12, 2))
        assert set(report.updated) >= {"Xã Ngãi Xuyên", "Xã Kim Sơn"} and report.moved == []
        ngai_xuyen = PortalHome.objects.get(unit=personas.commune_a_unit)
        assert ngai_xuyen.former and ngai_xuyen.url == "/xa/ngai-xuyen/"
        assert "Xã Ngãi Xuyên" not in Client().get("/xa/").content.decode()
        assert Client().get("/xa/ngai-xuyen/").status_code == 200
