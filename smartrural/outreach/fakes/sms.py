"""A fake brandname SMS gateway speaking eSMS.vn's JSON API (``channels/sms.py``), for tests and
the demo; run it with ``FakeServer(FakeSmsGateway(...)).start()``.

- ``POST`` (any path): checks the keys, the brandname, the fields and the phone format like the
  gateway, answers ``{"CodeResult": "100", "SMSID": …}``; a repeated ``RequestId`` is taken
  once and answered with the same SMSID.
- ``script[phone]``: what to answer that number, one entry per attempt (the last repeats): an
  eSMS ``CodeResult`` ("108"), ``"http_503"`` or ``"timeout"`` (waits past the client's timeout).
- ``delay``: seconds every send takes (a slow gateway, so a test can kill a worker mid-run).
- ``GET /_fake/accepted``: JSON ``{"messages": [...], "requests": n}``, one entry per RequestId.
- ``receipt(request_id, delivered=True)`` calls the message's ``CallbackUrl`` as eSMS does
  (HTTP GET, its fields added to the query); ``auto_receipts`` does it for every message taken.
- ``inbound(phone, text)`` posts a reply (MO) to ``inbound_url``, signed with ``secret`` (header
  ``X-Signature: sha256=<hex HMAC-SHA256 of the body>``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlencode

import httpx

StartResponse = Callable[..., Any]
LOCAL_PHONE = re.compile(r"^0\d{9}$")
REQUIRED = ("ApiKey", "SecretKey", "Brandname", "SmsType", "Phone", "Content")


def _json(start_response: StartResponse, data: Any, status: str = "200 OK") -> Iterable[bytes]:
    body = json.dumps(data).encode()
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]


class FakeSmsGateway:
    def __init__(
        self,
        *,
        api_key: str = "fake-key",
        secret_key: str = "fake-secret",  # noqa: S107 - a fake's own
        brandnames: Iterable[str] = ("XA-NGAI-XUYEN",),
        callback_secret: str = "fake-callback-secret",  # noqa: S107
        inbound_url: str = "",
        delay: float = 0.0,
        auto_receipts: bool = False,
    ) -> None:
        self.api_key = api_key
        self.secret_key = secret_key
        self.brandnames = set(brandnames)
        self.callback_secret = callback_secret
        self.inbound_url = inbound_url
        self.delay = delay
        self.auto_receipts = auto_receipts
        self.script: dict[str, list[str]] = {}
        self.accepted: dict[str, dict[str, Any]] = {}  # RequestId (or SMSID) → message
        self.requests = 0
        self.lock = threading.Lock()

    # -- the gateway ---------------------------------------------------------------------------
    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        if environ.get("PATH_INFO") == "/_fake/accepted" and method == "GET":
            with self.lock:
                return _json(
                    start_response,
                    {"messages": list(self.accepted.values()), "requests": self.requests},
                )
        if method != "POST":
            return _json(start_response, {"error": "POST only"}, "405 Method Not Allowed")
        length = int(environ.get("CONTENT_LENGTH") or 0)
        try:
            data = json.loads(environ["wsgi.input"].read(length) or b"null")
        except ValueError:
            return _json(start_response, {"CodeResult": "110", "ErrorMessage": "Bad JSON"})
        if not isinstance(data, dict):
            return _json(start_response, {"CodeResult": "110", "ErrorMessage": "Bad JSON"})
        with self.lock:
            self.requests += 1
        if self.delay:
            time.sleep(self.delay)
        return _json(start_response, *self.answer(data))

    def _scripted(self, phone: str) -> str | None:
        with self.lock:
            steps = self.script.get(phone)
            if not steps:
                return None
            return steps.pop(0) if len(steps) > 1 else steps[0]

    def answer(self, data: dict[str, Any]) -> tuple[dict[str, Any], str]:
        missing = [name for name in REQUIRED if not str(data.get(name) or "")]
        if missing:
            return {"CodeResult": "300" if "SmsType" in missing else "110"}, "200 OK"
        if data["ApiKey"] != self.api_key or data["SecretKey"] != self.secret_key:
            return {"CodeResult": "101", "ErrorMessage": "Wrong ApiKey or SecretKey"}, "200 OK"
        if data["Brandname"] not in self.brandnames:
            return {"CodeResult": "104", "ErrorMessage": "Brandname not found"}, "200 OK"
        phone = str(data["Phone"])
        if not LOCAL_PHONE.match(phone):
            return {"CodeResult": "108", "ErrorMessage": "Phone number format"}, "200 OK"
        scripted = self._scripted(phone)
        if scripted == "timeout":
            time.sleep(30)
        elif scripted and scripted.startswith("http_"):
            code = int(scripted.removeprefix("http_"))
            return {"error": scripted}, f"{code} Scripted"
        elif scripted:
            return {"CodeResult": scripted, "ErrorMessage": "Scripted failure"}, "200 OK"
        request_id = str(data.get("RequestId") or "")
        with self.lock:
            known = self.accepted.get(request_id) if request_id else None
            if known is not None:
                known["resends"] += 1
                return {"CodeResult": "100", "SMSID": known["SMSID"]}, "200 OK"
            sms_id = uuid.uuid4().hex
            entry = {
                "SMSID": sms_id,
                "RequestId": request_id,
                "Phone": phone,
                "Content": data["Content"],
                "IsUnicode": str(data.get("IsUnicode", "0")),
                "Brandname": data["Brandname"],
                "SmsType": str(data["SmsType"]),
                "CallbackUrl": str(data.get("CallbackUrl") or ""),
                "resends": 0,
            }
            self.accepted[request_id or sms_id] = entry
        if self.auto_receipts and entry["CallbackUrl"]:
            threading.Thread(target=self.receipt, args=(request_id or sms_id,), daemon=True).start()
        return {"CodeResult": "100", "SMSID": sms_id, "CountRegenerate": 0}, "200 OK"

    # -- calls the gateway makes -----------------------------------------------------------------
    def receipt(self, request_id: str, *, delivered: bool = True) -> httpx.Response:
        """The delivery report eSMS sends: GET CallbackUrl + its fields (SendStatus 5 = sent)."""
        entry = self.accepted[request_id]
        fields = {
            "SMSID": entry["SMSID"],
            "SendFailed": "0" if delivered else "1",
            "SendStatus": "5" if delivered else "4",
            "SendSuccess": "1" if delivered else "0",
            "TotalPrice": "0.0000",
            "TotalReceiver": "1",
            "TotalSent": "1",
            "RequestId": entry["RequestId"],
            "TypeId": entry["SmsType"],
            "telcoid": "1",
            "phonenumber": entry["Phone"],
        }
        url = entry["CallbackUrl"]
        url += ("&" if "?" in url else "?") + urlencode(fields)
        return httpx.get(url, timeout=10)

    def inbound(self, phone: str, text: str) -> httpx.Response:
        """A subscriber's reply (MO) to the brandname, posted to ``inbound_url``, signed."""
        body = json.dumps(
            {"Phone": phone, "Content": text, "ReceivedAt": time.strftime("%Y-%m-%dT%H:%M:%SZ")}
        ).encode()
        signature = hmac.new(self.callback_secret.encode(), body, hashlib.sha256).hexdigest()
        return httpx.post(
            self.inbound_url,
            content=body,
            headers={"Content-Type": "application/json", "X-Signature": f"sha256={signature}"},
            timeout=10,
        )
