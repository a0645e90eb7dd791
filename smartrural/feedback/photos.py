"""Storing a report's photos: each is cleaned (``core.images.clean_photo``: checked by content,
bounded, re-encoded without EXIF) before a byte of it reaches the storage, under a random name.
The file is written before its row, so a committed row always has its file; a transaction that
rolls back leaves files no row names, which ``photos_prune`` (daily) deletes after a day.
Nothing unreferenced is ever served: photos are reached through their rows only."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from smartrural.core.errors import ValidationFailed
from smartrural.core.images import CleanPhoto, clean_photo

from .models import MAX_PHOTOS, Report, ReportEvent, ReportPhoto


def check_photos(files: Sequence[Any], *, already: int = 0) -> list[CleanPhoto]:
    """Every photo cleaned, or ``ValidationFailed`` for the first that is not acceptable."""
    if already + len(files) > MAX_PHOTOS:
        raise ValidationFailed(
            _("At most %(n)d photos per report.") % {"n": MAX_PHOTOS}, field="photos"
        )
    return [clean_photo(f) for f in files]


def store_photos(
    report: Report, files: Sequence[Any], *, event: ReportEvent | None = None
) -> list[ReportPhoto]:
    already = report.photos.filter(event__isnull=True).count() if event is None and files else 0
    cleaned = check_photos(files, already=already)
    stored: list[ReportPhoto] = []
    for position, photo in enumerate(cleaned, start=already):
        row = ReportPhoto(
            report=report,
            event=event,
            width=photo.width,
            height=photo.height,
            size=len(photo.content),
            position=position,
        )
        row.image.save(f"{secrets.token_hex(12)}.jpg", ContentFile(photo.content), save=False)
        row.save()
        stored.append(row)
    return stored
