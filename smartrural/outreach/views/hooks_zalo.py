"""Zalo's webhook (``/outreach/hooks/zalo/``): delivery events for ZNS and OA messages, and
followers leaving the Official Account.

Zalo signs each event with the OA secret key: ``X-ZEvent-Signature: mac=<hex>``, the SHA-256 of
``app_id + raw body + timestamp + OA secret`` (the ``timestamp`` is the event's own field, so the
body is parsed before the check; nothing in it is used before the check passes). Order:

1. no configured secret, or no ``mac=`` header → 403 (the body is not read);
2. body over ``MAX_BODY`` → 413; not a JSON object with a ``timestamp`` → 400;
3. signature different (constant-time compare) → 403, nothing written;
4. ``user_received_message`` → ``delivery.receipt_record`` (ZNS by our uid = ``tracking_id``,
   otherwise by Zalo's ``msg_id``, ZNS then OA); ``unfollow`` → the OA is no longer chosen for
   that follower (``services.zalo_followers``); anything else → 200 "ignored".

Zalo retries events that do not get a 2xx, so an event we cannot use (unknown message, unknown
event) is answered 200: a retry would not make it usable. A repeated event changes nothing
(``receipt_record`` only moves an ``accepted`` message).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import uuid
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ..channels.base import Receipt
from ..delivery import receipt_record
from ..models import Channel
from ..services.zalo_followers import zalo_follower_left

logger = logging.getLogger(__name__)

MAX_BODY = 64 * 1024
SIGNATURE_HEADER = "X-ZEvent-Signature"


def expected_signature(*, app_id: str, body: bytes, timestamp: str, secret: str) -> str:
    digest = hashlib.sha256(
        app_id.encode() + body + timestamp.encode() + secret.encode()
    ).hexdigest()
    return f"mac={digest}"


def _answer(status: int, **data: Any) -> JsonResponse:
    response = JsonResponse(data, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _when(value: Any) -> dt.datetime | None:
    """A Zalo time (milliseconds since the epoch, as text) as an aware datetime."""
    try:
        ms = int(str(value))
    except (TypeError, ValueError):
        return None
    if not 0 < ms < 32503680000000:  # before year 3000
        return None
    return dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC)


def _text(value: Any, limit: int = 100) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _uid(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return ""


def _delivered(event: dict[str, Any]) -> JsonResponse:
    message = event.get("message")
    # ZNS documents the fields inside "message"; some integrations saw them at the top level.
    fields: dict[str, Any] = message if isinstance(message, dict) else event
    tracking_id = _uid(_text(fields.get("tracking_id") or event.get("tracking_id")))
    msg_id = _text(fields.get("msg_id") or event.get("msg_id"))
    at = _when(fields.get("delivery_time") or event.get("timestamp"))
    if tracking_id:
        found = receipt_record(
            channel=Channel.ZNS,
            receipt=Receipt(delivered=True, uid=tracking_id, provider_id=msg_id, at=at),
        )
        if found is not None:
            return _answer(200, result="recorded")
    if msg_id:
        for channel in (Channel.ZNS, Channel.ZALO_OA):
            found = receipt_record(
                channel=channel, receipt=Receipt(delivered=True, provider_id=msg_id, at=at)
            )
            if found is not None:
                return _answer(200, result="recorded")
    return _answer(200, result="unknown message")


def _unfollowed(event: dict[str, Any]) -> JsonResponse:
    follower = event.get("follower")
    user_id = _text(follower.get("id"), 64) if isinstance(follower, dict) else ""
    zalo_follower_left(zalo_user_id=user_id)
    return _answer(200, result="recorded")


@csrf_exempt  # Zalo's servers call it; the signature is the proof
@require_POST
def zalo_events(request: HttpRequest) -> JsonResponse:
    secret = settings.OUTREACH_ZALO_OA_SECRET or ""
    signature = request.headers.get(SIGNATURE_HEADER, "")
    if not secret or not signature.startswith("mac="):
        return _answer(403, detail="Missing or invalid signature.")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY:
        return _answer(413, detail="Event too large.")
    body = request.read(MAX_BODY + 1)
    if len(body) > MAX_BODY:
        return _answer(413, detail="Event too large.")
    try:
        event = json.loads(body)
    except ValueError:
        return _answer(400, detail="Not JSON.")
    if not isinstance(event, dict) or not isinstance(event.get("timestamp"), str | int):
        return _answer(400, detail="Not a Zalo event.")
    expected = expected_signature(
        app_id=settings.OUTREACH_ZALO_APP_ID or "",
        body=body,
        timestamp=str(event["timestamp"]),
        secret=secret,
    )
    if not hmac.compare_digest(expected.encode(), signature.encode()):
        return _answer(403, detail="Missing or invalid signature.")
    name = event.get("event_name")
    if name == "user_received_message":
        return _delivered(event)
    if name == "unfollow":
        return _unfollowed(event)
    return _answer(200, result="ignored")
