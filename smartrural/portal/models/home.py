from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from smartrural.core.dates import today
from smartrural.core.text import fold
from smartrural.geo.models import AdministrativeUnit

from ..results import portal_results
from .base import PortalPage
from .news import NewsIndex, NewsPage, news_of

SEARCH_PER_PAGE = 20
HOME_NEWS = 6


class PortalHome(RoutablePageMixin, PortalPage):
    """A unit's portal: the province's at ``/``, a commune's at ``/xa/<slug>/``. Created from the
    units (``services.sync``), never by hand; a dissolved commune's portal moves under its
    successor's and is marked ``former``."""

    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    former = models.BooleanField(_("former unit"), default=False, editable=False)
    address = models.CharField(_("People's Committee address"), max_length=300, blank=True)
    office_hours = models.CharField(_("office hours"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    content_panels = [
        *PortalPage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("office_hours"),
                FieldPanel("phone"),
                FieldPanel("email"),
            ],
            heading=_("Contact"),
        ),
    ]
    parent_page_types = ["wagtailcore.Page", "portal.CommuneIndex", "portal.PortalHome"]
    max_count_per_parent = None

    class Meta:
        verbose_name = _("portal home")
        verbose_name_plural = _("portal homes")
        constraints = [models.UniqueConstraint(fields=["unit"], name="portal_home_unit_uniq")]

    def searchable_parts(self) -> list[str]:
        return [*super().searchable_parts(), self.address]

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(self, as_of=today()))
        return context

    @path("")
    def home_route(self, request: HttpRequest) -> HttpResponse:
        return self.render(request)

    @path("tim-kiem/", name="search")
    def search_route(self, request: HttpRequest) -> HttpResponse:
        """The portal's pages whose words, without diacritics, hold every word asked."""
        query = request.GET.get("q", "")[:100]
        results = Paginator(search_portal(self, query), SEARCH_PER_PAGE)
        return self.render(
            request,
            template="portal/search.html",
            context_overrides={
                "query": query,
                "results": results.get_page(request.GET.get("page")),
            },
        )


class CommuneIndex(PortalPage):
    """``/xa/``: the province portal's list of commune portals."""

    parent_page_types = ["portal.PortalHome"]
    subpage_types = ["portal.PortalHome"]
    max_count = 1

    class Meta:
        verbose_name = _("commune portals")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["portals"] = (
            PortalHome.objects.child_of(self)
            .live()
            .filter(former=False)
            .select_related("unit__parent")
            .order_by("unit__path")
        )
        return context


def portal_root() -> Page:
    """Wagtail's tree root (depth 1), created again if a test flushed the database."""
    root = Page.get_first_root_node()
    if root is None:
        from wagtail.models import Locale  # local: only after a flush

        locale, _created = Locale.objects.get_or_create(language_code="vi")
        root = Page.add_root(title="Root", slug="root", locale=locale)
    return root


def portal_of_page(page: Page) -> PortalHome | None:
    """The portal ``page`` belongs to: its nearest portal home (itself for a home)."""
    return (
        PortalHome.objects.ancestor_of(page, inclusive=True)
        .select_related("unit")
        .order_by("-depth")
        .first()
    )


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
