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
  (``bulletin_publish``); on the demo's today (``today`` in the data file) each cluster's
  heartbeats since the first of the month (``api_devices.contacts_record``: what the device
  API's heartbeat records, for many moments at once; one cluster with a gap), and the
  simulated devices (``fakes.station``) poll the device API in this process, download and
  acknowledge what is due (play logs).
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
from django.conf import settings
from django.test.utils import override_settings

from smartrural.accounts.models import User
from smartrural.core.text import fold
from smartrural.geo.models import AdministrativeUnit, Level
from smartrural.outreach import delivery
from smartrural.outreach.api_devices import contacts_record
from smartrural.outreach.channels import http
from smartrural.outreach.channels.base import Receipt
from smartrural.outreach.fakes.sms import FakeSmsGateway
from smartrural.outreach.fakes.station import SimulatedCluster
from smartrural.outreach.fakes.zalo import FakeZaloOa, FakeZns
from smartrural.outreach.models import (
    Campaign,
    Channel,
    Cluster,
    ClusterStatus,
    ConsentSource,
    Message,
    MessageStatus,
    Priority,
    Station,
    Subscriber,
    Template,
    UnsubscribeReason,
)
from smartrural.outreach.programmes import programme_plan
from smartrural.outreach.services.bulletins import bulletin_create_from_text, bulletin_publish
from smartrural.outreach.services.campaigns import (
    campaign_cancel,
    campaign_create,
    campaign_enqueue,
    campaign_submit,
    campaigns_finish,
)
from smartrural.outreach.services.stations import cluster_create, station_create, station_update
from smartrural.outreach.services.subscribers import subscriber_create, subscriber_unsubscribe
from smartrural.outreach.services.templates import template_create

from .accounts import Actors
from .clock import LOCAL, at, moment
from .datafiles import day, read_yaml
from .story import Event

DATA = "outreach.yaml"
# The fake providers' names (no DNS: the transport hands each request to its fake).
ZNS_HOST, OA_HOST, SMS_HOST = "zns.demo.invalid", "oa.demo.invalid", "sms.demo.invalid"
SMS_PATH = "/MainService.svc/json/SendMultipleMessage_V4_post_json/"
FAKE_KEYS = {"token": "demo-zalo-token", "api": "demo-sms-key", "secret": "demo-sms-secret"}
BRANDNAME = "UBND-XA"
PRIORITIES = {
    "normal": Priority.NORMAL,
    "priority": Priority.PRIORITY,
    "emergency": Priority.EMERGENCY,
}


def spec() -> dict[str, Any]:
    data: dict[str, Any] = read_yaml(DATA)
    return data


def demo_today() -> dt.date:
    """The demo's today for the commune radio (its programme, heartbeats and plays)."""
    return day(spec()["today"])


def demo_now() -> dt.datetime:
    hour, minute = (int(part) for part in str(spec()["now"]).split(":"))
    return moment(demo_today(), hour, minute)


def _when(value: Any) -> dt.datetime:
    """``2023-03-14 07:30`` (YAML may read it as a naive datetime) in the province's time."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=LOCAL)
    return dt.datetime.fromisoformat(str(value)).replace(tzinfo=LOCAL)


def _clock(text: str, on: dt.date) -> dt.datetime:
    hour, minute = (int(part) for part in text.split(":"))
    return moment(on, hour, minute)


def phone(n: int) -> str:
    """The n-th demo subscriber's number as residents write it (0399 99x xxx)."""
    return f"{int(spec()['subscribers']['phone_block']) + n:010d}"


def e164(local: str) -> str:
    return "84" + local[1:]


@contextmanager
def quiet(*names: str) -> Iterator[None]:
    """The loggers ``names`` at WARNING while the block runs (a line per request otherwise)."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


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
            from smartrural.outreach.fakes.smtp import FakeSmtp  # aiosmtpd: development only
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


# ---------------------------------------------------------------------------------------------
# The simulated loudspeaker devices, calling the device API in this process


def site_transport() -> httpx.WSGITransport:
    """The site's WSGI application for an in-process client. As Django's test client does, the
    request signals do not close the database connection (the demo may be inside its one
    transaction)."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    handler = WSGIHandler()

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = handler(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    return httpx.WSGITransport(app=app)


def site_host() -> str:
    hosts = [h for h in settings.ALLOWED_HOSTS if h and h != "*" and not h.startswith(".")]
    return hosts[0] if hosts else "localhost"


# ---------------------------------------------------------------------------------------------
# The story


@dataclass
class Person:
    n: int
    hamlet_code: str
    name: str
    phone: str
    email: str
    channels: list[str]
    topics: list[str]
    source: str
    signed: dt.date
    pk: int | None = None


@dataclass
class OutreachStory:
    actors: Actors
    spec: dict[str, Any] = field(default_factory=spec)
    people: list[Person] = field(default_factory=list)
    tokens: dict[int, str] = field(default_factory=dict)  # cluster pk → device token (memory)

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
        out.append((demo_today(), "radio today", self._radio_today))
        return out

    # -- helpers ---------------------------------------------------------------------------

    def _unit(self, code: str, on: dt.date) -> AdministrativeUnit:
        return AdministrativeUnit.objects.valid_on(on).get(code=code)

    def _officer(self, unit: AdministrativeUnit) -> User:
        return self.actors.officer_for(unit)

    def _hamlets(self, unit: AdministrativeUnit, on: dt.date) -> list[AdministrativeUnit]:
        return list(
            AdministrativeUnit.objects.valid_on(on)
            .filter(level=Level.HAMLET, parent=unit)
            .order_by("code")
        )

    # -- templates -------------------------------------------------------------------------

    def _templates(self, province: str) -> Callable[[], None]:
        def run() -> None:
            made = day(self.spec["templates"]["made"][province])
            with at(made):
                unit = self._unit(province, made)
                for entry in self.spec["templates"]["list"]:
                    fields = {k: v for k, v in entry.items() if k != "key"}
                    template_create(unit=unit, by=self.actors.office, **fields)

        return run

    def _template(self, key: str, province: str, on: dt.date) -> Template:
        name = next(t["name"] for t in self.spec["templates"]["list"] if t["key"] == key)
        return Template.objects.get(unit=self._unit(province, on), name=name)

    # -- subscribers -----------------------------------------------------------------------

    def _plan_people(self) -> list[Person]:
        rules = self.spec["subscribers"]
        names = read_yaml("names.yaml")["officials"]
        signed = day(rules["signed_up"])
        rng = random.Random(f"{self.spec['seed']}-outreach")
        orders = list(rules["channels"])
        weights = [rules["channels"][o] for o in orders]
        people: list[Person] = []
        for code in rules["communes"]:
            commune = self._unit(str(code), signed)
            for hamlet in self._hamlets(commune, signed):
                count = rng.randint(rules["per_hamlet"]["min"], rules["per_hamlet"]["max"])
                for _i in range(count):
                    n = len(people)
                    female = rng.random() < 0.5
                    khmer = rng.random() < 0.15
                    surname = rng.choice(names["khmer_surnames" if khmer else "surnames"])
                    middle = rng.choice(names["female_middle" if female else "male_middle"])
                    given = rng.choice(
                        names["khmer_given"]
                        if khmer
                        else names["female_given" if female else "male_given"]
                    )
                    name = f"{surname} {middle} {given}"
                    channels = rng.choices(orders, weights)[0].split(",")
                    email = ""
                    if "email" in channels or rng.random() < rules["with_email"]:
                        email = f"{fold(given).replace(' ', '')}.{n:03d}@example.vn"
                    topics = [t for t, share in rules["topics"].items() if rng.random() < share]
                    web = rng.random() < rules["web_share"]
                    people.append(
                        Person(
                            n=n,
                            hamlet_code=hamlet.code,
                            name=name,
                            phone=phone(n),
                            email=email,
                            channels=channels,
                            topics=topics or ["emergency"],
                            source=ConsentSource.WEB if web else ConsentSource.PAPER,
                            signed=signed + dt.timedelta(days=rng.randint(3, 40))
                            if web
                            else signed,
                        )
                    )
        return people

    def _subscribers(self) -> None:
        self.people = self._plan_people()
        entered = day(self.spec["subscribers"]["officer_day"])
        hamlets = {
            h.code: h
            for h in AdministrativeUnit.objects.valid_on(entered).filter(
                code__in={p.hamlet_code for p in self.people}, level=Level.HAMLET
            )
        }
        for person in sorted(self.people, key=lambda p: (max(p.signed, entered), p.n)):
            hamlet = hamlets[person.hamlet_code]
            web = person.source == ConsentSource.WEB
            # The paper forms are entered by the commune's officer; the portal's form by nobody.
            with at(max(person.signed, entered), hour=10 if web else 14):
                created = subscriber_create(
                    hamlet=hamlet,
                    name=person.name,
                    phone=person.phone,
                    email=person.email,
                    topics=person.topics,
                    channels=person.channels,
                    consent_on=person.signed,
                    consent_source=person.source,
                    by=None if web else self.actors.enterer(hamlet),
                )
            person.pk = created.pk

    def _leavers(self) -> None:
        rules = self.spec["subscribers"]
        first = day(rules["unsubscribed_from"])
        every = rules["unsubscribed_every"]
        leavers = [p for p in self.people if p.n % every == every // 2]
        for index, person in enumerate(leavers):
            reason = UnsubscribeReason.LINK if person.email else UnsubscribeReason.STOP
            with at(first + dt.timedelta(days=9 * index), hour=20):
                subscriber_unsubscribe(
                    subscriber=Subscriber.objects.get(phone=e164(person.phone)),
                    reason=reason,
                    by=None,
                )

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

    # -- radio -----------------------------------------------------------------------------

    def _stations(self, block: dict[str, Any]) -> Callable[[], None]:
        def run() -> None:
            radio = self.spec["radio"]
            made = day(block["made"])
            rng = random.Random(f"{self.spec['seed']}-radio-{made}")
            with at(made):
                for entry in block["list"]:
                    unit = self._unit(str(entry["unit"]), made)
                    officer = self._officer(unit)
                    station = station_create(unit=unit, name=entry["name"], by=officer)
                    for hamlet in self._hamlets(unit, made):
                        issued = cluster_create(
                            station=station,
                            name=f"Cụm loa {hamlet.name}",
                            hamlet=hamlet,
                            speakers=rng.randint(
                                radio["speakers"]["min"], radio["speakers"]["max"]
                            ),
                            by=officer,
                        )
                        self.tokens[issued.cluster.pk] = issued.token

        return run

    def _retire(self) -> None:
        old = self.spec["radio"]["stations_2023"]
        retired = day(old["retired"])
        with at(retired, hour=8):
            for entry in old["list"]:
                last_day = retired - dt.timedelta(days=1)
                unit = self._unit(str(entry["unit"]), last_day)
                station = Station.objects.get(unit=unit)
                station_update(
                    station=station,
                    version=station.version,
                    by=self.actors.office,
                    active=False,
                )

    def _bulletin(self, plan: dict[str, Any]) -> Callable[[], None]:
        def run() -> None:
            made = _when(plan["made"])
            plays_from, expires_at = (_when(v) for v in plan["plays"])
            with at(made):
                unit = self._unit(str(plan["unit"]), made.date())
                officer = self._officer(unit)
                bulletin = bulletin_create_from_text(
                    unit=unit,
                    title=plan["title"],
                    text=plan["text"],
                    priority=PRIORITIES[plan["priority"]],
                    plays_from=plays_from,
                    expires_at=expires_at,
                    by=officer,
                )
                stations: list[Station] = []
                zones: list[AdministrativeUnit] = []
                if plan["to"] == "stations":
                    stations = list(Station.objects.filter(unit=unit, active=True))
                else:
                    zones = [self._unit(str(code), made.date()) for code in plan["to"]]
                bulletin_publish(
                    bulletin=bulletin,
                    version=bulletin.version,
                    stations=stations,
                    zones=zones,
                    by=officer,
                )

        return run

    def _radio_today(self) -> None:
        """The month up to ``now``: every cluster of the stations in service heard
        from every 5 minutes (one with a gap), and the devices playing what was due today."""
        radio = self.spec["radio"]
        today, now = demo_today(), demo_now()
        clusters = list(
            Cluster.objects.filter(station__active=True, active=True)
            .select_related("station__unit", "hamlet")
            .order_by("station__unit__code", "hamlet__code", "pk")
        )
        gap = radio["gappy"]
        gappy_station = [c for c in clusters if c.station.unit.code == str(gap["station"])]
        gappy = gappy_station[int(gap["cluster"])] if gappy_station else None
        gap_from, gap_to = _clock(gap["from"], today), _clock(gap["to"], today)
        step = dt.timedelta(minutes=5)
        # From the first of the month: the stations' 24-hour uptime and the report of the
        # month so far (the report's default period) both read whole days.
        since = moment(today.replace(day=1), 0)
        for cluster in clusters:
            beats = []
            beat = since + dt.timedelta(seconds=30 + cluster.pk % 200)
            while beat <= now:
                if cluster is not gappy or not gap_from <= beat < gap_to:
                    beats.append(beat)
                beat += step
            contacts_record(cluster, moments=beats, reported_status=ClusterStatus.OK)
        # The devices: each polls just after the emergency, after each slot, and at ``now``,
        # and plays (acknowledges) what is due; the one with the gap catches up when back.
        # The devices poll a minute after each start of the day's programme (as planned,
        # nothing written) and, for the one that was off, when it is back.
        stations = {cluster.station for cluster in clusters}
        starts = {
            placed.starts_at
            for station in stations
            for placed in programme_plan(station=station, day=today)
        }
        moments = sorted({*(s + dt.timedelta(minutes=1) for s in starts), gap_to})
        transport = site_transport()
        with quiet("httpx"):
            self._play(
                clusters, [m for m in moments if m <= now], transport, gappy, (gap_from, gap_to)
            )

    def _play(
        self,
        clusters: list[Cluster],
        moments: list[dt.datetime],
        transport: httpx.WSGITransport,
        gappy: Cluster | None,
        gap: tuple[dt.datetime, dt.datetime],
    ) -> None:
        gap_from, gap_to = gap
        for when in moments:
            with at(when):
                for cluster in clusters:
                    if cluster is gappy and gap_from <= when < gap_to:
                        continue
                    device = SimulatedCluster(
                        base_url=f"http://{site_host()}",
                        token=self.tokens[cluster.pk],
                        transport=transport,
                    )
                    with device:
                        device.run_once()


def events(actors: Actors) -> list[Event]:
    return OutreachStory(actors).story()
