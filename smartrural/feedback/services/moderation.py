"""Moderation by the officers of the responsible unit (or the province office): hide a report
from the public, redact its public wording, redact a photo (blurred boxes on a public copy; the
original stays for officers) or remove it (the file deleted, the row kept), take down the public
text of an event. Each writes a ``moderated`` event whose reason only officers read; the field
changes are in the records' history.
"""

from __future__ import annotations

import io
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageFilter

from smartrural.accounts.actor import Actor
from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.core.images import JPEG_QUALITY
from smartrural.core.versioning import check_version

from ..models import EventKind, PhotoState, Report, ReportEvent, ReportPhoto
from .events import record

MAX_BOXES = 10


@dataclass(frozen=True)
class Box:
    """A rectangle in percent of the photo's width and height (x, y: its top-left corner)."""

    x: Decimal
    y: Decimal
    w: Decimal
    h: Decimal

    def check(self) -> None:
        if min(self.x, self.y) < 0 or min(self.w, self.h) <= 0:
            raise ValidationFailed(
                _("A box starts at 0 % or more and is wider and taller than 0 %."), field="box"
            )
        if self.x + self.w > 100 or self.y + self.h > 100:
            raise ValidationFailed(_("The box goes beyond the edge of the photo."), field="box")

    def pixels(self, width: int, height: int) -> tuple[int, int, int, int]:
        left = int(self.x * width / 100)
        top = int(self.y * height / 100)
        right = max(left + 1, min(width, round((self.x + self.w) * width / 100)))
        bottom = max(top + 1, min(height, round((self.y + self.h) * height / 100)))
        return left, top, right, bottom


def _reason(reason: str) -> str:
    if not reason.strip():
        raise ValidationFailed(_("Give the reason (only officers read it)."), field="reason")
    return reason


def _moderated(report: Report, reason: str, by: Actor) -> ReportEvent:
    return record(report, EventKind.MODERATED, by=by, internal_text=reason)


@transaction.atomic
def report_set_hidden(
    *, report: Report, version: int | None, hidden: bool, reason: str, by: Actor
) -> Report:
    """Hide the report from the public (or show it again)."""
    _reason(reason)
    check_version(report, version, sent={"hidden": hidden})
    if report.hidden == hidden:
        raise Conflict(
            _("The report is already hidden from the public.")
            if hidden
            else _("The report is already public.")
        )
    report.hidden = hidden
    report.save()
    _moderated(report, reason, by)
    return report


@transaction.atomic
def report_redact_text(
    *, report: Report, version: int | None, public_description: str, reason: str, by: Actor
) -> Report:
    """Show ``public_description`` to the public instead of the description (empty: the
    description again)."""
    _reason(reason)
    check_version(report, version, sent={"public_description": public_description})
    report.public_description = public_description
    report.save()
    _moderated(report, reason, by)
    return report


def _blurred(photo: ReportPhoto, boxes: Sequence[Box]) -> bytes:
    source = photo.public_image if photo.state == PhotoState.REDACTED else photo.image
    with source.open("rb") as handle, Image.open(handle) as opened:
        image = opened.convert("RGB")
    for box in boxes:
        area = box.pixels(image.width, image.height)
        region = image.crop(area)
        radius = max(8, min(region.width, region.height) // 4)
        image.paste(region.filter(ImageFilter.GaussianBlur(radius)), area[:2])
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def _delete_after_commit(names: Sequence[str], photo: ReportPhoto) -> None:
    storage = photo.image.storage
    transaction.on_commit(lambda: [storage.delete(name) for name in names if name])


@transaction.atomic
def photo_redact(
    *, photo: ReportPhoto, boxes: Sequence[Box], reason: str, by: Actor
) -> ReportPhoto:
    """Blur ``boxes`` on the public copy (a second redaction blurs more of the same copy)."""
    _reason(reason)
    if photo.state == PhotoState.REMOVED:
        raise Conflict(_("This photo was removed."))
    if not boxes or len(boxes) > MAX_BOXES:
        raise ValidationFailed(
            _("Give from 1 to %(n)d boxes to blur.") % {"n": MAX_BOXES}, field="box"
        )
    for box in boxes:
        box.check()
    content = _blurred(photo, boxes)
    old = photo.public_image.name
    photo.public_image.save(f"{secrets.token_hex(12)}.jpg", ContentFile(content), save=False)
    photo.state = PhotoState.REDACTED
    photo.save()
    if old:
        _delete_after_commit([old], photo)
    _moderated(photo.report, reason, by)
    return photo


@transaction.atomic
def photo_remove(*, photo: ReportPhoto, reason: str, by: Actor) -> ReportPhoto:
    """Delete the photo's files for good (once the change is committed); the row stays, marked
    removed, so the history says what happened."""
    _reason(reason)
    if photo.state == PhotoState.REMOVED:
        raise Conflict(_("This photo was removed."))
    names = [photo.image.name, photo.public_image.name]
    photo.image.name = ""
    photo.public_image.name = ""
    photo.state = PhotoState.REMOVED
    photo.save()
    _delete_after_commit(names, photo)
    _moderated(photo.report, reason, by)
    return photo


@transaction.atomic
def event_take_down(*, event: ReportEvent, reason: str, by: Actor) -> ReportEvent:
    """Take the event's public text off the public timeline (officers still read it)."""
    _reason(reason)
    if not event.public_text:
        raise ValidationFailed(_("This entry has no public text."), field="reason")
    if event.public_text_hidden:
        raise Conflict(_("This text is already taken down."))
    event.public_text_hidden = True
    event.save(update_fields=["public_text_hidden"])
    _moderated(event.report, reason, by)
    return event
