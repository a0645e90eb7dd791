"""An imported CAP alert becomes an emergency bulletin and a campaign to residents' phones
(``services.alerts``, in ``cap.ALERT_HANDLERS``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from smartrural.testing import Personas

from .. import cap
from ..channels.memory import MemoryAdapter
from ..models import Campaign, CampaignStatus, Message, Priority, Topic
from . import bulletin_factories, factories

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
