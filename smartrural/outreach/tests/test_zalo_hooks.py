"""Zalo's webhook through the test client: signature first, then receipts and followers."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from smartrural.testing import Personas

from .. import delivery
from ..channels.memory import MemoryAdapter
from ..fakes.zalo import sign
from ..models import Message, MessageStatus, Subscriber, Topic
from ..services.messages import message_send
from . import factories

pytestmark = pytest.mark.django_db

URL = "/outreach/hooks/zalo/"
APP_ID = "1860141329355019864"
SECRET = "oa-secret-key"


@pytest.fixture(autouse=True)
def zalo_settings(settings: Any) -> None:
    MemoryAdapter.reset()
    settings.OUTREACH_ZALO_APP_ID = APP_ID
    settings.OUTREACH_ZALO_OA_SECRET = SECRET


def accepted(personas: Personas, channel: str = "zns", key: str = "k1") -> Message:
    """A message the provider accepted (through the memory adapters)."""
    values: dict[str, Any] = {
        "source": "test",
        "idempotency_key": key,
        "unit": personas.hamlet_a_unit,
        "topic": Topic.FEEDBACK,
        "body": "Phản ánh của ông/bà đã được trả lời.",
    }
    if channel == "zns":
        values |= {"phone": "0912345678", "zns_template": ("248079", {"ma": "PA-1"})}
    else:
        values |= {"zalo_user_id": "4368496045530124700"}
    message = message_send(channels=[channel], **values)
    delivery.drain()
    message.refresh_from_db()
    assert message.status == MessageStatus.ACCEPTED
    return message


def zns_event(message: Message, **overrides: Any) -> dict[str, Any]:
    return {
        "app_id": APP_ID,
        "event_name": "user_received_message",
        "sender": {"id": "579745863508352884"},
        "recipient": {"id": message.address},
        "message": {
            "delivery_time": "1764806400000",
            "msg_id": message.provider_id,
            "tracking_id": str(message.uid),
        },
        "timestamp": "1764806400123",
        **overrides,
    }


def post(client: Client, event: Any, *, secret: str = SECRET, signature: str | None = None) -> Any:
    body = event if isinstance(event, bytes) else json.dumps(event).encode()
    if signature is None:
        timestamp = event.get("timestamp", "") if isinstance(event, dict) else ""
        signature = sign(app_id=APP_ID, body=body, timestamp=str(timestamp), secret=secret)
    headers = {"X-ZEvent-Signature": signature} if signature else {}
    return client.post(URL, data=body, content_type="application/json", headers=headers)


class ZaloHookSignatureTests:
    def test_a_signed_delivery_event_marks_the_message_delivered(
        self, client: Client, personas: Personas
    ) -> None:
        message = accepted(personas)
        answer = post(client, zns_event(message))
        assert answer.status_code == 200
        assert answer.json() == {"result": "recorded"}
        message.refresh_from_db()
        assert message.status == MessageStatus.DELIVERED
        assert message.delivered_at == dt.datetime(2025, 12, 4, 0, 0, tzinfo=dt.UTC)

    @pytest.mark.parametrize(
        "signature",
        ["", "mac=" + "0" * 64, "0" * 64, "mac="],
    )
    def test_a_missing_or_wrong_signature_is_403_and_changes_nothing(
        self, client: Client, personas: Personas, signature: str
    ) -> None:
        message = accepted(personas)
        answer = post(client, zns_event(message), signature=signature)
        assert answer.status_code == 403
        assert answer.json() == {"detail": "Missing or invalid signature."}
        message.refresh_from_db()
        assert message.status == MessageStatus.ACCEPTED

    def test_a_signature_with_another_secret_is_403(
        self, client: Client, personas: Personas
    ) -> None:
        message = accepted(personas)
        assert post(client, zns_event(message), secret="other").status_code == 403
        message.refresh_from_db()
        assert message.status == MessageStatus.ACCEPTED

    def test_a_body_changed_after_signing_is_403(self, client: Client, personas: Personas) -> None:
        message = accepted(personas)
        event = zns_event(message)
        signature = sign(
            app_id=APP_ID,
            body=json.dumps(event).encode(),
            timestamp=event["timestamp"],
            secret=SECRET,
        )
        event["message"]["msg_id"] = "other"
        assert post(client, event, signature=signature).status_code == 403

    def test_without_a_configured_secret_everything_is_403(
        self, client: Client, personas: Personas, settings: Any
    ) -> None:
        message = accepted(personas)
        settings.OUTREACH_ZALO_OA_SECRET = ""
        assert post(client, zns_event(message), secret="").status_code == 403
        message.refresh_from_db()
        assert message.status == MessageStatus.ACCEPTED

    def test_a_get_is_not_allowed(self, client: Client) -> None:
        assert client.get(URL).status_code == 405


class ZaloHookInputTests:
    def test_malformed_json_is_400(self, client: Client) -> None:
        answer = post(client, b"{not json", signature="mac=" + "0" * 64)
        assert answer.status_code == 400
        assert answer.json() == {"detail": "Not JSON."}

    @pytest.mark.parametrize("event", [[1, 2], {"event_name": "x"}, {"timestamp": {"a": 1}}])
    def test_json_that_is_not_an_event_is_400(self, client: Client, event: Any) -> None:
        body = json.dumps(event).encode()
        assert post(client, body, signature="mac=" + "0" * 64).status_code == 400

    def test_a_body_over_the_limit_is_413(self, client: Client) -> None:
        event = {"timestamp": "1", "event_name": "x", "pad": "a" * (64 * 1024)}
        assert post(client, event).status_code == 413

    def test_a_body_at_the_limit_is_read(self, client: Client) -> None:
        event: dict[str, Any] = {"timestamp": "1", "event_name": "user_seen_message", "pad": ""}
        event["pad"] = "a" * (64 * 1024 - len(json.dumps(event)))
        assert len(json.dumps(event)) == 64 * 1024
        answer = post(client, event)
        assert answer.status_code == 200
        assert answer.json() == {"result": "ignored"}

    def test_an_event_we_do_not_use_is_200_ignored(self, client: Client) -> None:
        event = {"app_id": APP_ID, "event_name": "user_send_text", "timestamp": "1"}
        answer = post(client, event)
        assert (answer.status_code, answer.json()) == (200, {"result": "ignored"})

    def test_a_receipt_for_an_unknown_message_is_200(self, client: Client) -> None:
        event = {
            "event_name": "user_received_message",
            "message": {"msg_id": "nope", "tracking_id": "not-a-uuid"},
            "timestamp": "1",
        }
        answer = post(client, event)
        assert (answer.status_code, answer.json()) == (200, {"result": "unknown message"})

    def test_fields_of_the_wrong_type_are_no_500(self, client: Client) -> None:
        event = {
            "event_name": "user_received_message",
            "message": "text",
            "msg_id": 5,
            "timestamp": 17,
        }
        assert post(client, event).status_code == 200
        assert post(client, {**event, "event_name": "unfollow", "follower": 3}).status_code == 200


class ZaloHookReceiptTests:
    def test_a_repeated_receipt_changes_nothing(self, client: Client, personas: Personas) -> None:
        message = accepted(personas)
        post(client, zns_event(message))
        message.refresh_from_db()
        first = (message.status, message.delivered_at)
        later = zns_event(message, timestamp="1764806500000")
        later["message"]["delivery_time"] = "1764806500000"
        assert post(client, later).status_code == 200
        message.refresh_from_db()
        assert (message.status, message.delivered_at) == first

    def test_a_zns_receipt_without_tracking_id_is_matched_by_msg_id(
        self, client: Client, personas: Personas
    ) -> None:
        message = accepted(personas)
        event = zns_event(message)
        del event["message"]["tracking_id"]
        assert post(client, event).json() == {"result": "recorded"}
        message.refresh_from_db()
        assert message.status == MessageStatus.DELIVERED

    def test_an_oa_receipt_is_matched_by_msg_id(self, client: Client, personas: Personas) -> None:
        message = accepted(personas, channel="zalo_oa")
        event = {
            "app_id": APP_ID,
            "event_name": "user_received_message",
            "sender": {"id": "579745863508352884"},
            "recipient": {"id": message.address},
            "message": {"msg_id": message.provider_id},
            "timestamp": "1764806400000",
        }
        assert post(client, event).json() == {"result": "recorded"}
        message.refresh_from_db()
        assert message.status == MessageStatus.DELIVERED
        assert message.delivered_at == dt.datetime(2025, 12, 4, 0, 0, tzinfo=dt.UTC)


class ZaloHookFollowerTests:
    def test_an_unfollow_stops_choosing_the_oa_and_keeps_the_rest(
        self, client: Client, personas: Personas
    ) -> None:
        person = factories.subscriber(
            personas.hamlet_a_unit,
            phone="84912345678",
            zalo_user_id="4368496045530124700",
            channels="zalo_oa,zns,sms",
        )
        only_oa = factories.subscriber(
            personas.hamlet_a_unit, zalo_user_id="99", channels="zalo_oa"
        )
        event = {
            "app_id": APP_ID,
            "oa_id": "579745863508352884",
            "event_name": "unfollow",
            "follower": {"id": "4368496045530124700"},
            "timestamp": "1764806400000",
        }
        assert post(client, event).json() == {"result": "recorded"}
        person.refresh_from_db()
        assert person.channels == "zns,sms"
        assert person.zalo_user_id == "4368496045530124700"  # nothing personal is cleared
        assert person.history.count() == 2
        post(client, {**event, "follower": {"id": "99"}})
        only_oa.refresh_from_db()
        assert only_oa.channels == "zalo_oa"
        assert Subscriber.objects.count() == 2

    def test_a_follow_changes_nothing(self, client: Client, personas: Personas) -> None:
        person = factories.subscriber(
            personas.hamlet_a_unit, zalo_user_id="7", channels="zns,sms", phone="84912345678"
        )
        event = {"event_name": "follow", "follower": {"id": "7"}, "timestamp": "1"}
        assert post(client, event).json() == {"result": "ignored"}
        person.refresh_from_db()
        assert person.channels == "zns,sms"
