"""A commune radio station's programme of a day (Thông tư 39/2020/TT-BTTTT), built from the
published bulletins that reach it and kept as ``ProgrammeItem`` rows.

Which bulletins reach a station
    A bulletin that is published (``status="published"``; drafts and withdrawn ones never go
    out) and targets the station: listed in its ``stations``, or naming in its ``zones`` the
    station's commune or a unit above it (a district, the province: every station under it),
    or a hamlet of the station's commune (as ``services.bulletins.target_units_q`` has it):
    then it is in the station's programme but only the clusters of that hamlet are sent it
    (``reaches_cluster``). A station out of service (``active=False``) has no programme.

The day's slots
    Each station broadcasts in the daily slots of ``settings.OUTREACH_RADIO_SLOTS`` (local
    times, Asia/Ho_Chi_Minh; default ``06:00,11:00,17:00``, the usual morning, noon and
    afternoon broadcasts of commune radio).

Where each bulletin goes (one item per station, day and bulletin)
    - normal: in the first slot of the day inside its validity, i.e. the first slot ``s`` with
      ``plays_from <= s < expires_at`` — a bulletin starting exactly at a slot plays in it, one
      expiring exactly at a slot does not. A bulletin valid over several days plays once a day.
      No slot left that day inside its window: not in that day's programme.
    - priority: the same slot rule, placed ahead of every normal bulletin of that slot.
    - emergency: at once: ``starts_at = plays_from`` on the day it starts (any time, not a
      slot). On the following days of its validity it opens the day's first slot inside its
      window, ahead of everything in that slot. The device API sends emergency items first,
      with ``interrupt: true``: the device stops what it plays.
    - A bulletin whose ``expires_at`` has passed never goes out (the device API leaves out
      items of expired bulletins even if the row exists); a bulletin withdrawn after its item
      was built keeps its row, marked ``withdrawn_at``, and never goes out either.

Order (``position``, 0, 1, 2, … through the day)
    By ``starts_at``, then priority (emergency, priority, normal), then ``plays_from``, then the
    bulletin's id: the same bulletins always give the same programme.

``programme_build`` is idempotent (``unique(station, day, bulletin)``; concurrent builds insert
with ``ignore_conflicts``): it adds what is missing, marks what was withdrawn and renumbers the
day. The device API builds today's programme at each poll, so a bulletin published a minute ago
reaches the next poll.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Bulletin, BulletinStatus, Priority, ProgrammeItem, Station

DEFAULT_SLOTS = "06:00,11:00,17:00"


def radio_slots() -> list[dt.time]:
    """The daily broadcast slots (local times, sorted) of ``OUTREACH_RADIO_SLOTS``."""
    raw = getattr(settings, "OUTREACH_RADIO_SLOTS", DEFAULT_SLOTS) or DEFAULT_SLOTS
    slots: set[dt.time] = set()
    for part in str(raw).split(","):
        text = part.strip()
        try:
            slots.add(dt.time.fromisoformat(text))
        except ValueError:
            raise ImproperlyConfigured(
                f"OUTREACH_RADIO_SLOTS: {text!r} is not a time written HH:MM."
            ) from None
    if not slots:
        raise ImproperlyConfigured("OUTREACH_RADIO_SLOTS names no slot.")
    return sorted(slots)


def slot_moments(day: dt.date) -> list[dt.datetime]:
    """The slots of ``day`` as aware datetimes in the current time zone."""
    zone = timezone.get_current_timezone()
    return [dt.datetime.combine(day, slot, tzinfo=zone) for slot in radio_slots()]


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    return start, dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)


def bulletins_for_station(station: Station) -> QuerySet[Bulletin]:
    """Published bulletins that target ``station`` (listed, or a zone at or above its unit)."""
    unit = station.unit
    zone_ids = [*unit.ancestor_ids(), unit.pk]
    return (
        Bulletin.objects.filter(status=BulletinStatus.PUBLISHED)
        .filter(Q(stations=station) | Q(zones__in=zone_ids) | Q(zones__parent=unit.pk))
        .distinct()
    )


def reaches_cluster(*, bulletin: Bulletin, station: Station, hamlet_id: int | None) -> bool:
    """Whether a cluster of ``station`` in hamlet ``hamlet_id`` plays ``bulletin`` (its
    ``stations`` and ``zones`` prefetched): every cluster when the bulletin names the station
    or a zone at or above its commune; else only the clusters of the hamlets it names."""
    if any(listed.pk == station.pk for listed in bulletin.stations.all()):
        return True
    above = {*station.unit.ancestor_ids(), station.unit_id}
    zones = list(bulletin.zones.all())
    if any(zone.pk in above for zone in zones):
        return True
    return hamlet_id is not None and any(zone.pk == hamlet_id for zone in zones)


def starts_at(bulletin: Bulletin, day: dt.date) -> dt.datetime | None:
    """When ``bulletin`` starts in ``day``'s programme, or None when it is not in it."""
    start, end = day_bounds(day)
    plays_from, expires_at = bulletin.plays_from, bulletin.expires_at
    if plays_from >= end or expires_at <= start or expires_at <= plays_from:
        return None
    if bulletin.priority == Priority.EMERGENCY and plays_from >= start:
        return plays_from
    for slot in slot_moments(day):
        if plays_from <= slot < expires_at:
            return slot
    return None


@dataclass(frozen=True)
class Placed:
    bulletin: Bulletin
    starts_at: dt.datetime


def order_key(placed: Placed) -> tuple[dt.datetime, int, dt.datetime, int]:
    bulletin = placed.bulletin
    return (placed.starts_at, -bulletin.priority, bulletin.plays_from, bulletin.pk)


def programme_plan(*, station: Station, day: dt.date) -> list[Placed]:
    """The day's programme as the rules above make it (nothing written)."""
    if not station.active:
        return []
    start, end = day_bounds(day)
    candidates: Iterable[Bulletin] = bulletins_for_station(station).filter(
        plays_from__lt=end, expires_at__gt=start
    )
    placed = []
    for bulletin in candidates:
        moment = starts_at(bulletin, day)
        if moment is not None:
            placed.append(Placed(bulletin, moment))
    return sorted(placed, key=order_key)


def programme_build(*, station: Station, day: dt.date) -> list[ProgrammeItem]:
    """Write ``station``'s programme of ``day`` (idempotent) and return its items in order
    (withdrawn ones included, marked)."""
    plan = programme_plan(station=station, day=day)
    now = timezone.now()
    with transaction.atomic():
        existing = {
            item.bulletin_id: item
            for item in ProgrammeItem.objects.filter(station=station, day=day).select_related(
                "bulletin"
            )
        }
        planned = {placed.bulletin.pk for placed in plan}
        new = [
            ProgrammeItem(
                station=station,
                day=day,
                starts_at=placed.starts_at,
                position=0,
                bulletin=placed.bulletin,
            )
            for placed in plan
            if placed.bulletin.pk not in existing
        ]
        if new:
            ProgrammeItem.objects.bulk_create(new, ignore_conflicts=True)
        # Items whose bulletin no longer goes out: withdrawn, or moved out of the day.
        gone = [
            item.pk
            for bulletin_id, item in existing.items()
            if bulletin_id not in planned
            and item.withdrawn_at is None
            and item.bulletin.status != BulletinStatus.PUBLISHED
        ]
        if gone:
            ProgrammeItem.objects.filter(pk__in=gone).update(withdrawn_at=now)
        items = list(
            ProgrammeItem.objects.filter(station=station, day=day).select_related("bulletin")
        )
        when = {placed.bulletin.pk: placed.starts_at for placed in plan}
        ordered = sorted(
            items,
            key=lambda item: order_key(
                Placed(item.bulletin, when.get(item.bulletin_id, item.starts_at))
            ),
        )
        changed = []
        for position, item in enumerate(ordered):
            moment = when.get(item.bulletin_id, item.starts_at)
            if item.position != position or item.starts_at != moment:
                item.position, item.starts_at = position, moment
                changed.append(item)
            if item.pk in gone:
                item.withdrawn_at = now
        if changed:
            ProgrammeItem.objects.bulk_update(changed, ["position", "starts_at"])
    return ordered
