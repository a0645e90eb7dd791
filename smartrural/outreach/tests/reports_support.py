"""Rows for the report tests, written straight with the models (the report reads rows, whatever
service wrote them): messages at a given time and status, a campaign, a station and a cluster."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from decimal import Decimal

from smartrural.geo.models import AdministrativeUnit
from smartrural.testing import LOCAL

from ..models import Campaign, Channel, Cluster, Message, MessageStatus, Station, Topic
from . import factories


def at(day: dt.date, hour: int = 9, minute: int = 0, second: int = 0) -> dt.datetime:
    """``day`` at ``hour:minute:second`` in Viet Nam."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=LOCAL)


def campaign(unit: AdministrativeUnit, title: str = "Lịch cắt điện tháng 11") -> Campaign:
    return Campaign.objects.create(
        unit=unit,
        title=title,
        template=factories.template(unit),
        audience_as_of=dt.date(2026, 11, 1),
        channels="zns,sms",
    )


def message(
    unit: AdministrativeUnit,
    *,
    created: dt.datetime,
    channel: str = Channel.ZNS,
    status: str = MessageStatus.QUEUED,
    accepted_after: float | None = None,
    cost: int | None = None,
    campaign: Campaign | None = None,
) -> Message:
    """A message created at ``created``; accepted ``accepted_after`` seconds later if given."""
    row = Message.objects.create(
        unit=unit,
        channel=channel,
        address="84912345678",
        topic=Topic.NTM,
        body="Thông báo",
        status=status,
        campaign=campaign,
        cost=None if cost is None else Decimal(cost),
    )
    accepted = None if accepted_after is None else created + dt.timedelta(seconds=accepted_after)
    Message.objects.filter(pk=row.pk).update(created_at=created, accepted_at=accepted)
    row.refresh_from_db()
    return row


def station(unit: AdministrativeUnit, name: str = "Đài truyền thanh xã") -> Station:
    return Station.objects.create(unit=unit, name=name)


def cluster(
    station_: Station,
    *,
    name: str = "Cụm loa ấp Chợ",
    hamlet: AdministrativeUnit | None = None,
    created: dt.datetime | None = None,
) -> Cluster:
    row = Cluster.objects.create(
        station=station_,
        hamlet=hamlet,
        name=name,
        token_hash=hashlib.sha256(secrets.token_bytes(16)).hexdigest(),
        token_prefix="abcd1234",
    )
    if created is not None:
        Cluster.objects.filter(pk=row.pk).update(created_at=created)
        row.refresh_from_db()
    return row
