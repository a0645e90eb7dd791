"""Campaigns' services: checks, audience, enqueue (idempotent, resumable), approval, cancel,
the periodic task."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone, translation

from smartrural.core.errors import Conflict, Forbidden, ValidationFailed
from smartrural.geo.models import Succession, SuccessionKind
from smartrural.geo.services import unit_create
from smartrural.testing import Clock, Personas

from .. import delivery, tasks
from ..channels.memory import MemoryAdapter
from ..models import Campaign, CampaignStatus, Message, MessageStatus, Topic
from ..rendering import render, subscriber_values
from ..services import campaigns as services
from ..services.campaigns import enqueue
from ..services.subscribers import subscriber_unsubscribe
from . import factories
from .campaign_factories import campaign as make_campaign
from .campaign_factories import second_province_officer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    MemoryAdapter.reset()
    with translation.override("en"):
        yield


def submit(campaign: Campaign, user: Any) -> Campaign:
    return services.campaign_submit(campaign=campaign, version=campaign.version, user=user)


# ---------------------------------------------------------------------------------------------
# Checks


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"values": {"xa": "Xã Ngãi Xuyên"}}, "No value for the placeholder {{ noi_dung }}"),
        ({"values": {"xa": "x", "noi_dung": "y", "them": "z"}}, "no placeholder {{ them }}"),
        ({"channels": []}, "at least one channel"),
        ({"channels": ["facebook"]}, "at least one channel"),
        ({"topics": []}, "at least one topic"),
        ({"audience_units": []}, "at least one hamlet"),
        ({"post_to_facebook": True}, "no Facebook page"),
    ],
)
def test_bad_campaigns_are_refused_and_nothing_is_written(
    personas: Personas, fields: dict[str, Any], words: str
) -> None:
    with pytest.raises(ValidationFailed, match=words):
        make_campaign(personas, **fields)
    assert not Campaign.objects.exists()


def test_a_sending_time_in_the_past_is_refused(personas: Personas) -> None:
    with pytest.raises(ValidationFailed, match="in the past"):
        make_campaign(personas, send_at=timezone.now() - dt.timedelta(minutes=1))
    assert make_campaign(personas, send_at=timezone.now() + dt.timedelta(minutes=1)).pk


def test_the_audience_must_be_inside_the_sending_unit_and_exist_on_the_day(
    personas: Personas,
) -> None:
    with pytest.raises(ValidationFailed, match="not inside"):
        make_campaign(personas, audience_units=[personas.commune_b_unit])
    with pytest.raises(ValidationFailed, match="did not exist on 01/08/2025"):
        make_campaign(personas, audience_as_of=dt.date(2025, 8, 1))


def test_a_template_of_another_commune_is_refused(personas: Personas) -> None:
    other = factories.template(personas.commune_b_unit)
    with pytest.raises(ValidationFailed, match="belongs to another unit"):
        make_campaign(personas, template=other)
    # A template of the province (above the commune) may be used.
    assert make_campaign(personas, template=factories.template(personas.province_unit)).pk


def test_an_officer_of_another_commune_may_not_send_for_commune_a(personas: Personas) -> None:
    with pytest.raises(Forbidden):
        make_campaign(personas, user=personas.commune_b)


def test_only_a_draft_is_changed_and_a_stale_version_is_a_conflict(personas: Personas) -> None:
    campaign = make_campaign(personas)
    loaded = campaign.version
    fields: dict[str, Any] = {
        "user": personas.commune_a,
        "title": "Lịch cắt điện (sửa)",
        "template": campaign.template,
        "values": campaign.values,
        "audience_units": [personas.hamlet_a_unit],
        "audience_as_of": campaign.audience_as_of,
        "topics": [Topic.NTM],
        "channels": ["sms"],
    }
    services.campaign_update(campaign=campaign, version=loaded, **fields)
    with pytest.raises(Conflict):
        services.campaign_update(
            campaign=Campaign.objects.get(pk=campaign.pk),
            version=loaded,
            **{**fields, "title": "Một tiêu đề khác"},
        )
    campaign = Campaign.objects.get(pk=campaign.pk)
    assert (campaign.title, campaign.channels) == ("Lịch cắt điện (sửa)", "sms")
    Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.SENT)
    campaign.refresh_from_db()
    with pytest.raises(Conflict, match="Only a draft"):
        services.campaign_update(campaign=campaign, version=campaign.version, **fields)


# ---------------------------------------------------------------------------------------------
# Audience and enqueue


def test_the_audience_follows_topics_unsubscribing_and_preferences(personas: Personas) -> None:
    hamlet = personas.hamlet_a_unit
    zns_first = factories.subscriber(
        hamlet, phone="84912000001", email="a@example.vn", channels="zns,email,sms", name="Ba Tư"
    )
    email_only = factories.subscriber(hamlet, email="b@example.vn", channels="zalo_oa,email")
    no_address = factories.subscriber(hamlet, channels="sms")
    factories.subscriber(hamlet, phone="84912000004", topics=(Topic.HEALTH,))
    gone = factories.subscriber(hamlet, phone="84912000005", channels="sms")
    subscriber_unsubscribe(subscriber=gone, reason="stop")
    campaign = make_campaign(personas, channels=["sms", "email", "zns"])

    assert set(services.audience_subscribers(campaign)) == {zns_first, email_only, no_address}
    assert services.audience_preview(campaign) == {
        "total": 3,
        "per_channel": {"sms": 0, "email": 1, "zns": 1},
        "unreachable": 1,
    }
    submit(campaign, personas.commune_a)
    services.campaign_enqueue(campaign=campaign)

    messages = {m.subscriber_id: m for m in Message.objects.all()}
    assert set(messages) == {zns_first.pk, email_only.pk}
    first = messages[zns_first.pk]
    # Their order, not the campaign's: ZNS first, e-mail then SMS as fallbacks.
    assert (first.channel, first.address, first.fallback_channels) == (
        "zns",
        "84912000001",
        "email,sms",
    )
    expected = render(campaign.template, "zns", {**campaign.values, **subscriber_values(zns_first)})
    assert (first.body, first.template_ref, first.params) == (
        expected.body,
        "248079",
        expected.params,
    )
    assert first.body.startswith("Kính gửi Ba Tư, xã thông báo: Cắt điện")
    second = messages[email_only.pk]
    assert (second.channel, second.fallback_channels, second.subject) == (
        "email",
        "",
        "Thông báo của Xã Ngãi Xuyên",
    )
    assert second.body == "Kính gửi bà con (Ấp Chợ): Cắt điện ngày 05/06 từ 7 giờ."
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENDING
    assert campaign.enqueued_at is not None


def test_compiled_rendering_matches_render_on_every_channel(personas: Personas) -> None:
    template = factories.template(
        personas.commune_a_unit,
        sms_body="{{ ten }} ở {{ ten_ap }} ơi: {{ noi_dung }} – {{ ten }}",
        sms_unaccented=True,
    )
    values = {"xa": "Xã Ngãi Xuyên", "noi_dung": "Đường đê sạt lở"}
    person = factories.subscriber(personas.hamlet_a_unit, phone="84912000001", name="Đặng Thị Ửng")
    for channel in ("zns", "sms", "email", "zalo_oa", "facebook"):
        rendered = render(template, channel, {**values, **subscriber_values(person)})
        subject, body, params = services.compile_channel(template, channel, values).render(
            subscriber_values(person)
        )
        assert (subject, body, params) == (rendered.subject, rendered.body, rendered.params)


def test_hamlets_are_those_of_the_audience_date(personas: Personas) -> None:
    """A province whose commune was merged on 01/07/2025: as of 30/06/2025 the old commune's
    hamlet, as of 2026 the new commune's; the same audience unit (the province)."""
    province = unit_create(
        code="86", name="Tỉnh Vĩnh Long", kind="tinh", level="province", parent=None
    )

    def unit(code: str, name: str, level: str, parent: Any, **validity: Any) -> Any:
        kind = {"commune": "xa", "hamlet": "ap"}[level]
        return unit_create(code=code, name=name, kind=kind, level=level, parent=parent, **validity)

    old = unit("86001", "Xã Ngãi Xuyên", "commune", province, valid_to=dt.date(2025, 6, 30))
    old_hamlet = unit("8600101", "Ấp Chợ", "hamlet", old, valid_to=dt.date(2025, 6, 30))
    new = unit("86002", "Xã Trà Cú", "commune", province, valid_from=dt.date(2025, 7, 1))
    new_hamlet = unit("8600201", "Ấp Chợ Mới", "hamlet", new, valid_from=dt.date(2025, 7, 1))
    old_person = factories.subscriber(old_hamlet, phone="84912000001")
    new_person = factories.subscriber(new_hamlet, phone="84912000002")
    fields: dict[str, Any] = {
        "unit": province,
        "user": personas.province,
        "template": factories.template(province),
        "audience_units": [province],
    }
    before = make_campaign(personas, audience_as_of=dt.date(2025, 6, 30), **fields)
    assert list(services.audience_hamlets(before)) == [old_hamlet]
    assert list(services.audience_subscribers(before)) == [old_person]
    after = make_campaign(personas, audience_as_of=dt.date(2026, 1, 15), **fields)
    assert list(services.audience_hamlets(after)) == [new_hamlet]
    assert list(services.audience_subscribers(after)) == [new_person]
    # Recorded as the old hamlet's successor, the new one reaches those who signed up before.
    Succession.objects.create(
        predecessor=old_hamlet,
        successor=new_hamlet,
        kind=SuccessionKind.UNCHANGED,
        effective_date=dt.date(2025, 7, 1),
    )
    assert set(services.audience_subscribers(after)) == {old_person, new_person}
    assert list(services.audience_subscribers(before)) == [old_person]
    # An audience unit that no longer exists on the date is refused.
    with pytest.raises(ValidationFailed, match="did not exist"):
        make_campaign(
            personas, audience_as_of=dt.date(2026, 1, 15), **{**fields, "audience_units": [old]}
        )


def test_enqueue_twice_adds_nothing(personas: Personas) -> None:
    for n in range(3):
        factories.subscriber(personas.hamlet_a_unit, phone=f"8491200000{n}", channels="sms")
    campaign = make_campaign(personas, channels=["sms"])
    submit(campaign, personas.commune_a)
    assert services.campaign_enqueue(campaign=campaign).written == 3
    assert services.campaign_enqueue(campaign=campaign).written == 0
    # Even forced back to half-enqueued, a second run writes no second message.
    Campaign.objects.filter(pk=campaign.pk).update(enqueued_at=None)
    services.campaign_enqueue(campaign=campaign)
    assert Message.objects.filter(campaign=campaign).count() == 3


def test_a_crash_mid_enqueue_leaves_a_state_the_next_run_completes(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = [
        factories.subscriber(personas.hamlet_a_unit, phone=f"849120000{n:02d}", channels="sms")
        for n in range(7)
    ]
    campaign = make_campaign(personas, channels=["sms"])
    submit(campaign, personas.commune_a)
    monkeypatch.setattr(enqueue, "ENQUEUE_BATCH", 3)
    real = enqueue._insert_ignore
    calls: list[int] = []

    def dies_on_the_second_batch(rows: Any) -> None:
        calls.append(1)
        if len(calls) == 2:
            real(rows[:1])  # part of the batch is written, then the worker dies
            raise RuntimeError("worker killed")
        real(rows)

    monkeypatch.setattr(enqueue, "_insert_ignore", dies_on_the_second_batch)
    with pytest.raises(RuntimeError):
        services.campaign_enqueue(campaign=campaign)
    campaign.refresh_from_db()
    assert (campaign.status, campaign.enqueued_at) == (CampaignStatus.SENDING, None)
    # The first batch whole; the second's transaction rolled back: nothing of it.
    assert Message.objects.count() == 3
    monkeypatch.setattr(enqueue, "_insert_ignore", real)
    # The periodic task picks it up again and finishes the job.
    assert services.campaigns_due() == [campaign.pk]
    report = services.campaign_enqueue(campaign=campaign)
    assert report.resumed_after == people[2].pk
    assert sorted(Message.objects.values_list("subscriber_id", flat=True)) == [p.pk for p in people]
    campaign.refresh_from_db()
    assert campaign.enqueued_at is not None


def test_a_facebook_post_goes_once_to_the_units_page(personas: Personas, settings: Any) -> None:
    settings.OUTREACH_FACEBOOK_PAGES = {personas.commune_a_unit.code: "1029384756"}
    campaign = make_campaign(personas, post_to_facebook=True, channels=["sms"])
    submit(campaign, personas.commune_a)
    services.campaign_enqueue(campaign=campaign)
    Campaign.objects.filter(pk=campaign.pk).update(enqueued_at=None)
    services.campaign_enqueue(campaign=campaign)
    post = Message.objects.get(channel="facebook")
    assert (post.address, post.unit_id, post.subscriber_id) == (
        "1029384756",
        personas.commune_a_unit.pk,
        None,
    )
    assert post.body == "Kính gửi bà con (Xã Ngãi Xuyên): Cắt điện ngày 05/06 từ 7 giờ."


# ---------------------------------------------------------------------------------------------
# Submit, approval, cancel


def test_a_commune_notice_is_scheduled_and_sent_at_once_without_approval(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    factories.subscriber(personas.hamlet_a_unit, phone="84912000001", channels="sms")
    campaign = make_campaign(personas, channels=["sms"])
    with django_capture_on_commit_callbacks(execute=True):
        submit(campaign, personas.commune_a)
    campaign.refresh_from_db()
    # The immediate task backend ran the enqueue, then the delivery.
    assert campaign.status == CampaignStatus.SENDING
    assert Message.objects.get().status == MessageStatus.ACCEPTED
    assert tasks.campaigns_due.call() == 0
    campaign.refresh_from_db()
    assert (campaign.status, campaign.finished_at is not None) == (CampaignStatus.SENT, True)


def test_a_province_wide_notice_needs_a_second_officer(personas: Personas) -> None:
    campaign = make_campaign(
        personas,
        unit=personas.province_unit,
        user=personas.province,
        template=factories.template(personas.province_unit),
        audience_units=[personas.province_unit],
    )
    campaign = submit(campaign, personas.province)
    assert campaign.status == CampaignStatus.AWAITING_APPROVAL
    with pytest.raises(Forbidden, match="second officer"):
        services.campaign_approve(
            campaign=campaign, version=campaign.version, user=personas.province
        )
    with pytest.raises(Forbidden, match="province office"):
        services.campaign_approve(
            campaign=campaign, version=campaign.version, user=personas.district
        )
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.AWAITING_APPROVAL
    second = second_province_officer()
    services.campaign_approve(campaign=campaign, version=campaign.version, user=second)
    campaign.refresh_from_db()
    assert (campaign.status, campaign.approved_by) == (CampaignStatus.SCHEDULED, second)
    assert campaign.approved_at is not None


def test_a_district_notice_to_one_commune_is_not_province_wide(personas: Personas) -> None:
    campaign = make_campaign(
        personas,
        unit=personas.district_unit,
        user=personas.district,
        template=factories.template(personas.district_unit),
    )
    assert submit(campaign, personas.district).status == CampaignStatus.SCHEDULED


def test_cancel_while_scheduled(personas: Personas, clock: Clock) -> None:
    clock.set(dt.date(2026, 12, 2))
    campaign = make_campaign(personas, send_at=timezone.now() + dt.timedelta(hours=2))
    campaign = submit(campaign, personas.commune_a)
    services.campaign_cancel(campaign=campaign, version=campaign.version, user=personas.commune_a)
    campaign.refresh_from_db()
    assert (campaign.status, campaign.cancelled_at is not None) == (
        CampaignStatus.CANCELLED,
        True,
    )
    assert services.campaigns_due(now=timezone.now() + dt.timedelta(hours=3)) == []


def test_cancel_while_sending_stops_queued_messages_only(personas: Personas) -> None:
    for n in range(4):
        factories.subscriber(personas.hamlet_a_unit, phone=f"8491200000{n}", channels="sms")
    campaign = make_campaign(personas, channels=["sms"])
    submit(campaign, personas.commune_a)
    services.campaign_enqueue(campaign=campaign)
    first, second, *_rest = Message.objects.order_by("pk")
    Message.objects.filter(pk=first.pk).update(status=MessageStatus.ACCEPTED)
    Message.objects.filter(pk=second.pk).update(status=MessageStatus.DELIVERED)
    campaign.refresh_from_db()
    assert services.campaign_cancel(campaign=campaign, version=1, user=personas.commune_a) == 2
    statuses = list(Message.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["accepted", "delivered", "cancelled", "cancelled"]
    assert delivery.drain().handled == 0
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CANCELLED
    # The finishing task leaves a cancelled campaign cancelled.
    services.campaigns_finish()
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CANCELLED
    with pytest.raises(Conflict, match="cannot be cancelled"):
        services.campaign_cancel(campaign=campaign, version=None, user=personas.commune_a)


def test_a_sent_campaign_cannot_be_cancelled(personas: Personas) -> None:
    campaign = make_campaign(personas)
    Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.SENT)
    campaign.refresh_from_db()
    with pytest.raises(Conflict, match="cannot be cancelled"):
        services.campaign_cancel(campaign=campaign, version=None, user=personas.commune_a)


def test_a_scheduled_campaign_is_enqueued_by_the_periodic_task_at_its_time(
    personas: Personas, clock: Clock
) -> None:
    clock.set(dt.date(2026, 12, 2))  # 09:00 in Viet Nam
    factories.subscriber(personas.hamlet_a_unit, phone="84912000001", channels="sms")
    at = timezone.now() + dt.timedelta(hours=1)
    campaign = submit(make_campaign(personas, channels=["sms"], send_at=at), personas.commune_a)
    assert tasks.campaigns_due.call() == 0
    assert not Message.objects.exists()
    clock.set(dt.date(2026, 12, 2))
    import time_machine

    with time_machine.travel(at + dt.timedelta(seconds=30)):
        assert tasks.campaigns_due.call() == 1
        campaign.refresh_from_db()
        assert campaign.status == CampaignStatus.SENDING
        assert Message.objects.get().status == MessageStatus.QUEUED
        delivery.drain()
        tasks.campaigns_due.call()
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT
    assert [h.status for h in campaign.history.order_by("history_id")] == [
        "draft",
        "scheduled",
        "sending",
        "sending",
        "sent",
    ]


def test_a_cancel_while_messages_are_being_written_stops_the_writing(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(6):
        factories.subscriber(personas.hamlet_a_unit, phone=f"849120000{n:02d}", channels="sms")
    campaign = make_campaign(personas, channels=["sms"])
    submit(campaign, personas.commune_a)
    monkeypatch.setattr(enqueue, "ENQUEUE_BATCH", 2)
    real = enqueue._insert_ignore

    def cancelled_after_the_first_batch(rows: Any) -> None:
        real(rows)
        if Message.objects.count() == 2:
            services.campaign_cancel(campaign=campaign, version=None, user=personas.commune_a)

    monkeypatch.setattr(enqueue, "_insert_ignore", cancelled_after_the_first_batch)
    report = services.campaign_enqueue(campaign=campaign)
    assert report.written == 2
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.CANCELLED}
    campaign.refresh_from_db()
    assert (campaign.status, campaign.enqueued_at) == (CampaignStatus.CANCELLED, None)
    assert services.campaigns_due() == []
