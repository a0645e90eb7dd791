from __future__ import annotations

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from .base import PortalPage


class StandardPage(PortalPage):
    """A page of text: introduction, history, culture and festivals…"""

    body = RichTextField(_("body"), blank=True)

    content_panels = [*PortalPage.content_panels, FieldPanel("body")]
    parent_page_types = ["portal.PortalHome", "portal.StandardPage"]

    class Meta:
        verbose_name = _("standard page")

    def searchable_parts(self) -> list[str]:
        return [*super().searchable_parts(), strip_tags(self.body)]


class ContactPage(PortalPage):
    """How to reach the People's Committee: the portal home's address, office hours, phone and
    e-mail (kept once, on the home), and a text of its own."""

    body = RichTextField(_("body"), blank=True)

    content_panels = [*PortalPage.content_panels, FieldPanel("body")]
    parent_page_types = ["portal.PortalHome"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("contact page")
