"""Campaign records for tests: a valid campaign of commune A, a second province officer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from smartrural.accounts.models import Role, User
from smartrural.accounts.services import user_create
from smartrural.testing import PASSWORD, Personas

from ..models import Campaign, Template, Topic
from ..services.campaigns import campaign_create
from . import factories

AS_OF = dt.date(2023, 6, 1)


def commune_template(personas: Personas) -> Template:
    template = Template.objects.filter(unit=personas.commune_a_unit).first()
    return template or factories.template(personas.commune_a_unit)


def campaign(personas: Personas, **fields: Any) -> Campaign:
    """A draft of Ngãi Xuyên (commune A) to Ấp Chợ, by its officer (fields override)."""
    values: dict[str, Any] = {
        "unit": personas.commune_a_unit,
        "user": personas.commune_a,
        "title": "Lịch cắt điện tháng 6",
        "template": commune_template(personas),
        "values": {"xa": "Xã Ngãi Xuyên", "noi_dung": "Cắt điện ngày 05/06 từ 7 giờ."},
        "audience_units": [personas.hamlet_a_unit],
        "audience_as_of": AS_OF,
        "topics": [Topic.NTM],
        "channels": ["zns", "sms", "email"],
        "post_to_facebook": False,
        "send_at": None,
        **fields,
    }
    return campaign_create(**values)


def second_province_officer() -> User:
    return user_create(
        username="vpdp-2",
        role=Role.PROVINCE_OFFICE,
        units=[],
        password=PASSWORD,
        email="vpdp-2@example.test",
    )
