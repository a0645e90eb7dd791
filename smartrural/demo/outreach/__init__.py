"""Demo outreach (``data/outreach.yaml``): subscribers, templates, campaigns sent for real to fake
providers, and the commune radio with a day's programme.

- Subscribers: 12–20 per hamlet of Ngãi Xuyên, Kim Sơn and Hàm Giang (2023), signed up on paper
  at the hamlet meetings and entered by the commune's officer (``subscriber_create``), a few
  through the portal's form; phones in the demo block 0399 99x xxx, e-mails at example.vn. Some
  leave later (``subscriber_unsubscribe``: the e-mail's link or a STOP reply).
- Templates: the province office's (``template_create``), in 2023 for Trà Vinh and in 07/2025
  again for Vĩnh Long, checked against every channel's limits.
- Campaigns (``campaign_create``, ``campaign_submit``, ``campaign_cancel``) by the officer of
  their unit. Those sent are written (``campaign_enqueue``) and sent by the delivery loop
  (``delivery.drain_until_idle``) through the REAL adapters (ZNS, SMS gateway, e-mail) to the
  fake providers, in this process: ``channels.http.TRANSPORT`` is an ``httpx.WSGITransport``
  over the fake Zalo and SMS applications, e-mail goes over SMTP to the fake SMTP server on
  127.0.0.1 (``FakeSmtp``; without aiosmtpd the campaigns leave e-mail out). Numbers scripted as
  "not on Zalo" fall back to SMS, numbers the gateway blocks fail for good; then the providers'
  receipts are recorded (``delivery.receipt_record``: most delivered, a few not) and the
  campaign is finished (``campaigns_finish``), every step with the clock at the campaign's day.
  The settings and the transport are put back afterwards.
- Radio: a station per 2023 commune (out of service since 01/07/2025) and per successor commune
  (``station_create``, ``station_update``), a cluster per hamlet (``cluster_create``; the device
  tokens stay in memory for the simulated devices below and are never printed or stored);
  bulletins spoken from text (``bulletin_create_from_text``: espeak-ng) and published
  (``bulletin_publish``); on the days the radio is heard (``radio.heard`` in the data file:
  01/06/2023 and the demo's today, 02/12/2026) each cluster in service sends its heartbeats
  since the first of the month (``api_devices.contacts_record``: what the device API's
  heartbeat records, for many moments at once; one cluster with a gap), and the simulated
  devices (``fakes.station``) poll the device API in this process, download and acknowledge
  what is due (play logs).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..accounts import Actors
from ..datafiles import day
from ..story import Event
from .base import Person, _when, phone, radio_heard, spec
from .radio import RadioStory, site_host, site_transport
from .sending import CampaignsStory, Providers, fake_providers
from .subscribers import SubscribersStory

__all__ = [
    "CampaignsStory",
    "OutreachStory",
    "Person",
    "Providers",
    "RadioStory",
    "SubscribersStory",
    "events",
    "fake_providers",
    "phone",
    "site_host",
    "site_transport",
    "spec",
]


@dataclass
class OutreachStory(SubscribersStory, CampaignsStory, RadioStory):
    """The demo's outreach story: its parts' events in the order of their days."""

    def story(self) -> list[Event]:
        s = self.spec
        out: list[Event] = []
        for code, made in s["templates"]["made"].items():
            out.append((day(made), f"outreach templates {code}", self._templates(str(code))))
        rules = s["subscribers"]
        out.append((day(rules["officer_day"]), "outreach subscribers", self._subscribers))
        out.append((day(rules["unsubscribed_from"]), "outreach unsubscriptions", self._leavers))
        radio = s["radio"]
        old, new = radio["stations_2023"], radio["stations"]
        out.append((day(old["made"]), "radio stations 2023", self._stations(old)))
        out.append((day(old["retired"]), "radio stations 2023 retired", self._retire))
        out.append((day(new["made"]), "radio stations", self._stations(new)))
        for number, plan in enumerate(s["campaigns"]):
            out.append((_when(plan["at"]).date(), f"campaign {number}", self._campaign(plan)))
        for plan in radio["bulletins"]:
            out.append((_when(plan["made"]).date(), "bulletin", self._bulletin(plan)))
        for now in radio_heard():
            out.append((now.date(), "radio heard", self._radio_heard(now)))
        return out


def events(actors: Actors) -> list[Event]:
    return OutreachStory(actors).story()
