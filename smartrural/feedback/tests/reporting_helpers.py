"""Helpers of the residents' page tests: a photo with EXIF GPS, the form's data."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from smartrural.geo.models import AdministrativeUnit

from .factories import category

GPS_IFD = 0x8825


def photo_with_gps(name: str = "road.jpg", size: tuple[int, int] = (400, 300)) -> bytes:
    """A JPEG whose EXIF holds a GPS position (9°56' N, 106°20' E) and a camera model."""
    image = Image.new("RGB", size, (120, 140, 90))
    exif = Image.Exif()
    exif[0x0110] = "Test Camera"  # Model
    exif[GPS_IFD] = {1: "N", 2: (9.0, 56.0, 0.0), 3: "E", 4: (106.0, 20.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def upload(data: bytes | None = None, name: str = "road.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data or photo_with_gps(), content_type="image/jpeg")


def form_data(place: AdministrativeUnit, **over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "category": str(category("giao-thong").pk),
        "place": str(place.pk),
        "description": "Đường liên ấp bị sạt lở một đoạn khoảng 20 m, xe máy đi rất nguy hiểm.",
        "name": "Nguyễn Văn An",
        "phone": "0912 345 678",
        "email": "",
    }
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}
