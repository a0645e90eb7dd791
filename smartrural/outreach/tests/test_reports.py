"""The outreach report: figures against hand-computed values, the period's boundaries, the
commune roll-up, scope and gates, uptime, the page on both dates, the downloads, bad input and
a query count that does not grow with the rows."""

from __future__ import annotations

import datetime as dt
import importlib
import io
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.apps import apps as django_apps
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from smartrural.testing import IN_2023, TODAY, Clock, Personas, clock_at

from .. import delivery
from ..channels.base import Receipt
from ..models import (
    Bulletin,
    BulletinSource,
    Campaign,
    Channel,
    Heartbeat,
    MessageStatus,
    PlayLog,
    PlayStatus,
    ProgrammeItem,
    Station,
)
from ..reporting import Filters, Period, expected_buckets, outreach_report
from ..services.stations import cluster_update, station_update
from . import reports_support as rs

pytestmark = pytest.mark.django_db

NOVEMBER = Period(since=dt.date(2026, 11, 1), until=dt.date(2026, 11, 30))
URL = "/outreach/work/reports/"
NOV_QUERY = "since=01/11/2026&until=30/11/2026"
MINUTE = dt.timedelta(minutes=1)


def _english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def _fixture(p: Personas) -> None:
    """Commune A, 10/11/2026 (figures in the tests' comments):

    ZNS (campaign): queued, sending, accepted (2 s, 300), delivered (1 s, 300), delivered
    (20 s, 300), failed after acceptance (5 s, 300), failed before acceptance.
    SMS: delivered (4 s, 1600: two segments), failed, cancelled. E-mail: two accepted (3 s).
    Commune B: one delivered SMS (800); commune A, December: one ZNS (outside the period).
    """
    at = rs.at(dt.date(2026, 11, 10))
    hamlet, commune = p.hamlet_a_unit, p.commune_a_unit
    campaign = rs.campaign(commune)
    zns: dict[str, Any] = {"channel": Channel.ZNS, "campaign": campaign, "created": at}
    rs.message(hamlet, status=MessageStatus.QUEUED, **zns)
    rs.message(hamlet, status=MessageStatus.SENDING, **zns)
    rs.message(hamlet, status=MessageStatus.ACCEPTED, accepted_after=2, cost=300, **zns)
    rs.message(hamlet, status=MessageStatus.DELIVERED, accepted_after=1, cost=300, **zns)
    rs.message(commune, status=MessageStatus.DELIVERED, accepted_after=20, cost=300, **zns)
    rs.message(hamlet, status=MessageStatus.FAILED, accepted_after=5, cost=300, **zns)
    rs.message(hamlet, status=MessageStatus.FAILED, **zns)
    sms: dict[str, Any] = {"channel": Channel.SMS, "created": at}
    rs.message(hamlet, status=MessageStatus.DELIVERED, accepted_after=4, cost=1600, **sms)
    rs.message(hamlet, status=MessageStatus.FAILED, **sms)
    rs.message(hamlet, status=MessageStatus.CANCELLED, **sms)
    for _ in range(2):
        rs.message(
            hamlet,
            channel=Channel.EMAIL,
            status=MessageStatus.ACCEPTED,
            accepted_after=3,
            created=at,
        )
    rs.message(p.commune_b_unit, status=MessageStatus.DELIVERED, cost=800, **sms)
    rs.message(hamlet, channel=Channel.ZNS, status=MessageStatus.QUEUED, created=rs.at(TODAY, 8))


class MessageFigureTests:
    def test_counts_per_channel_match_the_hand_computed_figures(self, personas: Personas) -> None:
        _fixture(personas)
        with clock_at(TODAY):
            report = outreach_report(personas.commune_a, period=NOVEMBER, filters=Filters())
        channels = {c.key: c for c in report.messages.by_channel}
        assert list(channels) == [Channel.ZNS, Channel.SMS, Channel.EMAIL]
        zns, sms, email = channels["zns"], channels["sms"], channels["email"]
        assert (zns.queued, zns.accepted, zns.delivered, zns.failed, zns.cancelled) == (
            2,
            1,
            2,
            2,
            0,
        )
        assert zns.total == 7 and zns.sent == 4  # accepted 1 + delivered 2 + failed after 1
        assert zns.delivery_rate == Decimal(50)
        assert zns.cost == 1200
        assert zns.fast == 3 and zns.timed == 4 and zns.p95_seconds == 20.0
        assert (sms.delivered, sms.failed, sms.cancelled, sms.sent, sms.cost) == (1, 1, 1, 1, 1600)
        assert sms.delivery_rate == Decimal(100)
        assert (email.accepted, email.sent, email.delivery_rate, email.cost) == (2, 2, 0, 0)
        total = report.messages.total
        assert (total.total, total.sent, total.delivered, total.cost) == (12, 7, 3, 2800)
        assert round(total.delivery_rate or 0, 1) == Decimal("42.9")
        assert round(total.fast_share or 0, 1) == Decimal("85.7")  # 6 of 7 within 10 s
        assert total.p95_seconds == 20.0  # rank ceil(0.95 × 7) = 7: the slowest

    def test_a_message_delivered_by_its_receipt_counts_as_delivered(
        self, personas: Personas
    ) -> None:
        message = rs.message(
            personas.hamlet_a_unit,
            status=MessageStatus.ACCEPTED,
            accepted_after=1,
            cost=300,
            created=rs.at(dt.date(2026, 11, 3)),
        )
        with clock_at(TODAY):
            before = outreach_report(personas.commune_a, period=NOVEMBER, filters=Filters())
            delivery.receipt_record(
                channel=Channel.ZNS, receipt=Receipt(delivered=True, uid=str(message.uid))
            )
            after = outreach_report(personas.commune_a, period=NOVEMBER, filters=Filters())
        assert (before.messages.total.accepted, before.messages.total.delivered) == (1, 0)
        assert (after.messages.total.accepted, after.messages.total.delivered) == (0, 1)
        assert after.messages.total.delivery_rate == Decimal(100)

    def test_the_period_takes_its_first_midnight_and_not_the_next_days(
        self, personas: Personas
    ) -> None:
        hamlet = personas.hamlet_a_unit
        rs.message(hamlet, created=rs.at(dt.date(2026, 11, 1), 0))  # 00:00 of the first day
        rs.message(hamlet, created=rs.at(dt.date(2026, 11, 30), 23, 59, 59))
        rs.message(hamlet, created=rs.at(dt.date(2026, 12, 1), 0))  # 00:00 of the day after
        rs.message(hamlet, created=rs.at(dt.date(2026, 10, 31), 23, 59, 59))
        with clock_at(TODAY):
            report = outreach_report(personas.commune_a, period=NOVEMBER, filters=Filters())
        assert report.messages.total.queued == 2

    def test_hamlet_messages_roll_up_to_their_commune(self, personas: Personas) -> None:
        _fixture(personas)
        with clock_at(TODAY):
            report = outreach_report(personas.province, period=NOVEMBER, filters=Filters())
        units = {c.label: c.total for c in report.messages.by_unit}
        assert units == {"Xã Kim Sơn": 1, "Xã Ngãi Xuyên": 12}

    def test_filters_narrow_to_a_channel_a_campaign_and_a_unit(self, personas: Personas) -> None:
        _fixture(personas)
        p = personas
        campaign = Campaign.objects.get(unit=p.commune_a_unit)
        with clock_at(TODAY):
            sms = outreach_report(p.province, period=NOVEMBER, filters=Filters(channel="sms"))
            of_campaign = outreach_report(
                p.province, period=NOVEMBER, filters=Filters(campaign=campaign)
            )
            of_b = outreach_report(
                p.province, period=NOVEMBER, filters=Filters(unit=p.commune_b_unit)
            )
        assert sms.messages.total.total == 4
        assert of_campaign.messages.total.total == 7
        assert [c.label for c in of_campaign.messages.by_campaign] == [campaign.title]
        assert of_b.messages.total.total == 1

    def test_campaign_rows_and_the_single_messages_row(self, personas: Personas) -> None:
        _fixture(personas)
        with clock_at(TODAY):
            report = outreach_report(personas.commune_a, period=NOVEMBER, filters=Filters())
        rows = [(c.key is None, c.total, c.cost) for c in report.messages.by_campaign]
        assert rows == [(False, 7, 1200), (True, 5, 1600)]

    def test_a_commune_officer_sees_only_their_commune(self, personas: Personas) -> None:
        _fixture(personas)
        with clock_at(TODAY):
            a = outreach_report(personas.commune_a, period=NOVEMBER, filters=Filters())
            b = outreach_report(personas.commune_b, period=NOVEMBER, filters=Filters())
            other = outreach_report(personas.other_district, period=NOVEMBER, filters=Filters())
            province = outreach_report(personas.province, period=NOVEMBER, filters=Filters())
        assert a.messages.total.total == 12
        assert (b.messages.total.total, b.messages.total.cost) == (1, 800)
        assert other.messages.total.total == 0
        assert province.messages.total.total == 13


class UptimeTests:
    def test_a_cluster_heard_in_144_of_288_buckets_is_up_half_the_day(
        self, personas: Personas, client: Client
    ) -> None:
        day = dt.date(2026, 11, 10)
        station = rs.station(personas.commune_a_unit)
        cluster = rs.cluster(
            station, hamlet=personas.hamlet_a_unit, created=rs.at(day, 0) - dt.timedelta(days=30)
        )
        start = rs.at(day, 0)
        Heartbeat.objects.bulk_create(
            Heartbeat(cluster=cluster, bucket=start + dt.timedelta(minutes=10 * i))
            for i in range(144)
        )
        # Heard the minute before and the minute after the day: outside it.
        Heartbeat.objects.create(cluster=cluster, bucket=start - dt.timedelta(minutes=5))
        Heartbeat.objects.create(cluster=cluster, bucket=start + dt.timedelta(days=1))
        one_day = Period(since=day, until=day)
        with clock_at(TODAY):
            report = outreach_report(personas.commune_a, period=one_day, filters=Filters())
            client.force_login(personas.commune_a)
            page = _english(client).get(URL, {"since": "10/11/2026", "until": "10/11/2026"})
        (row,) = report.radio.clusters
        assert (row.heard, row.expected, row.percent) == (144, 288, Decimal(50))
        assert row.below and report.radio.stations[0].below
        html = page.content.decode()
        assert "50.0%" in html and "below threshold" in html

    def test_a_cluster_created_during_the_period_counts_from_its_creation(self) -> None:
        created = rs.at(dt.date(2026, 11, 10), 12, 2)  # in the 12:00 bucket
        now = rs.at(TODAY)
        day = Period(since=dt.date(2026, 11, 10), until=dt.date(2026, 11, 10))
        assert expected_buckets(day, created, now) == 144
        assert expected_buckets(NOVEMBER, rs.at(dt.date(2026, 10, 1)), now) == 30 * 288

    def test_a_period_not_ended_counts_up_to_now(self) -> None:
        december = Period(since=dt.date(2026, 12, 1), until=dt.date(2026, 12, 31))
        now = rs.at(dt.date(2026, 12, 2), 9)  # 1 day 9 hours into the month
        assert expected_buckets(december, rs.at(dt.date(2026, 1, 1)), now) == 288 + 9 * 12

    def test_out_of_service_counts_up_to_then_and_not_after(self, personas: Personas) -> None:
        station = rs.station(personas.commune_a_unit)
        stays = rs.cluster(station, name="Cụm 1", created=rs.at(dt.date(2026, 10, 1)))
        leaves = rs.cluster(station, name="Cụm 2", created=rs.at(dt.date(2026, 10, 1)))
        # The clock stands still: half of November (15 days), then exactly December's start.
        with time_machine.travel(rs.at(dt.date(2026, 11, 16), 0), tick=False):
            cluster_update(cluster=leaves, version=leaves.version, by=None, active=False)
        with time_machine.travel(rs.at(dt.date(2026, 12, 1), 0), tick=False):
            station_update(station=station, version=station.version, by=None, active=False)
        with clock_at(TODAY):
            november = outreach_report(personas.commune_a, period=NOVEMBER, filters=Filters())
            december = outreach_report(
                personas.commune_a,
                period=Period(since=dt.date(2026, 12, 1), until=dt.date(2026, 12, 31)),
                filters=Filters(),
            )
        expected = {row.label: row.expected for row in november.radio.clusters}
        assert expected == {stays.name: 30 * 288, leaves.name: 15 * 288}
        assert november.radio.total.expected == 45 * 288
        # Out of service from the period's first moment: not in the report at all.
        assert december.radio.clusters == [] and december.radio.stations == []

    def test_back_in_service_clears_the_moment(self, personas: Personas) -> None:
        station = rs.station(personas.commune_a_unit)
        station = station_update(station=station, version=station.version, by=None, active=False)
        assert station.out_of_service_at is not None
        station = station_update(station=station, version=station.version, by=None, active=True)
        assert station.out_of_service_at is None
        station = station_update(station=station, version=station.version, by=None, name="Đài")
        assert station.out_of_service_at is None

    def test_the_migration_dates_those_already_out_of_service_from_their_history(
        self, personas: Personas
    ) -> None:
        migration = importlib.import_module("smartrural.outreach.migrations.0002_out_of_service_at")
        with clock_at(dt.date(2026, 10, 1)):
            station = rs.station(personas.commune_a_unit)
            stays = rs.cluster(station, name="Cụm 1")
        with clock_at(dt.date(2026, 10, 5)):
            station = station_update(
                station=station, version=station.version, by=None, active=False
            )
        with clock_at(dt.date(2026, 10, 6)):
            station_update(station=station, version=station.version, by=None, name="Đài cũ")
        Station.objects.update(out_of_service_at=None)  # as before the migration
        migration.since_out_of_service(django_apps, None)
        station.refresh_from_db()
        stays.refresh_from_db()
        out = station.out_of_service_at  # the 05/10 change (the clock runs on from 9:00)
        assert out is not None and dt.timedelta(0) <= out - rs.at(dt.date(2026, 10, 5)) < MINUTE
        assert stays.out_of_service_at is None  # in service itself (its station is not)

    def test_plays_per_cluster_and_status(self, personas: Personas) -> None:
        day = dt.date(2026, 11, 10)
        station = rs.station(personas.commune_a_unit)
        one = rs.cluster(station, name="Cụm 1", created=rs.at(dt.date(2026, 10, 1)))
        two = rs.cluster(station, name="Cụm 2", created=rs.at(dt.date(2026, 10, 1)))
        bulletin = Bulletin.objects.create(
            unit=personas.commune_a_unit,
            title="Lịch tiêm chủng",
            source=BulletinSource.SPEECH,
            plays_from=rs.at(day, 0),
            expires_at=rs.at(day, 23),
        )
        items = [
            ProgrammeItem.objects.create(
                station=station, day=day, starts_at=rs.at(day, 6 + i), position=i, bulletin=b
            )
            for i, b in enumerate(
                [
                    bulletin,
                    Bulletin.objects.create(
                        unit=personas.commune_a_unit,
                        title="Bản tin 2",
                        source=BulletinSource.SPEECH,
                        plays_from=rs.at(day, 0),
                        expires_at=rs.at(day, 23),
                    ),
                ]
            )
        ]
        for cluster, status in ((one, PlayStatus.PLAYED), (two, PlayStatus.FAILED)):
            PlayLog.objects.create(
                cluster=cluster, item=items[0], status=status, played_at=rs.at(day, 6)
            )
        PlayLog.objects.create(
            cluster=one, item=items[1], status=PlayStatus.SKIPPED, played_at=rs.at(day, 7)
        )
        with clock_at(TODAY):
            report = outreach_report(personas.commune_a, period=NOVEMBER, filters=Filters())
        plays = {c.label: c.plays for c in report.radio.clusters}
        assert plays["Cụm 1"] == {"played": 1, "failed": 0, "skipped": 1}
        assert plays["Cụm 2"] == {"played": 0, "failed": 1, "skipped": 0}
        assert report.radio.stations[0].plays_total == 3
        assert report.radio.stations[0].percent == 0  # never heard

    def test_another_communes_stations_are_not_listed(self, personas: Personas) -> None:
        rs.cluster(rs.station(personas.commune_b_unit, "Đài Kim Sơn"), created=rs.at(IN_2023))
        with clock_at(TODAY):
            report = outreach_report(personas.commune_a, period=NOVEMBER, filters=Filters())
        assert report.radio.clusters == [] and report.radio.stations == []


class ReportPageTests:
    def test_the_page_defaults_to_this_month_and_shows_empty_states(
        self, personas: Personas, on_both_dates: dt.date
    ) -> None:
        client = _english(personas.client(personas.commune_a))
        response = client.get(URL)
        assert response.status_code == 200
        html = response.content.decode()
        first = on_both_dates.replace(day=1)
        assert f"Outreach report from {first:%d/%m/%Y}" in html
        assert "Nothing in this period." in html

    def test_a_period_of_2023_shows_its_figures_in_vietnamese(
        self, personas: Personas, clock: Clock
    ) -> None:
        clock.set(TODAY)
        rs.message(
            personas.hamlet_a_unit,
            channel=Channel.SMS,
            status=MessageStatus.DELIVERED,
            accepted_after=2.5,
            cost=12500,
            created=rs.at(IN_2023),
        )
        rs.message(
            personas.hamlet_a_unit,
            channel=Channel.SMS,
            status=MessageStatus.ACCEPTED,
            accepted_after=1,
            cost=800,
            created=rs.at(IN_2023),
        )
        response = personas.client(personas.viewer_a).get(
            URL, {"since": "01/06/2023", "until": "30/06/2023"}
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "01/06/2023" in html and "30/06/2023" in html
        assert "50,0%" in html  # delivered 1 of 2 sent, decimal comma
        assert "13.300" in html  # 12 500 + 800 VND, grouped as Vietnamese write it
        assert "2,5" in html  # the 95th percentile, in seconds

    def test_another_communes_campaign_or_station_is_404(self, personas: Personas) -> None:
        p = personas
        campaign = rs.campaign(p.commune_b_unit)
        station = rs.station(p.commune_b_unit, "Đài Kim Sơn")
        client = p.client(p.commune_a)
        assert client.get(URL, {"campaign": campaign.pk}).status_code == 404
        assert client.get(URL, {"station": station.pk}).status_code == 404
        assert client.get(URL + "report.xlsx", {"campaign": campaign.pk}).status_code == 404
        assert p.client(p.commune_b).get(URL, {"campaign": campaign.pk}).status_code == 200

    def test_a_campaign_filter_shows_the_campaigns_detail(self, personas: Personas) -> None:
        _fixture(personas)
        campaign = Campaign.objects.get(unit=personas.commune_a_unit)
        client = _english(personas.client(personas.commune_a))
        with clock_at(TODAY):
            html = client.get(URL + f"?{NOV_QUERY}&campaign={campaign.pk}").content.decode()
            overview = client.get(URL + f"?{NOV_QUERY}").content.decode()
        assert f"Campaign: {campaign.title}" in html
        assert f"campaign={campaign.pk}" in overview  # the campaign row links to its detail
        assert "Single messages (no campaign)" in overview
        assert 'id="channels-chart"' in overview and "<svg" in overview

    def test_bad_input_is_a_clear_message_not_a_500(self, personas: Personas) -> None:
        client = _english(personas.client(personas.commune_a))
        backwards = client.get(URL, {"since": "30/11/2026", "until": "01/11/2026"})
        assert backwards.status_code == 422
        assert "The end of the period is before its start." in backwards.content.decode()
        assert client.get(URL, {"since": "31/02/2026"}).status_code == 422
        assert client.get(URL, {"campaign": "abc"}).status_code == 422
        assert client.get(URL, {"campaign": "99999999999"}).status_code == 422
        assert client.get(URL, {"channel": "fax"}).status_code == 422
        assert client.get(URL, {"unit": personas.commune_b_unit.pk}).status_code == 422
        assert client.get(URL + "report.xlsx", {"since": "x"}).status_code == 400
        assert client.get(URL, {"since": "01/01/2020", "until": "01/01/2026"}).status_code == 422

    def test_the_home_page_links_to_the_report(self, personas: Personas) -> None:
        html = personas.client(personas.viewer_a).get("/outreach/work/").content.decode()
        assert 'href="/outreach/work/reports/"' in html

    def test_the_query_count_does_not_grow_with_the_rows(
        self, personas: Personas, django_assert_max_num_queries: Any
    ) -> None:
        p = personas
        _fixture(p)
        rs.cluster(rs.station(p.commune_a_unit), created=rs.at(dt.date(2026, 10, 1)))
        client = p.client(p.province)
        with clock_at(TODAY):
            client.get(URL)  # the session and the user, read once
            with django_assert_max_num_queries(25) as few:
                assert client.get(URL + f"?{NOV_QUERY}").status_code == 200
            for index in range(6):
                campaign = rs.campaign(p.commune_b_unit, f"Chiến dịch {index}")
                station = rs.station(p.commune_b_unit, f"Đài {index}")
                for channel in (Channel.ZNS, Channel.SMS, Channel.EMAIL):
                    rs.message(
                        p.commune_b_unit,
                        channel=channel,
                        status=MessageStatus.DELIVERED,
                        accepted_after=index,
                        campaign=campaign,
                        created=rs.at(dt.date(2026, 11, 2)),
                    )
                for hamlet in range(3):
                    cluster = rs.cluster(
                        station, name=f"Cụm {hamlet}", created=rs.at(dt.date(2026, 10, 1))
                    )
                    Heartbeat.objects.create(cluster=cluster, bucket=rs.at(dt.date(2026, 11, 2)))
            with django_assert_max_num_queries(25) as many:
                response = client.get(URL + f"?{NOV_QUERY}")
        assert response.status_code == 200 and "Chiến dịch 5" in response.content.decode()
        assert len(many.captured_queries) == len(few.captured_queries)


class ExportTests:
    def test_the_workbook_has_the_tables_and_no_formula(self, personas: Personas) -> None:
        _fixture(personas)
        rs.campaign(personas.commune_a_unit, '=HYPERLINK("http://x","y")')
        campaign = Campaign.objects.filter(unit=personas.commune_a_unit).order_by("-pk").first()
        assert campaign is not None
        rs.message(personas.hamlet_a_unit, campaign=campaign, created=rs.at(dt.date(2026, 11, 11)))
        client = _english(personas.client(personas.commune_a))
        with clock_at(TODAY):
            response = client.get(URL + f"report.xlsx?{NOV_QUERY}")
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith('truyen-thong-20261101-20261130.xlsx"')
        book = load_workbook(io.BytesIO(response.content))
        cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
        assert not [c for c in cells if c.data_type == "f"]
        values = [c.value for c in cells]
        assert '\'=HYPERLINK("http://x","y")' in values
        by_channel = book.worksheets[0]
        rows = [[c.value for c in row] for row in by_channel.iter_rows(min_row=4)]
        assert rows[0][:8] == [
            "Zalo ZNS (to a phone number)",
            3,
            1,
            2,
            2,
            0,
            8,
            4,
        ]  # one more queued
        assert rows[-1][0] == "Total" and rows[-1][-1] == 2800

    def test_the_pdf_has_the_title(self, personas: Personas) -> None:
        _fixture(personas)
        client = _english(personas.client(personas.commune_a))
        with clock_at(TODAY):
            response = client.get(URL + f"report.pdf?{NOV_QUERY}")
        assert response.status_code == 200
        text = "".join(
            page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
        )
        assert "Outreach report from 01/11/2026 to 30/11/2026" in text
        assert "Messages by channel" in text
