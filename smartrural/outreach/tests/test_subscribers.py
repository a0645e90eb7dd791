"""Subscriber services: addresses checked and normalised, consent required, unique addresses
refused with a message, edits versioned with history, unsubscribe and come back on consent."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone, translation

from smartrural.core.errors import ValidationFailed
from smartrural.core.versioning import EditConflict
from smartrural.testing import TV_END, Personas

from ..models import ConsentSource, Subscriber, Topic, UnsubscribeReason, topics_of
from ..services.subscribers import (
    subscriber_create,
    subscriber_resubscribe,
    subscriber_unsubscribe,
    subscriber_unsubscribe_by_officer,
    subscriber_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Any:
    with translation.override("en"):
        yield


def create(p: Personas, **kw: Any) -> Subscriber:
    values: dict[str, Any] = {
        "hamlet": p.hamlet_a_unit,
        "name": "Nguyễn Văn An",
        "phone": "0912 345 678",
        "topics": [Topic.WEATHER],
        "channels": ["sms"],
        "consent_on": dt.date(2026, 1, 5),
        "consent_source": ConsentSource.PAPER,
        "by": p.commune_a,
        **kw,
    }
    return subscriber_create(**values)


def refused(p: Personas, **kw: Any) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as info:
        create(p, **kw)
    assert Subscriber.objects.count() == 0
    return info.value


class PhoneTests:
    @pytest.mark.parametrize(
        "raw", ["0912345678", "0912 345 678", "+84 912 345 678", "84912345678", "091-234-5678"]
    )
    def test_mobile_numbers_are_stored_as_e164_digits(self, personas: Personas, raw: str) -> None:
        assert create(personas, phone=raw).phone == "84912345678"

    @pytest.mark.parametrize(
        "raw",
        [
            "028 3822 1234",  # a Hồ Chí Minh City landline
            "+1 650 253 0000",  # foreign
            "091234567",  # nine digits
            "09123456789",  # eleven digits
            "0112345678",  # no such mobile prefix
            "abc",
        ],
    )
    def test_other_numbers_are_refused(self, personas: Personas, raw: str) -> None:
        error = refused(personas, phone=raw)
        assert error.field == "phone"
        assert "not a Vietnamese mobile number" in error.message


class SubscriberCreateTests:
    def test_it_keeps_what_sending_needs(self, personas: Personas) -> None:
        s = create(personas, email="An@Example.VN", channels=["sms", "email"])
        assert (s.phone, s.email, s.channels) == ("84912345678", "an@example.vn", "sms,email")
        assert topics_of(s.topics) == [Topic.WEATHER]
        assert s.search_name == "nguyen van an"
        assert s.consent_source == ConsentSource.PAPER and s.token
        assert s.history.first().history_user == personas.commune_a

    def test_an_email_that_does_not_parse_is_refused(self, personas: Personas) -> None:
        error = refused(personas, email="an@@example", channels=["email"], phone="")
        assert error.field == "email" and "not an e-mail address" in error.message

    def test_at_least_one_address(self, personas: Personas) -> None:
        error = refused(personas, phone="", channels=["sms"])
        assert error.field == "phone" and "at least one address" in error.message

    def test_a_channel_needs_its_address(self, personas: Personas) -> None:
        error = refused(personas, channels=["sms", "email"])
        assert error.field == "channels" and "needs an e-mail address" in error.message

    def test_consent_date_and_source_are_required(self, personas: Personas) -> None:
        assert refused(personas, consent_on=None).field == "consent_on"
        future = timezone.localdate() + dt.timedelta(days=1)
        assert "future" in refused(personas, consent_on=future).message
        assert refused(personas, consent_source="").field == "consent_source"

    def test_topics_and_channels_are_required(self, personas: Personas) -> None:
        assert refused(personas, topics=[]).field == "topics"
        assert refused(personas, channels=[]).field == "channels"

    def test_a_phone_already_registered_is_refused_with_a_message(self, personas: Personas) -> None:
        first = create(personas)
        with pytest.raises(ValidationFailed) as info:
            create(personas, phone="+84912345678", name="Người khác")
        assert info.value.field == "phone"
        assert f"subscriber #{first.pk}" in info.value.message
        assert Subscriber.objects.count() == 1

    def test_another_units_officer_is_not_told_where(self, personas: Personas) -> None:
        create(personas, email="an@example.vn", channels=["email"])
        from smartrural.geo.services import unit_create

        hamlet_b = unit_create(
            code="2948201",
            name="Ấp Kim",
            kind="ap",
            level="hamlet",
            parent=personas.commune_b_unit,
            valid_to=TV_END,
        )
        with pytest.raises(ValidationFailed) as info:
            create(
                personas,
                hamlet=hamlet_b,
                phone="",
                email="an@example.vn",
                channels=["email"],
                by=personas.commune_b,
            )
        assert "another unit" in info.value.message
        assert "Ấp Chợ" not in info.value.message

    def test_a_hamlet_outside_the_officers_units_is_refused(self, personas: Personas) -> None:
        assert refused(personas, by=personas.commune_b).field == "hamlet"

    def test_a_commune_is_not_a_hamlet(self, personas: Personas) -> None:
        assert refused(personas, hamlet=personas.commune_a_unit).field == "hamlet"


class SubscriberUpdateTests:
    def update(self, p: Personas, s: Subscriber, version: int | None, **kw: Any) -> Subscriber:
        values: dict[str, Any] = {
            "hamlet": p.hamlet_a_unit,
            "name": s.name,
            "phone": s.phone,
            "email": s.email,
            "zalo_user_id": s.zalo_user_id,
            "topics": s.topic_list,
            "channels": s.channel_list,
            "consent_on": timezone.localdate(s.consent_at),
            "consent_source": s.consent_source,
            **kw,
        }
        return subscriber_update(subscriber=s, version=version, by=p.commune_a, **values)

    def test_an_edit_is_kept_in_the_history(self, personas: Personas) -> None:
        s = create(personas)
        self.update(personas, s, 1, name="Nguyễn Văn Ân", topics=[Topic.HEALTH])
        s.refresh_from_db()
        assert (s.name, s.version, s.topic_list) == ("Nguyễn Văn Ân", 2, [Topic.HEALTH])
        assert s.history.count() == 2

    def test_an_edit_on_an_old_version_is_a_conflict(self, personas: Personas) -> None:
        s = create(personas)
        self.update(personas, Subscriber.objects.get(pk=s.pk), 1, name="Bình")
        with pytest.raises(EditConflict) as info:
            self.update(personas, Subscriber.objects.get(pk=s.pk), 1, name="Cường")
        assert [c.field for c in info.value.conflicts] == ["name"]
        assert Subscriber.objects.get(pk=s.pk).name == "Bình"

    def test_taking_another_subscribers_phone_is_refused(self, personas: Personas) -> None:
        create(personas)
        other = create(personas, phone="0987654321")
        with pytest.raises(ValidationFailed) as info:
            self.update(personas, other, 1, phone="0912345678")
        assert info.value.field == "phone"
        assert Subscriber.objects.get(pk=other.pk).phone == "84987654321"


class UnsubscribeTests:
    def test_an_officer_records_an_unsubscription(self, personas: Personas) -> None:
        s = create(personas)
        subscriber_unsubscribe_by_officer(subscriber=s, version=1, by=personas.commune_a)
        s.refresh_from_db()
        assert s.unsubscribe_reason == UnsubscribeReason.OFFICER and not s.active
        assert s.history.first().history_user == personas.commune_a

    def test_coming_back_needs_a_new_consent(self, personas: Personas) -> None:
        s = create(personas)
        old_token = s.token
        subscriber_unsubscribe(subscriber=s, reason=UnsubscribeReason.STOP)
        s.refresh_from_db()
        left = timezone.localdate(s.unsubscribed_at)
        with pytest.raises(ValidationFailed) as info:
            subscriber_resubscribe(
                subscriber=s,
                version=s.version,
                consent_on=left - dt.timedelta(days=1),
                consent_source=ConsentSource.PAPER,
                by=personas.commune_a,
            )
        assert info.value.field == "consent_on"
        with pytest.raises(ValidationFailed):
            subscriber_resubscribe(
                subscriber=s,
                version=s.version,
                consent_on=left,
                consent_source="",
                by=personas.commune_a,
            )
        subscriber_resubscribe(
            subscriber=s,
            version=s.version,
            consent_on=left,
            consent_source=ConsentSource.WEB,
            by=personas.commune_a,
        )
        s.refresh_from_db()
        assert s.active and s.consent_source == ConsentSource.WEB and s.token != old_token
