from __future__ import annotations

import re
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from smartrural.core.text import fold


def ascii_slug(text: str) -> str:
    """``text`` as an address: folded (no diacritics, đ → d), words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:80] or "trang"


class PortalPage(Page):
    """What every portal page has: a short intro (the list and Open Graph description) and
    ``search_text``, its words without diacritics, which search matches ("le hoi ok om bok"
    finds "Lễ hội Ok Om Bók")."""

    intro = models.TextField(_("introduction"), blank=True, max_length=500)
    search_text = models.TextField(editable=False, default="")
    # Page's own field, typed for mypy (Wagtail ships no type information).
    slug: str

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("search_text")]
    # Pages that render a form with a CSRF token, or per reader, say so (``caching``).
    page_cache = True

    class Meta:
        abstract = True

    def searchable_parts(self) -> list[str]:
        """The texts search looks in; page types add their own (body, place, number…)."""
        return [self.title, self.intro]

    def full_clean(self, *args: Any, **kwargs: Any) -> None:
        # An address without diacritics: "Lễ hội Ok Om Bók" → "le-hoi-ok-om-bok".
        if not self.slug and self.title:
            self.slug = ascii_slug(self.title)
        super().full_clean(*args, **kwargs)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = fold(" ".join(part for part in self.searchable_parts() if part))
        super().save(*args, **kwargs)


class PortalStamp(models.Model):
    """One row: the portals' content generation, bumped whenever a page is published,
    unpublished, moved or deleted. Cached pages are keyed by it, so every process sees the
    change at once (``caching``)."""

    generation = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("portal content stamp")

    def __str__(self) -> str:
        return f"{self.generation}"
