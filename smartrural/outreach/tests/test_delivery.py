"""The delivery loop through memory adapters: claim, send, record, retry, fall back, receipts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from smartrural.core.errors import ValidationFailed
from smartrural.testing import Personas

from .. import delivery
from ..channels.base import Permanent, Receipt, Transient
from ..channels.memory import MemoryAdapter
from ..models import Message, MessageStatus, Topic
from ..services.messages import message_send
from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def memory() -> None:
    MemoryAdapter.reset()


_commit: list[Any] = []


@pytest.fixture(autouse=True)
def commits(django_capture_on_commit_callbacks: Any) -> Iterator[None]:
    """``send`` runs what waits for its commit (the delivery task), as a real commit would."""
    _commit.append(django_capture_on_commit_callbacks)
    yield
    _commit.clear()


def send(personas: Personas, key: str = "k1", **kwargs: Any) -> Message:
    """``message_send`` then its commit: the on-commit delivery runs at once."""
    values: dict[str, Any] = {
        "source": "test",
        "idempotency_key": key,
        "unit": personas.hamlet_a_unit,
        "topic": Topic.FEEDBACK,
        "body": "Phản ánh của ông/bà đã được trả lời.",
        "phone": "0912 345 678",
        **kwargs,
    }
    with _commit[0](execute=True):
        return message_send(**values)


def test_a_message_is_a_row_then_accepted_after_commit(personas: Personas) -> None:
    message = send(personas, channels=["sms"])
    message.refresh_from_db()
    # The immediate task backend ran the delivery on commit.
    assert message.status == MessageStatus.ACCEPTED
    assert message.address == "84912345678"
    assert [m.address for m in MemoryAdapter.outbox] == ["84912345678"]
    assert MemoryAdapter.outbox[0].uid == str(message.uid)


def test_the_same_idempotency_key_sends_once(personas: Personas) -> None:
    first = send(personas, channels=["sms"])
    again = send(personas, channels=["sms"], body="Một nội dung khác")
    assert again.pk == first.pk
    assert len(MemoryAdapter.outbox) == 1
    assert Message.objects.count() == 1


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"phone": "028 3822 1234"}, "not a Vietnamese mobile number"),
        ({"phone": "+1 202 555 0100"}, "not a Vietnamese mobile number"),
        ({"phone": "", "email": "ai@"}, "not an e-mail address"),
        ({"phone": "", "channels": ["sms"]}, "No address"),
    ],
)
def test_bad_addresses_are_refused_and_nothing_is_written(
    personas: Personas, kwargs: dict[str, Any], words: str
) -> None:
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationFailed, match=words):
        send(personas, **kwargs)
    assert not Message.objects.exists()
    assert not MemoryAdapter.outbox


def test_a_transient_error_is_retried_after_a_wait(personas: Personas) -> None:
    MemoryAdapter.script["84912345678"] = [Transient("503", "busy"), Permanent("x")]
    message = send(personas, channels=["sms"])
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED
    assert message.provider_code == "503"
    assert message.attempts == 1
    assert message.next_try_at is not None
    wait = message.next_try_at - timezone.now()
    assert dt.timedelta(seconds=25) < wait < dt.timedelta(seconds=35)
    # Not due yet: a drain now sends nothing.
    assert delivery.drain().handled == 0


def test_attempts_run_out_then_it_fails(personas: Personas, settings: object) -> None:
    settings.OUTREACH_MAX_ATTEMPTS = 2  # type: ignore[attr-defined]
    MemoryAdapter.script["84912345678"] = [Transient("503")]
    message = send(personas, channels=["sms"])
    Message.objects.filter(pk=message.pk).update(next_try_at=timezone.now())
    delivery.drain()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 2)


def test_a_permanent_failure_falls_back_to_the_next_channel(personas: Personas) -> None:
    MemoryAdapter.script["84912345678"] = [Permanent("-124", "Số điện thoại không dùng Zalo")]
    message = send(
        personas,
        channels=["zns", "email"],
        email="dan@example.vn",
        zns_template=("248079", {"ma": "PA-1"}),
    )
    message.refresh_from_db()
    assert (message.status, message.provider_code) == (MessageStatus.FAILED, "-124")
    fallback = message.fallback
    assert (fallback.channel, fallback.address, fallback.status) == (
        "email",
        "dan@example.vn",
        MessageStatus.ACCEPTED,
    )
    assert fallback.params == {"ma": "PA-1"}  # kept: a later fallback to ZNS needs them
    assert [m.channel for m in MemoryAdapter.outbox] == ["email"]


def test_a_failed_receipt_falls_back_and_a_repeated_receipt_changes_nothing(
    personas: Personas,
) -> None:
    message = send(personas, channels=["zns", "sms"], zns_template=("248079", {"ma": "PA-1"}))
    receipt = Receipt(delivered=False, uid=str(message.uid), code="-118")
    delivery.receipt_record(channel="zns", receipt=receipt)
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.fallback.channel == "sms"
    delivery.receipt_record(channel="zns", receipt=Receipt(delivered=True, uid=str(message.uid)))
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert Message.objects.count() == 2


def test_a_delivered_receipt_by_provider_id(personas: Personas) -> None:
    message = send(personas, channels=["sms"])
    message.refresh_from_db()
    delivery.receipt_record(
        channel="sms", receipt=Receipt(delivered=True, provider_id=message.provider_id)
    )
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED
    assert message.delivered_at is not None


def test_rows_left_sending_by_a_killed_worker_are_claimed_again_after_the_lease(
    personas: Personas,
) -> None:
    message = send(personas, channels=["sms"])
    stale = timezone.now() - delivery.LEASE
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, claimed_at=stale + dt.timedelta(seconds=5)
    )
    assert delivery.drain().handled == 0  # still within the lease
    Message.objects.filter(pk=message.pk).update(claimed_at=stale - dt.timedelta(seconds=1))
    assert delivery.drain().accepted == 1


def test_a_daily_quota_holds_the_rest_until_tomorrow(personas: Personas, settings: object) -> None:
    settings.OUTREACH_DAILY_QUOTAS = {"sms": 1}  # type: ignore[attr-defined]
    send(personas, key="a", channels=["sms"])
    second = send(personas, key="b", channels=["sms"], phone="0987654321")
    second.refresh_from_db()
    assert second.status == MessageStatus.QUEUED
    assert second.attempts == 0


def test_unsubscribed_subscribers_get_nothing_and_their_queue_is_cancelled(
    personas: Personas,
) -> None:
    from ..services.subscribers import subscriber_unsubscribe

    person = factories.subscriber(personas.hamlet_a_unit, phone="84912345678")
    subscriber_unsubscribe(subscriber=person, reason="stop")
    with pytest.raises(ValidationFailed):
        send(personas, subscriber=person, phone="")
    assert person.history.count() == 2


class _SlowSms(MemoryAdapter):
    """The memory SMS adapter taking 20 ms a message, so a batch is still going out when the
    first answers are recorded."""

    channel = "sms"

    def send(self, message: Any) -> Any:
        import time

        time.sleep(0.02)
        return super().send(message)


def _queue_sms(personas: Personas, count: int) -> None:
    now = timezone.now()
    Message.objects.bulk_create(
        Message(
            unit=personas.hamlet_a_unit,
            channel="sms",
            address=f"849123{n:05d}",
            topic=Topic.FEEDBACK,
            body="Họp dân tối thứ Sáu.",
            next_try_at=now,
        )
        for n in range(count)
    )


def test_a_run_keeps_one_adapter_for_every_pass_and_closes_it(
    personas: Personas, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[MemoryAdapter] = []
    closed: list[MemoryAdapter] = []

    class Counted(MemoryAdapter):
        channel = "sms"

        def __init__(self) -> None:
            built.append(self)

        def close(self) -> None:
            closed.append(self)

    monkeypatch.setattr(delivery, "adapter_for", lambda channel: Counted())
    settings.OUTREACH_CLAIM_BATCH = 4
    _queue_sms(personas, 10)
    report = delivery.drain_until_idle()
    assert report.accepted == 10  # three passes of at most 4
    assert len(built) == 1 and closed == built
    assert len(MemoryAdapter.outbox) == 10
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.ACCEPTED}


def test_when_answers_cannot_be_recorded_the_rest_of_the_batch_is_not_sent(
    personas: Personas, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.OUTREACH_SEND_THREADS = 2
    monkeypatch.setattr(delivery, "RECORD_EVERY", 1)
    monkeypatch.setattr(delivery, "adapter_for", lambda channel: _SlowSms())

    def broken(answers: Any, report: Any) -> None:
        raise RuntimeError("database gone")

    monkeypatch.setattr(delivery, "record", broken)
    _queue_sms(personas, 60)
    with pytest.raises(RuntimeError, match="database gone"):
        delivery.drain_until_idle()
    # Only what was already in the threads' hands went out; every row stays claimed
    # ("sending"), for the lease to give it to the next run.
    assert len(MemoryAdapter.outbox) < 10
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.SENDING}
