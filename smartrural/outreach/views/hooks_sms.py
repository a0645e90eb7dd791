"""The SMS gateway's webhooks: delivery receipts and subscribers' replies (STOP).

Both are called by the gateway, not a browser: no login, no CSRF token. Each checks its
signature before reading anything else (403, nothing read or written), with a constant-time
comparison against ``OUTREACH_SMS_CALLBACK_SECRET`` (no secret configured: every call is 403).

- Receipts (``GET`` or ``POST`` ``/outreach/hooks/sms/receipts/?uid=…&sig=…``): the URL the
  adapter gave the gateway with the message (``channels.sms.receipt_url``), ``sig`` =
  HMAC-SHA256(secret, uid); the gateway adds its fields (eSMS: ``SMSID``, ``SendStatus`` 5 =
  done, 4 = rejected, ``SendSuccess``, ``SendFailed``). Interim statuses are acknowledged and
  ignored; a repeated receipt changes nothing (``delivery.receipt_record``).
- Replies (``POST`` ``/outreach/hooks/sms/inbound/``, JSON ``{"Phone", "Content"}`` or the same
  fields form-encoded, header ``X-Signature: sha256=<hex HMAC-SHA256 of the raw body>``): a reply
  that is exactly one of ``STOP_KEYWORDS`` (case, accents, spaces and punctuation ignored) from a
  subscriber's number unsubscribes them and cancels what is queued for them. Any other text, or
  a number we do not know: 200 and nothing happens (the gateway must not retry).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import re
from urllib.parse import parse_qs

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from smartrural.core.text import fold

from ..channels.base import Receipt
from ..channels.sms import receipt_signature
from ..delivery import receipt_record
from ..models import Channel, Subscriber, UnsubscribeReason
from ..phones import phone_normalise
from ..services.subscribers import subscriber_unsubscribe

MAX_BODY = 8 * 1024  # bytes: a receipt or a reply is a few hundred
# Whole replies that mean "send me no more" (folded: lower case, no accents). Exact matches
# only, as operators do: "Huy" is also a given name, "dung" folds both DỪNG and ĐÚNG.
STOP_KEYWORDS = frozenset({"stop", "tu choi", "tuchoi", "huy", "huy dk", "huy dang ky", "huydk"})


def _plain(status: int, text: str = "") -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


def _secret() -> str:
    return str(settings.OUTREACH_SMS_CALLBACK_SECRET or "")


def _too_long(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY
    except ValueError:
        return True


def is_stop(text: str) -> bool:
    return " ".join(re.sub(r"[^\w\s]", " ", fold(text)).split()) in STOP_KEYWORDS


@csrf_exempt  # called by the gateway; the signature is the proof
@require_http_methods(["GET", "POST"])
def sms_receipts(request: HttpRequest) -> HttpResponse:
    uid = request.GET.get("uid", "")
    given = request.GET.get("sig", "")
    secret = _secret()
    if not (secret and uid and given) or not hmac.compare_digest(
        receipt_signature(uid, secret), given
    ):
        return _plain(403, "bad signature")
    if _too_long(request):
        return _plain(413, "too large")
    fields = request.POST if request.method == "POST" else request.GET
    status = fields.get("SendStatus", "")
    success = fields.get("SendSuccess", "0")
    failed = fields.get("SendFailed", "0")
    if status == "4" or (status == "5" and success in ("", "0") and failed not in ("", "0")):
        receipt = Receipt(
            delivered=False,
            uid=uid,
            provider_id=fields.get("SMSID", ""),
            code=f"status_{status}",
            detail="Rejected by the network." if status == "4" else "Not delivered.",
        )
    elif status == "5":
        receipt = Receipt(delivered=True, uid=uid, provider_id=fields.get("SMSID", ""))
    else:  # pending approval, waiting, sent to the network: a later call says how it ended
        return _plain(200, "ok")
    with contextlib.suppress(ValidationError):  # a uid that is not a UUID: not one of ours
        receipt_record(channel=Channel.SMS, receipt=receipt)
    return _plain(200, "ok")


def _reply_fields(request: HttpRequest, body: bytes) -> dict[str, str] | None:
    if request.content_type == "application/json":
        try:
            data = json.loads(body)
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        return {key: str(value) for key, value in data.items()}
    try:
        return {key: values[0] for key, values in parse_qs(body.decode()).items()}
    except UnicodeDecodeError:
        return None


@csrf_exempt  # called by the gateway; the signature is the proof
@require_http_methods(["POST"])
def sms_inbound(request: HttpRequest) -> HttpResponse:
    header = request.headers.get("X-Signature", "")
    secret = _secret()
    if not (secret and header.startswith("sha256=")):
        return _plain(403, "bad signature")
    if _too_long(request):
        return _plain(413, "too large")
    body = request.read(MAX_BODY + 1)
    if len(body) > MAX_BODY:
        return _plain(413, "too large")
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, header.removeprefix("sha256=")):
        return _plain(403, "bad signature")
    fields = _reply_fields(request, body)
    if fields is None:
        return _plain(400, "body must be JSON or form fields Phone, Content")
    if not is_stop(fields.get("Content", "")):
        return _plain(200, "ok")
    try:
        phone = phone_normalise(fields.get("Phone", ""))
    except ValidationError:
        return _plain(200, "ok")
    subscriber = Subscriber.objects.filter(phone=phone).first()
    if subscriber is not None:
        subscriber_unsubscribe(subscriber=subscriber, reason=UnsubscribeReason.STOP)
    return _plain(200, "ok")
