"""Limits on what one sender may do: reports per client address and per phone, wrong tracking
codes per address.

Reports are counted from the reports table itself (``client_hash``, ``phone_hash`` and
``submitted_at`` are indexed), inside the submitting transaction: the limit holds across
processes and servers without a shared cache. Wrong codes are rows of ``TrackingMiss``. The
address is ``REMOTE_ADDR``: the project has no trusted-proxy setting for ``X-Forwarded-For``
(a proxy in front must set ``REMOTE_ADDR``, e.g. uWSGI/gunicorn behind nginx with
``real_ip``), and a client-sent header would let anyone pick their own address.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from smartrural.core.errors import DomainError

from . import tracking
from .models import Report, TrackingMiss

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


class RateLimited(DomainError):
    """Too many in the window: try again at ``retry_at``."""

    status_code = 429

    def __init__(self, message: str, *, retry_at: dt.datetime) -> None:
        super().__init__(message)
        self.retry_at = retry_at


def client_hash(request: HttpRequest) -> str:
    return tracking.keyed_hash("addr:" + str(request.META.get("REMOTE_ADDR", "")))


@dataclass(frozen=True)
class Window:
    field: str
    length: dt.timedelta
    limit: int


def _local(moment: dt.datetime) -> str:
    """The moment as residents read it, rounded up to the minute (never too early)."""
    local = timezone.localtime(moment)
    if local.second or local.microsecond:
        local = local.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
    return local.strftime("%H:%M %d/%m/%Y")


def _retry_at(times: list[dt.datetime], window: Window) -> dt.datetime | None:
    """When one more is allowed (None: now). ``times`` are the moments in the window, oldest
    first: one more is allowed once all but ``limit - 1`` of them left the window."""
    if len(times) < window.limit:
        return None
    return times[len(times) - window.limit] + window.length


def _serialise(values: list[str]) -> None:
    """On PostgreSQL, hold a transaction lock per sender so two reports sent at the same moment
    are counted one after the other (SQLite already takes one writer at a time)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for value in sorted(set(values)):
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(value[:15], 16)])


def check_report_rate(*, client: str, phone: str, now: dt.datetime) -> None:
    """``RateLimited`` when the sender already filed the most reports allowed. Call it inside
    the transaction that files the report."""
    _serialise([v for v in (client, phone) if v])
    windows = [
        (client, Window("client_hash", HOUR, settings.FEEDBACK_RATE_PER_HOUR)),
        (client, Window("client_hash", DAY, settings.FEEDBACK_RATE_PER_DAY)),
        (phone, Window("phone_hash", DAY, settings.FEEDBACK_RATE_PER_PHONE_DAY)),
    ]
    for value, window in windows:
        if not value:
            continue
        times = list(
            Report.objects.filter(**{window.field: value, "submitted_at__gt": now - window.length})
            .order_by("submitted_at")
            .values_list("submitted_at", flat=True)
        )
        retry = _retry_at(times, window)
        if retry is None:
            continue
        if window.field == "phone_hash":
            message = _(
                "This phone number has already sent %(n)d reports today. You can send another "
                "from %(at)s; to add to a report already sent, use its status page."
            )
        elif window.length == HOUR:
            message = _(
                "Too many reports from this connection: at most %(n)d an hour. You can send "
                "another from %(at)s."
            )
        else:
            message = _(
                "Too many reports from this connection: at most %(n)d a day. You can send "
                "another from %(at)s."
            )
        raise RateLimited(message % {"n": window.limit, "at": _local(retry)}, retry_at=retry)


def check_client_rate(
    rows: QuerySet[Any],
    *,
    client: str,
    at_field: str,
    now: dt.datetime,
    limits: Sequence[tuple[dt.timedelta, int, str]],
) -> None:
    """``RateLimited`` when ``client`` (a keyed hash, ``client_hash``) has as many of ``rows``
    (any model with a ``client_hash`` and the moment ``at_field``) as a limit allows in its
    window: each limit is (window, most allowed, message with ``%(n)d`` and ``%(at)s``). For
    other apps' public forms (a consultation's opinions); call it in the writing transaction."""
    _serialise([client])
    for length, limit, message in limits:
        times = list(
            rows.filter(client_hash=client, **{f"{at_field}__gt": now - length})
            .order_by(at_field)
            .values_list(at_field, flat=True)
        )
        retry = _retry_at(times, Window("client_hash", length, int(limit)))
        if retry is not None:
            raise RateLimited(message % {"n": limit, "at": _local(retry)}, retry_at=retry)


def check_tracking_misses(*, client: str, now: dt.datetime) -> None:
    """``RateLimited`` when this address typed too many wrong codes in the last hour."""
    limit = int(settings.FEEDBACK_TRACKING_MISSES_PER_HOUR)
    times = list(
        TrackingMiss.objects.filter(client_hash=client, at__gt=now - HOUR)
        .order_by("at")
        .values_list("at", flat=True)
    )
    retry = _retry_at(times, Window("client_hash", HOUR, limit))
    if retry is not None:
        raise RateLimited(
            _(
                "Too many wrong tracking codes from this connection: at most %(n)d an hour. "
                "You can try again from %(at)s."
            )
            % {"n": limit, "at": _local(retry)},
            retry_at=retry,
        )


def record_tracking_miss(*, client: str, now: dt.datetime) -> None:
    """Count a wrong code (and forget those older than a day: only the last hour counts)."""
    TrackingMiss.objects.filter(at__lt=now - DAY).delete()
    TrackingMiss.objects.create(client_hash=client, at=now)
