"""What the portal pages read, each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wagtail.models import Page

from smartrural.core.text import fold

from .models import NewsIndex, NewsPage, PortalHome
from .models.news import news_of
from .results import portal_results

HOME_NEWS = 6


def sections(home: PortalHome) -> list[Page]:
    """The portal's menu: its live children shown in menus."""
    return list(home.get_children().live().in_menu().exclude(portalhome__isnull=False))


def home_context(home: PortalHome, *, as_of: dt.date) -> dict[str, Any]:
    index = NewsIndex.objects.child_of(home).live().first()
    news: list[NewsPage] = []
    important: list[NewsPage] = []
    if index is not None:
        important = list(news_of(index).filter(important=True)[:3])
        news = list(news_of(index).exclude(pk__in=[item.pk for item in important])[:HOME_NEWS])
    former = list(PortalHome.objects.child_of(home).live().filter(former=True))
    return {
        "news_index": index,
        "important": important,
        "news": news,
        "former_portals": former,
        "results": portal_results(home.unit, as_of),
    }


def _searchable_models() -> list[type[Page]]:
    from django.apps import apps  # local: every page type, the later ones included

    from .models.base import PortalPage

    return [
        model
        for model in apps.get_app_config("portal").get_models()
        if issubclass(model, PortalPage) and model is not PortalHome
    ]


def search_portal(home: PortalHome, query: str) -> list[Page]:
    """The live pages of ``home``'s portal (its former communes' included) holding every word
    of ``query`` without diacritics ("le hoi ok om bok" finds "Lễ hội Ok Om Bók"), newest
    first. One query per page type; the words are matched in ``PortalPage.search_text``."""
    words = fold(query).split()[:8]
    if not words:
        return []
    found: list[Page] = []
    for model in _searchable_models():
        pages = model.objects.descendant_of(home).live()
        for word in words:
            pages = pages.filter(search_text__contains=word)
        found.extend(pages.order_by("-last_published_at")[:200])
    found.sort(
        key=lambda page: page.last_published_at or page.first_published_at or 0, reverse=True
    )
    return found
