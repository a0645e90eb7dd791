"""``POST /outreach/messages`` (one notice to one person, ``services.messages.message_send``)
and ``GET /outreach/messages/{uid}`` (how it went).

Idempotency: the caller's ``Idempotency-Key`` is kept with the message, per caller (the key's
source is ``api-<user id>``): the same key again answers 200 with the first message and sends
nothing more; the same key with another message is 409.

Personal data: the caller gives the addresses (phone, e-mail, Zalo follower id); no subscriber
is named or looked up through the API, and a message's read answer carries no address and no
text, only how the sending went (the caller already holds what it sent).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Header, Router, Schema, Status
from pydantic import ConfigDict, Field, StrictStr

from smartrural.accounts.actor import ActorRequest
from smartrural.accounts.api_auth import AUTH
from smartrural.core.api import BODY_ERRORS, IsoDate, errors
from smartrural.core.errors import Conflict
from smartrural.core.textcheck import free_text_type, name_type

from ..access import access_for_user
from ..models import Message, Topic
from ..services.messages import message_send
from .common import UNIT_CODE, refusals_as_conflicts, writer_unit

router = Router()

IDEMPOTENCY_KEY_PATTERN = r"^[A-Za-z0-9_.:-]{1,64}$"
ChannelName = Literal["zns", "zalo_oa", "sms", "email"]  # the personal channels
Param = Annotated[StrictStr, Field(max_length=500)]


class ZnsTemplateIn(Schema):
    model_config = ConfigDict(extra="forbid")

    id: StrictStr = Field(pattern=r"^[0-9A-Za-z_-]{1,32}$", description="Approved template id.")
    params: dict[Annotated[str, Field(max_length=64)], Param] = Field(
        default_factory=dict, max_length=30, description="The template's data by name."
    )


class MessageIn(Schema):
    model_config = ConfigDict(extra="forbid")

    unit: StrictStr = UNIT_CODE
    as_of: IsoDate | None = Field(
        None, description="The day `unit` is looked up on (codes are reused); default today."
    )
    topic: Topic = Field(examples=["weather"])
    subject: name_type(200) | None = Field(None, description="E-mail subject.")  # type: ignore[valid-type]
    body: Annotated[free_text_type(4000), Field(min_length=1)] = Field(  # type: ignore[valid-type]
        examples=["Nước mặn vào sâu, bà con ngưng lấy nước sông tưới lúa."]
    )
    phone: Annotated[StrictStr, Field(max_length=20)] | None = Field(
        None, description="A Vietnamese mobile number (SMS, Zalo ZNS).", examples=["0912345678"]
    )
    email: Annotated[StrictStr, Field(max_length=254)] | None = None
    zalo_user_id: Annotated[StrictStr, Field(max_length=64, pattern=r"^[0-9A-Za-z_-]+$")] | None = (
        None
    )
    channels: Annotated[list[ChannelName], Field(min_length=1, max_length=4)] | None = Field(
        None,
        description="The channels to try, in order (the first with an address is used, the "
        "others are its fallbacks); default: Zalo ZNS, Zalo OA, SMS, e-mail.",
    )
    zns_template: ZnsTemplateIn | None = Field(
        None, description="Zalo ZNS only sends an approved template: its id and its data."
    )


class MessageOut(Schema):
    uid: uuid.UUID = Field(description="The message's id (also the providers' tracking id).")
    unit: str
    topic: str
    channel: str
    status: str = Field(
        description="queued, sending, accepted (by the provider), delivered, failed, cancelled."
    )
    attempts: int
    provider_code: str = Field(description="The provider's code of the last answer (failures).")
    error: str
    created_at: dt.datetime
    accepted_at: dt.datetime | None
    delivered_at: dt.datetime | None
    failed_at: dt.datetime | None
    fallback: uuid.UUID | None = Field(
        description="The message sent on the next channel after this one failed for good."
    )


def _source(request: ActorRequest) -> str:
    return f"api-{request.user.pk}"


def _out(message: Message) -> dict[str, Any]:
    fallback = getattr(message, "fallback", None) if message.pk else None
    return {
        "uid": message.uid,
        "unit": message.unit.code,
        "topic": message.topic,
        "channel": message.channel,
        "status": message.status,
        "attempts": message.attempts,
        "provider_code": message.provider_code,
        "error": message.error,
        "created_at": message.created_at,
        "accepted_at": message.accepted_at,
        "delivered_at": message.delivered_at,
        "failed_at": message.failed_at,
        "fallback": fallback.uid if fallback is not None else None,
    }


def _same(message: Message, payload: MessageIn, unit_id: int) -> bool:
    return (
        message.unit_id == unit_id
        and message.topic == payload.topic
        and message.body == payload.body
        and message.subject == (payload.subject or "")[:200]
    )


@router.post(
    "/outreach/messages",
    auth=AUTH,
    response={
        201: MessageOut,
        200: MessageOut,
        **errors(401, 403, 404, 409, *BODY_ERRORS),
    },
    summary="Send one notice to one person",
    description="Queues one message to the addresses given, on the first of `channels` with "
    "an address (the others are its fallbacks); it is sent at once by the outreach worker. "
    "`Idempotency-Key` (required, 1 to 64 letters, digits or `_.:-`): the caller's key for "
    "this message; sending it again with the same key answers 200 with the first message and "
    "sends nothing more; the same key with another unit, topic, subject or text is 409. "
    "201: queued. 409: a phone number that is not Vietnamese, an e-mail that does not parse, "
    "no address for any channel asked (ZNS needs `zns_template`). 404: a unit outside the "
    "caller's units; 403: a read-only role.",
)
def post_message(
    request: ActorRequest,
    payload: MessageIn,
    idempotency_key: Annotated[
        str, Header(alias="Idempotency-Key", pattern=IDEMPOTENCY_KEY_PATTERN)
    ],
) -> Status[dict[str, Any]]:
    unit = writer_unit(request, payload.unit, as_of=payload.as_of)
    source = _source(request)
    earlier = (
        Message.objects.select_related("unit", "fallback")
        .filter(source=source, idempotency_key=idempotency_key)
        .first()
    )
    if earlier is not None:
        if not _same(earlier, payload, unit.pk):
            raise Conflict(
                _("This Idempotency-Key was already used for another message."),
                field="Idempotency-Key",
            )
        return Status(200, _out(earlier))
    zns = payload.zns_template
    with refusals_as_conflicts():
        message = message_send(
            source=source,
            idempotency_key=idempotency_key,
            unit=unit,
            topic=payload.topic,
            body=payload.body,
            subject=payload.subject or "",
            phone=payload.phone or "",
            email=payload.email or "",
            zalo_user_id=payload.zalo_user_id or "",
            channels=payload.channels,
            zns_template=(zns.id, dict(zns.params)) if zns is not None else None,
        )
    message.unit = unit
    return Status(201, _out(message))


@router.get(
    "/outreach/messages/{uid}",
    auth=AUTH,
    response={200: MessageOut, **errors(401, 404, 422)},
    summary="How a message went",
    description="Its channel, status, attempts and the provider's code; no address and no "
    "text (personal data). 404: a message outside the caller's units.",
)
def get_message(request: ActorRequest, uid: uuid.UUID) -> dict[str, Any]:
    found = Message.objects.filter(uid=uid).values_list("pk", flat=True).first()
    if found is None:
        raise Http404(_("No message %(uid)s in your units.") % {"uid": uid})
    message = access_for_user(
        Message,
        request.user,
        found,
        queryset=Message.objects.select_related("unit", "fallback"),
    )
    return _out(message)
