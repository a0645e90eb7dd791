"""The portals' page types beyond news: public documents, tourism, photo galleries and the
showcases, as a reader meets them."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from smartrural.portal.models import (
    ContactPage,
    DocumentIndex,
    GalleryImage,
    GalleryPage,
    PublicDocument,
    ShowcaseKind,
    ShowcasePage,
    TourismEvent,
    TourismIndex,
)
from smartrural.testing import IN_2023, TODAY, Clock, Personas

from .factories import (
    build_portals,
    jpeg_image,
    publish_document,
    publish_event,
    publish_page,
    publish_spot,
    section,
)

pytestmark = pytest.mark.django_db

NGAI_XUYEN = "29479"


def page_text(url: str, **query: str) -> str:
    response = Client().get(url, query)
    assert response.status_code == 200, url
    return response.content.decode()


def event_form(start: str, end: str) -> dict[str, str]:
    """The Wagtail editor's form for a new event, published at once."""
    return nested_form_data(
        {
            "title": "Đua ghe Ngo",
            "slug": "dua-ghe-ngo",
            "start_date": start,
            "end_date": end,
            "place": "Sông Hậu",
            "body": rich_text("<p>Ba ngày hội.</p>"),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )


def main_of(text: str) -> str:
    """The page's main content (without the menu, the footer and the head)."""
    return text[text.index('<main id="main"') : text.index("</main>")]


class SectionsTests:
    def test_every_portal_has_the_new_sections_at_their_addresses(self, personas: Personas) -> None:
        portals = build_portals(personas)
        for code, prefix in (("84", "/"), (NGAI_XUYEN, "/xa/ngai-xuyen/")):
            home = portals[code]
            assert section(home, DocumentIndex).url == f"{prefix}van-ban/"
            assert section(home, TourismIndex).url == f"{prefix}du-lich/"
            assert section(home, GalleryPage).url == f"{prefix}thu-vien-anh/"
            showcase = section(home, ShowcasePage)
            assert (showcase.url, showcase.kind) == (f"{prefix}san-pham/", ShowcaseKind.PRODUCTS)
            for slug in ("van-ban", "du-lich", "thu-vien-anh", "san-pham"):
                page_text(f"{prefix}{slug}/")

    def test_the_sections_are_in_the_menu_with_the_contact_page_last(
        self, personas: Personas
    ) -> None:
        home = build_portals(personas)[NGAI_XUYEN]
        text = page_text("/xa/ngai-xuyen/")
        menu = text[text.index('<nav aria-label="') : text.index("</nav>")]
        links = re.findall(r'href="/xa/ngai-xuyen/([a-z-]*)/?"', menu)
        assert links == [
            "",
            "tin-tuc",
            "gioi-thieu",
            "van-ban",
            "du-lich",
            "thu-vien-anh",
            "san-pham",
            "quy-hoach",  # communes only
            "lien-he",
        ]
        assert home.get_children().last().specific_class is ContactPage

    def test_a_second_sync_adds_nothing(self, personas: Personas) -> None:
        home = build_portals(personas)[NGAI_XUYEN]
        count = home.get_children().count()
        build_portals(personas)
        assert home.get_children().count() == count

    def test_the_showcase_says_nothing_is_listed_yet(self, personas: Personas) -> None:
        home = build_portals(personas)[NGAI_XUYEN]
        publish_page(
            home,
            ShowcasePage(
                title="Dịch vụ du lịch", slug="dich-vu-du-lich", kind=ShowcaseKind.TOURISM_SERVICES
            ),
        )
        with translation.override("vi"):
            products = gettext(
                "No products listed yet. The commune's OCOP products will be shown here, "
                "with their producers and where to buy them."
            )
            services = gettext(
                "No tourism services listed yet. Homestays, boat trips, guides and "
                "restaurants of the commune will be shown here."
            )
        assert products in html.unescape(page_text("/xa/ngai-xuyen/san-pham/"))
        assert services in html.unescape(page_text("/xa/ngai-xuyen/dich-vu-du-lich/"))


class PublicDocumentTests:
    def test_a_published_document_is_listed_and_shown_with_its_pdf(
        self, personas: Personas
    ) -> None:
        home = build_portals(personas)[NGAI_XUYEN]
        document = publish_document(home)
        listing = main_of(page_text("/xa/ngai-xuyen/van-ban/"))
        assert "Về việc công nhận ấp văn hóa năm 2023" in listing
        assert "125/QĐ-UBND" in listing
        assert document.url == f"/xa/ngai-xuyen/van-ban/{document.slug}/"
        text = main_of(page_text(document.url))
        assert "125/QĐ-UBND" in text
        assert "UBND xã Ngãi Xuyên" in text
        assert '<time datetime="2023-06-01">01/06/2023</time>' in text
        pdf = document.document
        assert f'href="{pdf.url}"' in text
        assert re.search(r"2[.,]0\s*KB", text)
        response = Client().get(pdf.url)
        assert response.status_code == 200
        assert response.getvalue().startswith(b"%PDF")

    def test_the_list_is_newest_first(self, personas: Personas) -> None:
        home = build_portals(personas)[NGAI_XUYEN]
        publish_document(home, "Văn bản cũ", date_issued=dt.date(2022, 3, 1))
        publish_document(home, "Văn bản mới", date_issued=dt.date(2024, 3, 1))
        publish_document(home, "Văn bản giữa", date_issued=dt.date(2023, 3, 1))
        listing = main_of(page_text("/xa/ngai-xuyen/van-ban/"))
        positions = [listing.index(title) for title in ("mới", "giữa", "cũ")]
        assert positions == sorted(positions)

    def test_filters_by_words_kind_and_year_and_hides_drafts(self, personas: Personas) -> None:
        home = build_portals(personas)[NGAI_XUYEN]
        # A decision whose title does not say so: its kind's words are searched too.
        publish_document(home)
        publish_document(
            home,
            "Kế hoạch tổ chức Lễ hội Ok Om Bók",
            kind="work_plan",
            date_issued=dt.date(2024, 2, 1),
            number="12/KH-UBND",
            summary="Phân công chuẩn bị lễ hội.",
        )
        publish_document(home, "Bản nháp quyết định khen thưởng", live=False)
        url = "/xa/ngai-xuyen/van-ban/"
        decision = "Về việc công nhận ấp văn hóa năm 2023"
        plan = "Kế hoạch tổ chức Lễ hội Ok Om Bók"

        def titles(**query: str) -> set[str]:
            listing = main_of(page_text(url, **query))
            return {
                title
                for title in (decision, plan, "Bản nháp quyết định khen thưởng")
                if title in listing
            }

        assert titles() == {decision, plan}
        assert titles(q="quyet dinh") == {decision}
        assert titles(q="QUYẾT ĐỊNH") == {decision}
        assert titles(q="le hoi ok om bok") == {plan}
        assert titles(q="12/kh-ubnd") == {plan}
        assert titles(kind="work_plan") == {plan}
        assert titles(kind="decision") == {decision}
        assert titles(year="2023") == {decision}
        assert titles(year="2024", kind="work_plan", q="chuan bi") == {plan}
        assert titles(year="2024", kind="decision") == set()
        assert 'value="work_plan" selected' in page_text(url, kind="work_plan")

    def test_empty_states(self, personas: Personas) -> None:
        home = build_portals(personas)[NGAI_XUYEN]
        url = "/xa/ngai-xuyen/van-ban/"
        with translation.override("vi"):
            nothing_yet = gettext("No documents published yet.")
            no_match = gettext("No documents match these filters.")
        empty = html.unescape(main_of(page_text(url)))
        assert nothing_yet in empty
        assert no_match not in empty
        publish_document(home)
        filtered = html.unescape(main_of(page_text(url, year="2019")))
        assert no_match in filtered
        assert 'href="/xa/ngai-xuyen/van-ban/"' in filtered  # back to every document

    def test_a_wrong_filter_is_explained_and_left_out(self, personas: Personas) -> None:
        home = build_portals(personas)[NGAI_XUYEN]
        publish_document(home)
        publish_document(
            home, "Kế hoạch năm 2024", kind="work_plan", date_issued=dt.date(2024, 1, 5)
        )
        listing = main_of(page_text("/xa/ngai-xuyen/van-ban/", year="nam ngoai", kind="x"))
        assert listing.count('class="errorlist"') == 2
        assert "Về việc công nhận ấp văn hóa năm 2023" in listing
        assert "Kế hoạch năm 2024" in listing
        # The filters typed right still apply.
        listing = main_of(page_text("/xa/ngai-xuyen/van-ban/", year="nam ngoai", kind="work_plan"))
        assert listing.count('class="errorlist"') == 1
        assert "Về việc công nhận ấp văn hóa năm 2023" not in listing
        assert "Kế hoạch năm 2024" in listing

    def test_twenty_to_a_page_and_the_next_page_keeps_the_filters(self, personas: Personas) -> None:
        home = build_portals(personas)[NGAI_XUYEN]
        index = section(home, DocumentIndex)
        pdf = publish_document(home, "Tài liệu mẫu").document
        for day in range(1, 22):
            # Straight into the tree, published without a revision: many pages, quickly.
            index.add_child(
                instance=PublicDocument(
                    title=f"Thông báo số {day:02d}",
                    kind="notice",
                    date_issued=dt.date(2023, 1, day),
                    document=pdf,
                    live=True,
                    has_unpublished_changes=False,
                )
            )
        first = main_of(page_text("/xa/ngai-xuyen/van-ban/", kind="notice"))
        assert first.count('class="item"') == 20
        assert "Thông báo số 21" in first
        assert "Thông báo số 01" not in first
        assert 'href="?kind=notice&amp;page=2"' in first
        second = main_of(page_text("/xa/ngai-xuyen/van-ban/", kind="notice", page="2"))
        assert second.count('class="item"') == 1
        assert "Thông báo số 01" in second


class TourismEventTests:
    def test_an_editor_cannot_end_an_event_before_it_starts(self, personas: Personas) -> None:
        home = build_portals(personas)[NGAI_XUYEN]
        client = personas.client(personas.commune_a)
        url = f"/cms/pages/add/portal/tourismevent/{section(home, TourismIndex).pk}/"
        refused = client.post(url, event_form("28/11/2023", "27/11/2023"))
        assert refused.status_code == 200
        assert "Ngày kết thúc phải bằng hoặc sau ngày bắt đầu." in refused.content.decode()
        assert not TourismEvent.objects.exists()
        with translation.override("vi"), pytest.raises(ValidationError) as invalid:
            TourismEvent(
                title="Đua ghe Ngo",
                start_date=dt.date(2023, 11, 28),
                end_date=dt.date(2023, 11, 27),
            ).clean()
        assert invalid.value.message_dict["end_date"] == [
            "Ngày kết thúc phải bằng hoặc sau ngày bắt đầu."
        ]

    def test_a_one_day_event_is_accepted(self, personas: Personas) -> None:
        home = build_portals(personas)[NGAI_XUYEN]
        client = personas.client(personas.commune_a)
        url = f"/cms/pages/add/portal/tourismevent/{section(home, TourismIndex).pk}/"
        response = client.post(url, event_form("01/06/2023", "01/06/2023"))
        assert response.status_code == 302
        event = TourismEvent.objects.get()
        assert event.live
        assert (event.start_date, event.end_date) == (IN_2023, IN_2023)
        text = main_of(page_text(event.url))
        assert text.count('<time datetime="2023-06-01">') == 1  # one date, not a range

    def test_coming_events_first_then_past_ones_then_the_places(
        self, personas: Personas, clock: Clock
    ) -> None:
        home = build_portals(personas)[NGAI_XUYEN]
        publish_spot(home, "Chùa Âng")
        publish_event(home, "Hội chợ xuân", start=dt.date(2023, 1, 20), end=dt.date(2023, 1, 22))
        publish_event(home, "Lễ hội Ok Om Bók 2023")
        publish_event(
            home, "Lễ hội Ok Om Bók 2027", start=dt.date(2027, 11, 14), end=dt.date(2027, 11, 15)
        )
        # Its last day is the day read: still to come (and under way).
        publish_event(home, "Phiên chợ quê", start=dt.date(2023, 5, 31), end=IN_2023)
        publish_event(
            home, "Bản nháp sự kiện", start=dt.date(2027, 1, 1), end=dt.date(2027, 1, 2), live=False
        )

        def order(text: str) -> list[str]:
            names = [
                'id="h-upcoming"',
                "Phiên chợ quê",
                "Lễ hội Ok Om Bók 2023",
                "Lễ hội Ok Om Bók 2027",
                'id="h-past"',
                "Hội chợ xuân",
                'id="h-spots"',
                "Chùa Âng",
            ]
            found = [name for name in names if name in text]
            return sorted(found, key=text.index)

        clock.set(IN_2023)
        text = main_of(page_text("/xa/ngai-xuyen/du-lich/"))
        assert "Bản nháp sự kiện" not in text
        assert order(text) == [
            'id="h-upcoming"',
            "Phiên chợ quê",
            "Lễ hội Ok Om Bók 2023",
            "Lễ hội Ok Om Bók 2027",
            'id="h-past"',
            "Hội chợ xuân",
            'id="h-spots"',
            "Chùa Âng",
        ]
        under_way = text[text.index("Phiên chợ quê") : text.index("Lễ hội Ok Om Bók 2023")]
        assert "<strong>" in under_way
        assert "<strong>" not in text[text.index("Lễ hội Ok Om Bók 2023") :]

        clock.set(TODAY)
        text = main_of(page_text("/xa/ngai-xuyen/du-lich/"))
        assert order(text) == [
            'id="h-upcoming"',
            "Lễ hội Ok Om Bók 2027",
            'id="h-past"',
            "Lễ hội Ok Om Bók 2023",
            "Phiên chợ quê",
            "Hội chợ xuân",
            'id="h-spots"',
            "Chùa Âng",
        ]

    def test_the_portal_search_finds_a_spot_without_diacritics(self, personas: Personas) -> None:
        home = build_portals(personas)[NGAI_XUYEN]
        spot = publish_spot(
            home,
            "Chùa Âng",
            address="Quốc lộ 53",
            directions="Từ thành phố đi 5 km về hướng Nguyệt Hóa.",
        )
        for query in ("soc cut", "nguyet hoa", "chua ang"):
            text = page_text("/xa/ngai-xuyen/tim-kiem/", q=query)
            assert f'href="{spot.url}"' in text, query
        assert f'href="{spot.url}"' not in page_text("/xa/kim-son/tim-kiem/", q="soc cut")


class GalleryTests:
    def test_a_photo_is_a_responsive_picture_with_webp_and_jpeg(self, personas: Personas) -> None:
        home = build_portals(personas)[NGAI_XUYEN]
        gallery = section(home, GalleryPage)
        gallery.images.add(GalleryImage(image=jpeg_image(), caption="Đua ghe Ngo trên sông"))
        gallery.save_revision().publish()
        text = main_of(page_text("/xa/ngai-xuyen/thu-vien-anh/"))
        picture = text[text.index("<picture>") : text.index("</picture>")]
        assert 'type="image/webp"' in picture
        assert ".webp 360w" in picture and ".webp 720w" in picture
        assert ".jpg 360w" in picture and ".jpg 720w" in picture
        assert 'alt="Đua ghe Ngo trên sông"' in picture
        assert 'loading="lazy"' in picture
        assert "<figcaption>Đua ghe Ngo trên sông</figcaption>" in text
        webp = re.search(r'srcset="([^" ]+\.webp) 360w', picture)
        assert webp is not None
        response = Client().get(webp[1])
        assert response.status_code == 200
        assert response["Content-Type"] == "image/webp"

    def test_the_search_finds_a_gallery_by_its_captions(self, personas: Personas) -> None:
        home = build_portals(personas)[NGAI_XUYEN]
        gallery = section(home, GalleryPage)
        gallery.images.add(GalleryImage(image=jpeg_image(), caption="Đua ghe Ngo trên sông"))
        gallery.save_revision().publish()
        assert 'href="/xa/ngai-xuyen/thu-vien-anh/"' in main_of(
            page_text("/xa/ngai-xuyen/tim-kiem/", q="dua ghe ngo")
        )

    def test_albums_are_listed_with_their_cover(self, personas: Personas) -> None:
        home = build_portals(personas)[NGAI_XUYEN]
        album = GalleryPage(title="Lễ hội Ok Om Bók 2023")
        album.images.add(GalleryImage(image=jpeg_image(), caption="Thả đèn gió"))
        publish_page(section(home, GalleryPage), album)
        text = main_of(page_text("/xa/ngai-xuyen/thu-vien-anh/"))
        assert f'href="{album.url}"' in text
        assert "<picture>" in text
        album_text = main_of(page_text(album.url))
        assert 'alt="Thả đèn gió"' in album_text
        assert 'href="/xa/ngai-xuyen/thu-vien-anh/"' in album_text


class EscapingTests:
    def test_user_text_is_escaped(self, personas: Personas) -> None:
        home = build_portals(personas)[NGAI_XUYEN]
        evil = "<script>alert(1)</script>"
        spot = publish_spot(
            home, f"Chùa {evil}", address=evil, opening_hours=evil, directions=evil, hamlet=evil
        )
        event = publish_page(
            section(home, TourismIndex),
            TourismEvent(title=f"Lễ hội {evil}", place=evil, intro=evil),
        )
        document = publish_document(home, f"Quyết định {evil}", number=evil, summary=evil)
        gallery = section(home, GalleryPage)
        gallery.images.add(GalleryImage(image=jpeg_image(), caption=evil))
        gallery.save_revision().publish()
        urls = [
            spot.url,
            event.url,
            document.url,
            "/xa/ngai-xuyen/du-lich/",
            "/xa/ngai-xuyen/van-ban/",
            "/xa/ngai-xuyen/thu-vien-anh/",
        ]
        for url in urls:
            text = page_text(url)
            assert "<script>" not in text, url
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text, url
