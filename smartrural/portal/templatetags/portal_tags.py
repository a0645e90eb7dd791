"""Template tags of the portal pages: the portal a page belongs to, its sections and feeds."""

from __future__ import annotations

from typing import Any

from django import template
from wagtail.models import Page

from ..models import CommuneIndex, NewsIndex, PortalHome
from ..models.home import portal_of_page, sections

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_of(context: dict[str, Any], page: Page | None) -> PortalHome | None:
    """The portal ``page`` belongs to (once per render: kept in the context)."""
    request = context.get("request")
    cached = getattr(request, "_portal_of", None)
    if cached is not None and cached[0] == getattr(page, "pk", None):
        return cached[1]
    portal = portal_of_page(page) if isinstance(page, Page) else None
    if request is not None:
        request._portal_of = (getattr(page, "pk", None), portal)
    return portal


@register.simple_tag(takes_context=True)
def canonical_url(context: dict[str, Any], page: Page | None) -> str:
    request = context.get("request")
    if page is None:
        return ""
    url = page.get_full_url(request) or ""
    if request is not None and url and request.path != page.get_url(request):
        # A route of the page (a category, page 2): the address itself is canonical.
        url = request.build_absolute_uri(request.path)
    return url


@register.simple_tag
def news_index_of(portal: PortalHome | None) -> NewsIndex | None:
    return None if portal is None else NewsIndex.objects.child_of(portal).live().first()


@register.simple_tag
def commune_index_of(portal: PortalHome) -> CommuneIndex | None:
    return CommuneIndex.objects.child_of(portal).live().first()


@register.simple_tag
def province_portal() -> PortalHome | None:
    return PortalHome.objects.filter(depth=2).first()


@register.simple_tag
def portal_sections(portal: PortalHome) -> list[Page]:
    return sections(portal)
