"""The demo portals today (02/12/2026): every unit's portal from the syncs of 2023 and of the
2025 reorganisation (the merged communes' portals under their successors', their old addresses
redirecting), the People's Committee's contact on every home, the demo communes' content written
by their own editors on its days (the NTM ceremonies quoting the decisions the workflow
recorded), small photos without metadata in each portal's collection, search without
diacritics, and the hooks for the page types other branches add."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db.models import Q
from django.test import Client
from PIL import Image as PillowImage
from wagtail.images.models import Image
from wagtail.models import Page

from smartrural.demo import portal
from smartrural.demo.accounts import Actors
from smartrural.demo.datafiles import read_yaml
from smartrural.demo.portal_images import MAX_BYTES
from smartrural.geo.models import AdministrativeUnit, Level
from smartrural.portal.models import NewsPage, PortalHome, StandardPage
from smartrural.portal.selectors import portal_collection
from smartrural.recognition.models import Recognition
from smartrural.testing import IN_2023, LOCAL, TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_db")]


def home_of(code: str, on: dt.date) -> PortalHome:
    """The portal of the unit ``code`` valid ``on`` (the province's is Vĩnh Long's today)."""
    unit = AdministrativeUnit.objects.valid_on(on).get(
        code=code, level__in=[Level.PROVINCE, Level.COMMUNE]
    )
    if unit.level == Level.PROVINCE:
        return PortalHome.objects.get(depth=2)
    return PortalHome.objects.get(unit=unit)


def client_text(path: str) -> str:
    response = Client().get(path)
    assert response.status_code == 200, path
    return str(response.content.decode())


def news_items() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    portals = read_yaml("portal.yaml")["portals"]
    return [(entry, item) for entry in portals for item in entry.get("news", [])]


class PortalsTests:
    def test_every_commune_of_2023_and_of_today_has_its_portal_the_merged_ones_moved(self) -> None:
        province = PortalHome.objects.get(depth=2)
        assert (province.unit.code, province.title, province.url) == ("86", "Tỉnh Vĩnh Long", "/")
        today = AdministrativeUnit.objects.valid_on(TODAY).filter(level=Level.COMMUNE)
        in_2023 = AdministrativeUnit.objects.valid_on(IN_2023).filter(level=Level.COMMUNE)
        assert (today.count(), in_2023.count()) == (41, 106)
        portals = {home.unit_id: home for home in PortalHome.objects.select_related("unit")}
        assert {u.pk for u in today} | {u.pk for u in in_2023} <= set(portals)
        for unit in today:
            assert not portals[unit.pk].former, unit.name
        moved = 0
        for unit in in_2023:
            home = portals[unit.pk]
            assert home.former, unit.name
            parent = home.get_parent().specific
            if isinstance(parent, PortalHome):
                assert not parent.former and parent.unit.is_valid_on(TODAY), unit.name
                moved += 1
        # Phường 2 and Phường 6 ended on 31/12/2024 with no successor on record: they stay in
        # place, out of the communes' list.
        assert moved == 104
        listed = client_text("/xa/")
        assert "Phường 2" not in listed and "Xã Trà Cú" in listed

    def test_ngai_xuyen_is_under_tra_cu_and_its_old_addresses_redirect(self) -> None:
        tra_cu = home_of("29461", TODAY)
        ngai_xuyen = PortalHome.objects.get(unit__code="29479")
        assert ngai_xuyen.url == f"{tra_cu.url}ngai-xuyen/"
        client = Client()
        response = client.get("/xa/ngai-xuyen/")
        assert response.status_code == 301
        assert response["Location"].endswith(ngai_xuyen.url)
        ceremony = NewsPage.objects.get(title__startswith="Lễ công bố xã Ngãi Xuyên")
        old = f"/xa/ngai-xuyen/tin-tuc/{ceremony.slug}/"
        assert client.get(old)["Location"].endswith(ceremony.url)
        home = client.get(tra_cu.url).content.decode()
        assert "Xã Ngãi Xuyên" in home  # among the former communes' portals

    def test_every_home_has_its_people_s_committee_address_and_office_hours(self) -> None:
        assert not PortalHome.objects.filter(Q(address="") | Q(office_hours="")).exists()
        ngai_xuyen = PortalHome.objects.get(unit__code="29479")
        assert "ấp Chông Bát, xã Ngãi Xuyên, huyện Trà Cú" in ngai_xuyen.address
        assert ngai_xuyen.phone and ngai_xuyen.email.endswith(".invalid")
        other = PortalHome.objects.get(unit__code="29464")  # Phước Hưng: the default contact
        assert other.address == "Trụ sở UBND xã Phước Hưng, huyện Trà Cú, tỉnh Trà Vinh"
        assert other.office_hours.startswith("Sáng 7:00–11:00")


class ContentTests:
    def test_each_news_item_is_published_on_its_day_by_its_portal_s_editor(self) -> None:
        actors = Actors()
        for entry, item in news_items():
            page = NewsPage.objects.get(title=item["title"])
            published = dt.date.fromisoformat(str(item.get("published", item["date"])))
            assert page.live and page.first_published_at.astimezone(LOCAL).date() == published
            home = home_of(entry["unit"], dt.date.fromisoformat(str(entry["since"])))
            assert page.get_ancestors().filter(pk=home.pk).exists(), item["title"]
            unit = AdministrativeUnit.objects.valid_on(published).get(
                code=entry["unit"], level__in=[Level.PROVINCE, Level.COMMUNE]
            )
            assert page.live_revision.user == actors.officer_for(unit), item["title"]
        editors = {
            page.live_revision.user.username
            for page in NewsPage.objects.select_related("live_revision__user")
        }
        assert {"vpdp", "xa-29479", "xa-29482", "xa-29488", "xa-29461"} <= editors

    def test_the_ntm_ceremonies_quote_the_decisions_the_workflow_recorded(self) -> None:
        quoted = [(entry, item) for entry, item in news_items() if item.get("decision")]
        assert len(quoted) == 3
        for entry, item in quoted:
            page = NewsPage.objects.get(title=item["title"])
            recognition = Recognition.objects.get(unit__code=entry["unit"], year=2023)
            assert recognition.decision_number == item["decision"]
            assert f"Quyết định số {recognition.decision_number} ngày " in page.body
            assert f"{recognition.decision_date:%d/%m/%Y}" in page.body
            assert page.category.slug == "nong-thon-moi"

    def test_the_photos_are_small_clean_jpegs_in_their_portal_s_collection(self) -> None:
        images = list(Image.objects.select_related("collection"))
        assert len(images) == 21  # the news items' photos and the tourism spots'
        for image in images:
            data = (Path(settings.MEDIA_ROOT) / image.file.name).read_bytes()
            assert len(data) <= MAX_BYTES and image.file_size == len(data)
            with PillowImage.open(io.BytesIO(data)) as photo:
                assert photo.format == "JPEG" and not photo.getexif(), image.title
        # Each in the collection of the portal that published it ("Tỉnh Trà Vinh (84)" for the
        # province's until 07/2025, its successor's since).
        for entry, item in news_items():
            if item.get("photo"):
                page = NewsPage.objects.select_related("image__collection").get(title=item["title"])
                assert page.image.collection.name.endswith(f"({entry['unit']})"), page.title
        tra_cu = home_of("29461", TODAY)
        assert Image.objects.filter(collection=portal_collection(tra_cu)).count() == 6

    def test_the_portals_pages_render_and_search_finds_the_festival_without_diacritics(
        self,
    ) -> None:
        client = Client()
        tra_cu = home_of("29461", TODAY)
        home = client.get(tra_cu.url).content.decode()
        assert "Lịch phát thanh hệ thống loa truyền thanh xã Trà Cú" in home
        assert "ấp Cà Hom, xã Trà Cú" in home
        about = StandardPage.objects.child_of(tra_cu).get(slug="gioi-thieu")
        culture = StandardPage.objects.child_of(about).get(title="Văn hóa – Lễ hội")
        text = client.get(culture.url).content.decode()
        assert 'class="richtext-image full-width"' in text
        found = client.get(f"{tra_cu.url}tim-kiem/", {"q": "le hoi ok om bok"}).content.decode()
        assert "Lễ hội Ok Om Bók năm 2025" in found
        assert "Lễ hội Ok Om Bók năm 2023 tại xã Ngãi Xuyên" in found
        province = client.get("/").content.decode()
        assert "Tỉnh Vĩnh Long và chính quyền địa phương hai cấp chính thức hoạt động" in province


class StoryTests:
    def test_a_step_run_twice_adds_nothing(self) -> None:
        steps = {label: run for _day, label, run in portal.events(Actors())}
        before = Page.objects.count(), Image.objects.count()
        steps["portals after the reorganisation"]()
        steps["portal 29479 news Lễ công bố xã Ngãi Xuyên đạt chuẩn nông thôn mới năm 2023"]()
        steps["portal 29461 about"]()
        assert (Page.objects.count(), Image.objects.count()) == before

    def test_the_hooks_build_their_page_types(self) -> None:
        hooks = read_yaml("portal.yaml")["hooks"]
        for kind, hook in hooks.items():
            assert kind in portal.HOOK_BUILDERS
            assert portal.portal_model(hook["model"]) is not None, hook["model"]
        story = portal.PortalStory(Actors())
        item = {
            "portal": {"unit": "29461", "since": dt.date(2025, 7, 1)},
            "parent": "gioi-thieu",
            "published": dt.date(2026, 11, 30),
            "fields": {"title": "Chùa Khmer của xã", "intro": "Điểm tham quan."},
        }
        # A hook builds its page under its section, published on the story's day.
        story._hook("StandardPage", portal.build_tourism_spot, item)()
        page = StandardPage.objects.get(title="Chùa Khmer của xã")
        assert page.live and page.get_parent().slug == "gioi-thieu"
        assert page.first_published_at.astimezone(LOCAL).date() == dt.date(2026, 11, 30)
