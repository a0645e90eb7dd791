"""Photo galleries: a portal's photos with their captions, and albums under the gallery."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from .base import PortalPage


class GalleryPage(PortalPage):
    """Photos in the editor's order, each shown with its caption (its text alternative too);
    albums are galleries under the section's gallery."""

    content_panels = [
        *PortalPage.content_panels,
        InlinePanel("images", label=_("Photos"), heading=_("Photos")),
    ]
    show_in_menus_default = True  # a section of the portal's menu
    parent_page_types = ["portal.PortalHome", "portal.GalleryPage"]
    subpage_types = ["portal.GalleryPage"]

    class Meta:
        verbose_name = _("photo gallery")
        verbose_name_plural = _("photo galleries")

    def searchable_parts(self) -> list[str]:
        return [*super().searchable_parts(), *(item.caption for item in self.images.all())]

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["photos"] = gallery_photos(self)
        context["albums"] = list(
            GalleryPage.objects.child_of(self).live().prefetch_related("images__image__renditions")
        )
        context["parent_gallery"] = GalleryPage.objects.parent_of(self).live().first()
        return context


def gallery_photos(gallery: GalleryPage) -> list[GalleryImage]:
    """``gallery``'s photos in order, their images and renditions fetched at once."""
    return list(gallery.images.select_related("image").prefetch_related("image__renditions"))


class GalleryImage(Orderable):
    page = ParentalKey(GalleryPage, on_delete=models.CASCADE, related_name="images")
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    caption = models.CharField(
        _("caption"),
        max_length=250,
        help_text=_("What the photo shows; read aloud to readers who cannot see it."),
    )

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("gallery photo")
        verbose_name_plural = _("gallery photos")

    def __str__(self) -> str:
        return self.caption
