"""Portals for tests: the persona units' portals (synced as of 2023, when they were valid) and
news written through Wagtail's own revision API, as an editor would."""

from __future__ import annotations

import datetime as dt

from wagtail.models import Page

from smartrural.portal.models import NewsCategory, NewsIndex, NewsPage, PortalHome
from smartrural.portal.services import portal_sync_units
from smartrural.testing import IN_2023, Personas


def build_portals(p: Personas | None = None) -> dict[str, PortalHome]:
    """The province's and the persona communes' portals, by unit code."""
    portal_sync_units(as_of=IN_2023)
    return {home.unit.code: home for home in PortalHome.objects.select_related("unit")}


def news_index(home: PortalHome) -> NewsIndex:
    return NewsIndex.objects.child_of(home).get()


def publish_news(
    home: PortalHome,
    title: str = "Lễ công nhận xã đạt chuẩn nông thôn mới",
    *,
    date: dt.date = IN_2023,
    important: bool = False,
    body: str = "<p>Sáng nay, UBND xã tổ chức lễ công bố.</p>",
    live: bool = True,
    category: str = "tin-tuc",
) -> NewsPage:
    index = news_index(home)
    page = NewsPage(
        title=title,
        date=date,
        important=important,
        body=body,
        intro="Tin vắn.",
        category=NewsCategory.objects.get(slug=category),
        live=False,
    )
    index.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    page.refresh_from_db()
    return page


def url_of(page: Page) -> str:
    return page.get_url() or ""
