"""Campaigns under /api/v1/outreach/campaigns: the list, one campaign with its deliveries per
channel and status, a new draft, and its steps (submit, approve, cancel).

A new campaign goes through the officers' page form (``forms.campaigns.CampaignForm``, with the
same choices of units and templates) and ``services.campaigns.campaign_create``: the API adds no
rule of its own. Steps take an optional ``If-Match`` (the ``ETag`` of the campaign's last
read): changed since, nothing happens and the answer is 409.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.db.models import Count, Prefetch
from django.http import HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field, StrictBool, StrictStr

from smartrural.accounts.access import require_official
from smartrural.accounts.actor import ActorRequest
from smartrural.accounts.api_auth import AUTH
from smartrural.core.api import BODY_ERRORS, JSON_INTEGER, ErrorOut, IsoDate, errors
from smartrural.core.etag import IF_MATCH_DOC, EditConflictOut, if_match_version, set_etag
from smartrural.core.textcheck import name_type
from smartrural.geo.models import AdministrativeUnit

from ..access import access_for_user, scoped
from ..choices import audience_units, office_units, templates_for
from ..forms.campaigns import CampaignForm, format_values
from ..models import Campaign, CampaignStatus, Message, MessageStatus, Topic, topics_of
from ..services import campaigns as services
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

ChannelName = Literal["zns", "zalo_oa", "sms", "email"]
Value = Annotated[StrictStr, Field(max_length=services.MAX_VALUE_LENGTH, pattern=r"^[^\r\n]*$")]
Id = Annotated[int, Field(ge=1, le=2_147_483_647), JSON_INTEGER]


class CampaignFilters(PageFilters):
    unit: str | None = Field(
        None, pattern=r"^[0-9]{1,10}$", description="Campaigns of this unit and the units under it."
    )
    status: CampaignStatus | None = None
    created_from: IsoDate | None = Field(None, description="Created on or after (YYYY-MM-DD).")
    created_to: IsoDate | None = Field(None, description="Created on or before (YYYY-MM-DD).")


class CampaignIn(Schema):
    model_config = ConfigDict(extra="forbid")

    unit: StrictStr = UNIT_CODE
    title: name_type(200) = Field(examples=["Lịch cắt điện tháng 6"])  # type: ignore[valid-type]
    template: Id = Field(description="The id of a message template in use.")
    values: dict[Annotated[str, Field(max_length=64)], Value] = Field(
        default_factory=dict,
        max_length=20,
        description="A value for each placeholder of the template that is the same for "
        "everyone ({{ ten }} and {{ ten_ap }} are filled per subscriber).",
        examples=[{"noi_dung": "Cắt điện ngày 05/06 từ 7 giờ."}],
    )
    audience_as_of: IsoDate = Field(description="The day the units are taken as of.")
    audience_units: Annotated[
        list[Annotated[StrictStr, Field(pattern=r"^[0-9]{1,10}$")]],
        Field(min_length=1, max_length=500),
    ] = Field(description="GSO codes of hamlets and communes (a commune: all its hamlets).")
    topics: Annotated[list[Topic], Field(min_length=1, max_length=len(Topic.values))]
    channels: Annotated[list[ChannelName], Field(min_length=1, max_length=4)]
    post_to_facebook: StrictBool = False
    send_at: IsoDatetime | None = Field(None, description="Empty: as soon as submitted.")


class DeliveryOut(Schema):
    channel: str
    status: str
    count: int


class CampaignOut(Schema):
    id: int
    unit: str
    title: str
    template: int
    status: str
    audience_as_of: dt.date
    audience_units: list[str]
    topics: list[str]
    channels: list[str]
    post_to_facebook: bool
    send_at: dt.datetime | None
    created_at: dt.datetime
    approved_at: dt.datetime | None
    enqueued_at: dt.datetime | None
    finished_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    version: int = Field(
        description='Moves on with every change; steps may send `If-Match: "v<version>"`.'
    )


class CampaignDetailOut(CampaignOut):
    values: dict[str, str]
    province_wide: bool = Field(description="Needs a second officer's approval.")
    reach: dict[str, int] = Field(
        description="Subscribers the audience holds now per first channel, `total` and "
        "`unreachable` (no address on any of its channels)."
    )
    deliveries: list[DeliveryOut] = Field(description="Messages per channel and status.")


class CampaignPage(Schema):
    count: int
    items: list[CampaignOut]


class CancelOut(CampaignOut):
    messages_cancelled: int


def _out(campaign: Campaign) -> dict[str, Any]:
    return {
        "id": campaign.pk,
        "unit": campaign.unit.code,
        "title": campaign.title,
        "template": campaign.template_id,
        "status": campaign.status,
        "audience_as_of": campaign.audience_as_of,
        "audience_units": [u.code for u in campaign.audience_units.all()],
        "topics": topics_of(campaign.topics),
        "channels": [c for c in campaign.channels.split(",") if c],
        "post_to_facebook": campaign.post_to_facebook,
        "send_at": campaign.send_at,
        "created_at": campaign.created_at,
        "approved_at": campaign.approved_at,
        "enqueued_at": campaign.enqueued_at,
        "finished_at": campaign.finished_at,
        "cancelled_at": campaign.cancelled_at,
        "version": campaign.version,
    }


def _detail(campaign: Campaign) -> dict[str, Any]:
    rows = (
        Message.objects.filter(campaign=campaign)
        .order_by()
        .values_list("channel", "status")
        .annotate(n=Count("pk"))
    )
    order = {status: index for index, status in enumerate(MessageStatus.values)}
    deliveries = sorted(rows, key=lambda row: (row[0], order.get(row[1], 99)))
    preview = services.audience_preview(campaign)
    audience = list(campaign.audience_units.all())
    return {
        **_out(campaign),
        "values": {k: str(v) for k, v in campaign.values.items()},
        "province_wide": services.is_province_wide(unit=campaign.unit, audience=audience),
        "reach": {
            **preview["per_channel"],
            "total": preview["total"],
            "unreachable": preview["unreachable"],
        },
        "deliveries": [{"channel": c, "status": s, "count": n} for c, s, n in deliveries],
    }


def _audience() -> Prefetch[Any]:
    return Prefetch("audience_units", queryset=AdministrativeUnit.objects.order_by("path"))


def _campaign(request: ActorRequest, pk: int, *, action: Literal["read", "write"]) -> Campaign:
    queryset = Campaign.objects.select_related("unit", "template").prefetch_related(_audience())
    return access_for_user(Campaign, request.user, pk, action=action, queryset=queryset)


@router.get(
    "/outreach/campaigns",
    auth=AUTH,
    response={200: CampaignPage, **errors(401, 404, 422)},
    summary="Campaigns of the caller's units",
    description='Newest first, paginated `{"count": N, "items": [...]}` (limit ≤ 200, offset). '
    "Filters: `unit` (its campaigns and those of the units under it), `status`, and the day "
    "created (`created_from`, `created_to`). 404: a `unit` outside the caller's units.",
)
def list_campaigns(request: ActorRequest, filters: Query[CampaignFilters]) -> dict[str, Any]:
    require_official(request.user)
    rows = scoped(Campaign, request.user)
    if filters.unit:
        rows = rows.filter(under_unit(request, filters.unit))
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.created_from:
        rows = rows.filter(created_at__date__gte=filters.created_from)
    if filters.created_to:
        rows = rows.filter(created_at__date__lte=filters.created_to)
    rows = rows.select_related("unit").prefetch_related(_audience()).order_by("-created_at", "-pk")
    count, items = page(rows, filters)
    return {"count": count, "items": [_out(c) for c in items]}


@router.get(
    "/outreach/campaigns/{campaign_id}",
    auth=AUTH,
    response={200: CampaignDetailOut, **errors(401, 404, 422)},
    summary="One campaign, its reach and its deliveries per channel and status",
    description='With an `ETag` (`"v<version>"`) that its steps may send as `If-Match`. 404: '
    "a campaign outside the caller's units.",
)
def get_campaign(request: ActorRequest, response: HttpResponse, campaign_id: int) -> dict[str, Any]:
    campaign = _campaign(request, campaign_id, action="read")
    set_etag(response, campaign.version)
    return _detail(campaign)


@router.post(
    "/outreach/campaigns",
    auth=AUTH,
    response={201: CampaignDetailOut, **errors(401, 403, 404, 409, *BODY_ERRORS)},
    summary="A new campaign (a draft)",
    description="Checked as the officers' form checks it: the sending unit one of the caller's "
    "(404 otherwise; 403 for a read-only role), the template in use and of that unit or above, "
    "a value for each of its shared placeholders, audience units under the sending unit on "
    "`audience_as_of`, a channel the template can carry, a sending time ahead; 409 names the "
    "field at fault. Nothing is sent until it is submitted.",
)
def post_campaign(
    request: ActorRequest, response: HttpResponse, payload: CampaignIn
) -> Status[dict[str, Any]]:
    as_of = payload.audience_as_of
    unit = writer_unit(request, payload.unit, as_of=as_of)
    choices = audience_units(request.user, as_of)
    form = CampaignForm(
        {
            "unit": unit.pk,
            "title": payload.title,
            "template": payload.template,
            "values": format_values(payload.values),
            "audience_as_of": as_of,
            "audience_units": pks_by_code(
                choices, payload.audience_units, field="audience_units", as_of=as_of
            ),
            "topics": [str(t) for t in payload.topics],
            "channels": list(payload.channels),
            "post_to_facebook": payload.post_to_facebook,
            "send_at": payload.send_at,
        },
        units=office_units(request.user, as_of),
        templates=templates_for(request.user),
        audience=choices,
    )
    if not form.is_valid():
        refuse(form)
    data = form.cleaned_data
    with refusals_as_conflicts():
        campaign = services.campaign_create(
            unit=data["unit"],
            user=request.user,
            title=data["title"],
            template=data["template"],
            values=data["values"],
            audience_units=list(data["audience_units"]),
            audience_as_of=data["audience_as_of"],
            topics=data["topics"],
            channels=data["channels"],
            post_to_facebook=data["post_to_facebook"],
            send_at=data["send_at"],
        )
    campaign = _campaign(request, campaign.pk, action="read")
    set_etag(response, campaign.version)
    return Status(201, _detail(campaign))


STEP_ERRORS = errors(401, 403, 404, 422)


def _step(request: ActorRequest, response: HttpResponse, campaign_id: int, run: Any) -> Campaign:
    campaign = _campaign(request, campaign_id, action="write")
    version = if_match_version(request)
    with refusals_as_conflicts():
        result = run(campaign=campaign, version=version, user=request.user)
    campaign = _campaign(request, campaign_id, action="read")
    set_etag(response, campaign.version)
    campaign.step_result = result  # type: ignore[attr-defined]
    return campaign


@router.post(
    "/outreach/campaigns/{campaign_id}/submit",
    auth=AUTH,
    response={200: CampaignOut, 409: EditConflictOut | ErrorOut, **STEP_ERRORS},
    summary="Submit a draft: it is sent at its time (after approval when province-wide)",
    description="Draft → scheduled, or → awaiting approval for a province-wide notice. 409: "
    f"not a draft, or changed since `If-Match`. {IF_MATCH_DOC}",
)
def submit_campaign(request: ActorRequest, response: HttpResponse, campaign_id: int) -> Any:
    return _out(_step(request, response, campaign_id, services.campaign_submit))


@router.post(
    "/outreach/campaigns/{campaign_id}/approve",
    auth=AUTH,
    response={200: CampaignOut, 409: EditConflictOut | ErrorOut, **STEP_ERRORS},
    summary="Approve a province-wide campaign (a second officer)",
    description="Awaiting approval → scheduled, by a writer of the province office who is not "
    "its author (403 otherwise). 409: not awaiting approval, or changed since `If-Match`. "
    f"{IF_MATCH_DOC}",
)
def approve_campaign(request: ActorRequest, response: HttpResponse, campaign_id: int) -> Any:
    return _out(_step(request, response, campaign_id, services.campaign_approve))


@router.post(
    "/outreach/campaigns/{campaign_id}/cancel",
    auth=AUTH,
    response={200: CancelOut, 409: EditConflictOut | ErrorOut, **STEP_ERRORS},
    summary="Cancel a campaign not yet sent",
    description="A draft, awaiting approval, scheduled or sending campaign is cancelled: its "
    "queued messages are not sent (`messages_cancelled`); those already handed to a provider "
    f"go on. 409: already sent or cancelled. {IF_MATCH_DOC}",
)
def cancel_campaign(request: ActorRequest, response: HttpResponse, campaign_id: int) -> Any:
    campaign = _step(request, response, campaign_id, services.campaign_cancel)
    return {**_out(campaign), "messages_cancelled": campaign.step_result}  # type: ignore[attr-defined]
