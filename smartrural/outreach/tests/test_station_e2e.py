"""End to end: a published bulletin reaches a simulated cluster over HTTP (the application
called through httpx's WSGI transport), which downloads it, checks its checksum and
acknowledges it; an emergency published mid-programme comes first with ``interrupt``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest
import time_machine

from smartrural.testing import TODAY, Personas, clock_at

from ..fakes.station import SimulatedCluster
from ..models import Heartbeat, PlayLog, Priority
from .station_support import bulletin, cluster, local, station

DAY = TODAY


@pytest.fixture
def device_transport(wsgi_transport: httpx.WSGITransport) -> httpx.WSGITransport:
    return wsgi_transport


@pytest.mark.django_db
class SimulatedStationTests:
    def test_a_bulletin_reaches_the_cluster_and_an_emergency_preempts(
        self, personas: Personas, device_transport: httpx.WSGITransport
    ) -> None:
        unit = personas.commune_a_unit
        st = station(unit)
        issued = cluster(st, hamlet=personas.hamlet_a_unit)
        end = local(DAY + dt.timedelta(days=1), 0)
        with time_machine.travel(local(DAY, 11, 0, ), tick=False) as clock:  # fmt: skip
            bulletin(unit, title="Thu hoạch lúa", plays_from=local(DAY, 7), expires_at=end,
                     zones=[unit])  # fmt: skip
            bulletin(unit, title="Họp dân", plays_from=local(DAY, 8), expires_at=end,
                     stations=[st])  # fmt: skip
            with SimulatedCluster(
                "http://testserver", issued.token, transport=device_transport
            ) as device:
                played = device.run_once(limit=1)
                assert [(p.title, p.status) for p in played] == [("Thu hoạch lúa", "played")]
                assert played[0].audio_bytes > 0

                # Mid-programme: an emergency is published; the next poll gets it first.
                clock.move_to(local(DAY, 11, 2))
                bulletin(unit, title="Cảnh báo xâm nhập mặn", priority=Priority.EMERGENCY,
                         plays_from=local(DAY, 11, 2), expires_at=end,
                         zones=[personas.province_unit])  # fmt: skip
                items = device.next()
                assert [(i["title"], i["interrupt"]) for i in items] == [
                    ("Cảnh báo xâm nhập mặn", True),
                    ("Họp dân", False),
                ]
                played = device.run_once()
                assert [p.title for p in played] == ["Cảnh báo xâm nhập mặn", "Họp dân"]
                assert device.next() == []
                assert device.heartbeat()["status"] == "ok"
        logs = PlayLog.objects.order_by("pk").values_list("item__bulletin__title", "status")
        assert list(logs) == [
            ("Thu hoạch lúa", "played"),
            ("Cảnh báo xâm nhập mặn", "played"),
            ("Họp dân", "played"),
        ]
        assert Heartbeat.objects.filter(cluster=issued.cluster).count() == 1

    def test_a_corrupted_file_is_acknowledged_as_failed(
        self, personas: Personas, device_transport: httpx.WSGITransport
    ) -> None:
        unit = personas.commune_a_unit
        st = station(unit)
        issued = cluster(st)
        with time_machine.travel(local(DAY, 12), tick=False):
            made = bulletin(unit, plays_from=local(DAY, 7), expires_at=local(DAY, 23),
                            stations=[st])  # fmt: skip
            made.sha256 = "0" * 64
            made.save()
            with SimulatedCluster("http://testserver", issued.token,
                                  transport=device_transport) as device:  # fmt: skip
                [played] = device.run_once()
        assert (played.status, played.detail) == ("failed", "checksum mismatch")
        log: Any = PlayLog.objects.get()
        assert (log.status, log.detail) == ("failed", "checksum mismatch")


def test_a_cluster_over_real_http_fetches_checks_and_acknowledges(
    live_server: Any, personas: Personas
) -> None:
    """The same loop over the loopback, against the live test server (at 10:00, between the
    slots, so the normal bulletin has its 11:00 slot whenever the test runs)."""
    with clock_at(DAY, hour=10):
        _real_http_loop(live_server, personas)


def _real_http_loop(live_server: Any, personas: Personas) -> None:
    from django.utils import timezone

    unit = personas.commune_a_unit
    st = station(unit)
    issued = cluster(st)
    now = timezone.now()
    bulletin(unit, title="Lịch cắt điện", plays_from=now - dt.timedelta(hours=1),
             expires_at=now + dt.timedelta(days=1), stations=[st])  # fmt: skip
    bulletin(unit, title="Cảnh báo lốc xoáy", priority=Priority.EMERGENCY, plays_from=now,
             expires_at=now + dt.timedelta(hours=3), zones=[unit])  # fmt: skip
    with SimulatedCluster(live_server.url, issued.token) as device:
        items = device.next()
        assert [(i["title"], i["interrupt"]) for i in items] == [
            ("Cảnh báo lốc xoáy", True),
            ("Lịch cắt điện", False),
        ]
        assert items[0]["audio_url"].startswith(live_server.url)
        played = [device.play(item) for item in items]
        assert [p.status for p in played] == ["played", "played"]
        assert device.next() == []
    assert PlayLog.objects.filter(cluster=issued.cluster, status="played").count() == 2


@pytest.mark.django_db
class TextBulletinTests:
    def test_a_text_bulletin_spoken_and_published_reaches_the_cluster(
        self, personas: Personas, device_transport: httpx.WSGITransport
    ) -> None:
        """Through the bulletins' own services: spoken by the speech engine, published to the
        commune; the simulated cluster fetches the MP3, checks it and acknowledges it."""
        from ..services.bulletins import bulletin_create_from_text, bulletin_publish

        unit = personas.commune_a_unit
        st = station(unit)
        issued = cluster(st, hamlet=personas.hamlet_a_unit)
        with time_machine.travel(local(DAY, 10), tick=False):
            made = bulletin_create_from_text(
                unit=unit,
                title="Lịch tiêm phòng cho trâu bò",
                text="Sáng mai, xã tổ chức tiêm phòng lở mồm long móng cho trâu bò tại ấp Chợ.",
                priority=Priority.NORMAL,
                plays_from=local(DAY, 10),
                expires_at=local(DAY, 20),
                by=personas.commune_a,
            )
            bulletin_publish(bulletin=made, version=None, zones=[unit], by=personas.commune_a)
        device = SimulatedCluster("http://testserver", issued.token, transport=device_transport)
        with time_machine.travel(local(DAY, 11) + dt.timedelta(seconds=5), tick=False), device:
            [played] = device.run_once()
        assert (played.title, played.status) == ("Lịch tiêm phòng cho trâu bò", "played")
        made.refresh_from_db()
        assert played.audio_bytes == made.audio.size > 0
        log = PlayLog.objects.get()
        assert (log.cluster_id, log.item.bulletin_id) == (issued.cluster.pk, made.pk)
