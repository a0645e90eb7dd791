"""Outreach reports: what happened to the messages and the loudspeakers of a period.

Every figure is read with grouped queries (``GROUP BY``), never one query per row: the number
of queries is bounded whatever the number of messages, campaigns, stations or heartbeats.

Definitions (shown on the report page, ``docs/outreach.md``):

- **Period**: from the first day 00:00 to the last day 24:00, both days included, in
  Asia/Ho_Chi_Minh. A message belongs to the period of its ``created_at`` (when it became a
  row, before any attempt), whatever its status now; a play to the period of ``played_at``
  (the device's time); a heartbeat to the period of its 5-minute bucket.
- **Scope and filters**: the messages whose unit is in the reader's units (``access.scoped``);
  then, if asked, one channel, one campaign, one unit (and everything under it).
- **Queued**: not yet answered by the provider (``queued`` and ``sending``, waiting for a
  retry included). **Accepted**: the provider took it, no receipt yet. **Delivered**: a
  receipt said it reached the person (or the channel confirms delivery in its answer).
  **Failed**: failed for good (after the retries; a fallback message on the next channel is a
  message of its own). **Cancelled**: cancelled before it was sent.
- **Sent**: every message the provider accepted = accepted + delivered + failed after
  acceptance (a failed message with ``accepted_at``: the receipt reported the failure).
- **Delivery rate**: delivered ÷ sent (— when nothing was sent). Channels without receipts
  stay at "accepted", so their rate is low by construction; read it per channel.
- **Accepted within 10 s** and **95th percentile**: over the messages accepted (``accepted_at``
  set), the time from ``created_at`` to ``accepted_at``; the share accepted within 10 seconds
  (GOV.UK Notify's target: 95% within 10 s) and the nearest-rank 95th percentile.
- **Cost**: the sum of ``cost`` (VND) the channel recorded (ZNS per message, SMS per segment);
  messages without a recorded cost count as 0.
- **Units**: a message's unit rolls up to its commune (a hamlet's message counts for its
  commune, by the unit's ``path``); a unit above commune level (a district's or the
  province's own message) is shown as itself.
- **Plays**: play logs per cluster and status (played, failed, skipped).
- **Uptime** of a cluster: the 5-minute buckets it was heard in ÷ the buckets of the period
  (288 a day), counted from the cluster's creation when it was created during the period, up
  to when it or its station was put out of service (``out_of_service_at``) if that was during
  the period, and up to now when the period has not ended; clusters out of service for the
  whole period are not listed. A station's uptime: the sum over its clusters.
  Below ``UPTIME_THRESHOLD`` the cluster or station is highlighted.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from smartrural.accounts.access import Visitor
from smartrural.core.dates import day_start
from smartrural.geo.models import PATH_SEGMENT, AdministrativeUnit, path_upper_bound

from .access import scoped
from .models import (
    Campaign,
    Channel,
    Cluster,
    Heartbeat,
    Message,
    MessageStatus,
    PlayLog,
    PlayStatus,
    Station,
)

BUCKET = timedelta(minutes=5)
BUCKETS_PER_DAY = 288
UPTIME_THRESHOLD = Decimal(90)  # percent
FAST_ENOUGH = timedelta(seconds=10)
PERCENTILE = 95
COMMUNE_PATH = 3 * PATH_SEGMENT  # province, district, commune segments

# The report's status columns, in order; "queued" takes in "sending".
COLUMNS: tuple[str, ...] = ("queued", "accepted", "delivered", "failed", "cancelled")
_COLUMN_OF = {
    MessageStatus.QUEUED: "queued",
    MessageStatus.SENDING: "queued",
    MessageStatus.ACCEPTED: "accepted",
    MessageStatus.DELIVERED: "delivered",
    MessageStatus.FAILED: "failed",
    MessageStatus.CANCELLED: "cancelled",
}


@dataclass(frozen=True)
class Period:
    """From ``since`` to ``until``, both days included, in the local time zone."""

    since: dt.date
    until: dt.date

    @property
    def start(self) -> dt.datetime:
        return day_start(self.since)

    @property
    def end(self) -> dt.datetime:
        """The first instant after the period (00:00 of the day after ``until``)."""
        return day_start(self.until + timedelta(days=1))

    def q(self, field_name: str) -> Q:
        return Q(**{f"{field_name}__gte": self.start, f"{field_name}__lt": self.end})


@dataclass(frozen=True)
class Filters:
    """What the reader narrowed the report to (objects already through the gates)."""

    channel: str = ""
    campaign: Campaign | None = None
    unit: AdministrativeUnit | None = None
    station: Station | None = None


@dataclass
class Counts:
    """Messages per status column, the cost and the timing figures of one row."""

    label: str = ""
    key: int | str | None = None
    queued: int = 0
    accepted: int = 0
    delivered: int = 0
    failed: int = 0
    cancelled: int = 0
    failed_after_acceptance: int = 0
    cost: Decimal = Decimal(0)
    timed: int = 0  # messages with accepted_at
    fast: int = 0  # of which accepted within FAST_ENOUGH
    p95_seconds: float | None = None

    @property
    def total(self) -> int:
        return self.queued + self.accepted + self.delivered + self.failed + self.cancelled

    @property
    def sent(self) -> int:
        return self.accepted + self.delivered + self.failed_after_acceptance

    @property
    def delivery_rate(self) -> Decimal | None:
        """Delivered ÷ sent, in percent (None when nothing was sent)."""
        if not self.sent:
            return None
        return Decimal(100 * self.delivered) / Decimal(self.sent)

    @property
    def fast_share(self) -> Decimal | None:
        if not self.timed:
            return None
        return Decimal(100 * self.fast) / Decimal(self.timed)

    def add_row(self, row: dict[str, Any]) -> None:
        column = _COLUMN_OF[MessageStatus(str(row["status"]))]
        setattr(self, column, getattr(self, column) + row["n"])
        self.failed_after_acceptance += row["failed_accepted"]
        self.cost += Decimal(row["cost"] or 0)
        self.timed += row["timed"]
        self.fast += row["fast"]

    def add(self, other: Counts) -> None:
        for name in (*COLUMNS, "failed_after_acceptance", "cost", "timed", "fast"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Uptime:
    label: str
    key: int
    station_id: int
    station: str
    hamlet: str = ""
    heard: int = 0
    expected: int = 0
    plays: dict[str, int] = field(default_factory=dict)

    @property
    def percent(self) -> Decimal | None:
        if not self.expected:
            return None
        return Decimal(100 * self.heard) / Decimal(self.expected)

    @property
    def below(self) -> bool:
        value = self.percent
        return value is not None and value < UPTIME_THRESHOLD

    @property
    def plays_total(self) -> int:
        return sum(self.plays.values())


@dataclass(frozen=True)
class MessageReport:
    by_channel: list[Counts]
    by_campaign: list[Counts]
    by_unit: list[Counts]
    total: Counts


@dataclass(frozen=True)
class RadioReport:
    clusters: list[Uptime]
    stations: list[Uptime]
    total: Uptime


@dataclass(frozen=True)
class OutreachReport:
    period: Period
    filters: Filters
    messages: MessageReport
    radio: RadioReport


# -- messages -----------------------------------------------------------------------------------


def _messages(user: Visitor, period: Period, filters: Filters) -> QuerySet[Message]:
    messages = scoped(Message, user).filter(period.q("created_at"))
    if filters.channel:
        messages = messages.filter(channel=filters.channel)
    if filters.campaign is not None:
        messages = messages.filter(campaign=filters.campaign)
    if filters.unit is not None:
        path = filters.unit.path
        messages = messages.filter(unit__path__gte=path, unit__path__lt=path_upper_bound(path))
    return messages


def _grouped(messages: QuerySet[Message], *keys: str) -> QuerySet[Message, dict[str, Any]]:
    accepted = Q(accepted_at__isnull=False)
    return (
        messages.order_by()
        .values(*keys)
        .annotate(
            n=Count("pk"),
            failed_accepted=Count("pk", filter=accepted & Q(status=MessageStatus.FAILED)),
            cost=Sum("cost"),
            timed=Count("pk", filter=accepted),
            fast=Count("pk", filter=Q(accepted_at__lte=F("created_at") + FAST_ENOUGH)),
        )
    )


def _percentile_seconds(messages: QuerySet[Message], count: int) -> float | None:
    """The nearest-rank ``PERCENTILE`` of accepted_at − created_at over ``count`` messages
    (one query: the row at that rank, ordered by the duration)."""
    if not count:
        return None
    rank = math.ceil(PERCENTILE * count / 100)
    waited = ExpressionWrapper(F("accepted_at") - F("created_at"), output_field=DurationField())
    value = (
        messages.filter(accepted_at__isnull=False)
        .annotate(waited=waited)
        .order_by("waited", "pk")
        .values_list("waited", flat=True)[rank - 1 : rank]
    )
    found = list(value)
    if not found or found[0] is None:
        return None
    return float(found[0].total_seconds())


def _by_channel(messages: QuerySet[Message]) -> list[Counts]:
    rows: dict[str, Counts] = {}
    for row in _grouped(messages, "channel", "status"):
        channel = str(row["channel"])
        if channel not in rows:
            rows[channel] = Counts(label=str(Channel(channel).label), key=channel)
        rows[channel].add_row(row)
    ordered = [rows[c] for c in Channel.values if c in rows]
    for counts in ordered:
        counts.p95_seconds = _percentile_seconds(messages.filter(channel=counts.key), counts.timed)
    return ordered


def _by_campaign(messages: QuerySet[Message]) -> list[Counts]:
    rows: dict[int | None, Counts] = defaultdict(Counts)
    for row in _grouped(messages, "campaign_id", "status"):
        key: int | None = row["campaign_id"]
        rows[key].key = key
        rows[key].add_row(row)
    campaigns = Campaign.objects.filter(pk__in=[k for k in rows if k is not None]).values_list(
        "pk", "title", "created_at"
    )
    created: dict[int, dt.datetime] = {}
    for pk, title, created_at in campaigns:
        rows[pk].label = title
        created[pk] = created_at
    # Newest campaign first; messages of no campaign last.
    newest = sorted(created, key=lambda pk: (created[pk], pk), reverse=True)
    return [rows[pk] for pk in newest] + ([rows[None]] if None in rows else [])


def _by_unit(messages: QuerySet[Message]) -> list[Counts]:
    rows: dict[str, Counts] = defaultdict(Counts)
    grouped = _grouped(
        messages.annotate(commune_path=Substr("unit__path", 1, COMMUNE_PATH)),
        "commune_path",
        "status",
    )
    for row in grouped:
        path = str(row["commune_path"])
        rows[path].key = path
        rows[path].add_row(row)
    names = dict(AdministrativeUnit.objects.filter(path__in=list(rows)).values_list("path", "name"))
    for path, counts in rows.items():
        counts.label = names.get(path, "")
    return sorted(rows.values(), key=lambda c: (c.label, str(c.key)))


def message_report(user: Visitor, *, period: Period, filters: Filters) -> MessageReport:
    messages = _messages(user, period, filters)
    by_channel = _by_channel(messages)
    total = Counts()
    for counts in by_channel:
        total.add(counts)
    total.p95_seconds = _percentile_seconds(messages, total.timed)
    return MessageReport(
        by_channel=by_channel,
        by_campaign=_by_campaign(messages),
        by_unit=_by_unit(messages),
        total=total,
    )


# -- loudspeakers -------------------------------------------------------------------------------


def _floor_bucket(moment: dt.datetime) -> dt.datetime:
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    return moment - (moment - epoch) % BUCKET


def expected_buckets(
    period: Period,
    created_at: dt.datetime,
    now: dt.datetime,
    out_of_service_at: dt.datetime | None = None,
) -> int:
    """The 5-minute buckets a cluster could have been heard in during ``period``: from the
    period's start (or the bucket of its creation, if later) to the period's end (or now, or
    when it or its station was put out of service, if earlier)."""
    start = max(period.start, _floor_bucket(created_at))
    end = min(period.end, now, out_of_service_at or now)
    if end <= start:
        return 0
    return math.ceil((end - start) / BUCKET)


def _clusters(user: Visitor, filters: Filters) -> QuerySet[Cluster]:
    clusters = scoped(Cluster, user)
    if filters.station is not None:
        clusters = clusters.filter(station=filters.station)
    if filters.unit is not None:
        path = filters.unit.path
        clusters = clusters.filter(
            Q(station__unit__path__gte=path, station__unit__path__lt=path_upper_bound(path))
            | Q(hamlet__path__gte=path, hamlet__path__lt=path_upper_bound(path))
        )
    return clusters


def radio_report(user: Visitor, *, period: Period, filters: Filters) -> RadioReport:
    now = timezone.now()
    # Clusters there were in the period: made before its end, in service after its start.
    clusters = (
        _clusters(user, filters)
        .filter(created_at__lt=period.end)
        .exclude(out_of_service_at__lte=period.start)
        .exclude(station__out_of_service_at__lte=period.start)
    )
    rows: dict[int, Uptime] = {}
    listed = clusters.select_related("station", "hamlet").order_by(
        "station__unit__code", "station__name", "station_id", "name", "pk"
    )
    for cluster in listed:
        stopped = [
            at
            for at in (cluster.out_of_service_at, cluster.station.out_of_service_at)
            if at is not None
        ]
        rows[cluster.pk] = Uptime(
            label=cluster.name,
            key=cluster.pk,
            station_id=cluster.station_id,
            station=cluster.station.name,
            hamlet=cluster.hamlet.name if cluster.hamlet else "",
            expected=expected_buckets(
                period, cluster.created_at, now, min(stopped) if stopped else None
            ),
            plays=dict.fromkeys(PlayStatus.values, 0),
        )
    heard = (
        Heartbeat.objects.filter(cluster__in=clusters, bucket__gte=period.start)
        .filter(bucket__lt=period.end)
        .order_by()
        .values("cluster_id")
        .annotate(n=Count("pk"))
    )
    for row in heard:
        if row["cluster_id"] in rows:
            rows[row["cluster_id"]].heard = row["n"]
    plays = (
        PlayLog.objects.filter(cluster__in=clusters)
        .filter(period.q("played_at"))
        .order_by()
        .values("cluster_id", "status")
        .annotate(n=Count("pk"))
    )
    for row in plays:
        if row["cluster_id"] in rows:
            rows[row["cluster_id"]].plays[row["status"]] = row["n"]
    stations: dict[int, Uptime] = {}
    total = Uptime(
        label="", key=0, station_id=0, station="", plays=dict.fromkeys(PlayStatus.values, 0)
    )
    for uptime in rows.values():
        station = stations.setdefault(
            uptime.station_id,
            Uptime(
                label=uptime.station,
                key=uptime.station_id,
                station_id=uptime.station_id,
                station=uptime.station,
                plays=dict.fromkeys(PlayStatus.values, 0),
            ),
        )
        for target in (station, total):
            target.heard += uptime.heard
            target.expected += uptime.expected
            for status, n in uptime.plays.items():
                target.plays[status] += n
    return RadioReport(clusters=list(rows.values()), stations=list(stations.values()), total=total)


def outreach_report(user: Visitor, *, period: Period, filters: Filters) -> OutreachReport:
    """The whole report of ``period`` for ``user`` (see the module docstring)."""
    return OutreachReport(
        period=period,
        filters=filters,
        messages=message_report(user, period=period, filters=filters),
        radio=radio_report(user, period=period, filters=filters),
    )
