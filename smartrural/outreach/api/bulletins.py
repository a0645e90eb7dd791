"""Loudspeaker bulletins under /api/v1/outreach/bulletins: the list, one bulletin (audio URL,
duration, checksum), its audio, a new one spoken from text, publishing it to stations and
zones, and its CAP 1.2 export (published emergencies).

Speaking is synchronous: espeak-ng and the MP3 encoder take about a second for a bulletin of a
few sentences (a few seconds for the longest text, 5,000 characters), far less than a round of
polling would cost a client, so ``POST`` answers 201 with the bulletin, its audio already made.
Input goes through the pages' forms (``forms.bulletins``), rules through
``services.bulletins``. Publishing takes an optional ``If-Match`` (the ``ETag`` of the last
read): changed since, nothing is published and the answer is 409.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field, StrictStr

from smartrural.accounts.access import require_official
from smartrural.accounts.actor import ActorRequest
from smartrural.accounts.api_auth import AUTH
from smartrural.core.api import BODY_ERRORS, JSON_INTEGER, ErrorOut, IsoDate, errors
from smartrural.core.dates import today
from smartrural.core.etag import IF_MATCH_DOC, EditConflictOut, if_match_version, set_etag
from smartrural.core.textcheck import free_text_type, name_type
from smartrural.geo.models import AdministrativeUnit

from .. import cap
from ..access import access_for_user, scoped
from ..choices import bulletin_targets, office_units
from ..forms.bulletins import BulletinPublishForm, BulletinTextForm
from ..models import Bulletin, BulletinStatus, Priority, Station
from ..services import bulletins as services
from .common import (
    UNIT_CODE,
    IsoDatetime,
    PageFilters,
    page,
    pks_by_code,
    refusals_as_conflicts,
    refuse,
    under_unit,
    writer_unit,
)

router = Router()

PriorityName = Literal["normal", "priority", "emergency"]
PRIORITIES: dict[str, int] = {
    "normal": Priority.NORMAL,
    "priority": Priority.PRIORITY,
    "emergency": Priority.EMERGENCY,
}
NAMES = {value: name for name, value in PRIORITIES.items()}
Id = Annotated[int, Field(ge=1, le=2_147_483_647), JSON_INTEGER]
Code = Annotated[StrictStr, Field(pattern=r"^[0-9]{1,10}$")]


class BulletinFilters(PageFilters):
    unit: str | None = Field(
        None, pattern=r"^[0-9]{1,10}$", description="Bulletins of this unit and the units under it."
    )
    status: BulletinStatus | None = None
    priority: PriorityName | None = None


class BulletinIn(Schema):
    model_config = ConfigDict(extra="forbid")

    unit: StrictStr = UNIT_CODE
    as_of: IsoDate | None = Field(
        None, description="The day `unit` is looked up on (codes are reused); default today."
    )
    title: name_type(200) = Field(examples=["Cảnh báo xâm nhập mặn"])  # type: ignore[valid-type]
    text: free_text_type(5000) = Field(  # type: ignore[valid-type]
        description="Spoken in Vietnamese (Southern voice); numbers and dates as they are read.",
        examples=["Nước mặn xâm nhập sâu, bà con ngưng lấy nước sông tưới lúa."],
    )
    priority: PriorityName = "normal"
    plays_from: IsoDatetime
    expires_at: IsoDatetime


class PublishIn(Schema):
    model_config = ConfigDict(extra="forbid")

    stations: Annotated[list[Id], Field(max_length=500)] = Field(
        default_factory=list, description="Ids of stations in service under the issuing unit."
    )
    zones: Annotated[list[Code], Field(max_length=500)] = Field(
        default_factory=list,
        description="GSO codes of units under the issuing unit: every station in them.",
    )


class StationOut(Schema):
    id: int
    name: str
    unit: str


class BulletinOut(Schema):
    id: int
    unit: str
    title: str
    source: str = Field(description="upload, speech or cap.")
    priority: PriorityName
    status: str
    plays_from: dt.datetime
    expires_at: dt.datetime
    duration: Decimal | None = Field(description="Seconds.")
    sha256: str = Field(description="SHA-256 of the audio file, hex.")
    audio_url: str | None = Field(description="The MP3 (same credentials); null: no audio.")
    created_at: dt.datetime
    published_at: dt.datetime | None
    version: int


class BulletinDetailOut(BulletinOut):
    text: str
    audio_mime: str
    stations: list[StationOut]
    zones: list[str] = Field(description="GSO codes of the zones it was published to.")
    cap_url: str | None = Field(description="Its CAP 1.2 alert (published emergencies only).")


class BulletinPage(Schema):
    count: int
    items: list[BulletinOut]


def _url(request: ActorRequest, name: str, pk: int) -> str:
    return request.build_absolute_uri(reverse(name, args=[pk]))


def _out(request: ActorRequest, bulletin: Bulletin) -> dict[str, Any]:
    return {
        "id": bulletin.pk,
        "unit": bulletin.unit.code,
        "title": bulletin.title,
        "source": bulletin.source,
        "priority": NAMES.get(bulletin.priority, "normal"),
        "status": bulletin.status,
        "plays_from": bulletin.plays_from,
        "expires_at": bulletin.expires_at,
        "duration": bulletin.duration,
        "sha256": bulletin.sha256,
        "audio_url": _url(request, "api:get_bulletin_audio", bulletin.pk)
        if bulletin.audio
        else None,
        "created_at": bulletin.created_at,
        "published_at": bulletin.published_at,
        "version": bulletin.version,
    }


def _detail(request: ActorRequest, bulletin: Bulletin) -> dict[str, Any]:
    return {
        **_out(request, bulletin),
        "text": bulletin.text,
        "audio_mime": bulletin.audio_mime,
        "stations": [
            {"id": s.pk, "name": s.name, "unit": s.unit.code} for s in bulletin.stations.all()
        ],
        "zones": [z.code for z in bulletin.zones.all()],
        "cap_url": _url(request, "api:get_bulletin_cap", bulletin.pk)
        if cap.exportable(bulletin)
        else None,
    }


def _bulletin(request: ActorRequest, pk: int, *, action: Literal["read", "write"]) -> Bulletin:
    queryset = Bulletin.objects.select_related("unit").prefetch_related(
        Prefetch("stations", queryset=Station.objects.select_related("unit").order_by("name")),
        Prefetch("zones", queryset=AdministrativeUnit.objects.order_by("path")),
    )
    return access_for_user(Bulletin, request.user, pk, action=action, queryset=queryset)


@router.get(
    "/outreach/bulletins",
    auth=AUTH,
    response={200: BulletinPage, **errors(401, 404, 422)},
    summary="Loudspeaker bulletins of the caller's units",
    description='Newest first, paginated `{"count": N, "items": [...]}` (limit ≤ 200, offset). '
    "Filters: `unit` (its bulletins and those of the units under it), `status`, `priority`. "
    "404: a `unit` outside the caller's units.",
)
def list_bulletins(request: ActorRequest, filters: Query[BulletinFilters]) -> dict[str, Any]:
    require_official(request.user)
    rows = scoped(Bulletin, request.user)
    if filters.unit:
        rows = rows.filter(under_unit(request, filters.unit))
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.priority:
        rows = rows.filter(priority=PRIORITIES[filters.priority])
    rows = rows.select_related("unit").order_by("-created_at", "-pk")
    count, items = page(rows, filters)
    return {"count": count, "items": [_out(request, b) for b in items]}


@router.get(
    "/outreach/bulletins/{bulletin_id}",
    auth=AUTH,
    response={200: BulletinDetailOut, **errors(401, 404, 422)},
    summary="One bulletin: its audio, duration, checksum and targets",
    description='With an `ETag` (`"v<version>"`) that publishing may send as `If-Match`. 404: '
    "a bulletin outside the caller's units.",
)
def get_bulletin(request: ActorRequest, response: HttpResponse, bulletin_id: int) -> dict[str, Any]:
    bulletin = _bulletin(request, bulletin_id, action="read")
    set_etag(response, bulletin.version)
    return _detail(request, bulletin)


@router.get(
    "/outreach/bulletins/{bulletin_id}/audio",
    auth=AUTH,
    response={200: None, **errors(401, 404, 422)},
    openapi_extra={
        "responses": {
            200: {
                "description": "The bulletin's MP3.",
                "content": {"audio/mpeg": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
    summary="A bulletin's audio",
    description="404: a bulletin outside the caller's units, or without audio.",
)
def get_bulletin_audio(request: ActorRequest, bulletin_id: int) -> FileResponse:
    bulletin = _bulletin(request, bulletin_id, action="read")
    if not bulletin.audio:
        raise Http404(_("This bulletin has no audio."))
    try:
        handle = bulletin.audio.open("rb")
    except OSError as exc:  # the row outlived its file
        raise Http404(_("This bulletin has no audio.")) from exc
    response = FileResponse(handle, content_type=bulletin.audio_mime or "audio/mpeg")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.get(
    "/outreach/bulletins/{bulletin_id}/cap",
    auth=AUTH,
    response={200: None, **errors(401, 404, 422)},
    openapi_extra={
        "responses": {
            200: {
                "description": "A CAP 1.2 alert, valid against the CAP 1.2 schema.",
                "content": {"application/xml": {"schema": {"type": "string"}}},
            }
        }
    },
    summary="A published emergency bulletin as a CAP 1.2 alert",
    description="404: a bulletin outside the caller's units, or not a published emergency.",
)
def get_bulletin_cap(request: ActorRequest, bulletin_id: int) -> HttpResponse:
    bulletin = _bulletin(request, bulletin_id, action="read")
    if not cap.exportable(bulletin):
        raise Http404(_("Only published emergency bulletins are exported as CAP alerts."))
    response = HttpResponse(cap.cap_export(bulletin), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="bulletin-{bulletin.pk}.cap.xml"'
    response["Cache-Control"] = "private, no-store"
    return response


@router.post(
    "/outreach/bulletins",
    auth=AUTH,
    response={201: BulletinDetailOut, **errors(401, 403, 404, 409, *BODY_ERRORS)},
    summary="A new bulletin spoken from text (a draft)",
    description="The text is turned into Vietnamese speech at once (about a second) and stored "
    "as MP3 with its duration and checksum. Checked as the officers' form checks it: the "
    "issuing unit one of the caller's (404 otherwise; 403 for a read-only role), a title, a "
    "text, plays before it expires (409 naming the field at fault). Nothing plays until it is "
    "published.",
)
def post_bulletin(
    request: ActorRequest, response: HttpResponse, payload: BulletinIn
) -> Status[dict[str, Any]]:
    unit = writer_unit(request, payload.unit, as_of=payload.as_of)
    form = BulletinTextForm(
        {
            "unit": unit.pk,
            "title": payload.title,
            "text": payload.text,
            "priority": str(PRIORITIES[payload.priority]),
            "plays_from": payload.plays_from,
            "expires_at": payload.expires_at,
        },
        units=office_units(request.user),
    )
    if not form.is_valid():
        refuse(form)
    data = form.cleaned_data
    with refusals_as_conflicts():
        made = services.bulletin_create_from_text(
            unit=data["unit"],
            title=data["title"],
            text=data["text"],
            priority=data["priority"],
            plays_from=data["plays_from"],
            expires_at=data["expires_at"],
            by=request.user,
        )
    bulletin = _bulletin(request, made.pk, action="read")
    set_etag(response, bulletin.version)
    return Status(201, _detail(request, bulletin))


@router.post(
    "/outreach/bulletins/{bulletin_id}/publish",
    auth=AUTH,
    response={
        200: BulletinDetailOut,
        409: EditConflictOut | ErrorOut,
        **errors(401, 403, 404, *BODY_ERRORS),
    },
    summary="Publish a draft to stations and zones",
    description="From now on the stations' programmes take it (emergency at once, priority "
    "ahead, normal in its slot). At least one station or zone, each under the issuing unit "
    "and a station reached; 409 otherwise, naming the one at fault, and 409 when it is not a "
    "draft or changed since "
    f"`If-Match`. {IF_MATCH_DOC}",
)
def publish_bulletin(
    request: ActorRequest, response: HttpResponse, bulletin_id: int, payload: PublishIn
) -> dict[str, Any]:
    bulletin = _bulletin(request, bulletin_id, action="write")
    version = if_match_version(request)
    stations, zones = bulletin_targets(bulletin)
    form = BulletinPublishForm(
        {
            "stations": list(dict.fromkeys(payload.stations)),
            "zones": pks_by_code(zones, payload.zones, field="zones", as_of=today()),
        },
        stations=stations,
        zones=zones,
    )
    if not form.is_valid():
        refuse(form)
    with refusals_as_conflicts():
        services.bulletin_publish(
            bulletin=bulletin,
            version=version,
            stations=form.cleaned_data.get("stations") or [],
            zones=form.cleaned_data.get("zones") or [],
            by=request.user,
        )
    bulletin = _bulletin(request, bulletin_id, action="read")
    set_etag(response, bulletin.version)
    return _detail(request, bulletin)
