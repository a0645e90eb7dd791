"""The loudspeakers' device API in the endpoint access matrix (see smartrural/testing_matrix.py).

The device API knows clusters, not people: whoever is logged in, what counts is the device
token sent (``DeviceEndpoint.token``): a working one (200), none or a revoked one (401), or a
working token of Kim Sơn's station asking for an item of Ngãi Xuyên's programme (404). Every
persona gets the same answer.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Literal

from django.test import Client
from django.utils import timezone

from smartrural.testing import Personas
from smartrural.testing_matrix import Endpoint, everyone

PREFIX = "/api/v1/loudspeakers"
TokenKind = Literal["ok", "none", "revoked", "other_station"]

# The tokens and the item of the last URL built (the URL is built before the request is sent).
_TOKENS: dict[str, str] = {}
_ITEM: dict[str, int] = {}


def _radio(p: Personas) -> int:
    """A station of commune A with a published bulletin in today's programme, its cluster's
    working token, a revoked token, and a station of commune B with its own token; the id of
    commune A's programme item."""
    from smartrural.outreach.models import Priority, ProgrammeItem, Station
    from smartrural.outreach.programmes import programme_build
    from smartrural.outreach.services.stations import cluster_create, cluster_token_revoke
    from smartrural.outreach.tests.station_support import bulletin, station

    found = ProgrammeItem.objects.filter(station__unit=p.commune_a_unit).first()
    if found is not None:
        return found.pk
    _TOKENS.clear()
    st = station(p.commune_a_unit)
    _TOKENS["ok"] = cluster_create(station=st, name="Cụm loa ấp Chợ", by=None).token
    revoked = cluster_create(station=st, name="Cụm loa bị mất", by=None)
    cluster_token_revoke(cluster=revoked.cluster, version=None, by=None)
    _TOKENS["revoked"] = revoked.token
    other: Station = station(p.commune_b_unit, name="Đài Kim Sơn")
    _TOKENS["other_station"] = cluster_create(station=other, name="Cụm Kim Sơn", by=None).token
    now = timezone.now()
    # An emergency plays at once, at any hour (a normal bulletin waits for a slot of the day, and
    # none is left after 17:00).
    bulletin(
        p.commune_a_unit,
        priority=Priority.EMERGENCY,
        plays_from=now - dt.timedelta(hours=1),
        expires_at=now + dt.timedelta(days=1),
        stations=[st],
    )
    [item] = programme_build(station=st, day=timezone.localdate(now))
    _ITEM["id"] = item.pk
    return item.pk


@dataclass(frozen=True)
class DeviceEndpoint(Endpoint):
    token: TokenKind = "ok"

    def request(self, client: Client, url: str) -> Any:
        headers = {} if self.token == "none" else {"Authorization": f"Bearer {_TOKENS[self.token]}"}
        if self.method == "get":
            return client.get(url, headers=headers)
        body = {k: (_ITEM["id"] if v == "<item>" else v) for k, v in self.body.items()}
        return client.post(
            url, data=json.dumps(body), content_type="application/json", headers=headers
        )


def _url(suffix: str) -> Any:
    def build(p: Personas) -> str:
        item = _radio(p)
        return f"{PREFIX}/{suffix}".format(item=item)

    return build


ACK: dict[str, object] = {
    "item": "<item>",
    "status": "played",
    "at": "2026-12-02T12:00:00+07:00",
    "detail": "",
}


ENDPOINTS: list[Endpoint] = [
    DeviceEndpoint("api:loudspeaker_next", "get", _url("next"), everyone(200)),
    DeviceEndpoint("api:loudspeaker_next", "get", _url("next"), everyone(401), token="none"),
    DeviceEndpoint("api:loudspeaker_next", "get", _url("next"), everyone(401), token="revoked"),
    DeviceEndpoint("api:loudspeaker_audio", "get", _url("items/{item}/audio"), everyone(200)),
    DeviceEndpoint(
        "api:loudspeaker_audio",
        "get",
        _url("items/{item}/audio"),
        everyone(404),
        token="other_station",
    ),
    DeviceEndpoint(
        "api:loudspeaker_audio", "get", _url("items/{item}/audio"), everyone(401), token="none"
    ),
    DeviceEndpoint("api:loudspeaker_ack", "post", _url("ack"), everyone(200), body=ACK),
    DeviceEndpoint(
        "api:loudspeaker_ack",
        "post",
        _url("ack"),
        everyone(404),
        body=ACK,
        token="other_station",
    ),
    DeviceEndpoint(
        "api:loudspeaker_ack", "post", _url("ack"), everyone(401), body=ACK, token="revoked"
    ),
    DeviceEndpoint(
        "api:loudspeaker_heartbeat",
        "post",
        _url("heartbeat"),
        everyone(200),
        body={"status": "ok", "detail": ""},
    ),
    DeviceEndpoint(
        "api:loudspeaker_heartbeat",
        "post",
        _url("heartbeat"),
        everyone(401),
        body={"status": "ok"},
        token="none",
    ),
]
