"""An officer sends a notice to two hamlets in a real headless Chromium; it goes out through the
real adapters to local fake providers over HTTP and SMTP — Zalo ZNS, the SMS gateway, e-mail —
receipts come back signed to the live server, and the report shows delivery per channel."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from smartrural.geo.services import hamlet_create
from smartrural.outreach.fakes.server import FakeServer
from smartrural.outreach.fakes.sms import FakeSmsGateway
from smartrural.outreach.fakes.smtp import FakeSmtp
from smartrural.outreach.fakes.zalo import FakeZns
from smartrural.outreach.models import Message, MessageStatus, Topic
from smartrural.outreach.tests import factories
from smartrural.testing import IN_2023, Clock, Personas

from .helpers import assert_accessible, log_in, use_english

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ADAPTERS = {
    "zns": "smartrural.outreach.channels.zalo.ZnsAdapter",
    "sms": "smartrural.outreach.channels.sms.SmsGatewayAdapter",
    "email": "smartrural.outreach.channels.email.EmailAdapter",
}
SEND_PATH = "/MainService.svc/json/SendMultipleMessage_V4_post_json/"
TOKEN = "e2e-token"  # noqa: S105 (the fake provider's own)
SECRET = "e2e-secret"  # noqa: S105


class Fakes:
    def __init__(self, live: str) -> None:
        self.zns = FakeZns(
            access_token=TOKEN,
            oa_secret=SECRET,
            app_id="e2e-app",
            callback_url=f"{live}/outreach/hooks/zalo/",
            receipt_delay=3.0,  # after the sending request has answered
        )
        self.sms = FakeSmsGateway(brandnames=("XA-NGAI-XUYEN",))
        self.zns_server = FakeServer(self.zns).start()
        self.sms_server = FakeServer(self.sms).start()
        self.smtp = FakeSmtp().start()

    def stop(self) -> None:
        self.zns_server.stop()
        self.sms_server.stop()
        self.smtp.stop()


@pytest.fixture
def fakes(live_server: Any, settings: Any) -> Iterator[Fakes]:
    running = Fakes(live_server.url)
    settings.SITE_URL = live_server.url
    settings.OUTREACH_ADAPTERS = ADAPTERS
    settings.OUTREACH_ZNS_URL = running.zns_server.url
    settings.OUTREACH_ZALO_ACCESS_TOKEN = TOKEN
    settings.OUTREACH_ZALO_APP_ID = "e2e-app"
    settings.OUTREACH_ZALO_OA_SECRET = SECRET
    settings.OUTREACH_SMS_URL = running.sms_server.url + SEND_PATH
    settings.OUTREACH_SMS_API_KEY = running.sms.api_key
    settings.OUTREACH_SMS_SECRET = running.sms.secret_key
    settings.OUTREACH_SMS_BRANDNAME = "XA-NGAI-XUYEN"
    settings.OUTREACH_SMS_CALLBACK_SECRET = running.sms.callback_secret
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", running.smtp.port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
    settings.DEFAULT_FROM_EMAIL = "UBND xã Ngãi Xuyên <thongbao@ngaixuyen.example.vn>"
    yield running
    running.stop()


def wait_for(what: str, condition: Callable[[], bool], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"still waiting for {what}"
        time.sleep(0.2)


def test_a_notice_to_two_hamlets_goes_out_on_each_channel_and_comes_back_delivered(
    live_server: Any, page: Any, personas: Personas, clock: Clock, fakes: Fakes
) -> None:
    clock.set(IN_2023)
    cho = personas.hamlet_a_unit
    rach_bot = hamlet_create(
        commune=personas.commune_a_unit, code="2947902", name="Ấp Rạch Bót", kind="ap"
    )
    weather = (Topic.WEATHER,)
    zalo_user = factories.subscriber(
        cho, phone="84912000001", channels="zns,sms", topics=weather, name="Thạch Sa Rây"
    )
    sms_user = factories.subscriber(rach_bot, phone="84912000002", channels="sms", topics=weather)
    mail_user = factories.subscriber(
        rach_bot, email="kim.son@example.vn", channels="email", topics=weather
    )
    template = factories.template(
        personas.commune_a_unit,
        name="Cảnh báo xâm nhập mặn",
        topic=Topic.WEATHER,
        subject="Cảnh báo xâm nhập mặn",
        body="Kính gửi {{ ten }} ({{ ten_ap }}): {{ noi_dung }}",
        zns_template_id="301101",
        zns_text="Kính gửi {{ ten }}, xã cảnh báo: {{ noi_dung }}",
    )

    base = live_server.url
    use_english(page, base)
    log_in(page, base, personas.commune_a.username, language="en")
    page.goto(f"{base}/outreach/work/campaigns/new/?as_of=01/06/2023&template={template.pk}")
    page.get_by_label("Title").fill("Cảnh báo xâm nhập mặn tháng 6")
    page.get_by_label("Message template").select_option(str(template.pk))
    page.get_by_label("Placeholder values").fill("noi_dung = Độ mặn 4‰ tại cống Tân Dinh.")
    page.get_by_label("Ấp Chợ").check()
    page.get_by_label("Ấp Rạch Bót").check()
    page.get_by_label("Weather and salinity").check()
    for channel in ("Zalo ZNS (to a phone number)", "SMS", "E-mail"):
        page.get_by_label(channel, exact=True).check()
    page.get_by_role("button", name="Save the draft").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("button", name="Submit for sending").click()
    page.wait_for_load_state()

    # Sent on commit, through the real adapters: each provider got its documented request.
    wait_for("three messages accepted", lambda: _count(MessageStatus.ACCEPTED, "delivered") == 3)
    (zns_request,) = fakes.zns.requests
    assert zns_request["body"]["phone"] == "84912000001"
    assert zns_request["body"]["template_id"] == "301101"
    assert zns_request["body"]["template_data"] == {
        "ten": "Thạch Sa Rây",
        "noi_dung": "Độ mặn 4‰ tại cống Tân Dinh.",
    }
    zns_message = Message.objects.get(subscriber=zalo_user)
    assert zns_request["body"]["tracking_id"] == str(zns_message.uid)
    (sms_entry,) = fakes.sms.accepted.values()
    assert sms_entry["Phone"] == "0912000002"
    assert sms_entry["Brandname"] == "XA-NGAI-XUYEN"
    assert "Ấp Rạch Bót" in sms_entry["Content"]
    (mail,) = fakes.smtp.messages.values()
    assert mail["To"] == "kim.son@example.vn"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    mail_message = Message.objects.get(subscriber=mail_user)
    assert mail["Message-ID"].startswith(f"<{mail_message.uid}@")

    # Receipts: Zalo's webhook by itself (signed), the gateway's callback when it reports.
    sms_message = Message.objects.get(subscriber=sms_user)
    assert fakes.sms.receipt(str(sms_message.uid)).status_code == 200
    wait_for("the ZNS receipt", lambda: _status(zns_message) == MessageStatus.DELIVERED)
    assert _status(sms_message) == MessageStatus.DELIVERED
    assert _status(mail_message) == MessageStatus.ACCEPTED  # e-mail has no receipts

    page.goto(f"{base}/outreach/work/reports/")
    table = page.locator("table", has=page.get_by_text("Zalo ZNS (to a phone number)")).first
    expect(table).to_be_visible()
    rows = {
        channel: page.locator("tr", has=page.get_by_text(channel, exact=True)).first.inner_text()
        for channel in ("Zalo ZNS (to a phone number)", "SMS", "E-mail")
    }
    assert "100" in rows["Zalo ZNS (to a phone number)"]  # delivered ÷ sent, %
    assert "100" in rows["SMS"]
    assert_accessible(page)


def _count(*statuses: str) -> int:
    return Message.objects.filter(status__in=statuses).count()


def _status(message: Message) -> str:
    message.refresh_from_db()
    return message.status
