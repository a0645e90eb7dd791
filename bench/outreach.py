"""A province-wide notice to 100,000 subscribers: writing its messages, then sending them.

Data: a province, 10 communes of 10 hamlets (100 hamlets), 1,000 subscribers per hamlet
(100,000), bulk-created; their preferences vary (ZNS first, SMS first, e-mail first, Zalo OA)
and one in ten chose other topics only. A campaign of the province to the province, on ZNS,
SMS and e-mail, with a template using {{ ten }}, {{ ten_ap }} and a shared value.

Figure 1, enqueue: ``campaign_enqueue`` (audience resolved in SQL, each channel's text compiled
once, rows written by ``bulk_create`` in batches of ``ENQUEUE_BATCH`` per short transaction).
Baseline, same run: the naive loop, for a sample of ``SAMPLE`` subscribers, extrapolated to the
whole audience: one query per subscriber's hamlet (no select_related), ``rendering.render`` per
message, and one ``Message.objects.create`` in its own transaction per row. Goal: < 10 s.

Figure 2, drain: ``delivery.drain_until_idle`` through the real adapters (``bench_adapters()``:
HTTP through a fake transport answering as the providers do, e-mail over SMTP to the fake SMTP
server on loopback) with no rate limits, until none is queued. Baseline, same run: a sample of
``SAMPLE`` messages sent one by one, each its own claim and its own record transaction
(``claim(limit=1)`` + ``send_batch`` of one), extrapolated. Goal: < 60 s.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import Any

from bench.common import Result, Timing, setup_django

COMMUNES = 10
HAMLETS_PER_COMMUNE = 10
SUBSCRIBERS_PER_HAMLET = 1_000
SAMPLE = 1_000
ENQUEUE_TARGET_MS = 10_000.0
DRAIN_TARGET_MS = 60_000.0
PREFERENCES = ("zns,sms,email", "sms,zns", "email,sms", "zalo_oa,sms", "zns,email")


def _provider_answers(request: Any) -> Any:
    """What the providers answer, in their documented formats, with no work of their own (a
    remote provider costs this process nothing): ZNS's and eSMS's success envelopes."""
    import httpx

    if request.url.host == "zns.fake":
        body = {
            "error": 0,
            "message": "Success",
            "data": {"msg_id": f"zns-{id(request)}", "sent_time": "1733300000000"},
        }
    else:
        body = {"CodeResult": "100", "CountRegenerate": 0, "SMSID": f"sms-{id(request)}"}
    return httpx.Response(200, json=body)


def bench_adapters() -> dict[str, str]:
    """The real adapters (ZNS, Zalo OA, SMS gateway, e-mail), each building its provider's
    documented request: the HTTP ones through a fake transport (``channels.http.TRANSPORT``, an
    ``httpx.MockTransport`` answering as the providers do, so the figure is our sending and
    recording, not a provider's), e-mail over SMTP to the fake SMTP server on 127.0.0.1 (the
    full fake providers are what the tests send to). Returns the adapters' dotted paths; the
    settings that point them at the fakes are set here."""
    import httpx
    from django.conf import settings

    from smartrural.outreach.channels import http
    from smartrural.outreach.fakes.smtp import FakeSmtp

    http.TRANSPORT = httpx.MockTransport(_provider_answers)
    for chatty in ("httpx", "mail.log"):  # a line per request and per SMTP command
        logging.getLogger(chatty).setLevel(logging.WARNING)
    smtp = FakeSmtp().start()
    settings.OUTREACH_ZNS_URL = "http://zns.fake"
    settings.OUTREACH_ZALO_OA_URL = "http://oa.fake"
    settings.OUTREACH_ZALO_ACCESS_TOKEN = "bench-token"
    settings.OUTREACH_SMS_URL = (
        "http://sms.fake/MainService.svc/json/SendMultipleMessage_V4_post_json/"
    )
    settings.OUTREACH_SMS_API_KEY = "bench-key"
    settings.OUTREACH_SMS_SECRET = "bench-secret"
    settings.OUTREACH_SMS_BRANDNAME = "TINH-BENCH"
    settings.OUTREACH_SMS_CALLBACK_SECRET = "bench-callback"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", smtp.port, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    return {
        "zns": "smartrural.outreach.channels.zalo.ZnsAdapter",
        "zalo_oa": "smartrural.outreach.channels.zalo.ZaloOaAdapter",
        "sms": "smartrural.outreach.channels.sms.SmsGatewayAdapter",
        "email": "smartrural.outreach.channels.email.EmailAdapter",
    }


def _units() -> tuple[Any, list[Any]]:
    from smartrural.geo.services import unit_create

    province = unit_create(code="87", name="Tỉnh Bench", kind="tinh", level="province", parent=None)
    hamlets = []
    for c in range(COMMUNES):
        commune = unit_create(
            code=f"87{c:03d}", name=f"Xã {c + 1}", kind="xa", level="commune", parent=province
        )
        for h in range(HAMLETS_PER_COMMUNE):
            hamlets.append(
                unit_create(
                    code=f"87{c:03d}{h + 1:02d}",
                    name=f"Ấp {h + 1} xã {c + 1}",
                    kind="ap",
                    level="hamlet",
                    parent=commune,
                )
            )
    return province, hamlets


def _subscribers(hamlets: list[Any]) -> int:
    from django.utils import timezone

    from smartrural.outreach.models import ConsentSource, Subscriber, Topic, topics_mask

    now = timezone.now()
    wanted = topics_mask([Topic.NTM, Topic.WEATHER])
    other = topics_mask([Topic.HEALTH])
    rows = []
    n = 0
    for hamlet in hamlets:
        for i in range(SUBSCRIBERS_PER_HAMLET):
            n += 1
            rows.append(
                Subscriber(
                    hamlet=hamlet,
                    name=f"Người nhận {n}" if n % 3 else "",
                    phone=f"849{n:08d}",
                    email=f"nguoi{n}@example.vn" if n % 2 else "",
                    zalo_user_id=f"z{n}" if n % 5 == 0 else "",
                    topics=other if i % 10 == 9 else wanted,
                    channels=PREFERENCES[n % len(PREFERENCES)],
                    consent_at=now,
                    consent_source=ConsentSource.PAPER,
                    token=f"bench-{n:040d}",
                )
            )
    Subscriber.objects.bulk_create(rows, batch_size=2000)
    return n


def _campaign(province: Any, user: Any) -> Any:
    from smartrural.outreach.models import Campaign, CampaignStatus, Template, Topic
    from smartrural.outreach.services.campaigns import campaign_create

    template = Template.objects.create(
        unit=province,
        name="Cảnh báo xâm nhập mặn",
        topic=Topic.WEATHER,
        subject="Thông báo của {{ tinh }}",
        body="Kính gửi {{ ten }} ({{ ten_ap }}): {{ noi_dung }}",
        sms_body="{{ ten }} ({{ ten_ap }}): {{ noi_dung }}",
        sms_unaccented=True,
        zns_template_id="248079",
        zns_text="Kính gửi {{ ten }}, tỉnh thông báo: {{ noi_dung }}",
    )
    campaign = campaign_create(
        unit=province,
        user=user,
        title="Cảnh báo xâm nhập mặn tuần này",
        template=template,
        values={"tinh": "Tỉnh Bench", "noi_dung": "Độ mặn 4‰ tại cống Láng Thé, ngưng lấy nước."},
        audience_units=[province],
        audience_as_of=dt.date(2026, 12, 1),
        topics=[Topic.WEATHER],
        channels=["zns", "sms", "email"],
    )
    Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.SCHEDULED)
    campaign.refresh_from_db()
    return campaign


def _naive_enqueue(campaign: Any, sample: int) -> float:
    """Seconds to write ``sample`` messages one by one, as a first version would."""
    from django.db import transaction
    from django.utils import timezone

    from smartrural.outreach.delivery import address_for
    from smartrural.outreach.models import Message
    from smartrural.outreach.rendering import render, subscriber_values
    from smartrural.outreach.services.campaigns import audience_subscribers

    allowed = campaign.channels.split(",")
    people = list(audience_subscribers(campaign).order_by("pk")[:sample])  # hamlet not joined
    started = time.perf_counter()
    for person in people:
        probe = Message(subscriber=person)
        names = [c for c in person.channel_list if c in allowed and address_for(probe, c)]
        if not names:
            continue
        rendered = render(
            campaign.template, names[0], {**campaign.values, **subscriber_values(person)}
        )
        with transaction.atomic():
            Message.objects.create(
                campaign=campaign,
                subscriber=person,
                unit_id=person.hamlet_id,
                channel=names[0],
                address=address_for(Message(subscriber=person), names[0]),
                topic=campaign.template.topic,
                subject=rendered.subject,
                body=rendered.body,
                template_ref=rendered.template_ref,
                params=rendered.params,
                fallback_channels=",".join(names[1:]),
                next_try_at=timezone.now(),
            )
    return time.perf_counter() - started


def _one_by_one_drain(sample: int) -> float:
    """Seconds to send ``sample`` queued messages one claim and one record at a time."""
    from smartrural.outreach.channels import adapter_for
    from smartrural.outreach.delivery import DrainReport, claim, send_batch
    from smartrural.outreach.models import Channel

    report = DrainReport()
    adapters = {name: adapter_for(name) for name in (Channel.ZNS, Channel.SMS, Channel.EMAIL)}
    started = time.perf_counter()
    sent = 0
    while sent < sample:
        progressed = False
        for channel, adapter in adapters.items():
            messages = claim(channel=channel, limit=1)
            if messages:
                send_batch(adapter, messages, report)
                sent += 1
                progressed = True
        if not progressed:
            break
    return time.perf_counter() - started


def _once(ms: float) -> Timing:
    return Timing(median_ms=ms, p95_ms=ms, runs=1)


def run() -> list[Result]:
    setup_django()
    from django.conf import settings

    from smartrural.accounts.models import Role
    from smartrural.accounts.services import user_create
    from smartrural.outreach import delivery
    from smartrural.outreach.models import Campaign, Message, MessageStatus
    from smartrural.outreach.services.campaigns import audience_preview, campaign_enqueue

    settings.OUTREACH_ADAPTERS = bench_adapters()
    settings.OUTREACH_RATES = {}
    settings.OUTREACH_DAILY_QUOTAS = {}
    # Measured apart: the enqueue must not start the delivery task on its commit (the test
    # settings' task backend runs tasks at once).
    from smartrural.outreach import queue

    queue.after_commit = lambda *args: None

    started = time.perf_counter()
    province, hamlets = _units()
    total = _subscribers(hamlets)
    officer = user_create(
        username="bench-vpdp", role=Role.PROVINCE_OFFICE, units=[], password="bench-password-1"
    )
    print(
        f"outreach: {total:,} subscribers in {len(hamlets)} hamlets generated in "
        f"{time.perf_counter() - started:.1f} s"
    )

    # Baseline first, on a campaign of its own (its rows are then removed).
    naive = _campaign(province, officer)
    preview = audience_preview(naive)
    naive_s = _naive_enqueue(naive, SAMPLE)
    naive_total_ms = naive_s / SAMPLE * preview["total"] * 1000
    Message.objects.filter(campaign=naive).delete()
    Campaign.objects.filter(pk=naive.pk).delete()

    campaign = _campaign(province, officer)
    started = time.perf_counter()
    report = campaign_enqueue(campaign=campaign)
    enqueue_ms = (time.perf_counter() - started) * 1000
    written = Message.objects.filter(campaign=campaign).count()
    again = campaign_enqueue(campaign=campaign).written
    print(
        f"outreach: enqueue of {written:,} messages ({report.unreachable:,} unreachable, audience "
        f"{preview['total']:,}: {preview['per_channel']}) in {enqueue_ms / 1000:.2f} s; naive "
        f"create-per-row loop {naive_s:.2f} s for {SAMPLE:,}, extrapolated "
        f"{naive_total_ms / 1000:.0f} s (goal < {ENQUEUE_TARGET_MS / 1000:g} s); "
        f"enqueue again wrote {again}"
    )

    one_s = _one_by_one_drain(SAMPLE)
    one_total_ms = one_s / SAMPLE * written * 1000
    started = time.perf_counter()
    drained = delivery.drain_until_idle()
    drain_ms = (time.perf_counter() - started) * 1000
    left = Message.objects.filter(status=MessageStatus.QUEUED).count()
    print(
        f"outreach: drain of {drained.handled:,} messages (+{SAMPLE:,} by the baseline) in "
        f"{drain_ms / 1000:.1f} s, {left} left queued; one claim + one record per message "
        f"{one_s:.2f} s for {SAMPLE:,}, extrapolated {one_total_ms / 1000:.0f} s "
        f"(goal < {DRAIN_TARGET_MS / 1000:g} s)"
    )
    return [
        Result(
            name=f"outreach enqueue ({written:,} msgs) vs per-row*",
            product=_once(enqueue_ms),
            baseline=_once(naive_total_ms),
            target_ms=ENQUEUE_TARGET_MS,
        ),
        Result(
            name=f"outreach drain ({drained.handled:,} msgs) vs one-by-one*",
            product=_once(drain_ms if not left else float("inf")),
            baseline=_once(one_total_ms),
            target_ms=DRAIN_TARGET_MS,
        ),
    ]
