"""Bulletins: made from a recording or from text, changed while a draft, published to the
officer's own stations and zones only, withdrawn; the officers' pages and the gated audio."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone, translation

from smartrural.core.errors import Conflict, DomainError, Forbidden, ValidationFailed
from smartrural.testing import Personas

from ..models import Bulletin, BulletinSource, BulletinStatus, Priority, ProgrammeItem
from ..services import bulletins as services
from . import bulletin_factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _create(p: Personas, data: bytes, name: str = "ban-tin.mp3") -> Bulletin:
    return services.bulletin_create_from_upload(
        unit=p.commune_a_unit,
        title="Lịch tiêm chủng",
        upload=f.upload(data, name),
        priority=Priority.NORMAL,
        by=p.commune_a,
        **f.window(),
    )


class UploadTests:
    def test_a_recording_is_re_encoded_as_mp3_without_its_tags(self, personas: Personas) -> None:
        bulletin = _create(personas, f.tone(2.0, fmt="m4a"), "ghi-am.m4a")
        assert bulletin.source == BulletinSource.UPLOAD
        assert bulletin.status == BulletinStatus.DRAFT
        assert bulletin.audio_mime == "audio/mpeg"
        assert bulletin.audio.name.endswith(".mp3")
        assert bulletin.duration is not None
        assert Decimal("1.9") <= bulletin.duration <= Decimal("2.2")
        with bulletin.audio.open("rb") as handle:
            stored = handle.read()
        assert hashlib.sha256(stored).hexdigest() == bulletin.sha256
        assert b"Secret title" not in stored
        path = bulletin.audio.path
        args = ["ffprobe", "-v", "error", "-show_entries", "format=format_name", "-of", "csv=p=0"]
        probed = subprocess.run(  # noqa: S603
            [*args, path],
            capture_output=True,
            check=True,
            timeout=30,
        )
        assert probed.stdout.strip() == b"mp3"
        assert bulletin.history.first().history_user == personas.commune_a

    def test_a_renamed_pdf_is_refused_by_name(self, personas: Personas) -> None:
        with pytest.raises(ValidationFailed, match="is a PDF file, not a sound recording"):
            _create(personas, PDF, "ban-tin.mp3")
        assert not Bulletin.objects.exists()

    def test_a_renamed_image_is_refused(self, personas: Personas) -> None:
        with pytest.raises(ValidationFailed, match="is a PNG file, not a sound recording"):
            _create(personas, PNG, "ban-tin.mp3")

    def test_noise_is_not_a_recording(self, personas: Personas) -> None:
        with pytest.raises(ValidationFailed, match="not a sound recording we can read"):
            _create(personas, bytes(range(256)) * 40, "ban-tin.mp3")

    def test_a_playlist_dressed_as_audio_reads_no_local_file(self, personas: Personas) -> None:
        playlist = b"#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n"
        with pytest.raises(ValidationFailed, match="not a sound recording we can read"):
            _create(personas, playlist, "ban-tin.mp3")

    def test_an_oversize_file_is_refused_before_it_is_read(self, personas: Personas) -> None:
        data = f.tone(2.0)
        with (
            override_settings(OUTREACH_AUDIO_MAX_BYTES=len(data) - 1),
            pytest.raises(ValidationFailed, match="recordings may be at most"),
        ):
            _create(personas, data, "ban-tin.wav")
        with override_settings(OUTREACH_AUDIO_MAX_BYTES=len(data)):
            assert _create(personas, data, "ban-tin.wav").pk

    def test_a_recording_longer_than_the_limit_is_refused(self, personas: Personas) -> None:
        with (
            override_settings(OUTREACH_AUDIO_MAX_SECONDS=2),
            pytest.raises(ValidationFailed, match="lasts 0:03; a bulletin may last at most 0:02"),
        ):
            _create(personas, f.tone(3.0), "dai.wav")
        assert not Bulletin.objects.exists()

    def test_an_empty_file_is_refused(self, personas: Personas) -> None:
        with pytest.raises(ValidationFailed, match="empty"):
            _create(personas, b"", "rong.mp3")

    def test_it_plays_before_it_expires(self, personas: Personas) -> None:
        now = timezone.now()
        with pytest.raises(ValidationFailed, match="before it expires"):
            services.bulletin_create_from_upload(
                unit=personas.commune_a_unit,
                title="Sai giờ",
                upload=f.upload(f.tone(1.0)),
                priority=Priority.NORMAL,
                plays_from=now,
                expires_at=now,
                by=personas.commune_a,
            )

    def test_an_officer_issues_only_for_their_units(self, personas: Personas) -> None:
        with pytest.raises(Forbidden):
            services.bulletin_create_from_upload(
                unit=personas.commune_b_unit,
                title="Không phải xã mình",
                upload=f.upload(f.tone(1.0)),
                priority=Priority.NORMAL,
                by=personas.commune_a,
                **f.window(),
            )


class SpeechBulletinTests:
    def test_a_text_becomes_a_spoken_draft(self, personas: Personas) -> None:
        bulletin = f.spoken(personas.commune_a_unit, personas.commune_a)
        assert bulletin.source == BulletinSource.SPEECH
        assert bulletin.text == f.SENTENCE
        assert bulletin.duration is not None and bulletin.duration > 3
        with bulletin.audio.open("rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == bulletin.sha256

    def test_changing_the_text_speaks_it_again(self, personas: Personas) -> None:
        bulletin = f.spoken(personas.commune_a_unit, personas.commune_a)
        before, old_name = bulletin.sha256, bulletin.audio.name
        changed = services.bulletin_update(
            bulletin=bulletin,
            version=bulletin.version,
            title="Cảnh báo mới",
            text="Xin chào bà con.",
            priority=Priority.PRIORITY,
            plays_from=bulletin.plays_from,
            expires_at=bulletin.expires_at,
            by=personas.commune_a,
        )
        assert changed.sha256 != before
        assert changed.duration is not None and changed.duration < 3
        assert changed.audio.name != old_name
        assert changed.history.count() == 2

    def test_a_stale_version_is_a_conflict(self, personas: Personas) -> None:
        bulletin = f.spoken(personas.commune_a_unit, personas.commune_a, text="Một.")
        args: dict[str, Any] = {
            "title": "Khác",
            "text": "Một.",
            "priority": Priority.NORMAL,
            "plays_from": bulletin.plays_from,
            "expires_at": bulletin.expires_at,
            "by": personas.commune_a,
        }
        services.bulletin_update(bulletin=bulletin, version=1, **args)
        with pytest.raises(Conflict):
            services.bulletin_update(
                bulletin=Bulletin.objects.get(), version=1, **{**args, "title": "Lại khác"}
            )


class PublishTests:
    def test_a_commune_officer_publishes_to_their_station(self, personas: Personas) -> None:
        station = f.station(personas.commune_a_unit)
        bulletin = f.recorded(personas.commune_a_unit, personas.commune_a)
        services.bulletin_publish(
            bulletin=bulletin, version=bulletin.version, stations=[station], by=personas.commune_a
        )
        bulletin.refresh_from_db()
        assert bulletin.status == BulletinStatus.PUBLISHED
        assert bulletin.published_at is not None
        assert list(services.target_stations(bulletin)) == [station]
        assert bulletin.history.first().history_change_reason == station.name

    def test_a_commune_officer_cannot_send_to_another_communes_station(
        self, personas: Personas
    ) -> None:
        other = f.station(personas.commune_b_unit, "Đài xã Kim Sơn")
        f.station(personas.commune_a_unit)
        bulletin = f.recorded(personas.commune_a_unit, personas.commune_a)
        with pytest.raises(Forbidden, match="Đài xã Kim Sơn"):
            services.bulletin_publish(
                bulletin=bulletin, version=None, stations=[other], by=personas.commune_a
            )
        with pytest.raises(Forbidden):
            services.bulletin_publish(
                bulletin=bulletin,
                version=None,
                zones=[personas.district_unit],
                by=personas.commune_a,
            )
        bulletin.refresh_from_db()
        assert bulletin.status == BulletinStatus.DRAFT
        assert not bulletin.stations.exists()

    def test_the_province_sends_to_every_station_by_zone(self, personas: Personas) -> None:
        a = f.station(personas.commune_a_unit)
        b = f.station(personas.commune_b_unit)
        c = f.station(personas.other_commune_unit)
        f.station(personas.commune_a_unit, "Đài cũ", active=False)
        bulletin = f.recorded(personas.province_unit, personas.province)
        services.bulletin_publish(
            bulletin=bulletin, version=None, zones=[personas.province_unit], by=personas.province
        )
        assert set(services.target_stations(bulletin)) == {a, b, c}

    def test_a_hamlet_zone_reaches_its_communes_station(self, personas: Personas) -> None:
        a = f.station(personas.commune_a_unit)
        f.station(personas.commune_b_unit)
        bulletin = f.recorded(personas.commune_a_unit, personas.commune_a)
        services.bulletin_publish(
            bulletin=bulletin, version=None, zones=[personas.hamlet_a_unit], by=personas.commune_a
        )
        assert list(services.target_stations(bulletin)) == [a]

    def test_it_needs_a_target_reaching_a_station(self, personas: Personas) -> None:
        bulletin = f.recorded(personas.commune_a_unit, personas.commune_a)
        with pytest.raises(ValidationFailed, match="at least one station or zone"):
            services.bulletin_publish(bulletin=bulletin, version=None, by=personas.commune_a)
        with pytest.raises(ValidationFailed, match="No radio station in service"):
            services.bulletin_publish(
                bulletin=bulletin,
                version=None,
                zones=[personas.commune_a_unit],
                by=personas.commune_a,
            )

    def test_an_expired_bulletin_is_not_published(self, personas: Personas) -> None:
        f.station(personas.commune_a_unit)
        bulletin = f.recorded(personas.commune_a_unit, personas.commune_a)
        Bulletin.objects.filter(pk=bulletin.pk).update(
            expires_at=timezone.now() - dt.timedelta(minutes=1)
        )
        bulletin.refresh_from_db()
        with pytest.raises(ValidationFailed, match="expired"):
            services.bulletin_publish(
                bulletin=bulletin,
                version=None,
                zones=[personas.commune_a_unit],
                by=personas.commune_a,
            )

    def test_only_a_draft_is_published_or_changed(self, personas: Personas) -> None:
        f.station(personas.commune_a_unit)
        bulletin = f.published(personas.commune_a_unit, personas.commune_a)
        with pytest.raises(Conflict, match="only a draft"):
            services.bulletin_publish(
                bulletin=bulletin,
                version=None,
                zones=[personas.commune_a_unit],
                by=personas.commune_a,
            )
        with pytest.raises(Conflict, match="only a draft"):
            services.bulletin_update(
                bulletin=bulletin,
                version=None,
                title="x",
                text="",
                priority=0,
                plays_from=bulletin.plays_from,
                expires_at=bulletin.expires_at,
                by=personas.commune_a,
            )

    def test_withdrawing_stops_its_programme_items(self, personas: Personas) -> None:
        station = f.station(personas.commune_a_unit)
        bulletin = f.published(personas.commune_a_unit, personas.commune_a)
        item = ProgrammeItem.objects.create(
            station=station,
            day=timezone.localdate(),
            starts_at=timezone.now(),
            position=1,
            bulletin=bulletin,
        )
        services.bulletin_withdraw(
            bulletin=bulletin, version=bulletin.version, by=personas.commune_a
        )
        bulletin.refresh_from_db()
        item.refresh_from_db()
        assert bulletin.status == BulletinStatus.WITHDRAWN
        assert item.withdrawn_at is not None
        with pytest.raises(DomainError, match="already withdrawn"):
            services.bulletin_withdraw(bulletin=bulletin, version=None, by=personas.commune_a)
