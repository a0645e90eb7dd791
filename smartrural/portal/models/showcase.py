"""Showcases: where a portal will list its OCOP products and tourism services (the market
comes later); for now an introduction, a text and a clear "nothing yet"."""

from __future__ import annotations

from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from .base import PortalPage


class ShowcaseKind(models.TextChoices):
    PRODUCTS = "products", _("OCOP products")
    TOURISM_SERVICES = "tourism_services", _("Tourism services")


class ShowcasePage(PortalPage):
    """A portal's OCOP products ("san-pham") or tourism services ("dich-vu-du-lich")."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=ShowcaseKind.choices, default=ShowcaseKind.PRODUCTS
    )
    body = RichTextField(_("body"), blank=True)

    content_panels = [*PortalPage.content_panels, FieldPanel("kind"), FieldPanel("body")]
    show_in_menus_default = True  # a section of the portal's menu
    parent_page_types = ["portal.PortalHome"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("showcase")
        verbose_name_plural = _("showcases")

    def searchable_parts(self) -> list[str]:
        return [*super().searchable_parts(), strip_tags(self.body)]
