"""Outreach records for tests: subscribers in a hamlet, a template."""

from __future__ import annotations

from django.utils import timezone

from smartrural.geo.models import AdministrativeUnit

from ..models import ConsentSource, Subscriber, Template, Topic, topics_mask
from ..services.subscribers import new_token


def subscriber(
    hamlet: AdministrativeUnit,
    *,
    phone: str = "",
    email: str = "",
    zalo_user_id: str = "",
    channels: str = "zns,sms,email",
    topics: tuple[str, ...] = (Topic.NTM, Topic.WEATHER),
    name: str = "",
) -> Subscriber:
    return Subscriber.objects.create(
        hamlet=hamlet,
        name=name,
        phone=phone,
        email=email,
        zalo_user_id=zalo_user_id,
        channels=channels,
        topics=topics_mask(topics),
        consent_at=timezone.now(),
        consent_source=ConsentSource.PAPER,
        token=new_token(),
    )


def template(unit: AdministrativeUnit, **fields: object) -> Template:
    values: dict[str, object] = {
        "name": "Thông báo lịch cắt điện",
        "topic": Topic.NTM,
        "subject": "Thông báo của {{ xa }}",
        "body": "Kính gửi {{ ten }} ({{ ten_ap }}): {{ noi_dung }}",
        "zns_template_id": "248079",
        "zns_text": "Kính gửi {{ ten }}, xã thông báo: {{ noi_dung }}",
        **fields,
    }
    return Template.objects.create(unit=unit, **values)
