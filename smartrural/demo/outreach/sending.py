"""The story's campaigns, created, submitted and sent for real through the adapters to the fake
providers running in this process."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from django.test.utils import override_settings

from smartrural.outreach import delivery
from smartrural.outreach.channels import http
from smartrural.outreach.channels.base import Receipt
from smartrural.outreach.fakes.sms import FakeSmsGateway
from smartrural.outreach.fakes.zalo import FakeZaloOa, FakeZns
from smartrural.outreach.models import (
    Campaign,
    Channel,
    Message,
    MessageStatus,
    Subscriber,
)
from smartrural.outreach.services.campaigns import (
    campaign_cancel,
    campaign_create,
    campaign_enqueue,
    campaign_submit,
    campaigns_finish,
)

from ..clock import at
from .base import (
    BRANDNAME,
    FAKE_KEYS,
    OA_HOST,
    SMS_HOST,
    SMS_PATH,
    ZNS_HOST,
    _StoryBase,
    _when,
    e164,
    phone,
    quiet,
    spec,
)

# ---------------------------------------------------------------------------------------------
# The fake providers, in this process


@dataclass
class Providers:
    zns: FakeZns
    sms: FakeSmsGateway
    email: bool  # the fake SMTP server runs


@contextmanager
def fake_providers(*, numbers: int) -> Iterator[Providers]:
    """The real adapters pointed at the fake providers (see the module's text) while the block
    runs; the transport and the settings are put back afterwards."""
    rules = spec()["subscribers"]
    zns = FakeZns(access_token=FAKE_KEYS["token"], callback_url="")
    oa = FakeZaloOa(access_token=FAKE_KEYS["token"], callback_url="")
    sms = FakeSmsGateway(
        api_key=FAKE_KEYS["api"], secret_key=FAKE_KEYS["secret"], brandnames=(BRANDNAME,)
    )
    zns.set_script(
        {e164(phone(n)): [-118] for n in range(numbers) if n % rules["not_on_zalo_every"] == 0}
    )
    sms.script = {phone(n): ["99"] for n in range(numbers) if n % rules["sms_refused_every"] == 7}
    apps: dict[str, Any] = {ZNS_HOST: zns, OA_HOST: oa, SMS_HOST: sms}

    def route(environ: dict[str, Any], start_response: Any) -> Any:
        return apps[environ["SERVER_NAME"]](environ, start_response)

    adapters = {
        Channel.ZNS: "smartrural.outreach.channels.zalo.ZnsAdapter",
        Channel.ZALO_OA: "smartrural.outreach.channels.zalo.ZaloOaAdapter",
        Channel.SMS: "smartrural.outreach.channels.sms.SmsGatewayAdapter",
    }
    overrides: dict[str, Any] = {
        "OUTREACH_ZNS_URL": f"http://{ZNS_HOST}",
        "OUTREACH_ZALO_OA_URL": f"http://{OA_HOST}",
        "OUTREACH_ZALO_ACCESS_TOKEN": FAKE_KEYS["token"],
        "OUTREACH_ZALO_ACCESS_TOKEN_FILE": "",
        "OUTREACH_SMS_URL": f"http://{SMS_HOST}{SMS_PATH}",
        "OUTREACH_SMS_API_KEY": FAKE_KEYS["api"],
        "OUTREACH_SMS_SECRET": FAKE_KEYS["secret"],
        "OUTREACH_SMS_BRANDNAME": BRANDNAME,
        "OUTREACH_SMS_CALLBACK_SECRET": "demo-sms-callback",
        "OUTREACH_SMS_PHONE_FORMAT": "local",
        "OUTREACH_SMS_UNICODE": True,
        "OUTREACH_RATES": {},
        "OUTREACH_DAILY_QUOTAS": {},
    }
    previous = http.TRANSPORT
    with ExitStack() as stack:
        stack.enter_context(quiet("httpx", "mail.log"))
        try:
            from smartrural.outreach.fakes.smtp import FakeSmtp  # local: aiosmtpd (dev only)
        except ImportError:
            smtp = None
        else:
            smtp = stack.enter_context(FakeSmtp())
            adapters[Channel.EMAIL] = "smartrural.outreach.channels.email.EmailAdapter"
            overrides |= {
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": smtp.port,
                "EMAIL_USE_TLS": False,
                "EMAIL_USE_SSL": False,
                "EMAIL_HOST_USER": "",
                "EMAIL_HOST_PASSWORD": "",
            }
        stack.enter_context(override_settings(OUTREACH_ADAPTERS=adapters, **overrides))
        http.TRANSPORT = httpx.WSGITransport(app=route)
        try:
            yield Providers(zns=zns, sms=sms, email=smtp is not None)
        finally:
            http.TRANSPORT = previous


class CampaignsStory(_StoryBase):
    """The campaigns of the story, sent to the fake providers."""

    # -- campaigns -------------------------------------------------------------------------

    def _campaign(self, plan: dict[str, Any]) -> Callable[[], None]:
        def run() -> None:
            created = _when(plan["at"])
            on = created.date()
            unit = self._unit(str(plan["unit"]), on)
            officer = self._officer(unit)
            if plan["hamlets"] == "all":
                audience = [unit]
            elif isinstance(plan["hamlets"], list):
                audience = [self._unit(str(code), on) for code in plan["hamlets"]]
            else:
                audience = self._hamlets(unit, on)[: int(plan["hamlets"])]
            fate = plan["fate"]
            numbers = len(self.people) or Subscriber.objects.count()
            with fake_providers(numbers=numbers) as providers:
                channels = [c for c in plan["channels"] if c != Channel.EMAIL or providers.email]
                with at(created):
                    campaign = campaign_create(
                        unit=unit,
                        user=officer,
                        title=plan["title"],
                        template=self._template(plan["template"], str(plan["province"]), on),
                        values=dict(plan["values"]),
                        audience_units=audience,
                        audience_as_of=on,
                        topics=plan["topics"],
                        channels=channels,
                        send_at=_when(plan["send_at"]) if plan.get("send_at") else None,
                    )
                    campaign = campaign_submit(
                        campaign=campaign, version=campaign.version, user=officer
                    )
                if fate == "sent":
                    self._send(campaign, created, providers)
            if fate == "cancelled":
                with at(_when(plan["cancelled"])):
                    campaign.refresh_from_db()
                    campaign_cancel(campaign=campaign, version=campaign.version, user=officer)

        return run

    def _send(self, campaign: Campaign, created: dt.datetime, providers: Providers) -> None:
        """What the worker does: write the messages, send them, record the receipts that come
        back over the next minutes, finish the campaign."""
        every = self.spec["subscribers"]["receipt_failed_every"]
        with at(created + dt.timedelta(seconds=5)):
            campaign_enqueue(campaign=campaign)  # nothing when the task did it on commit
            delivery.drain_until_idle()
        accepted = list(
            Message.objects.filter(
                campaign=campaign,
                status=MessageStatus.ACCEPTED,
                channel__in=[Channel.ZNS, Channel.SMS],
            )
            .order_by("pk")
            .values_list("pk", "channel", "uid")
        )
        receipts_at = created + dt.timedelta(minutes=3)
        with at(receipts_at):
            for index, (pk, channel, uid) in enumerate(accepted):
                delivered = index % every != every - 1
                when = created + dt.timedelta(seconds=20 + (pk % 90))
                delivery.receipt_record(
                    channel=channel,
                    receipt=Receipt(
                        delivered=delivered,
                        uid=str(uid),
                        code="" if delivered else ("-114" if channel == Channel.ZNS else "4"),
                        detail=""
                        if delivered
                        else (
                            "User is inactive, or reject the message"
                            if channel == Channel.ZNS
                            else "SendStatus 4: not delivered"
                        ),
                        at=when,
                    ),
                )
        with at(receipts_at + dt.timedelta(seconds=5)):
            delivery.drain_until_idle()  # the fallbacks of the receipts that said "failed"
        with at(receipts_at + dt.timedelta(minutes=2)):
            later = Message.objects.filter(
                campaign=campaign, status=MessageStatus.ACCEPTED, channel=Channel.SMS
            ).values_list("uid", flat=True)
            for uid in list(later):
                delivery.receipt_record(
                    channel=Channel.SMS, receipt=Receipt(delivered=True, uid=str(uid))
                )
            campaigns_finish()
