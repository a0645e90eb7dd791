"""SMS through a Vietnamese brandname gateway: eSMS.vn's documented JSON API by default.

Request (``POST OUTREACH_SMS_URL``, JSON; eSMS "SendMultipleMessage_V4_post_json", customer-care
brandname SMS; eSMS's developer docs, github.com/devesms/gitbook_esms_for_develop_v2_en,
``esms-api/send-sms-api/send-otp-customer-care-message.md``)::

    {"ApiKey", "SecretKey", "Brandname", "SmsType": "2", "Phone": "0912345678",
     "Content", "IsUnicode": "1", "RequestId": <our uid>, "CallbackUrl": <signed receipt URL>}

Answer: ``{"CodeResult": "100", "SMSID": "…"}`` when taken, another ``CodeResult`` otherwise
(``RESULT_CODES``). Our uid is the ``RequestId``: the gateway recognises a resend of the same
message (eSMS answers 124 "Duplicate RequestId"), so a message found half-sent after a crash is
sent again safely (``idempotent``).

Receipts: the gateway calls the ``CallbackUrl`` we give with each message (eSMS: HTTP GET, its
fields ``SMSID``, ``SendStatus`` … added to the query). That URL carries our uid and
``sig`` = HMAC-SHA256(``OUTREACH_SMS_CALLBACK_SECRET``, uid), so a receipt for a message we did
not send cannot be forged (``receipt_url``, ``views/hooks_sms.py``).

Why the signature rides in our URL: eSMS signs nothing. Its callback is a plain GET to the
``CallbackUrl`` given with the message, with no signature, HMAC header, credentials or published
source addresses, retried at most 5 times on a timeout (eSMS "Callback Url",
https://developers.esms.vn/en/esms-api/callback-url, ``esms-api/callback-url.md`` in the docs
repository above). The URL we hand it is therefore the only place a secret can travel: one HMAC
per message, checked in constant time; a replayed receipt changes nothing
(``delivery.receipt_record`` moves a message once). The URL must be HTTPS (``SITE_URL``) and kept
out of access logs' query strings where possible; rotating ``OUTREACH_SMS_CALLBACK_SECRET``
orphans the receipts of messages still in flight (they stay ``accepted``).
"""

from __future__ import annotations

import hashlib
import hmac
from decimal import Decimal
from typing import Any, ClassVar
from urllib.parse import urlencode

import httpx
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from smartrural.core.text import fold_keep_case

from ..limits import sms_segments
from .base import Accepted, Outgoing, Permanent, Result, Transient
from .http import JsonEndpoint, http_client

# eSMS result codes (same docs, ``esms-api/table-of-error-codes.md``; callbacks:
# ``esms-api/callback-url.md``).
# Anything an operator can mend (keys, balance, price list, IP whitelist) is Transient: the
# message waits and is retried, not sent down the subscriber's next channel by the thousand.
ACCEPTED_CODES = {"100", "124"}  # 124: duplicate RequestId, i.e. a resend of one already taken
RESULT_CODES: dict[str, tuple[type[Transient] | type[Permanent], str]] = {
    "99": (Permanent, "The phone number is blocked at the gateway."),
    "101": (Transient, "Wrong ApiKey or SecretKey."),
    "102": (Transient, "No price list on the gateway account."),
    "103": (Transient, "Not enough balance on the gateway account."),
    "104": (Permanent, "The brandname is not registered."),
    "108": (Permanent, "Invalid phone number."),
    "140": (Transient, "This server's IP address is not whitelisted at the gateway."),
    "146": (Permanent, "The text does not match a registered customer-care template."),
    "177": (Permanent, "The brandname is not registered with this subscriber's network."),
    "300": (Permanent, "Missing message type."),
}
TRANSIENT_HTTP = {401, 403, 408, 425, 429}


def phone_for_gateway(e164: str, style: str) -> str:
    """``84912345678`` as the gateway wants it: ``0912345678`` (local), ``84…`` or ``+84…``."""
    if style == "84":
        return e164
    if style == "+84":
        return f"+{e164}"
    return "0" + e164[2:] if e164.startswith("84") else e164


def receipt_signature(uid: str, secret: str) -> str:
    return hmac.new(secret.encode(), uid.encode(), hashlib.sha256).hexdigest()


def receipt_url(uid: str, *, base: str = "", secret: str = "") -> str:
    """The signed callback URL for ``uid``; ``base`` (the receipts URL) and ``secret`` when the
    caller already has them (the adapter works them out once, not per message)."""
    base = base or settings.SITE_URL + reverse("outreach-hooks:sms-receipts")
    query = urlencode({"uid": uid, "sig": receipt_signature(uid, secret or _secret())})
    return f"{base}?{query}"


def _secret() -> str:
    return str(getattr(settings, "OUTREACH_SMS_CALLBACK_SECRET", "") or "")


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None


class SmsGatewayAdapter:
    channel: ClassVar[str] = "sms"
    idempotent: ClassVar[bool] = True

    def __init__(self) -> None:
        self.url = settings.OUTREACH_SMS_URL or ""
        self.api_key = settings.OUTREACH_SMS_API_KEY or ""
        self.secret = settings.OUTREACH_SMS_SECRET or ""
        self.brandname = settings.OUTREACH_SMS_BRANDNAME or ""
        missing = [
            name
            for name, value in (
                ("OUTREACH_SMS_URL", self.url),
                ("OUTREACH_SMS_API_KEY", self.api_key),
                ("OUTREACH_SMS_SECRET", self.secret),
                ("OUTREACH_SMS_BRANDNAME", self.brandname),
                ("OUTREACH_SMS_CALLBACK_SECRET", _secret()),
            )
            if not value
        ]
        if missing:
            raise ImproperlyConfigured(f"The SMS channel needs {', '.join(missing)}.")
        self.unicode = bool(settings.OUTREACH_SMS_UNICODE)
        self.sms_type = settings.OUTREACH_SMS_TYPE
        self.phone_format = str(settings.OUTREACH_SMS_PHONE_FORMAT)
        self.receipts_url = settings.SITE_URL + reverse("outreach-hooks:sms-receipts")
        self.callback_secret = _secret()
        self.segment_cost = settings.OUTREACH_COSTS.get("sms", 0)
        # httpx.Client is safe to share between the delivery threads (one connection pool).
        self.client = http_client(timeout=settings.OUTREACH_SMS_TIMEOUT)
        self.endpoint = JsonEndpoint(self.client, self.url)

    def text_for(self, message: Outgoing) -> str:
        return message.body if self.unicode else fold_keep_case(message.body)

    def payload(self, message: Outgoing, text: str | None = None) -> dict[str, Any]:
        return {
            "ApiKey": self.api_key,
            "SecretKey": self.secret,
            "Brandname": self.brandname,
            "SmsType": self.sms_type,
            "Phone": phone_for_gateway(message.address, self.phone_format),
            "Content": self.text_for(message) if text is None else text,
            "IsUnicode": "1" if self.unicode else "0",
            "RequestId": message.uid,
            "CallbackUrl": receipt_url(
                message.uid, base=self.receipts_url, secret=self.callback_secret
            ),
        }

    def send(self, message: Outgoing) -> Result:
        text = self.text_for(message)
        try:
            response = self.endpoint.post(self.payload(message, text))
        except httpx.TimeoutException as exc:
            return Transient(code="timeout", detail=str(exc)[:300])
        except httpx.TransportError as exc:
            return Transient(code="network", detail=str(exc)[:300])
        if response.status_code >= 500 or response.status_code in TRANSIENT_HTTP:
            return Transient(
                code=f"http_{response.status_code}", retry_after=_retry_after(response)
            )
        if response.status_code >= 400:
            return Permanent(code=f"http_{response.status_code}", detail=response.text[:300])
        try:
            answer = response.json()
            code = str(answer.get("CodeResult", ""))
        except (ValueError, AttributeError):
            return Transient(code="bad_response", detail=response.text[:300])
        if code in ACCEPTED_CODES:
            segments = max(sms_segments(text).segments, 1)
            cost = Decimal(segments * self.segment_cost)
            return Accepted(provider_id=str(answer.get("SMSID") or ""), cost=cost)
        kind, meaning = RESULT_CODES.get(code, (Transient, "Unknown gateway answer."))
        detail = str(answer.get("ErrorMessage") or meaning)[:300]
        return kind(code=code or "no_code", detail=detail)

    def close(self) -> None:
        self.client.close()
