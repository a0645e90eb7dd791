"""Zalo end to end: ``message_send`` → ``delivery.drain`` → the Zalo adapters → the fake Zalo
servers on 127.0.0.1 (and, with a live server, their delivery events back to our webhook)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from smartrural.testing import Personas

from .. import delivery
from ..channels.memory import MEMORY_ADAPTERS, MemoryAdapter
from ..channels.zalo import ZnsAdapter
from ..fakes.server import FakeServer
from ..fakes.zalo import FakeZaloOa, FakeZns
from ..models import Message, MessageStatus, Topic
from ..services.messages import message_send

TOKEN = "oa-access-token-1"
APP_ID = "1860141329355019864"
SECRET = "oa-secret-key"
PHONE = "84912345678"
FOLLOWER = "4368496045530124700"


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[FakeZns, FakeZaloOa, str, str]]:
    zns = FakeZns(access_token=TOKEN, app_id=APP_ID, oa_secret=SECRET)
    oa = FakeZaloOa(access_token=TOKEN, app_id=APP_ID, oa_secret=SECRET)
    with FakeServer(zns) as zns_server, FakeServer(oa) as oa_server:
        yield zns, oa, zns_server.url, oa_server.url


@pytest.fixture
def fakes(
    servers: tuple[FakeZns, FakeZaloOa, str, str], settings: Any
) -> Iterator[tuple[FakeZns, FakeZaloOa]]:
    zns, oa, zns_url, oa_url = servers
    for fake in (zns, oa):
        fake.reset()
        fake.callback_url = ""
    MemoryAdapter.reset()
    settings.OUTREACH_ADAPTERS = {
        **MEMORY_ADAPTERS,
        "zns": "smartrural.outreach.channels.zalo.ZnsAdapter",
        "zalo_oa": "smartrural.outreach.channels.zalo.ZaloOaAdapter",
    }
    settings.OUTREACH_ZNS_URL = zns_url
    settings.OUTREACH_ZALO_OA_URL = oa_url
    settings.OUTREACH_ZALO_ACCESS_TOKEN = TOKEN
    settings.OUTREACH_ZALO_APP_ID = APP_ID
    settings.OUTREACH_ZALO_OA_SECRET = SECRET
    yield zns, oa
    for fake in (zns, oa):
        fake.wait_receipts()
        fake.callback_url = ""
        fake.receipt_delay = 0.05


def send(personas: Personas, key: str = "k1", **kwargs: Any) -> Message:
    values: dict[str, Any] = {
        "source": "test",
        "idempotency_key": key,
        "unit": personas.hamlet_a_unit,
        "topic": Topic.WEATHER,
        "body": "Cảnh báo xâm nhập mặn: độ mặn sông Cổ Chiên 4‰, tạm ngưng lấy nước.",
        "phone": "0912 345 678",
        "zns_template": ("248079", {"noi_dung": "độ mặn 4‰, tạm ngưng lấy nước"}),
        **kwargs,
    }
    return message_send(**values)


@pytest.mark.django_db
class ZaloDeliveryTests:
    def test_a_zns_notice_reaches_the_fake_in_zalos_format(
        self, fakes: tuple[FakeZns, FakeZaloOa], personas: Personas, settings: Any
    ) -> None:
        zns, _ = fakes
        message = send(personas, channels=["zns", "sms"])
        report = delivery.drain()
        assert report.accepted == 1
        message.refresh_from_db()
        [sent] = zns.accepted
        assert sent["phone"] == PHONE
        assert sent["template_id"] == "248079"
        assert sent["template_data"] == {"noi_dung": "độ mặn 4‰, tạm ngưng lấy nước"}
        assert sent["tracking_id"] == str(message.uid)
        assert message.status == MessageStatus.ACCEPTED
        assert message.provider_id == sent["msg_id"]
        assert message.cost == Decimal(settings.OUTREACH_COSTS["zns"])
        assert not MemoryAdapter.outbox

    def test_a_phone_not_on_zalo_falls_back_to_sms(
        self, fakes: tuple[FakeZns, FakeZaloOa], personas: Personas
    ) -> None:
        zns, _ = fakes
        zns.set_script({PHONE: [-118]})
        message = send(personas, channels=["zns", "sms"])
        delivery.drain_until_idle()
        message.refresh_from_db()
        assert (message.status, message.provider_code) == (MessageStatus.FAILED, "not_on_zalo")
        assert message.error == "-118: Zalo account not existed"
        fallback = message.fallback
        assert (fallback.channel, fallback.address, fallback.status) == (
            "sms",
            PHONE,
            MessageStatus.ACCEPTED,
        )
        assert zns.accepted == []
        assert [m.address for m in MemoryAdapter.outbox] == [PHONE]

    def test_a_temporary_failure_is_retried_and_then_accepted_once(
        self, fakes: tuple[FakeZns, FakeZaloOa], personas: Personas
    ) -> None:
        zns, _ = fakes
        zns.set_script({PHONE: [503]})
        message = send(personas, channels=["zns", "sms"])
        delivery.drain()
        message.refresh_from_db()
        assert (message.status, message.provider_code) == (MessageStatus.QUEUED, "http_503")
        zns.set_script({})
        Message.objects.filter(pk=message.pk).update(next_try_at=timezone.now())
        delivery.drain()
        message.refresh_from_db()
        assert (message.status, message.attempts) == (MessageStatus.ACCEPTED, 2)
        assert len(zns.accepted) == 1

    def test_a_worker_killed_after_zalo_accepted_sends_no_second_message(
        self, fakes: tuple[FakeZns, FakeZaloOa], personas: Personas
    ) -> None:
        zns, _ = fakes
        message = send(personas, channels=["zns", "sms"])
        # The killed worker: it claimed the row and Zalo accepted, but nothing was recorded.
        [claimed] = delivery.claim(channel="zns", limit=10)
        adapter = ZnsAdapter()
        try:
            first = adapter.send(delivery.outgoing(claimed))
        finally:
            adapter.close()
        Message.objects.filter(pk=message.pk).update(
            claimed_at=timezone.now() - delivery.LEASE - dt.timedelta(seconds=1)
        )
        assert delivery.drain().accepted == 1  # the restarted worker sends it again
        message.refresh_from_db()
        assert message.status == MessageStatus.ACCEPTED
        assert message.provider_id == getattr(first, "provider_id", None)
        assert len(zns.accepted) == 1

    def test_an_oa_message_outside_the_window_falls_back_to_the_next_channel(
        self, fakes: tuple[FakeZns, FakeZaloOa], personas: Personas
    ) -> None:
        _, oa = fakes
        oa.set_script({FOLLOWER: [-230]})
        message = send(
            personas, channels=["zalo_oa", "sms"], zalo_user_id=FOLLOWER, zns_template=None
        )
        assert message.channel == "zalo_oa"
        delivery.drain_until_idle()
        message.refresh_from_db()
        assert (message.status, message.provider_code) == (MessageStatus.FAILED, "outside_window")
        assert (message.fallback.channel, message.fallback.status) == (
            "sms",
            MessageStatus.ACCEPTED,
        )
        assert oa.requests[0]["body"] == {
            "recipient": {"user_id": FOLLOWER},
            "message": {"text": message.body},
        }
        assert oa.accepted == []

    def test_an_oa_message_outside_the_window_falls_back_to_zns_when_asked(
        self, fakes: tuple[FakeZns, FakeZaloOa], personas: Personas
    ) -> None:
        zns, oa = fakes
        oa.set_script({FOLLOWER: [-230]})
        message = send(personas, channels=["zalo_oa", "zns", "sms"], zalo_user_id=FOLLOWER)
        delivery.drain_until_idle()
        message.refresh_from_db()
        assert message.fallback.channel == "zns"
        assert [a["tracking_id"] for a in zns.accepted] == [str(message.fallback.uid)]

    def test_an_oa_message_is_accepted(
        self, fakes: tuple[FakeZns, FakeZaloOa], personas: Personas
    ) -> None:
        _, oa = fakes
        message = send(personas, channels=["zalo_oa"], zalo_user_id=FOLLOWER, phone="")
        delivery.drain()
        message.refresh_from_db()
        assert message.status == MessageStatus.ACCEPTED
        assert message.provider_id == oa.accepted[0]["message_id"]


@pytest.mark.django_db(transaction=True)
def test_the_fakes_receipts_come_back_signed_and_mark_messages_delivered(
    fakes: tuple[FakeZns, FakeZaloOa],
    personas: Personas,
    live_server: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    zns, oa = fakes
    hook = f"{live_server.url}/outreach/hooks/zalo/"
    zns.callback_url = oa.callback_url = hook
    # The live server's in-memory SQLite shares one connection with this thread: the drain runs
    # here (not on commit) and the receipts come once it is done (the fakes post one at a time).
    monkeypatch.setattr("smartrural.outreach.queue.after_commit", lambda *args: None)
    zns.release.clear()
    oa.release.clear()
    by_zns = send(personas, key="a", channels=["zns"])
    by_oa = send(personas, key="b", channels=["zalo_oa"], zalo_user_id=FOLLOWER, phone="")
    assert delivery.drain().accepted == 2
    zns.release.set()
    oa.release.set()
    zns.wait_receipts()
    oa.wait_receipts()
    assert [r["status"] for r in zns.receipts + oa.receipts] == [200, 200]
    for message in (by_zns, by_oa):
        message.refresh_from_db()
        assert message.status == MessageStatus.DELIVERED
        assert message.delivered_at is not None
