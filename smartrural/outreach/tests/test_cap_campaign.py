"""An imported CAP alert does both: an emergency bulletin that interrupts the stations of its
area, and a campaign to its residents' phones (``services.alerts``, in ``cap.ALERT_HANDLERS``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from smartrural.testing import Personas

from .. import cap
from ..channels.memory import MemoryAdapter
from ..fakes.station import SimulatedCluster
from ..models import Campaign, CampaignStatus, Message, PlayLog, Priority, Topic
from . import bulletin_factories, factories, station_support

pytestmark = pytest.mark.django_db
ALERT = (Path(__file__).parent / "data" / "cap_alert.xml").read_bytes()


@pytest.fixture(autouse=True)
def outbox() -> None:
    MemoryAdapter.reset()


def test_an_alert_plays_and_goes_to_the_residents_of_its_area(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    bulletin_factories.station(personas.commune_a_unit, "Đài xã Ngãi Xuyên")
    farmer = factories.subscriber(
        personas.hamlet_a_unit, phone="84912345678", channels="sms", topics=(Topic.WEATHER,)
    )
    factories.subscriber(  # chose other topics: not told
        personas.hamlet_a_unit, phone="84987654321", channels="sms", topics=(Topic.HEALTH,)
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = cap.cap_import(xml_bytes=ALERT, user=personas.commune_a)
    alert = result.alert
    assert alert.bulletin is not None and alert.bulletin.priority == Priority.EMERGENCY
    campaign = alert.campaign
    assert campaign is not None
    campaign.refresh_from_db()  # enqueued after the commit
    assert campaign.unit == personas.commune_a_unit
    assert campaign.created_by == personas.commune_a
    assert campaign.status in (CampaignStatus.SENDING, CampaignStatus.SENT)
    message = Message.objects.get(campaign=campaign)
    assert message.subscriber == farmer
    assert message.body.startswith("Độ mặn trên sông Hậu vượt 4 phần nghìn.")
    assert [m.address for m in MemoryAdapter.outbox] == ["84912345678"]
    # The same alert again: nothing more, no second campaign.
    with django_capture_on_commit_callbacks(execute=True):
        cap.cap_import(xml_bytes=ALERT, user=personas.province)
    assert Campaign.objects.count() == 1
    assert len(MemoryAdapter.outbox) == 1


def test_an_alert_interrupts_the_programme_of_a_simulated_station(
    personas: Personas, django_capture_on_commit_callbacks: Any, wsgi_transport: Any
) -> None:
    """The imported alert, spoken in Vietnamese, is what a station of its area fetches first,
    told to interrupt what plays; the station downloads it, checks it and acknowledges it."""
    station = station_support.station(personas.commune_a_unit)
    issued = station_support.cluster(station, hamlet=personas.hamlet_a_unit)
    now = timezone.now()
    station_support.bulletin(
        personas.commune_a_unit,
        title="Bản tin nông thôn mới",
        plays_from=now - dt.timedelta(hours=1),
        expires_at=now + dt.timedelta(days=1),
        stations=[station],
    )
    with django_capture_on_commit_callbacks(execute=True):
        alert = cap.cap_import(xml_bytes=ALERT, user=personas.commune_a).alert
    with SimulatedCluster("http://testserver", issued.token, transport=wsgi_transport) as device:
        items = device.next()
        assert (items[0]["title"], items[0]["priority"], items[0]["interrupt"]) == (
            "Độ mặn trên sông Hậu vượt 4 phần nghìn",
            "emergency",
            True,
        )
        assert items[0]["audio_mime"] == "audio/mpeg" and items[0]["duration"] > 5
        played = device.run_once(limit=1)
    assert [(p.title, p.status) for p in played] == [
        ("Độ mặn trên sông Hậu vượt 4 phần nghìn", "played")
    ]
    log = PlayLog.objects.get()
    assert log.item.bulletin == alert.bulletin
