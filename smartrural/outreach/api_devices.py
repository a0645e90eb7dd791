"""The device API that commune loudspeaker clusters speak (under /api/v1/loudspeakers/).

A cluster authenticates with its device token (``Authorization: Bearer <token>``, issued once
to an officer by ``services.stations``): the token is looked up by its SHA-256, so it is never
stored. Unknown or revoked token: 401; a cluster or station out of service: 403. Every call
answered counts as contact (``last_contact_at`` and one ``Heartbeat`` row per 5-minute bucket).

- ``GET next``: what remains of today's programme of the cluster's station
  (``outreach.programmes``), emergency items due first with ``interrupt: true``, items this
  cluster has acknowledged left out.
- ``GET items/{id}/audio``: an item's audio (the same token; media is not public).
- ``next``, ``audio`` and ``ack`` agree on which items are for a cluster: those of its
  station's programme whose bulletin reaches it (``programmes.reaches_cluster``: a bulletin
  naming the station, or a zone at or above its commune, reaches every cluster; one naming
  hamlets only the clusters of those hamlets, never a cluster with no hamlet). Any other
  item id answers 404, as one of another station does.
- ``POST ack``: what the cluster did with an item (played, failed, skipped): one ``PlayLog``
  row per cluster and item, the same acknowledgement sent again is answered 200 and changes
  nothing.
- ``POST heartbeat``: the cluster's own status (ok, fault) and detail.

Bodies are JSON of at most ``OUTREACH_DEVICE_MAX_BODY`` bytes (413 beyond); a cluster may call
at most ``OUTREACH_DEVICE_RATE`` times (ninja's throttle: 429 beyond); field checks answer 422.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, Value, When
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.security import HttpBearer
from ninja.throttling import AuthRateThrottle
from pydantic import AwareDatetime, ConfigDict, Field, StrictStr

from smartrural.core.api import BODY_ERRORS, JSON_INTEGER, errors
from smartrural.core.errors import DomainError

from .models import (
    BulletinStatus,
    Cluster,
    ClusterStatus,
    Heartbeat,
    PlayLog,
    Priority,
    ProgrammeItem,
)
from .programmes import programme_build, reaches_cluster
from .services.stations import token_hash

HEARTBEAT_BUCKET = dt.timedelta(minutes=5)
PRIORITY_NAMES = {Priority.NORMAL: "normal", Priority.PRIORITY: "priority", 2: "emergency"}
# How far in the future a device's clock may put an acknowledgement (clock drift).
CLOCK_SKEW = dt.timedelta(minutes=10)


class DeviceUnauthorized(DomainError):
    status_code = 401


class BodyTooLarge(DomainError):
    status_code = 413


class DeviceTokenAuth(HttpBearer):
    """A cluster's device token. Raises (rather than answering None) so the device reads why
    it was refused: no token, an unknown one, a revoked one (401), out of service (403)."""

    openapi_description = "A loudspeaker cluster's device token (issued once to an officer)."

    def __call__(self, request: HttpRequest) -> Any:
        limit = settings.OUTREACH_DEVICE_MAX_BODY
        length = request.META.get("CONTENT_LENGTH") or "0"
        if (length.isdigit() and int(length) > limit) or len(request.body) > limit:
            raise BodyTooLarge(_("The body is larger than %(limit)s bytes.") % {"limit": limit})
        header = request.headers.get("Authorization", "")
        if not header.lower().startswith("bearer ") or not header[7:].strip():
            raise DeviceUnauthorized(
                _("Send the cluster's device token in the header Authorization: Bearer <token>.")
            )
        return self.authenticate(request, header[7:].strip())

    def authenticate(self, request: HttpRequest, token: str) -> Cluster:
        cluster = (
            Cluster.objects.select_related("station", "station__unit")
            .filter(token_hash=token_hash(token))
            .first()
        )
        if cluster is None:
            raise DeviceUnauthorized(_("Unknown device token."))
        if cluster.token_revoked_at is not None:
            raise DeviceUnauthorized(
                _("This device token was revoked; ask the commune for a new one.")
            )
        if not cluster.active:
            raise PermissionDenied(_("This loudspeaker cluster is out of service."))
        if not cluster.station.active:
            raise PermissionDenied(_("This radio station is out of service."))
        return cluster


class ClusterRateThrottle(AuthRateThrottle):
    """``OUTREACH_DEVICE_RATE`` calls per cluster (its id, not its name, is the key)."""

    scope = "loudspeaker"

    def __init__(self) -> None:
        super().__init__(settings.OUTREACH_DEVICE_RATE)

    def get_cache_key(self, request: HttpRequest) -> str:
        cluster = getattr(request, "auth", None)
        ident = str(cluster.pk) if isinstance(cluster, Cluster) else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


DEVICE_AUTH = DeviceTokenAuth()
router = Router(tags=["loudspeakers"], auth=DEVICE_AUTH, throttle=[ClusterRateThrottle()])


def heartbeat_bucket(moment: dt.datetime) -> dt.datetime:
    """The start of the 5-minute bucket (UTC) that holds ``moment``."""
    utc = moment.astimezone(dt.UTC)
    return utc.replace(minute=utc.minute - utc.minute % 5, second=0, microsecond=0)


def contact_record(cluster: Cluster, *, now: dt.datetime, **fields: Any) -> None:
    """The cluster was heard from at ``now``: its last contact, and its bucket (once)."""
    Cluster.objects.filter(pk=cluster.pk).update(last_contact_at=now, **fields)
    Heartbeat.objects.bulk_create(
        [Heartbeat(cluster=cluster, bucket=heartbeat_bucket(now))], ignore_conflicts=True
    )


def contacts_record(cluster: Cluster, *, moments: Sequence[dt.datetime], **fields: Any) -> None:
    """``contact_record`` for many moments at once (heartbeats a device kept while offline and
    sends when back; the demo's history): one ``Heartbeat`` per bucket, the latest moment as
    the last contact."""
    if not moments:
        return
    Cluster.objects.filter(pk=cluster.pk).update(last_contact_at=max(moments), **fields)
    Heartbeat.objects.bulk_create(
        [Heartbeat(cluster=cluster, bucket=heartbeat_bucket(moment)) for moment in moments],
        ignore_conflicts=True,
        batch_size=500,
    )


def _cluster(request: HttpRequest) -> Cluster:
    cluster = request.auth  # type: ignore[attr-defined]
    assert isinstance(cluster, Cluster)
    return cluster


def local_iso(moment: dt.datetime) -> str:
    """ISO 8601 in Vietnam time (``+07:00``), to the second."""
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


# -- next -------------------------------------------------------------------------------------


class ItemOut(Schema):
    id: int = Field(description="The programme item's id (acknowledge it with this id).")
    title: str
    priority: Literal["normal", "priority", "emergency"]
    interrupt: bool = Field(
        description="True for emergency items: stop what is playing and play this at once."
    )
    audio_url: str = Field(description="Where to download the audio, with the same token.")
    audio_mime: str
    sha256: str = Field(description="SHA-256 (hex) of the audio file: check it before playing.")
    duration: float | None = Field(description="Seconds.")
    starts_at: str = Field(description="When to play it (ISO 8601, +07:00); past: play now.")
    expires_at: str = Field(description="Never play it after this moment.")


class NextOut(Schema):
    station: int
    server_time: str = Field(description="The server's clock (ISO 8601, +07:00).")
    items: list[ItemOut]


def pending_items(cluster: Cluster, *, now: dt.datetime) -> list[ProgrammeItem]:
    """What ``cluster`` still has to play today, in the order to play it: emergency items
    already due first, then the programme's order (a bulletin sent to a hamlet: only to the
    clusters of that hamlet)."""
    day = timezone.localdate(now)
    station = cluster.station
    programme_build(station=station, day=day)
    items = list(
        ProgrammeItem.objects.filter(
            station=cluster.station,
            day=day,
            withdrawn_at=None,
            bulletin__status=BulletinStatus.PUBLISHED,
            bulletin__expires_at__gt=now,
        )
        .exclude(plays__cluster=cluster)
        .select_related("bulletin")
        .annotate(
            due_emergency=Case(
                When(bulletin__priority=Priority.EMERGENCY, starts_at__lte=now, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .prefetch_related("bulletin__stations", "bulletin__zones")
        .order_by("due_emergency", "position", "pk")
    )
    return [
        item
        for item in items
        if reaches_cluster(bulletin=item.bulletin, station=station, hamlet_id=cluster.hamlet_id)
    ]


@router.get(
    "/loudspeakers/next",
    response={200: NextOut, **errors(401, 403, 413, 429)},
    summary="What a loudspeaker cluster plays next",
    description="The items of today's programme of the cluster's station not yet acknowledged "
    "by this cluster and not expired: emergency items already due first (`interrupt: true`: "
    "stop what plays), then in the programme's order. Download each item's `audio_url` with "
    "the same token and check its `sha256` before playing it at `starts_at`.",
)
def loudspeaker_next(request: HttpRequest) -> dict[str, Any]:
    cluster = _cluster(request)
    now = timezone.now()
    contact_record(cluster, now=now)
    items = pending_items(cluster, now=now)
    return {
        "station": cluster.station_id,
        "server_time": local_iso(now),
        "items": [
            {
                "id": item.pk,
                "title": item.bulletin.title,
                "priority": PRIORITY_NAMES[item.bulletin.priority],
                "interrupt": item.bulletin.priority == Priority.EMERGENCY,
                "audio_url": request.build_absolute_uri(
                    reverse("api:loudspeaker_audio", args=[item.pk])
                ),
                "audio_mime": item.bulletin.audio_mime,
                "sha256": item.bulletin.sha256,
                "duration": float(item.bulletin.duration)
                if item.bulletin.duration is not None
                else None,
                "starts_at": local_iso(item.starts_at),
                "expires_at": local_iso(item.bulletin.expires_at),
            }
            for item in items
        ],
    }


def _cluster_item(cluster: Cluster, item_id: int) -> ProgrammeItem:
    """The programme item ``item_id`` if it is for ``cluster``: of its station, and of a
    bulletin that reaches it (``programmes.reaches_cluster``, the rule ``next`` lists by: a
    bulletin sent to a hamlet is for the clusters of that hamlet only). Else 404, the same
    answer for an item of another station or of another hamlet's clusters."""
    item = (
        ProgrammeItem.objects.filter(pk=item_id, station_id=cluster.station_id)
        .select_related("bulletin")
        .prefetch_related("bulletin__stations", "bulletin__zones")
        .first()
    )
    if item is None:
        raise Http404(_("No programme item #%(id)s of this cluster's station.") % {"id": item_id})
    if not reaches_cluster(
        bulletin=item.bulletin, station=cluster.station, hamlet_id=cluster.hamlet_id
    ):
        raise Http404(_("No programme item #%(id)s of this cluster's station.") % {"id": item_id})
    return item


@router.get(
    "/loudspeakers/items/{item_id}/audio",
    response={200: None, **errors(401, 403, 404, 422, 429)},
    openapi_extra={
        "responses": {
            200: {
                "description": "The audio file (its type in Content-Type, e.g. audio/mpeg).",
                "content": {"audio/mpeg": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
    summary="An item's audio",
    description="The audio file of a programme item for this cluster (an item of another "
    "station, of a bulletin sent to another hamlet's clusters, withdrawn, expired or without "
    "audio: 404).",
)
def loudspeaker_audio(request: HttpRequest, item_id: int) -> FileResponse:
    cluster = _cluster(request)
    now = timezone.now()
    contact_record(cluster, now=now)
    item = _cluster_item(cluster, item_id)
    bulletin = item.bulletin
    playable = (
        item.withdrawn_at is None
        and bulletin.status == BulletinStatus.PUBLISHED
        and bulletin.expires_at > now
        and bool(bulletin.audio)
    )
    if not playable:
        raise Http404(_("This item is no longer to be played."))
    response = FileResponse(
        bulletin.audio.open("rb"),
        content_type=bulletin.audio_mime or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response


# -- ack --------------------------------------------------------------------------------------


class AckIn(Schema):
    model_config = ConfigDict(extra="forbid")

    item: Annotated[int, Field(ge=1, le=2_147_483_647), JSON_INTEGER] = Field(
        description="The programme item's id (from `next`).", examples=[42]
    )
    status: Literal["played", "failed", "skipped"]
    at: AwareDatetime = Field(
        description="When the device played it (or gave up), ISO 8601 with its offset.",
        examples=["2026-12-04T06:00:05+07:00"],
    )
    detail: Annotated[StrictStr, Field(max_length=200)] = Field(
        "", description="What went wrong (failed, skipped), for the officers."
    )


class AckOut(Schema):
    item: int
    status: str = Field(description="The status recorded (the first acknowledgement's).")
    recorded: bool = Field(
        description="False when this item was already acknowledged by this cluster: nothing "
        "more was written."
    )


@router.post(
    "/loudspeakers/ack",
    response={200: AckOut, **errors(401, 403, 404, 413, 429, *BODY_ERRORS)},
    summary="Acknowledge an item: played, failed or skipped",
    description="One play log per cluster and item: the first acknowledgement is recorded, "
    "the same one sent again (a retry) answers 200 with `recorded: false`. An item of another "
    "station, or of a bulletin sent to another hamlet's clusters: 404. An item that expired "
    "or was withdrawn meanwhile is still logged.",
)
def loudspeaker_ack(request: HttpRequest, payload: AckIn) -> Status[dict[str, Any]]:
    cluster = _cluster(request)
    now = timezone.now()
    if payload.at > now + CLOCK_SKEW:
        raise DomainError(
            _("The moment “at” is in the future: check the device's clock."), field="at"
        )
    item = _cluster_item(cluster, payload.item)
    contact_record(cluster, now=now)
    recorded = False
    try:
        with transaction.atomic():
            log, recorded = PlayLog.objects.get_or_create(
                cluster=cluster,
                item=item,
                defaults={
                    "status": payload.status,
                    "detail": payload.detail,
                    "played_at": payload.at,
                },
            )
    except IntegrityError:  # the same ack, sent twice at the same moment
        log = PlayLog.objects.get(cluster=cluster, item=item)
    return Status(200, {"item": item.pk, "status": log.status, "recorded": recorded})


# -- heartbeat --------------------------------------------------------------------------------


class HeartbeatIn(Schema):
    model_config = ConfigDict(extra="forbid")

    status: Literal["ok", "fault"]
    detail: Annotated[StrictStr, Field(max_length=200)] = Field(
        "", description="The fault, in a few words (amplifier, 4G signal, …)."
    )


class HeartbeatOut(Schema):
    status: str
    received_at: str
    bucket: str = Field(description="The 5-minute bucket this heartbeat counts in (uptime).")


@router.post(
    "/loudspeakers/heartbeat",
    response={200: HeartbeatOut, **errors(401, 403, 413, 429, *BODY_ERRORS)},
    summary="A cluster's heartbeat and status",
    description="Records the cluster's reported status and its contact; uptime counts one "
    "heartbeat per 5-minute bucket however many arrive in it (every other call counts too).",
)
def loudspeaker_heartbeat(request: HttpRequest, payload: HeartbeatIn) -> dict[str, Any]:
    cluster = _cluster(request)
    now = timezone.now()
    status = ClusterStatus.OK if payload.status == "ok" else ClusterStatus.FAULT
    contact_record(cluster, now=now, reported_status=status, reported_detail=payload.detail)
    return {
        "status": status.value,
        "received_at": local_iso(now),
        "bucket": local_iso(heartbeat_bucket(now)),
    }
