"""The SMS gateway's webhooks: signed receipts move a message once; a signed STOP reply
unsubscribes and cancels what is queued; a bad signature reads and writes nothing."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from smartrural.testing import Personas

from .. import delivery
from ..channels.sms import receipt_signature
from ..models import Message, MessageStatus, Subscriber, Topic
from . import factories
from .sms_fixtures import CALLBACK_SECRET, Gateway, gateway_fixture  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
RECEIPTS = "/outreach/hooks/sms/receipts/"
INBOUND = "/outreach/hooks/sms/inbound/"


@pytest.fixture(autouse=True)
def secret() -> Any:
    with override_settings(OUTREACH_SMS_CALLBACK_SECRET=CALLBACK_SECRET):
        yield


def subscriber(personas: Personas, phone: str = "84912345678") -> Subscriber:
    return factories.subscriber(
        personas.hamlet_a_unit, phone=phone, email="ba.tu@example.vn", channels="sms,email"
    )


def message(who: Subscriber, status: str = MessageStatus.ACCEPTED, channel: str = "sms") -> Message:
    return Message.objects.create(
        subscriber=who,
        unit=who.hamlet,
        channel=channel,
        address=who.phone if channel == "sms" else who.email,
        topic=Topic.NTM,
        body="Họp dân ấp Chợ tối thứ Sáu.",
        status=status,
        fallback_channels="email" if channel == "sms" else "",
        provider_id="SMS-1" if status == MessageStatus.ACCEPTED else "",
        accepted_at=timezone.now() if status == MessageStatus.ACCEPTED else None,
        next_try_at=timezone.now() if status == MessageStatus.QUEUED else None,
    )


def receipt_query(uid: str, signature: str = "", **fields: str) -> str:
    query = {"uid": uid, "sig": signature or receipt_signature(uid, CALLBACK_SECRET)}
    return RECEIPTS + "?" + urlencode({**query, **fields})


DONE = {"SMSID": "SMS-1", "SendStatus": "5", "SendSuccess": "1", "SendFailed": "0"}


def test_a_signed_receipt_marks_the_message_delivered(client: Client, personas: Personas) -> None:
    sent = message(subscriber(personas))
    response = client.get(receipt_query(str(sent.uid), **DONE))
    assert response.status_code == 200
    sent.refresh_from_db()
    assert sent.status == MessageStatus.DELIVERED
    assert sent.delivered_at is not None


def test_a_receipt_as_a_form_post_is_read_too(client: Client, personas: Personas) -> None:
    sent = message(subscriber(personas))
    response = client.post(receipt_query(str(sent.uid)), DONE)
    assert response.status_code == 200
    sent.refresh_from_db()
    assert sent.status == MessageStatus.DELIVERED


@pytest.mark.parametrize(
    "signature", ["0" * 64, "", receipt_signature("another-uid", CALLBACK_SECRET)]
)
def test_a_bad_signature_is_403_and_changes_nothing(
    client: Client, personas: Personas, signature: str
) -> None:
    sent = message(subscriber(personas))
    query = RECEIPTS + "?" + urlencode({"uid": str(sent.uid), "sig": signature, **DONE})
    response = client.get(query)
    assert response.status_code == 403
    sent.refresh_from_db()
    assert sent.status == MessageStatus.ACCEPTED


def test_without_a_configured_secret_every_receipt_is_refused(
    client: Client, personas: Personas
) -> None:
    sent = message(subscriber(personas))
    with override_settings(OUTREACH_SMS_CALLBACK_SECRET=""):
        response = client.get(
            receipt_query(str(sent.uid), receipt_signature(str(sent.uid), ""), **DONE)
        )
    assert response.status_code == 403


def test_a_repeated_receipt_changes_nothing(client: Client, personas: Personas) -> None:
    sent = message(subscriber(personas))
    client.get(receipt_query(str(sent.uid), **DONE))
    sent.refresh_from_db()
    first = sent.delivered_at
    failed = {**DONE, "SendStatus": "4", "SendSuccess": "0", "SendFailed": "1"}
    assert client.get(receipt_query(str(sent.uid), **DONE)).status_code == 200
    assert client.get(receipt_query(str(sent.uid), **failed)).status_code == 200
    sent.refresh_from_db()
    assert sent.status == MessageStatus.DELIVERED
    assert sent.delivered_at == first
    assert not Message.objects.filter(fallback_from=sent).exists()


def test_a_failed_receipt_fails_the_message_and_falls_back_to_email(
    client: Client, personas: Personas
) -> None:
    sent = message(subscriber(personas))
    failed = {**DONE, "SendStatus": "5", "SendSuccess": "0", "SendFailed": "1"}
    assert client.get(receipt_query(str(sent.uid), **failed)).status_code == 200
    sent.refresh_from_db()
    assert sent.status == MessageStatus.FAILED
    assert sent.provider_code == "status_5"
    assert sent.fallback.channel == "email"


def test_an_interim_status_is_acknowledged_and_ignored(client: Client, personas: Personas) -> None:
    sent = message(subscriber(personas))
    response = client.get(receipt_query(str(sent.uid), SMSID="SMS-1", SendStatus="7"))
    assert response.status_code == 200
    sent.refresh_from_db()
    assert sent.status == MessageStatus.ACCEPTED


def test_a_receipt_body_too_large_is_refused(client: Client, personas: Personas) -> None:
    sent = message(subscriber(personas))
    response = client.post(receipt_query(str(sent.uid)), {"SMSID": "x" * 9000, "SendStatus": "5"})
    assert response.status_code == 413
    sent.refresh_from_db()
    assert sent.status == MessageStatus.ACCEPTED


def signed_post(client: Client, data: dict[str, str], secret: str = CALLBACK_SECRET) -> Any:
    body = json.dumps(data).encode()
    signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return client.post(
        INBOUND,
        body,
        content_type="application/json",
        headers={"X-Signature": f"sha256={signature}"},
    )


@pytest.mark.parametrize("text", ["STOP", "stop", " Từ chối ", "TU CHOI", "HỦY", "huỷ.", "Hủy ĐK"])
def test_a_stop_reply_unsubscribes_and_cancels_what_is_queued(
    client: Client, personas: Personas, text: str
) -> None:
    who = subscriber(personas)
    queued = message(who, MessageStatus.QUEUED, channel="email")
    response = signed_post(client, {"Phone": "0912345678", "Content": text})
    assert response.status_code == 200
    who.refresh_from_db()
    queued.refresh_from_db()
    assert who.unsubscribed_at is not None
    assert who.unsubscribe_reason == "stop"
    assert queued.status == MessageStatus.CANCELLED


@pytest.mark.parametrize("text", ["Huy đây, cảm ơn xã", "Đúng", "stop đi đâu", ""])
def test_other_replies_change_nothing(client: Client, personas: Personas, text: str) -> None:
    who = subscriber(personas)
    assert signed_post(client, {"Phone": "0912345678", "Content": text}).status_code == 200
    who.refresh_from_db()
    assert who.unsubscribed_at is None


def test_a_stop_from_an_unknown_number_is_200_and_nothing(
    client: Client, personas: Personas
) -> None:
    who = subscriber(personas)
    for phone in ("0987654321", "not a phone"):
        response = signed_post(client, {"Phone": phone, "Content": "STOP"})
        assert response.status_code == 200
    who.refresh_from_db()
    assert who.unsubscribed_at is None


@pytest.mark.parametrize("header", ["", "sha256=" + "0" * 64, "0" * 64])
def test_a_reply_with_a_bad_signature_is_403_and_changes_nothing(
    client: Client, personas: Personas, header: str
) -> None:
    who = subscriber(personas)
    response = client.post(
        INBOUND,
        json.dumps({"Phone": "0912345678", "Content": "STOP"}),
        content_type="application/json",
        headers={"X-Signature": header} if header else {},
    )
    assert response.status_code == 403
    who.refresh_from_db()
    assert who.unsubscribed_at is None


def test_a_reply_signed_with_another_secret_is_403(client: Client, personas: Personas) -> None:
    who = subscriber(personas)
    response = signed_post(client, {"Phone": "0912345678", "Content": "STOP"}, secret="other")
    assert response.status_code == 403
    who.refresh_from_db()
    assert who.unsubscribed_at is None


def test_a_reply_that_is_not_json_is_400(client: Client, personas: Personas) -> None:
    body = b"{not json"
    signature = hmac.new(CALLBACK_SECRET.encode(), body, hashlib.sha256).hexdigest()
    response = client.post(
        INBOUND,
        body,
        content_type="application/json",
        headers={"X-Signature": f"sha256={signature}"},
    )
    assert response.status_code == 400


def test_a_reply_too_large_is_refused(client: Client, personas: Personas) -> None:
    who = subscriber(personas)
    response = signed_post(client, {"Phone": "0912345678", "Content": "STOP", "x": "y" * 9000})
    assert response.status_code == 413
    who.refresh_from_db()
    assert who.unsubscribed_at is None


def test_get_on_the_reply_hook_is_405(client: Client) -> None:
    assert client.get(INBOUND).status_code == 405


@pytest.mark.django_db(transaction=True)
def test_the_fake_gateway_receipt_and_stop_reach_the_live_hooks(
    live_server: Any, gateway: Gateway, personas: Personas
) -> None:
    """Over real HTTP: the adapter sends through the fake gateway, which calls back the signed
    URL it was given; then the subscriber replies STOP through the gateway."""
    who = factories.subscriber(personas.hamlet_a_unit, phone="84912345678", channels="sms")
    sent = message(who, MessageStatus.QUEUED)
    adapters = {"sms": "smartrural.outreach.channels.sms.SmsGatewayAdapter"}
    with override_settings(SITE_URL=live_server.url, OUTREACH_ADAPTERS=adapters):
        delivery.drain()
    sent.refresh_from_db()
    assert sent.status == MessageStatus.ACCEPTED
    assert gateway.fake.receipt(str(sent.uid)).status_code == 200
    sent.refresh_from_db()
    assert sent.status == MessageStatus.DELIVERED
    gateway.fake.inbound_url = live_server.url + INBOUND
    assert gateway.fake.inbound("0912345678", "Từ chối").status_code == 200
    who.refresh_from_db()
    assert who.unsubscribed_at is not None
