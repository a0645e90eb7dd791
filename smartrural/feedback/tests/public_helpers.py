"""Test data for the published reports: today's units with their successions, a report with
everything private filled in."""

from __future__ import annotations

import datetime as dt
import io
import secrets
from typing import Any

from django.core.files.base import ContentFile
from PIL import Image

from smartrural.feedback.models import PhotoState, Report, ReportEvent, ReportPhoto
from smartrural.feedback.services import Contact
from smartrural.geo.models import AdministrativeUnit, Succession
from smartrural.testing import IN_2023, Personas

from .factories import REORGANISED, Today, file_report, today_units

PHONE = "0987654321"
EMAIL = "an.nguyen@example.test"
NAME = "Nguyễn Thị Bí Mật"
NOTE = "Ghi chú nội bộ: ông trưởng ấp đã biết."


def succeed(old: AdministrativeUnit, new: AdministrativeUnit) -> None:
    Succession.objects.create(
        predecessor=old, successor=new, kind="whole", effective_date=REORGANISED
    )


def today_with_successions(p: Personas) -> Today:
    """Today's units, Xã Trà Cú succeeding Ngãi Xuyên, Hàm Giang Kim Sơn, Vĩnh Long Trà Vinh."""
    today = today_units(p)
    succeed(p.commune_a_unit, today.commune_a_unit)
    succeed(p.commune_b_unit, today.commune_b_unit)
    succeed(p.province_unit, today.province_unit)
    return today


def private_report(place: AdministrativeUnit, *, on: dt.date = IN_2023, **kwargs: Any) -> Report:
    """A report whose reporter asked to hide their name, with a phone and an e-mail."""
    contact = Contact(name=NAME, phone=PHONE, email=EMAIL, hide_name=True)
    return file_report(place, on=on, contact=contact, **kwargs).report


def jpeg(colour: str = "red", size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def photo_of(
    report: Report,
    *,
    state: str = PhotoState.SHOWN,
    event: ReportEvent | None = None,
    blurred: bool = True,
) -> ReportPhoto:
    """A stored photo of ``report`` (a red original; a blue public copy when redacted)."""
    original = jpeg("red")
    photo = ReportPhoto(
        report=report, event=event, width=40, height=30, size=len(original), state=state
    )
    photo.image.save(f"{secrets.token_hex(6)}.jpg", ContentFile(original), save=False)
    if state == PhotoState.REDACTED and blurred:
        photo.public_image.save(
            f"{secrets.token_hex(6)}.jpg", ContentFile(jpeg("blue")), save=False
        )
    photo.save()
    return photo
