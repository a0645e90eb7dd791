from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import feedgenerator, timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from smartrural.core.dates import today

from .base import PortalPage

NEWS_PER_PAGE = 10


@register_snippet
class NewsCategory(models.Model):
    """A news category, the same in every portal (tin tức, thông báo, sự kiện…); the province
    office keeps the list (``services.sync.DEFAULT_CATEGORIES`` to start)."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("address (slug)"), max_length=80, unique=True, allow_unicode=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("order")]

    class Meta:
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


def news_of(index_page: NewsIndex, category: NewsCategory | None = None) -> Any:
    """The published news under ``index_page`` (optionally of one category), newest first."""
    news = NewsPage.objects.child_of(index_page).live().select_related("category", "image")
    if category is not None:
        news = news.filter(category=category)
    return news.order_by("-date", "-first_published_at", "-pk")


class NewsIndex(RoutablePageMixin, PortalPage):
    """A portal's news and notices: the list (paginated, by category), its RSS and Atom feeds."""

    parent_page_types = ["portal.PortalHome"]
    subpage_types = ["portal.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news and notices")

    def _listing(self, request: HttpRequest, category: NewsCategory | None = None) -> HttpResponse:
        paginator = Paginator(news_of(self, category), NEWS_PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
        return self.render(
            request,
            context_overrides={
                "news": page,
                "category": category,
                "categories": NewsCategory.objects.all(),
            },
        )

    @path("")
    def index_route(self, request: HttpRequest) -> HttpResponse:
        return self._listing(request)

    @path("chuyen-muc/<slug:slug>/")
    def category_route(self, request: HttpRequest, slug: str) -> HttpResponse:
        return self._listing(request, get_object_or_404(NewsCategory, slug=slug))

    @path("rss/", name="rss")
    def rss_route(self, request: HttpRequest) -> HttpResponse:
        return NewsFeed(self, feed_type="rss", category=_category(request))(request)

    @path("atom/", name="atom")
    def atom_route(self, request: HttpRequest) -> HttpResponse:
        return NewsFeed(self, feed_type="atom", category=_category(request))(request)


def _category(request: HttpRequest) -> NewsCategory | None:
    slug = request.GET.get("chuyen-muc")
    if not slug:
        return None
    category = NewsCategory.objects.filter(slug=slug).first()
    if category is None:
        raise Http404(_("No such news category."))
    return category


class NewsPage(PortalPage):
    """A news item or notice, with its date, category, an optional photo and an "important"
    flag (shown first on the portal's home)."""

    date = models.DateField(_("date"), default=today)
    category = models.ForeignKey(
        NewsCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    important = models.BooleanField(_("important"), default=False)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = RichTextField(_("body"), blank=True)

    content_panels = [
        *PortalPage.content_panels,
        FieldPanel("date"),
        # A plain list: editors need no permission on the categories' snippet chooser.
        FieldPanel("category", widget=forms.Select),
        FieldPanel("important"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [*PortalPage.search_fields, index.FilterField("date")]
    parent_page_types = ["portal.NewsIndex"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news and notices")
        indexes = [models.Index(fields=["date"], name="portal_news_date")]

    def searchable_parts(self) -> list[str]:
        return [*super().searchable_parts(), strip_tags(self.body)]


FEED_ITEMS = 30


class NewsFeed(Feed):
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
