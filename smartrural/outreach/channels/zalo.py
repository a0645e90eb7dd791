"""Zalo: ZNS (a pre-approved template to a phone number) and the Official Account (a text to a
follower), two sibling adapters speaking Zalo's documented JSON over HTTPS.

ZNS — ``POST {OUTREACH_ZNS_URL}/message/template``, header ``access_token``, body
``{"phone": "84…", "template_id": …, "template_data": {…}, "tracking_id": <our uid>}``; the answer
is ``{"error": 0, "message": "Success", "data": {"msg_id", "sent_time", "quota"}}`` or a negative
``error`` with its message. Zalo keeps ``tracking_id`` and sends it back in the delivery event
(``user_received_message``), so a message found half-sent after a crash is sent again with the
same ``tracking_id`` (``idempotent``; our fake server answers such a resend with the first
``msg_id``: docs/outreach.md says what we rely on).

OA — ``POST {OUTREACH_ZALO_OA_URL}/v3.0/oa/message/cs`` (a "consultation" message: the only OA
type that takes plain text), header ``access_token``, body
``{"recipient": {"user_id": …}, "message": {"text": …}}``; the answer carries
``data.message_id``. Zalo lets an OA send consultation messages only to a follower who
interacted recently (free within 48 h, at most 7 days); outside that window Zalo refuses
(-213/-230/-232) and we say ``Permanent`` so the delivery loop falls back to the subscriber's
next channel (ZNS or SMS reach anyone with a phone). The OA's "transaction" type needs a
structured template (banner, table, buttons) tied to a user's own transaction and "promotion"
is advertising (paid, not at night): neither fits a commune notice, so only ``cs`` is sent.
No dedupe key exists for the OA: it is not ``idempotent``.

Sources for the formats: developers.zalo.me (ZNS "Gửi ZNS", OA "Gửi tin Tư vấn") and public client
code (chatwoot's Zalo channel); for the codes, the two tables cited above ``ZNS_TRANSIENT`` and
``OA_TRANSIENT``.

Access tokens (OAuth v4) live 25 hours. With ``OUTREACH_ZALO_ACCESS_TOKEN_FILE`` the token is
read from that file each time an adapter is built (once per delivery run), so the renewal
(``smartrural outreach_zalo_token``: ``channels.zalo_token``) only rewrites the file; otherwise
``OUTREACH_ZALO_ACCESS_TOKEN`` is used. No token: ``Transient`` (code ``config``) without
calling. An expired or replaced token answers -124 (ZNS, where -216/-220 are seen too) or
-216/-220 (OA): ``Transient`` (code ``token``), so nothing is lost while it is renewed.
"""

from __future__ import annotations

import math
import threading
from decimal import Decimal
from typing import Any, ClassVar

import httpx
from django.conf import settings

from .base import Accepted, Outgoing, Permanent, Result, Transient
from .http import JsonEndpoint, http_client

TIMEOUT = httpx.Timeout(10.0, connect=5.0)
OA_TEXT_LIMIT = 2000  # characters in one consultation text (Zalo OA v3)
ZNS_PATH = "/message/template"
OA_PATH = "/v3.0/oa/message/cs"

# ZNS error codes: Zalo's table "Cách xử lý mã lỗi",
# https://zalo.cloud/zns/guidelines/handle-error-code (checked 12/2026: -100…-112 read on that
# page; -113…-119 in the same order in the English copy at
# https://helpdesk.getfly.vn/web-version/interactive-blocks/questions-about-zns; -120…-152 and
# the sub-codes -1121…-1381 as public ZNS clients transcribe the table, in Zalo's wording).
# Transient: Zalo's side, or ours to fix without touching the message (retry, bounded by
# OUTREACH_MAX_ATTEMPTS, then failed and the next channel). Permanent: this recipient or this
# template will never take it on ZNS — the next channel at once. Codes not listed here are
# transient (``zalo_<code>``): a refusal we misread costs a few retries, never a lost notice.
ZNS_TRANSIENT = {
    -100: "unknown",  # Unknown error: "try again later"
    -101: "config",  # Application invalid
    -102: "config",  # Application not existed
    -103: "config",  # Application not activated
    -104: "config",  # App secret key invalid
    -105: "config",  # Application not linked to any OA
    -115: "quota",  # Out of quota (ZNS balance)
    -120: "config",  # OA has no permission to use this feature (its package)
    -124: "token",  # Access token invalid (the OA token expired or was replaced)
    -125: "config",  # OA id invalid
    -126: "quota",  # Development-mode wallet out of balance
    -133: "night",  # This template may not be sent at night (22:00–06:00)
    -135: "config",  # OA may not send ZNS (not verified, free package)
    -1351: "config",  # OA blocked from ZNS (a violation found)
    -136: "config",  # A Zalo Cloud Account (ZCA) must be linked
    -137: "quota",  # ZCA payment failed (wallet balance)
    -138: "config",  # The sending app has no permission for this feature
    -1381: "config",  # OA has not let the extension use its ZCA
    -144: "quota",  # OA reached its daily ZNS limit
    -147: "quota",  # Template reached its daily limit
    # The OA API's token codes (below): public ZNS clients meet -220 from this endpoint too.
    -216: "token",  # Access token is invalid
    -220: "token",  # access_token is expired or removed
}
ZNS_PERMANENT = {
    -106: "method",  # Method unsupported
    -108: "phone_invalid",  # Phone number invalid
    -109: "template_invalid",  # Template ID invalid
    -110: "zalo_outdated",  # Recipient's Zalo version unsupported (also: phone not on Zalo)
    -111: "template_data_empty",  # Template data empty
    -112: "template_data_invalid",  # Template data invalid
    -1121: "template_data_invalid",  # A parameter exceeds its maximum length
    -1122: "template_data_invalid",  # A parameter is missing
    -1123: "template_data_invalid",  # QR code cannot be generated
    -1124: "template_data_invalid",  # A parameter has an invalid format
    -113: "button_invalid",  # Button invalid
    -114: "user_rejected",  # User inactive, refuses ZNS, outdated app, or internal errors
    -116: "text_invalid",  # Text invalid
    -117: "template_forbidden",  # OA/App has no permission for this template (not approved)
    -118: "not_on_zalo",  # Zalo account not existed (or disabled)
    -119: "account_restricted",  # Account cannot receive ZNS
    -121: "template_invalid",  # Template has no content
    -122: "body_invalid",  # Request body is not JSON
    -127: "template_forbidden",  # A test template goes to the OA's administrators only
    -130: "too_long",  # Template content over its character limit
    -131: "template_not_approved",  # Template not approved / disabled
    -132: "params_invalid",  # Params invalid
    -134: "user_not_opted_in",  # User has not answered the OA's offer to receive ZNS
    -139: "user_rejected",  # User refused this type of ZNS
    -140: "user_not_allowed",  # OA may not send after-sales ZNS to this user
    -141: "user_rejected",  # User refused ZNS from this OA
    -145: "template_forbidden",  # OA may not send this kind of ZNS content
    -146: "template_disabled",  # Template disabled for low delivery quality
}

# OA v3 error codes: Zalo's table "Mã lỗi" of the Official Account API,
# https://docs.zaloplatforms.com/docs/OA/phu-luc/ma-loi (formerly developers.zalo.me; checked
# 12/2026 against public clients quoting it). -216 and -220 are the token codes: a token
# renewed by ``outreach_zalo_token`` replaces the old one, so they are transient.
OA_TRANSIENT = {
    -32: "rate_limit",  # Your application (or OA) reached limit call api
    -200: "unknown",  # Send message failed
    -204: "config",  # Official Account is disabled (deleted)
    -205: "config",  # Official Account does not exist
    -209: "config",  # App not activated for this API
    -211: "quota",  # Out of quota
    -212: "config",  # App has not registered this API
    -214: "busy",  # Being processed
    -216: "token",  # Access token is invalid
    -219: "config",  # App removed or disabled
    -220: "token",  # access_token is expired or removed
    -221: "config",  # The OA must be verified to use this feature
    -223: "config",  # OA has not authorised this API
    -224: "config",  # OA must upgrade its package
    -234: "night",  # This message cannot be sent at night (22:00–06:00)
    -240: "config",  # Message API v2 shut down (we speak v3)
    -321: "quota",  # Zalo Cloud Account out of money
}
OA_PERMANENT = {
    -201: "params_invalid",  # <field> is invalid
    -210: "too_long",  # Parameter exceeds allowable limit
    -213: "not_follower",  # User has not followed the OA
    -218: "user_quota",  # Out of quota for this user
    -227: "user_inactive",  # User banned or inactive for more than 45 days
    -230: "outside_window",  # User has not interacted with the OA in the past 7 days
    -232: "outside_window",  # User has not interacted, or the interaction expired
    -233: "type_invalid",  # Message type invalid or not supported
    -244: "user_rejected",  # User has restricted this message type from the OA
    -248: "content_rejected",  # Violates platform standards
}


def current_access_token() -> str:
    """The OA access token now: the token file's content if one is configured."""
    path = settings.OUTREACH_ZALO_ACCESS_TOKEN_FILE
    if path:
        try:
            with open(path, encoding="utf-8") as fh:
                return fh.read().strip()
        except OSError:
            return ""
    return settings.OUTREACH_ZALO_ACCESS_TOKEN or ""


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


class _ZaloAdapter:
    """What both Zalo adapters share: one client, Zalo's envelope, HTTP failures."""

    channel: ClassVar[str] = ""
    idempotent: ClassVar[bool] = False
    path: ClassVar[str] = ""
    transient: ClassVar[dict[int, str]] = {}
    permanent: ClassVar[dict[int, str]] = {}

    def __init__(self, *, base_url: str, access_token: str) -> None:
        self.has_token = bool(access_token)
        # httpx.Client is safe to share between the delivery threads (one connection pool).
        self.client = http_client(
            base_url=base_url.rstrip("/"),
            timeout=TIMEOUT,
            headers={"access_token": access_token, "User-Agent": "SmartRural-outreach"},
        )
        self.endpoint = JsonEndpoint(self.client, self.path)
        self._closed = threading.Event()

    def close(self) -> None:
        if not self._closed.is_set():
            self._closed.set()
            self.client.close()

    def _post(self, payload: dict[str, Any]) -> tuple[dict[str, Any] | None, Result | None]:
        """Zalo's answer (its JSON), or the result when there is none to read."""
        if not self.has_token:
            return None, Transient(code="config", detail="No Zalo access token is configured.")
        try:
            response = self.endpoint.post(payload)
        except httpx.TimeoutException as exc:
            return None, Transient(code="timeout", detail=type(exc).__name__)
        except httpx.TransportError as exc:
            return None, Transient(code="network", detail=type(exc).__name__)
        if response.status_code == 429:
            return None, Transient(
                code="http_429", detail="Too many requests", retry_after=_retry_after(response)
            )
        if response.status_code >= 500:
            return None, Transient(
                code=f"http_{response.status_code}", detail=response.reason_phrase
            )
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if not isinstance(answer, dict) or "error" not in answer:
            # A 4xx without Zalo's envelope (a proxy, a wrong URL): ours to fix, try again.
            return None, Transient(code=f"http_{response.status_code}", detail="Not a Zalo answer")
        return answer, None

    def _refusal(self, answer: dict[str, Any]) -> Result:
        try:
            error = int(answer.get("error", -1))
        except (TypeError, ValueError):
            error = -1
        detail = f"{error}: {str(answer.get('message', ''))[:250]}"
        if error in self.permanent:
            return Permanent(code=f"{self.permanent[error]}", detail=detail)
        # Known transient codes, and codes we do not know: retry a bounded number of times
        # (a refusal we misread costs a few retries, never a lost notice).
        return Transient(code=self.transient.get(error, f"zalo_{error}"), detail=detail)


class ZnsAdapter(_ZaloAdapter):
    channel = "zns"
    idempotent = True
    path = ZNS_PATH
    transient = ZNS_TRANSIENT
    permanent = ZNS_PERMANENT

    def __init__(self) -> None:
        super().__init__(
            base_url=settings.OUTREACH_ZNS_URL or "https://business.openapi.zalo.me",
            access_token=current_access_token(),
        )

    def send(self, message: Outgoing) -> Result:
        if not message.template_ref:
            return Permanent(code="no_template", detail="ZNS needs an approved template id.")
        answer, failed = self._post(
            {
                "phone": message.address,
                "template_id": message.template_ref,
                "template_data": dict(message.params),
                "tracking_id": message.uid,
            }
        )
        if failed is not None:
            return failed
        assert answer is not None
        data = answer.get("data") if isinstance(answer.get("data"), dict) else {}
        if answer.get("error") == 0 and data and data.get("msg_id"):
            cost = settings.OUTREACH_COSTS.get(self.channel)
            return Accepted(
                provider_id=str(data["msg_id"]),
                cost=Decimal(cost) if cost is not None else None,
            )
        return self._refusal(answer)


class ZaloOaAdapter(_ZaloAdapter):
    channel = "zalo_oa"
    idempotent = False
    path = OA_PATH
    transient = OA_TRANSIENT
    permanent = OA_PERMANENT

    def __init__(self) -> None:
        super().__init__(
            base_url=settings.OUTREACH_ZALO_OA_URL or "https://openapi.zalo.me",
            access_token=current_access_token(),
        )

    def send(self, message: Outgoing) -> Result:
        text = message.body.strip()
        if not text:
            return Permanent(code="empty", detail="Nothing to send.")
        if len(text) > OA_TEXT_LIMIT:
            return Permanent(
                code="too_long",
                detail=f"{len(text)} characters; a Zalo OA text takes at most {OA_TEXT_LIMIT}.",
            )
        answer, failed = self._post(
            {"recipient": {"user_id": message.address}, "message": {"text": text}}
        )
        if failed is not None:
            return failed
        assert answer is not None
        data = answer.get("data") if isinstance(answer.get("data"), dict) else {}
        if answer.get("error") == 0 and data and data.get("message_id"):
            cost = settings.OUTREACH_COSTS.get(self.channel)
            return Accepted(
                provider_id=str(data["message_id"]),
                cost=Decimal(cost) if cost is not None else None,
            )
        return self._refusal(answer)
