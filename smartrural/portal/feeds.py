"""RSS 2.0 and Atom feeds of a portal's news (optionally of one category)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils import feedgenerator, timezone

from .models import NewsCategory, NewsIndex, NewsPage
from .models.news import news_of

FEED_ITEMS = 30


class NewsFeed(Feed):  # type: ignore[type-arg]
    def __init__(
        self, index: NewsIndex, *, feed_type: str, category: NewsCategory | None = None
    ) -> None:
        super().__init__()
        self.index = index
        self.category = category
        self.feed_type = (
            feedgenerator.Atom1Feed if feed_type == "atom" else feedgenerator.Rss201rev2Feed
        )

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self) -> str:
        portal = self.index.get_parent()
        name = f"{portal.title} – {self.index.title}"
        return f"{name} – {self.category.name}" if self.category else name

    def link(self) -> str:
        return self.index.get_url(self.request) or "/"

    def description(self) -> str:
        return self.index.intro or self.title()

    def items(self) -> list[NewsPage]:
        return list(news_of(self.index, self.category)[:FEED_ITEMS])

    def item_title(self, item: NewsPage) -> str:
        return item.title

    def item_description(self, item: NewsPage) -> str:
        return item.intro

    def item_link(self, item: NewsPage) -> str:
        return item.get_url(self.request) or "/"

    def item_pubdate(self, item: NewsPage) -> dt.datetime:
        return item.first_published_at or timezone.make_aware(
            dt.datetime.combine(item.date, dt.time())
        )

    def item_categories(self, item: NewsPage) -> list[str]:
        return [item.category.name]
