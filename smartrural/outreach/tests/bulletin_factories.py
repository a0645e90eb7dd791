"""Bulletin records for tests: stations, sound files, bulletins made through the services."""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from smartrural.accounts.models import User
from smartrural.geo.models import AdministrativeUnit

from ..models import Bulletin, Priority, Station
from ..services import bulletins as services

DATA = Path(__file__).parent / "data"
SENTENCE = (
    "Thông báo của xã Ngãi Xuyên: nước mặn xâm nhập sâu, bà con ngưng lấy nước sông tưới lúa."
)


def station(
    unit: AdministrativeUnit, name: str = "Đài truyền thanh xã", **fields: object
) -> Station:
    return Station.objects.create(unit=unit, name=name, **fields)


def tone(seconds: float = 2.0, *, fmt: str = "wav") -> bytes:
    """A 440 Hz tone of ``seconds`` as a ``fmt`` file (wav, m4a, ogg) with a title tag."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"tone.{fmt}"  # MP4 needs a file it can seek in
        args = [
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=440:duration={seconds}",
            "-metadata",
            "title=Secret title",
            str(path),
        ]
        subprocess.run(args, capture_output=True, check=True, timeout=60)  # noqa: S603
        return path.read_bytes()


def upload(
    data: bytes, name: str = "ban-tin.wav", content_type: str = "audio/wav"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def window(hours: int = 24) -> dict[str, Any]:
    now = timezone.now()
    return {
        "plays_from": now - dt.timedelta(minutes=1),
        "expires_at": now + dt.timedelta(hours=hours),
    }


def spoken(
    unit: AdministrativeUnit,
    by: User,
    *,
    title: str = "Cảnh báo xâm nhập mặn",
    text: str = SENTENCE,
    priority: int = Priority.NORMAL,
) -> Bulletin:
    return services.bulletin_create_from_text(
        unit=unit, title=title, text=text, priority=priority, by=by, **window()
    )


def recorded(unit: AdministrativeUnit, by: User, *, seconds: float = 2.0) -> Bulletin:
    return services.bulletin_create_from_upload(
        unit=unit,
        title="Lịch tiêm chủng",
        upload=upload(tone(seconds)),
        priority=Priority.NORMAL,
        by=by,
        **window(),
    )


def published(
    unit: AdministrativeUnit,
    by: User,
    *,
    priority: int = Priority.EMERGENCY,
    zones: list[AdministrativeUnit] | None = None,
) -> Bulletin:
    bulletin = recorded(unit, by)
    bulletin.priority = priority
    bulletin.save()
    return services.bulletin_publish(bulletin=bulletin, version=None, zones=zones or [unit], by=by)
