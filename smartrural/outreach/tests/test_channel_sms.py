"""The SMS adapter against the fake eSMS gateway over real HTTP: the request it sends, how the
gateway's answers map to accepted / try again / never, and a resend taken once."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from ..channels.base import Accepted, Outgoing, Permanent, Transient
from ..channels.sms import SmsGatewayAdapter, phone_for_gateway, receipt_signature
from .sms_fixtures import CALLBACK_SECRET, Gateway, gateway_fixture  # noqa: F401 - the fixture

BODY = "Xã Ngãi Xuyên thông báo: cắt điện ngày mai từ 7 giờ đến 11 giờ."


def outgoing(address: str = "84912345678", body: str = BODY, uid: str = "") -> Outgoing:
    return Outgoing(
        uid=uid or str(uuid.uuid4()), channel="sms", address=address, subject="", body=body
    )


def send(message: Outgoing) -> Any:
    adapter = SmsGatewayAdapter()
    try:
        return adapter.send(message)
    finally:
        adapter.close()


def test_it_sends_the_documented_esms_request(gateway: Gateway) -> None:
    message = outgoing()
    result = send(message)
    assert isinstance(result, Accepted)
    [taken] = gateway.fake.accepted.values()
    assert taken["SMSID"] == result.provider_id
    assert taken["Phone"] == "0912345678"
    assert taken["Content"] == BODY
    assert taken["IsUnicode"] == "1"
    assert taken["Brandname"] == "XA-NGAI-XUYEN"
    assert taken["SmsType"] == "2"
    assert taken["RequestId"] == message.uid
    signature = receipt_signature(message.uid, CALLBACK_SECRET)
    assert taken["CallbackUrl"] == (
        f"http://localhost:8000/outreach/hooks/sms/receipts/?uid={message.uid}&sig={signature}"
    )


def test_the_cost_is_segments_times_the_price(gateway: Gateway) -> None:
    # 63 characters with diacritics: one UCS-2 segment; 71: two.
    with override_settings(OUTREACH_COSTS={"sms": 800}):
        assert send(outgoing(body="ấ" * 70)).cost == Decimal(800)
        assert send(outgoing(body="ấ" * 71)).cost == Decimal(1600)
        assert send(outgoing(body="a" * 161)).cost == Decimal(1600)


def test_without_unicode_the_text_is_sent_without_accents(gateway: Gateway) -> None:
    with override_settings(OUTREACH_SMS_UNICODE=False, OUTREACH_COSTS={"sms": 800}):
        result = send(outgoing(body="Đường ấp Chợ " + "ấ" * 150))
    [taken] = gateway.fake.accepted.values()
    assert taken["Content"] == "Duong ap Cho " + "a" * 150
    assert taken["IsUnicode"] == "0"
    assert result.cost == Decimal(1600)  # 163 GSM-7 characters: two segments (UCS-2: three)


def test_a_resend_of_the_same_message_is_taken_once(gateway: Gateway) -> None:
    message = outgoing()
    first, second = send(message), send(message)
    assert isinstance(first, Accepted) and isinstance(second, Accepted)
    assert first.provider_id == second.provider_id
    assert len(gateway.fake.accepted) == 1
    assert gateway.fake.accepted[message.uid]["resends"] == 1


@pytest.mark.parametrize(
    ("script", "kind", "code"),
    [
        ("108", Permanent, "108"),
        ("99", Permanent, "99"),
        ("146", Permanent, "146"),
        ("103", Transient, "103"),
        ("140", Transient, "140"),
        ("555", Transient, "555"),
        ("http_503", Transient, "http_503"),
        ("http_429", Transient, "http_429"),
        ("http_400", Permanent, "http_400"),
    ],
)
def test_gateway_answers_map_to_results(
    gateway: Gateway, script: str, kind: Any, code: str
) -> None:
    gateway.fake.script["0912345678"] = [script]
    result: Any = send(outgoing())
    assert isinstance(result, kind)
    assert result.code == code
    assert not gateway.fake.accepted


def test_a_brandname_not_registered_is_permanent(gateway: Gateway) -> None:
    with override_settings(OUTREACH_SMS_BRANDNAME="KHAC"):
        result = send(outgoing())
    assert isinstance(result, Permanent) and result.code == "104"


def test_wrong_keys_are_transient_not_a_fallback_for_everyone(gateway: Gateway) -> None:
    with override_settings(OUTREACH_SMS_SECRET="wrong"):
        result = send(outgoing())
    assert isinstance(result, Transient) and result.code == "101"


def test_a_timeout_is_transient(gateway: Gateway) -> None:
    gateway.fake.script["0912345678"] = ["timeout"]
    with override_settings(OUTREACH_SMS_TIMEOUT=0.3):
        result = send(outgoing())
    assert isinstance(result, Transient) and result.code == "timeout"


def test_a_gateway_that_is_down_is_transient(gateway: Gateway) -> None:
    with override_settings(OUTREACH_SMS_URL="http://127.0.0.1:9/send"):
        result = send(outgoing())
    assert isinstance(result, Transient) and result.code == "network"


def test_an_unconfigured_gateway_fails_loudly() -> None:
    with override_settings(OUTREACH_SMS_API_KEY=""), pytest.raises(ImproperlyConfigured):
        SmsGatewayAdapter()


@pytest.mark.parametrize(
    ("style", "expected"),
    [("local", "0912345678"), ("84", "84912345678"), ("+84", "+84912345678")],
)
def test_phones_are_written_as_the_gateway_wants(style: str, expected: str) -> None:
    assert phone_for_gateway("84912345678", style) == expected
