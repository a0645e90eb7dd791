"""A fake SMS gateway on a free port and the settings that point the SMS adapter at it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.test import override_settings

from ..fakes.server import FakeServer
from ..fakes.sms import FakeSmsGateway

SEND_PATH = "/MainService.svc/json/SendMultipleMessage_V4_post_json/"
CALLBACK_SECRET = "test-callback-secret"


@dataclass
class Gateway:
    fake: FakeSmsGateway
    server: FakeServer

    @property
    def url(self) -> str:
        return self.server.url + SEND_PATH


def sms_settings(url: str, **extra: object) -> dict[str, object]:
    return {
        "OUTREACH_SMS_URL": url,
        "OUTREACH_SMS_API_KEY": "fake-key",
        "OUTREACH_SMS_SECRET": "fake-secret",
        "OUTREACH_SMS_BRANDNAME": "XA-NGAI-XUYEN",
        "OUTREACH_SMS_CALLBACK_SECRET": CALLBACK_SECRET,
        "OUTREACH_SMS_TIMEOUT": 2,
        **extra,
    }


@pytest.fixture(name="gateway")
def gateway_fixture() -> Iterator[Gateway]:
    fake = FakeSmsGateway(callback_secret=CALLBACK_SECRET)
    with FakeServer(fake) as server:
        gateway = Gateway(fake=fake, server=server)
        with override_settings(**sms_settings(gateway.url)):
            yield gateway
