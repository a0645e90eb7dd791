"""Editors in the Wagtail admin: the unit scope decides who edits which portal; an officer of
Ngãi Xuyên writes, schedules and publishes a news item with a photo; Kim Sơn's officer cannot
reach it; the published photo carries no EXIF position."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Page

from smartrural.portal.models import NewsCategory, NewsPage
from smartrural.portal.tasks import publish_scheduled
from smartrural.testing import Personas

from .factories import build_portals, news_index, publish_news

pytestmark = pytest.mark.django_db
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def _jpeg_with_gps() -> bytes:
    image = PILImage.new("RGB", (640, 480), (30, 120, 60))
    exif = PILImage.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = {1: "N", 2: (9.0, 40.0, 12.5), 3: "E", 4: (106.0, 20.0, 3.2)}
    exif[0x8825] = gps  # GPSInfo
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    assert PILImage.open(io.BytesIO(out.getvalue())).getexif().get_ifd(0x8825)
    return out.getvalue()


def _has_gps(data: bytes) -> bool:
    with PILImage.open(io.BytesIO(data)) as image:
        return bool(image.getexif().get_ifd(0x8825)) or "exif" in image.info


def _draftail(text: str) -> str:
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "type": "unstyled",
                    "text": text,
                    "depth": 0,
                    "inlineStyleRanges": [],
                    "entityRanges": [],
                }
            ],
            "entityMap": {},
        }
    )


def _upload_photo(client: Client) -> Image:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/cms/images/add/",
        {
            "title": "Lễ công bố",
            "file": SimpleUploadedFile("le-cong-bo.jpg", _jpeg_with_gps(), "image/jpeg"),
        },
    )
    assert response.status_code == 302, response.content[:2000]
    image = Image.objects.latest("pk")
    # The officer's only collection: their portal's.
    assert image.collection.name.endswith("(29479)")
    return image


class EditorStoryTests:
    def test_write_schedule_publish_with_photo(self, personas: Personas) -> None:
        portals = build_portals(personas)
        index = news_index(portals["29479"])
        officer = personas.client(personas.commune_a)
        with time_machine.travel(dt.datetime(2023, 6, 1, 9, 0, tzinfo=LOCAL), tick=False):
            photo = _upload_photo(officer)
            with photo.file.open("rb") as stored:
                assert not _has_gps(stored.read())
            response = officer.post(
                f"/cms/pages/add/portal/newspage/{index.pk}/",
                {
                    "title": "Lễ công bố xã đạt chuẩn nông thôn mới",
                    "slug": "",
                    "intro": "UBND xã tổ chức lễ công bố.",
                    "date": "01/06/2023",
                    "category": NewsCategory.objects.get(slug="tin-tuc").pk,
                    "important": "on",
                    "image": photo.pk,
                    "body": _draftail("Sáng nay, UBND xã Ngãi Xuyên tổ chức lễ công bố."),
                    "go_live_at": "01/06/2023 14:00",
                    "expire_at": "",
                    "seo_title": "",
                    "search_description": "",
                    "action-publish": "action-publish",
                },
            )
            assert response.status_code == 302, response.context["form"].errors
            news = NewsPage.objects.get(title="Lễ công bố xã đạt chuẩn nông thôn mới")
            assert not news.live  # scheduled, not yet out
            assert news.slug == "le-cong-bo-xa-dat-chuan-nong-thon-moi"
            assert Client().get(news.url or "/x/").status_code == 404
            assert "Lễ công bố" not in Client().get("/xa/ngai-xuyen/tin-tuc/rss/").content.decode()
            # Kim Sơn's officer does not find it; Ngãi Xuyên's district does.
            kim_son = personas.client(personas.commune_b)
            assert kim_son.get(f"/cms/pages/{news.pk}/edit/").status_code == 404
            assert kim_son.get(f"/cms/images/{photo.pk}/").status_code == 404
            assert (
                personas.client(personas.district).get(f"/cms/pages/{news.pk}/edit/").status_code
                == 200
            )
        with time_machine.travel(dt.datetime(2023, 6, 1, 14, 1, tzinfo=LOCAL), tick=False):
            publish_scheduled.call()
            news.refresh_from_db()
            assert news.live
            client = Client()
            page = client.get("/xa/ngai-xuyen/tin-tuc/le-cong-bo-xa-dat-chuan-nong-thon-moi/")
            assert page.status_code == 200
            html = page.content.decode()
            assert (
                "Lễ công bố xã đạt chuẩn nông thôn mới"
                in client.get("/xa/ngai-xuyen/").content.decode()
            )
            assert (
                "Lễ công bố xã đạt chuẩn nông thôn mới"
                in client.get("/xa/ngai-xuyen/tin-tuc/rss/").content.decode()
            )
            assert news.url in client.get("/sitemap.xml").content.decode()
            # Every rendition the page shows (WebP and JPEG) is free of metadata.
            sources = set(re.findall(r'(/media/images/[^" ,]+)', html))
            assert any(src.endswith(".webp") for src in sources)
            assert any(src.endswith(".jpg") for src in sources)
            for src in sources:
                served = client.get(src)
                assert served.status_code == 200
                assert not _has_gps(b"".join(served.streaming_content))  # type: ignore[attr-defined]


class EditorScopeTests:
    def test_each_officer_sees_their_portals_in_the_explorer(self, personas: Personas) -> None:
        portals = build_portals(personas)
        publish_news(portals["29479"], "Tin Ngãi Xuyên")
        publish_news(portals["29482"], "Tin Kim Sơn")
        officer = personas.client(personas.commune_a)
        assert officer.get("/cms/").status_code == 200
        own = officer.get(f"/cms/pages/{news_index(portals['29479']).pk}/")
        assert "Tin Ngãi Xuyên" in own.content.decode()
        other = officer.get(f"/cms/pages/{news_index(portals['29482']).pk}/")
        assert other.status_code == 404

    def test_a_commune_officer_cannot_edit_the_province_portal(self, personas: Personas) -> None:
        portals = build_portals(personas)
        home = portals["84"]
        assert (
            personas.client(personas.commune_a).get(f"/cms/pages/{home.pk}/edit/").status_code
            == 404
        )
        assert (
            personas.client(personas.province).get(f"/cms/pages/{home.pk}/edit/").status_code == 200
        )

    def test_a_bad_photo_is_refused_with_a_message(self, personas: Personas) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        build_portals(personas)
        officer = personas.client(personas.commune_a)
        response = officer.post(
            "/cms/images/add/",
            {
                "title": "Không phải ảnh",
                "file": SimpleUploadedFile("fake.jpg", b"%PDF-1.4 not an image", "image/jpeg"),
            },
        )
        assert response.status_code == 200
        assert Image.objects.count() == 0

    def test_pages_of_the_tree_root_are_not_found(self, personas: Personas) -> None:
        build_portals(personas)
        root = Page.get_first_root_node()
        assert (
            personas.client(personas.commune_a).get(f"/cms/pages/{root.pk}/edit/").status_code
            == 404
        )
