"""Endpoint matrix rows of the portals' public pages: everyone reads them; an unpublished page
is 404 for everyone (editors preview it in the admin). The admin (``/cms/``) has its own matrix:
test_editor_access.py."""

from __future__ import annotations

from smartrural.testing import Personas
from smartrural.testing_matrix import Endpoint, everyone

from .factories import build_portals, news_index, publish_news, url_of


def _commune(p: Personas, suffix: str = "") -> str:
    return url_of(build_portals(p)["29479"]) + suffix


def _news(p: Personas) -> str:
    return url_of(publish_news(build_portals(p)["29479"]))


def _draft(p: Personas) -> str:
    page = publish_news(build_portals(p)["29479"], "Bản nháp", live=False)
    return url_of(news_index(build_portals(p)["29479"])) + page.slug + "/"


ENDPOINTS: list[Endpoint] = [
    Endpoint("wagtail_serve", "get", lambda p: (build_portals(p), "/")[1], everyone(200)),
    Endpoint("wagtail_serve", "get", _commune, everyone(200)),
    Endpoint("wagtail_serve", "get", lambda p: _commune(p, "tin-tuc/"), everyone(200)),
    Endpoint("wagtail_serve", "get", lambda p: _commune(p, "tin-tuc/rss/"), everyone(200)),
    Endpoint("wagtail_serve", "get", lambda p: _commune(p, "tim-kiem/?q=le+hoi"), everyone(200)),
    Endpoint("wagtail_serve", "get", _news, everyone(200)),
    Endpoint("wagtail_serve", "get", _draft, everyone(404)),
    Endpoint("wagtail_serve", "get", lambda p: "/xa/khong-co/", everyone(404)),
    Endpoint(
        "portal-sitemap", "get", lambda p: (build_portals(p), "/sitemap.xml")[1], everyone(200)
    ),
    Endpoint("portal-rendition", "get", lambda p: "/media/images/khong-co.jpg", everyone(404)),
    Endpoint("wagtaildocs_serve", "get", lambda p: "/documents/999/khong-co.pdf", everyone(404)),
    Endpoint(
        "wagtaildocs_authenticate_with_password",
        "get",
        lambda p: "/documents/authenticate_with_password/999/",
        everyone(404),
    ),
]
