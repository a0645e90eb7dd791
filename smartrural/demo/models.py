"""The demo's own table: which demo data a database was built from."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoStamp(models.Model):
    """Written once, at the end of a complete demo load, in the same transaction: a database
    with a stamp holds the whole demo built from the data whose hash it records, and ``smartrural
    demo`` loads nothing into it again."""

    content_hash = models.CharField(_("demo data hash"), max_length=64)
    loaded_at = models.DateTimeField(_("loaded at"))
    seconds = models.FloatField(_("loading time (s)"))

    class Meta:
        verbose_name = _("demo stamp")
        verbose_name_plural = _("demo stamps")
        ordering = ["-loaded_at"]

    def __str__(self) -> str:
        return f"{self.content_hash[:12]} @ {self.loaded_at.isoformat()}"
