"""Stations, clusters and published bulletins with real audio for the commune radio tests."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import shutil
import subprocess
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile

from smartrural.geo.models import AdministrativeUnit
from smartrural.testing import LOCAL

from ..models import Bulletin, BulletinSource, BulletinStatus, Priority, Station
from ..services.stations import IssuedToken, cluster_create, station_create

DEVICE_PREFIX = "/api/v1/loudspeakers"


@functools.cache
def tone_mp3(seconds: float = 1.0, frequency: int = 440) -> bytes:
    """A short real MP3 (a sine tone made by ffmpeg)."""
    ffmpeg = shutil.which("ffmpeg")
    assert ffmpeg is not None, "ffmpeg is needed (make system-deps)"
    return subprocess.run(  # noqa: S603 - fixed arguments
        [
            ffmpeg, "-hide_banner", "-loglevel", "error", "-f", "lavfi",
            "-i", f"sine=frequency={frequency}:duration={seconds}",
            "-ac", "1", "-ar", "16000", "-b:a", "32k", "-f", "mp3", "pipe:1",
        ],
        check=True,
        capture_output=True,
        timeout=30,
    ).stdout  # fmt: skip


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL)


def station(unit: AdministrativeUnit, name: str = "Đài truyền thanh xã") -> Station:
    return station_create(unit=unit, name=name, by=None)


def cluster(st: Station, name: str = "Cụm loa ấp Chợ", **fields: Any) -> IssuedToken:
    return cluster_create(station=st, name=name, by=None, **fields)


def bulletin(
    unit: AdministrativeUnit,
    *,
    title: str = "Lịch tiêm phòng",
    priority: int = Priority.NORMAL,
    plays_from: dt.datetime,
    expires_at: dt.datetime,
    stations: list[Station] | None = None,
    zones: list[AdministrativeUnit] | None = None,
    status: str = BulletinStatus.PUBLISHED,
    audio: bytes | None = None,
) -> Bulletin:
    data = tone_mp3() if audio is None else audio
    made = Bulletin(
        unit=unit,
        title=title,
        source=BulletinSource.UPLOAD,
        audio_mime="audio/mpeg",
        duration=Decimal("1.0"),
        sha256=hashlib.sha256(data).hexdigest(),
        priority=priority,
        plays_from=plays_from,
        expires_at=expires_at,
        status=status,
        published_at=plays_from if status == BulletinStatus.PUBLISHED else None,
    )
    made.audio.save("ban-tin.mp3", ContentFile(data), save=False)
    made.save()
    if stations:
        made.stations.set(stations)
    if zones:
        made.zones.set(zones)
    return made


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
