"""Sending what is queued: claim, send, record.

Every message is a row (status ``queued``, ``next_try_at``) before anything leaves. ``drain``
claims due rows channel by channel with a conditional update (``sending``, ``claimed_at``,
attempts + 1), hands plain copies (``Outgoing``) to the channel's adapter in a few threads, within
the channel's rate (``OUTREACH_RATES``, messages per second) and daily quota
(``OUTREACH_DAILY_QUOTAS``), and records the answers in short transactions of at most
``RECORD_EVERY`` messages, so the database is never held while a provider is being called.
One run (``drain_until_idle``; ``drain`` is a run of one pass) builds each channel's adapter once
and keeps it, and its sending threads, from pass to pass: the HTTP adapters' connection pools
and the e-mail adapter's SMTP connection per thread stay open for the whole run.

- Accepted → ``accepted`` with the provider's id and cost; its receipt later says delivered or
  failed (``receipt_record``).
- Transient → ``queued`` again after a growing wait (``backoff``), at most
  ``OUTREACH_MAX_ATTEMPTS`` attempts, then failed.
- Permanent → ``failed`` with the provider's code, and a new message on the subscriber's next
  channel (``fallback``).

A worker killed mid-run leaves its claimed rows in ``sending``; after ``LEASE`` another run
claims them again. Adapters whose provider recognises our ``uid`` (``idempotent``) make that
resend harmless; for the others the duplicate window is between the provider's answer and the
record's commit (docs/outreach.md).
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import random
import threading
import time
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from smartrural.core.dates import day_start
from smartrural.core.errors import ValidationFailed

from .channels import adapter_for
from .channels.base import Accepted, Adapter, Outgoing, Permanent, Receipt, Result, Transient
from .models import Campaign, Channel, Message, MessageStatus
from .rendering import render, subscriber_values

logger = logging.getLogger(__name__)

LEASE = dt.timedelta(seconds=settings.OUTREACH_LEASE_SECONDS)
RECORD_EVERY = 200  # answers per recording transaction
RECORD_SECONDS = 0.5  # …or this often, whichever comes first
# What sending, recording and falling back read of a claimed row: the whole message, of its
# subscriber what addresses, the unsubscribe link and the placeholders need, and its campaign
# with the template once per batch (not once per row: a batch is mostly one campaign).
CLAIMED_FIELDS = [
    *(field.name for field in Message._meta.concrete_fields),
    *(
        f"subscriber__{name}"
        for name in ("hamlet", "name", "phone", "email", "zalo_user_id", "token")
    ),
    "subscriber__hamlet__name",
]
CLAIMED_CAMPAIGNS = Prefetch("campaign", Campaign.objects.select_related("template"))
MESSAGE_FIELDS = [
    "status",
    "provider_id",
    "provider_code",
    "error",
    "cost",
    "next_try_at",
    "accepted_at",
    "delivered_at",
    "failed_at",
]


@dataclass
class DrainReport:
    accepted: int = 0
    retried: int = 0
    failed: int = 0
    fallbacks: int = 0

    @property
    def handled(self) -> int:
        return self.accepted + self.retried + self.failed

    def add(self, other: DrainReport) -> None:
        self.accepted += other.accepted
        self.retried += other.retried
        self.failed += other.failed
        self.fallbacks += other.fallbacks


def backoff(attempts: int) -> dt.timedelta:
    """The wait before attempt ``attempts + 1``: base × 2^(attempts − 1), at most an hour, ±10%."""
    seconds = min(settings.OUTREACH_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), 3600)
    return dt.timedelta(seconds=seconds * random.uniform(0.9, 1.1))


def _due(now: dt.datetime) -> Q:
    return Q(status=MessageStatus.QUEUED, next_try_at__lte=now) | Q(
        status=MessageStatus.SENDING, claimed_at__lt=now - LEASE
    )


def _room_today(channel: str, now: dt.datetime) -> int | None:
    """How many more ``channel`` messages today's quota allows (None: no quota)."""
    quota = settings.OUTREACH_DAILY_QUOTAS.get(channel)
    if not quota:
        return None
    used = Message.objects.filter(
        channel=channel, accepted_at__gte=day_start(timezone.localdate(now))
    ).count()
    return max(quota - used, 0)


def claim(*, channel: str, limit: int, now: dt.datetime | None = None) -> list[Message]:
    """Up to ``limit`` due messages of ``channel``, now ``sending`` and ours alone."""
    now = now or timezone.now()
    room = _room_today(channel, now)
    if room is not None:
        limit = min(limit, room)
    if limit <= 0:
        return []
    ids = list(
        Message.objects.filter(_due(now), channel=channel)
        .order_by("next_try_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    if not ids:
        return []
    Message.objects.filter(_due(now), pk__in=ids).update(
        status=MessageStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    return list(
        Message.objects.filter(pk__in=ids, status=MessageStatus.SENDING, claimed_at=now)
        .select_related("subscriber__hamlet")
        .only(*CLAIMED_FIELDS)
        .prefetch_related(CLAIMED_CAMPAIGNS)
        .order_by("pk")
    )


def outgoing(message: Message) -> Outgoing:
    unsubscribe = ""  # only e-mail carries it (List-Unsubscribe): no reverse() for the others
    if message.channel == Channel.EMAIL and message.subscriber is not None:
        unsubscribe = settings.SITE_URL + reverse(
            "outreach-public:unsubscribe", args=[message.subscriber.token]
        )
    return Outgoing(
        uid=str(message.uid),
        channel=message.channel,
        address=message.address,
        subject=message.subject,
        body=message.body,
        template_ref=message.template_ref,
        params=dict(message.params),
        unsubscribe_url=unsubscribe,
    )


class RateLimiter:
    """At most ``rate`` acquisitions a second across threads (0: no limit)."""

    def __init__(self, rate: float) -> None:
        self.interval = 1 / rate if rate > 0 else 0.0
        self.next_at = time.monotonic()
        self.lock = threading.Lock()

    def acquire(self) -> None:
        if not self.interval:
            return
        with self.lock:
            now = time.monotonic()
            wait_for = self.next_at - now
            self.next_at = max(self.next_at, now) + self.interval
        if wait_for > 0:
            time.sleep(wait_for)


def _send_one(adapter: Adapter, limiter: RateLimiter, message: Outgoing) -> Result:
    limiter.acquire()
    try:
        return adapter.send(message)
    except Exception as exc:  # an adapter bug or an unexpected network error: try again later
        logger.warning("Adapter %s raised on %s: %r", adapter.channel, message.uid, exc)
        return Transient(code="exception", detail=repr(exc)[:300])


def sending_pool() -> ThreadPoolExecutor:
    """The sending threads (``OUTREACH_SEND_THREADS``) of one delivery run."""
    return ThreadPoolExecutor(
        max_workers=settings.OUTREACH_SEND_THREADS, thread_name_prefix="outreach-send"
    )


def send_batch(
    adapter: Adapter,
    messages: list[Message],
    report: DrainReport,
    *,
    pool: ThreadPoolExecutor | None = None,
) -> None:
    """Send ``messages`` (claimed, one channel) through ``adapter`` and record every answer.

    ``pool``: the run's sending threads (``sending_pool``); without it, threads of this batch's
    own. Each thread takes the next message from the batch until none is left (a task per
    thread, not per message) and hands back the answer; the answers are recorded as they come,
    every ``RECORD_EVERY`` answers or ``RECORD_SECONDS``."""
    if not messages:
        return
    if pool is None:
        with sending_pool() as own:
            _send_and_record(adapter, messages, report, own)
    else:
        _send_and_record(adapter, messages, report, pool)


def _send_and_record(
    adapter: Adapter, messages: list[Message], report: DrainReport, pool: ThreadPoolExecutor
) -> None:
    limiter = RateLimiter(settings.OUTREACH_RATES.get(adapter.channel, 0))
    work = deque((message, outgoing(message)) for message in messages)
    answers_q: queue.SimpleQueue[tuple[Message, Result]] = queue.SimpleQueue()

    def sender() -> None:
        while True:
            try:
                message, copy = work.popleft()  # deque.popleft: atomic, no lock needed
            except IndexError:
                return
            answers_q.put((message, _send_one(adapter, limiter, copy)))

    threads = min(settings.OUTREACH_SEND_THREADS, len(messages))
    senders: list[Future[None]] = [pool.submit(sender) for _ in range(max(threads, 1))]
    try:
        _record_as_answered(answers_q, len(messages), senders, report)
    except BaseException:
        work.clear()  # nothing more leaves while nothing can be recorded; the lease resends
        raise


def _record_as_answered(
    answers_q: queue.SimpleQueue[tuple[Message, Result]],
    expected: int,
    senders: list[Future[None]],
    report: DrainReport,
) -> None:
    answers: list[tuple[Message, Result]] = []
    last_record = time.monotonic()
    while expected:
        wait_for = RECORD_SECONDS
        if answers:
            wait_for = max(last_record + RECORD_SECONDS - time.monotonic(), 0.0)
        try:
            answers.append(answers_q.get(timeout=wait_for))
            expected -= 1
        except queue.Empty:
            if all(future.done() for future in senders) and answers_q.empty():
                for future in senders:
                    future.result()  # a sending thread's own failure, raised here
                raise RuntimeError(
                    "The sending threads stopped with messages unanswered."
                ) from None
        if len(answers) >= RECORD_EVERY or (
            answers and time.monotonic() - last_record >= RECORD_SECONDS
        ):
            record(answers, report)
            answers = []
            last_record = time.monotonic()
    if answers:
        record(answers, report)


def record(answers: Iterable[tuple[Message, Result]], report: DrainReport) -> None:
    """Write the providers' answers in one short transaction (only rows still ours)."""
    now = timezone.now()
    answers = list(answers)
    with transaction.atomic():
        still_ours = set(
            Message.objects.select_for_update()
            .filter(
                pk__in=[message.pk for message, _ in answers],
                status=MessageStatus.SENDING,
            )
            .values_list("pk", "claimed_at")
        )
        changed: list[Message] = []
        failed: list[Message] = []
        for message, result in answers:
            if (message.pk, message.claimed_at) not in still_ours:
                continue  # a receipt or a newer claim moved it on meanwhile
            if isinstance(result, Accepted):
                message.status = MessageStatus.ACCEPTED
                message.provider_id = result.provider_id[:100]
                message.cost = result.cost
                message.accepted_at = now
                message.next_try_at = None
                message.provider_code = message.error = ""
                report.accepted += 1
            elif (
                isinstance(result, Transient) and message.attempts < settings.OUTREACH_MAX_ATTEMPTS
            ):
                wait_for = backoff(message.attempts)
                if result.retry_after:
                    wait_for = max(wait_for, dt.timedelta(seconds=result.retry_after))
                message.status = MessageStatus.QUEUED
                message.next_try_at = now + wait_for
                message.provider_code = result.code[:50]
                message.error = result.detail[:300]
                report.retried += 1
            else:
                assert isinstance(result, Permanent | Transient)
                message.status = MessageStatus.FAILED
                message.failed_at = now
                message.next_try_at = None
                message.provider_code = result.code[:50]
                message.error = result.detail[:300]
                failed.append(message)
                report.failed += 1
            changed.append(message)
        _write_answers(changed)
        for message in failed:
            if fallback(message, now=now) is not None:
                report.fallbacks += 1


def _write_answers(messages: list[Message]) -> None:
    """``MESSAGE_FIELDS`` of ``messages`` written with one prepared UPDATE run ``executemany``:
    ``bulk_update`` builds a CASE per field and row, which cost most of a drain's time
    (bench/outreach.py)."""
    if not messages:
        return
    ops = connection.ops
    fields = [Message._meta.get_field(name) for name in MESSAGE_FIELDS]
    assignments = ", ".join(f"{ops.quote_name(getattr(f, 'column', ''))} = %s" for f in fields)
    # Names from the model's meta, every value a parameter.
    table = ops.quote_name(Message._meta.db_table)
    sql = f"UPDATE {table} SET {assignments} WHERE {ops.quote_name('id')} = %s"  # noqa: S608
    rows = [
        [
            field.get_db_prep_save(getattr(message, field.attname), connection)  # type: ignore[union-attr]
            for field in fields
        ]
        + [message.pk]
        for message in messages
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def address_for(message: Message, channel: str) -> str:
    """Where ``message``'s person is reached on ``channel`` ("" if nowhere)."""
    subscriber = message.subscriber
    if subscriber is not None:
        addresses: dict[str, str] = {
            Channel.ZNS: subscriber.phone,
            Channel.SMS: subscriber.phone,
            Channel.EMAIL: subscriber.email,
            Channel.ZALO_OA: subscriber.zalo_user_id,
        }
        return addresses.get(channel, "")
    return str(message.contacts.get(channel, ""))


def fallback(message: Message, *, now: dt.datetime) -> Message | None:
    """A new message on the next of ``message``'s channels that has an address (or None)."""
    remaining = [name for name in message.fallback_channels.split(",") if name]
    for index, channel in enumerate(remaining):
        address = address_for(message, channel)
        if not address or channel not in settings.OUTREACH_ADAPTERS:
            continue
        fields: dict[str, Any]
        if message.campaign is not None and message.subscriber is not None:
            values = {**message.campaign.values, **subscriber_values(message.subscriber)}
            try:
                rendered = render(message.campaign.template, channel, values)
            except ValidationFailed as exc:  # e.g. no approved ZNS template: the next channel
                logger.info("No fallback on %s for message %s: %s", channel, message.pk, exc)
                continue
            fields = {
                "subject": rendered.subject,
                "body": rendered.body,
                "template_ref": rendered.template_ref,
                "params": rendered.params,
            }
        elif channel == Channel.ZNS and not message.template_ref:
            continue
        else:
            fields = {
                "subject": message.subject,
                "body": message.body,
                "template_ref": message.template_ref,
                "params": message.params,
            }
        return Message.objects.create(
            campaign=message.campaign,
            subscriber=message.subscriber,
            unit_id=message.unit_id,
            channel=channel,
            address=address,
            topic=message.topic,
            source=message.source,
            contacts=message.contacts,
            fallback_channels=",".join(remaining[index + 1 :]),
            fallback_from=message,
            next_try_at=now,
            **fields,
        )
    return None


class _Run:
    """One delivery run: each channel's adapter, built when first needed, and the sending
    threads, both kept from pass to pass (kept-open SMTP and HTTP connections) and closed at
    the end of the run."""

    def __init__(self) -> None:
        self.adapters: dict[str, Adapter] = {}
        self.pool = sending_pool()

    def adapter(self, channel: str) -> Adapter:
        if channel not in self.adapters:
            self.adapters[channel] = adapter_for(channel)
        return self.adapters[channel]

    def drain(self, limit: int | None) -> DrainReport:
        limit = limit or settings.OUTREACH_CLAIM_BATCH
        report = DrainReport()
        for channel in Channel.values:
            if channel not in settings.OUTREACH_ADAPTERS:
                continue
            messages = claim(channel=channel, limit=limit)
            if messages:
                send_batch(self.adapter(channel), messages, report, pool=self.pool)
        return report

    def close(self) -> None:
        try:
            for adapter in self.adapters.values():
                try:
                    adapter.close()
                except Exception as exc:  # one adapter's goodbye must not skip the others'
                    logger.warning("Closing the %s adapter failed: %r", adapter.channel, exc)
        finally:
            self.pool.shutdown(wait=True)


def drain(*, limit: int | None = None) -> DrainReport:
    """One pass: claim and send up to ``limit`` due messages per configured channel."""
    run = _Run()
    try:
        return run.drain(limit)
    finally:
        run.close()


def drain_until_idle(*, seconds: float | None = None) -> DrainReport:
    """Drain pass after pass until nothing is due (or ``seconds`` have gone): one run, its
    adapters and sending threads kept for every pass."""
    deadline = time.monotonic() + seconds if seconds else None
    total = DrainReport()
    run = _Run()
    try:
        while deadline is None or time.monotonic() < deadline:
            report = run.drain(None)
            total.add(report)
            if not report.handled:
                break
    finally:
        run.close()
    return total


def receipt_record(*, channel: str, receipt: Receipt) -> Message | None:
    """Apply a provider's receipt to its message (found by provider id or our uid).

    Only an ``accepted`` (or still ``sending``) message moves; a receipt repeated or arriving
    after the message was settled changes nothing. A failure after acceptance (e.g. the phone
    is not on Zalo) falls back to the next channel like a refusal would."""
    lookup = Q(channel=channel)
    if receipt.uid:
        lookup &= Q(uid=receipt.uid)
    elif receipt.provider_id:
        lookup &= Q(provider_id=receipt.provider_id)
    else:
        return None
    now = timezone.now()
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(of=("self",))
            .filter(lookup)
            .select_related("subscriber__hamlet", "campaign__template")
            .first()
        )
        if message is None or message.status not in (
            MessageStatus.ACCEPTED,
            MessageStatus.SENDING,
        ):
            return message
        message.accepted_at = message.accepted_at or now
        message.next_try_at = None
        if receipt.delivered:
            message.status = MessageStatus.DELIVERED
            message.delivered_at = receipt.at or now
        else:
            message.status = MessageStatus.FAILED
            message.failed_at = receipt.at or now
            message.provider_code = receipt.code[:50]
            message.error = receipt.detail[:300]
        message.save(update_fields=MESSAGE_FIELDS)
        if not receipt.delivered:
            fallback(message, now=now)
    return message
