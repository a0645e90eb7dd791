"""Endpoint matrix rows of the portals' documents, tourism, gallery and showcase pages: everyone
reads them, the PDF and the photos' renditions too; an unpublished page is 404 for everyone."""

from __future__ import annotations

from collections.abc import Callable

from smartrural.portal.models import DocumentIndex, GalleryImage, GalleryPage, TourismIndex
from smartrural.testing import Personas
from smartrural.testing_matrix import Endpoint, everyone

from .factories import (
    build_portals,
    jpeg_image,
    publish_document,
    publish_event,
    publish_spot,
    section,
    url_of,
)

NGAI_XUYEN = "29479"


def _sections(suffix: str) -> Callable[[Personas], str]:
    def url(p: Personas) -> str:
        build_portals(p)
        return f"/xa/ngai-xuyen/{suffix}"

    return url


def _document(p: Personas) -> str:
    return url_of(publish_document(build_portals(p)[NGAI_XUYEN]))


def _draft_document(p: Personas) -> str:
    home = build_portals(p)[NGAI_XUYEN]
    draft = publish_document(home, "Bản nháp", live=False)
    return url_of(section(home, DocumentIndex)) + draft.slug + "/"


def _pdf(p: Personas) -> str:
    return str(publish_document(build_portals(p)[NGAI_XUYEN]).document.url)


def _spot(p: Personas) -> str:
    return url_of(publish_spot(build_portals(p)[NGAI_XUYEN]))


def _draft_spot(p: Personas) -> str:
    home = build_portals(p)[NGAI_XUYEN]
    draft = publish_spot(home, "Bản nháp", live=False)
    return url_of(section(home, TourismIndex)) + draft.slug + "/"


def _event(p: Personas) -> str:
    return url_of(publish_event(build_portals(p)[NGAI_XUYEN]))


def _gallery(p: Personas) -> str:
    gallery = section(build_portals(p)[NGAI_XUYEN], GalleryPage)
    gallery.images.add(GalleryImage(image=jpeg_image(), caption="Đua ghe Ngo"))
    gallery.save_revision().publish()
    return url_of(gallery)


def _rendition(p: Personas) -> str:
    return str(jpeg_image().get_rendition("width-360|format-webp").url)


ENDPOINTS: list[Endpoint] = [
    Endpoint("wagtail_serve", "get", _sections("van-ban/"), everyone(200)),
    Endpoint(
        "wagtail_serve",
        "get",
        _sections("van-ban/?q=quyet+dinh&kind=decision&year=2023&page=2"),
        everyone(200),
    ),
    Endpoint("wagtail_serve", "get", _document, everyone(200)),
    Endpoint("wagtail_serve", "get", _draft_document, everyone(404)),
    Endpoint("wagtaildocs_serve", "get", _pdf, everyone(200)),
    Endpoint("wagtail_serve", "get", _sections("du-lich/"), everyone(200)),
    Endpoint("wagtail_serve", "get", _spot, everyone(200)),
    Endpoint("wagtail_serve", "get", _draft_spot, everyone(404)),
    Endpoint("wagtail_serve", "get", _event, everyone(200)),
    Endpoint("wagtail_serve", "get", _gallery, everyone(200)),
    Endpoint("portal-rendition", "get", _rendition, everyone(200)),
    Endpoint("wagtail_serve", "get", _sections("san-pham/"), everyone(200)),
]
