"""Endpoint matrix rows of the outreach API (/api/v1/outreach/…): messages, campaigns,
bulletins.

Reading (a message, a campaign, a bulletin of commune A, its audio and CAP alert): officials
whose scope holds commune A, the read-only viewer too; Kim Sơn's officer and Càng Long's district
officer 404. Writing for commune A (a message, a campaign, a bulletin, their steps): its officer,
its district and the province; the viewer 403; other units 404. The lists answer every official
(each sees their own units). Approving a province-wide campaign: the province office, not its
author (a second officer); nobody else sees it (404). Residents 404 everywhere (outreach is
officials' business), anonymous callers 401.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

from django.test import Client
from django.utils import timezone

from smartrural.testing import Personas
from smartrural.testing_matrix import Endpoint, api_logged_in, unit_write

from .endpoints_campaigns import _awaiting, _draft

API = "/api/v1/outreach"
AS_OF = "2023-06-01"
LIST = {**api_logged_in(200), "resident": 404}
READ = {**api_logged_in(200, commune_b=404, other_district=404), "resident": 404}


def write(status: int) -> dict[str, int | str]:
    return {**unit_write(status, anonymous=401), "resident": 404}


@dataclasses.dataclass(frozen=True)
class JsonEndpoint(Endpoint):
    """A JSON body made when the request is sent (``make(url)``: ids and times of the data the
    URL builder made), with extra request ``headers``."""

    make: Callable[[str], dict[str, Any]] | None = None
    headers: dict[str, str] = dataclasses.field(default_factory=dict)

    def request(self, client: Client, url: str) -> Any:
        body = self.make(url) if self.make is not None else self.body
        call = getattr(client, self.method)
        return call(
            url, data=json.dumps(body), content_type="application/json", headers=self.headers
        )


def _message_url(p: Personas) -> str:
    from ..models import Message
    from ..services.messages import message_send

    existing = Message.objects.filter(source="matrix").first()
    message = existing or message_send(
        source="matrix",
        idempotency_key="m-1",
        unit=p.commune_a_unit,
        topic="weather",
        body="Nước mặn vào sâu.",
        phone="0912345678",
    )
    return f"{API}/messages/{message.uid}"


def _campaign_body(url: str) -> dict[str, Any]:
    from ..models import Template

    template = Template.objects.filter(unit__code="29479").order_by("pk").first()
    assert template is not None
    return {
        "unit": "29479",
        "title": "Lịch cắt điện tháng 6",
        "template": template.pk,
        "values": {"xa": "Xã Ngãi Xuyên", "noi_dung": "Cắt điện ngày 05/06 từ 7 giờ."},
        "audience_as_of": AS_OF,
        "audience_units": ["2947901"],
        "topics": ["ntm"],
        "channels": ["sms", "email"],
    }


def _with_template(p: Personas) -> str:
    from .campaign_factories import commune_template

    commune_template(p)
    return f"{API}/campaigns"


def _bulletin(suffix: str, *, emergency: bool = False) -> Callable[[Personas], str]:
    def build(p: Personas) -> str:
        from ..models import Priority
        from . import bulletin_factories as f

        f.station(p.commune_a_unit)
        if emergency:
            bulletin = f.published(p.commune_a_unit, p.commune_a, priority=Priority.EMERGENCY)
        else:
            bulletin = f.recorded(p.commune_a_unit, p.commune_a, seconds=0.5)
        return f"{API}/bulletins/{bulletin.pk}{suffix}"

    return build


def _bulletin_body(url: str) -> dict[str, Any]:
    now = timezone.now().replace(microsecond=0)
    return {
        "unit": "29479",
        "as_of": AS_OF,
        "title": "Cảnh báo xâm nhập mặn",
        "text": "Bà con ngưng lấy nước sông.",
        "plays_from": now.isoformat(),
        "expires_at": (now + dt.timedelta(hours=6)).isoformat(),
    }


def _campaign(suffix: str, pick: Callable[[Personas], int]) -> Callable[[Personas], str]:
    return lambda p: f"{API}/campaigns/{pick(p)}{suffix}"


def _zones(url: str) -> dict[str, Any]:
    assert re.search(r"/bulletins/\d+/publish$", url)
    return {"zones": ["29479"]}


ENDPOINTS: list[Endpoint] = [
    JsonEndpoint(
        "api:post_message",
        "post",
        lambda p: f"{API}/messages",
        write(201),
        body={
            "unit": "29479",
            "as_of": AS_OF,
            "topic": "weather",
            "body": "Nước mặn vào sâu.",
            "phone": "0912345678",
        },
        headers={"Idempotency-Key": "matrix-1"},
    ),
    Endpoint("api:get_message", "get", _message_url, READ),
    Endpoint("api:list_campaigns", "get", lambda p: f"{API}/campaigns?status=draft", LIST),
    JsonEndpoint("api:post_campaign", "post", _with_template, write(201), make=_campaign_body),
    Endpoint("api:get_campaign", "get", _campaign("", _draft), READ),
    JsonEndpoint("api:submit_campaign", "post", _campaign("/submit", _draft), write(200)),
    JsonEndpoint("api:cancel_campaign", "post", _campaign("/cancel", _draft), write(200)),
    JsonEndpoint(
        "api:approve_campaign",
        "post",
        _campaign("/approve", _awaiting),
        {**api_logged_in(404, province=200), "resident": 404},
    ),
    Endpoint("api:list_bulletins", "get", lambda p: f"{API}/bulletins?priority=normal", LIST),
    JsonEndpoint(
        "api:post_bulletin", "post", lambda p: f"{API}/bulletins", write(201), make=_bulletin_body
    ),
    Endpoint("api:get_bulletin", "get", _bulletin(""), READ),
    Endpoint("api:get_bulletin_audio", "get", _bulletin("/audio"), READ),
    Endpoint("api:get_bulletin_cap", "get", _bulletin("/cap", emergency=True), READ),
    JsonEndpoint("api:publish_bulletin", "post", _bulletin("/publish"), write(200), make=_zones),
]
