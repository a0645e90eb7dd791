"""The demo's outreach (``demo/outreach/``): subscribers per hamlet with their consent,
campaigns sent through the real adapters to the fake providers with mixed outcomes, the 2026
campaign of a merged commune reaching the subscribers of its predecessor's hamlets, and the
commune radio's programme, heartbeats and plays of the demo's today.

Fixture: ``demo_db`` (the whole demo, built once per demo content and cached under
``var/demo-cache/``, copied into the test database in milliseconds); each test's changes are
rolled back."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from smartrural.accounts.models import User
from smartrural.demo.clock import LOCAL
from smartrural.geo.models import AdministrativeUnit, Level
from smartrural.outreach.api_devices import contacts_record
from smartrural.outreach.models import (
    Bulletin,
    Campaign,
    CampaignStatus,
    Channel,
    Cluster,
    ConsentSource,
    Heartbeat,
    Message,
    MessageStatus,
    PlayLog,
    Priority,
    ProgrammeItem,
    Station,
    Subscriber,
)
from smartrural.outreach.services.campaigns import audience_subscribers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_db")]

COMMUNES_2023 = ("29479", "29482", "29488")
TODAY = dt.date(2026, 12, 2)  # data/outreach.yaml: radio.heard, the demo's today


@pytest.fixture(autouse=True)
def demo_mode(settings: Any) -> None:
    settings.DEMO_MODE = True  # demo accounts log in only in the demo mode


def officer(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    client.cookies["django_language"] = "en"
    return client


def hamlets_2023() -> list[AdministrativeUnit]:
    return list(
        AdministrativeUnit.objects.valid_on(dt.date(2023, 1, 10)).filter(
            level=Level.HAMLET, parent__code__in=COMMUNES_2023
        )
    )


class SubscriberTests:
    def test_every_hamlet_of_the_2023_communes_has_12_to_20_subscribers(self) -> None:
        hamlets = hamlets_2023()
        assert len(hamlets) >= 3 * 3
        counts = Counter(Subscriber.objects.values_list("hamlet_id", flat=True))
        for hamlet in hamlets:
            assert 12 <= counts[hamlet.pk] <= 20, hamlet.name

    def test_each_has_a_demo_phone_a_consent_and_some_left_later(self) -> None:
        subscribers = list(Subscriber.objects.all())
        for subscriber in subscribers:
            assert subscriber.phone.startswith("8439999"), subscriber.phone
            assert not subscriber.email or subscriber.email.endswith("@example.vn")
            assert subscriber.consent_at.date() >= dt.date(2023, 1, 9)
            assert subscriber.topics and subscriber.channels
        sources = Counter(s.consent_source for s in subscribers)
        assert sources[ConsentSource.PAPER] > sources[ConsentSource.WEB] > 0
        gone = [s for s in subscribers if s.unsubscribed_at is not None]
        assert {s.unsubscribe_reason for s in gone} == {"link", "stop"}
        assert all(s.unsubscribed_at and s.unsubscribed_at > s.consent_at for s in gone)


class CampaignTests:
    def test_a_2023_campaign_has_delivered_failed_and_fallback_messages(self) -> None:
        campaign = Campaign.objects.get(title="Cảnh báo xâm nhập mặn tháng 3/2023")
        assert campaign.status == CampaignStatus.SENT
        messages = list(Message.objects.filter(campaign=campaign))
        statuses = Counter((m.channel, m.status) for m in messages)
        assert statuses[(Channel.ZNS, MessageStatus.DELIVERED)] > 0
        failed = [m for m in messages if m.status == MessageStatus.FAILED]
        assert {m.provider_code for m in failed} >= {"not_on_zalo"}
        fallbacks = [m for m in messages if m.fallback_from_id]
        assert {m.channel for m in fallbacks} <= {Channel.SMS, Channel.EMAIL}
        assert any(m.channel == Channel.SMS for m in fallbacks)
        # Sent on the campaign's day, by the real adapters (the fake providers' ids).
        for message in messages:
            assert message.created_at.date() == dt.date(2023, 3, 14)
            if message.accepted_at:
                assert message.provider_id

    def test_a_number_the_gateway_blocks_failed_for_good(self) -> None:
        codes = Counter(
            Message.objects.filter(status=MessageStatus.FAILED, channel=Channel.SMS).values_list(
                "provider_code", flat=True
            )
        )
        assert codes["99"] > 0  # refused by the gateway
        assert codes["4"] > 0  # accepted, then the receipt said "not delivered"

    def test_every_fate_is_there(self) -> None:
        statuses = Counter(Campaign.objects.values_list("status", flat=True))
        assert statuses[CampaignStatus.SENT] >= 4
        for status in (
            CampaignStatus.SCHEDULED,
            CampaignStatus.CANCELLED,
            CampaignStatus.AWAITING_APPROVAL,
        ):
            assert statuses[status] == 1, status
        waiting = Campaign.objects.get(status=CampaignStatus.AWAITING_APPROVAL)
        assert waiting.unit.level == Level.PROVINCE
        scheduled = Campaign.objects.get(status=CampaignStatus.SCHEDULED)
        assert scheduled.send_at is not None and scheduled.send_at.date() > TODAY

    def test_the_officer_of_ngai_xuyen_sees_its_campaign_another_commune_gets_404(self) -> None:
        campaign = Campaign.objects.get(title="Cảnh báo xâm nhập mặn tháng 3/2023")
        url = reverse("outreach:campaign-detail", args=[campaign.pk])
        page = officer("xa-29479").get(url)
        assert page.status_code == 200
        assert campaign.title in page.content.decode()
        assert officer("xa-29482").get(url).status_code == 404
        listing = officer("xa-29479").get(reverse("outreach:campaign-list")).content.decode()
        assert campaign.title in listing
        assert "Mời họp dân lấy ý kiến" not in listing  # Kim Sơn's

    def test_the_2026_campaign_reached_the_subscribers_of_the_predecessor_hamlets(self) -> None:
        campaign = Campaign.objects.get(title__startswith="Cảnh báo xâm nhập mặn đầu mùa khô")
        assert campaign.unit.code == "29461" and campaign.unit.valid_from is not None
        assert campaign.status == CampaignStatus.SENT
        reached = set(
            Message.objects.filter(campaign=campaign).values_list(
                "subscriber__hamlet__parent__code", flat=True
            )
        )
        assert reached == {"29479"}  # Ngãi Xuyên's hamlets, now Xã Trà Cú's
        audience = set(audience_subscribers(campaign).values_list("pk", flat=True))
        parents = Subscriber.objects.filter(pk__in=audience).values_list(
            "hamlet__parent__code", flat=True
        )
        assert audience and set(parents) == {"29479"}
        page = officer("xa-29461").get(reverse("outreach:campaign-detail", args=[campaign.pk]))
        assert page.status_code == 200


class RadioTests:
    def test_todays_programme_is_not_empty_and_starts_with_the_emergency(self) -> None:
        station = Station.objects.get(unit__code="29461", active=True)
        items = list(
            ProgrammeItem.objects.filter(station=station, day=TODAY)
            .select_related("bulletin")
            .order_by("position")
        )
        assert len(items) >= 3
        assert items[0].bulletin.priority == Priority.EMERGENCY
        assert {i.bulletin.priority for i in items} == set(Priority.values)
        page = officer("xa-29461").get(
            reverse("outreach:station-programme", args=[station.pk]), {"day": "02/12/2026"}
        )
        assert page.status_code == 200
        assert items[0].bulletin.title in page.content.decode()

    def test_clusters_were_heard_all_day_but_one_and_played_what_was_due(self) -> None:
        station = Station.objects.get(unit__code="29461", active=True)
        clusters = list(station.clusters.all())
        assert len(clusters) >= 3
        beats = Counter(
            Heartbeat.objects.filter(cluster__station=station).values_list("cluster", flat=True)
        )
        full = max(beats.values())
        assert full >= 288
        assert sorted(beats[c.pk] < full for c in clusters).count(True) == 1
        plays = PlayLog.objects.filter(item__station=station, item__day=TODAY)
        assert plays.count() == len(clusters) * 3
        assert set(plays.values_list("status", flat=True)) == {"played"}
        assert all(b.sha256 and b.duration for b in Bulletin.objects.all())
        retired = Station.objects.filter(unit__code__in=COMMUNES_2023)
        assert retired.count() == 3 and not any(s.active for s in retired)

    def test_the_2023_stations_were_heard_up_to_nine_on_01_06_2023(self) -> None:
        # The 2023 snapshot's pages are opened at 09:00 that day: the month so far and the
        # last 24 hours were heard, every 5 minutes.
        nine = dt.datetime(2023, 6, 1, 9, tzinfo=LOCAL)
        for cluster in Cluster.objects.filter(station__unit__code__in=COMMUNES_2023):
            beats = Heartbeat.objects.filter(cluster=cluster, bucket__lte=nine)
            assert beats.filter(bucket__gte=nine - dt.timedelta(days=1)).count() == 288
            assert beats.latest("bucket").bucket == nine - dt.timedelta(minutes=5)


class PagesTests:
    def test_the_pages_of_outreach_show_the_demo(self) -> None:
        with translation.override("en"):
            client = officer("xa-29461")
            station = Station.objects.get(unit__code="29461", active=True)
            for name, args in (
                ("outreach:home", []),
                ("outreach:campaign-list", []),
                ("outreach:station-list", []),
                ("outreach:station-detail", [station.pk]),
                ("outreach:station-plays", [station.pk]),
            ):
                assert client.get(reverse(name, args=args)).status_code == 200, name

    def test_the_report_shows_the_figures(self) -> None:
        client = officer("xa-29479")
        page = client.get(
            reverse("outreach:report"), {"since": "01/03/2023", "until": "31/03/2023"}
        )
        assert page.status_code == 200
        text = page.content.decode()
        campaign = Campaign.objects.get(title="Cảnh báo xâm nhập mặn tháng 3/2023")
        total = Message.objects.filter(campaign=campaign).count()
        assert campaign.title in text
        assert f">{total}<" in text.replace(" ", "")


def test_contacts_record_keeps_one_heartbeat_per_bucket_and_the_latest_contact() -> None:
    cluster = Station.objects.get(unit__code="29461", active=True).clusters.first()
    assert cluster is not None
    start = dt.datetime(2027, 1, 1, 6, 0, 10, tzinfo=dt.UTC)
    moments = [start + dt.timedelta(minutes=m) for m in (3, 0, 1, 7, 12)]  # buckets 0, 0, 0, 5, 10
    contacts_record(cluster, moments=moments, reported_status="ok")
    contacts_record(cluster, moments=[])  # nothing
    assert Heartbeat.objects.filter(cluster=cluster, bucket__year=2027).count() == 3
    cluster.refresh_from_db()
    assert cluster.last_contact_at == start + dt.timedelta(minutes=12)
