"""Posts on a Facebook page through the Graph API (``Outgoing.address`` is the page id).

``POST {OUTREACH_FACEBOOK_URL}/{OUTREACH_FACEBOOK_VERSION}/{page-id}/feed`` with the form
fields ``message`` and ``access_token`` (the page's token from ``OUTREACH_FACEBOOK_PAGE_TOKENS``,
JSON ``{"page id": "page access token"}`` in the environment: one province can post on several
communes' pages). Answer ``{"id": "<page>_<post>"}``, or the Graph error object
``{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}`` mapped by ``ERRORS``.

Not idempotent: Graph has no request id, so a post whose answer was lost (a timeout after
Facebook took it, a worker killed before recording) can appear twice on the page; the window is
the time between Facebook's answer and our record's commit (docs/outreach.md).
"""

from __future__ import annotations

from typing import ClassVar

import httpx
from django.conf import settings

from .base import Accepted, Outgoing, Permanent, Result, Transient
from .http import http_client

# https://developers.facebook.com/docs/graph-api/guides/error-handling ("Error Codes").
TRANSIENT_CODES = {
    1,  # API Unknown: possibly downtime
    2,  # API Service: downtime
    4,  # application request limit
    17,  # user request limit
    32,  # page request limit
    341,  # application limit reached
    368,  # temporarily blocked for policy violations: "wait and retry"
    613,  # calls within one hour exceeded the rate limit
    80001,  # page-level business-use-case rate limit
}
PERMANENT_CODES = {
    3,  # API method: capability or permission missing
    10,  # permission denied
    100,  # invalid parameter (e.g. an unknown page id)
    102,  # API session: token invalid
    190,  # access token expired or revoked
    506,  # duplicate post: the same text just posted
}


def _error_result(answer: object, status: int) -> Result:
    error = answer.get("error") if isinstance(answer, dict) else None
    if not isinstance(error, dict):
        if status >= 500 or status == 429:
            return Transient(code=f"http_{status}")
        return Permanent(code=f"http_{status}")
    code = int(error.get("code") or 0)
    subcode = error.get("error_subcode")
    name = f"{code}/{subcode}" if subcode else str(code)
    detail = f"{error.get('type', '')}: {error.get('message', '')} ({error.get('fbtrace_id', '')})"
    if code in PERMANENT_CODES or 200 <= code <= 299:
        return Permanent(code=name, detail=detail[:300])
    return Transient(code=name, detail=detail[:300])  # TRANSIENT_CODES and anything unknown


class FacebookPageAdapter:
    channel: ClassVar[str] = "facebook"
    idempotent: ClassVar[bool] = False

    def __init__(self) -> None:
        root = str(settings.OUTREACH_FACEBOOK_URL or "https://graph.facebook.com").rstrip("/")
        self.base = f"{root}/{settings.OUTREACH_FACEBOOK_VERSION}"
        self.tokens: dict[str, str] = dict(settings.OUTREACH_FACEBOOK_PAGE_TOKENS)
        self.client = http_client(timeout=20)

    def send(self, message: Outgoing) -> Result:
        page = message.address
        token = self.tokens.get(page)
        if not page.isdigit() or not token:
            return Permanent(code="no_token", detail="No access token configured for this page.")
        try:
            response = self.client.post(
                f"{self.base}/{page}/feed", data={"message": message.body, "access_token": token}
            )
        except httpx.TimeoutException as exc:
            return Transient(code="timeout", detail=str(exc)[:300])
        except httpx.TransportError as exc:
            return Transient(code="network", detail=str(exc)[:300])
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if response.status_code == 200 and isinstance(answer, dict) and answer.get("id"):
            return Accepted(provider_id=str(answer["id"]))
        return _error_result(answer, response.status_code)

    def close(self) -> None:
        self.client.close()
