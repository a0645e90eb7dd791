"""Fake Zalo servers for tests and the demo: ZNS and the Official Account, in Zalo's formats.

Each is a WSGI application (serve it with ``fakes.server.FakeServer``):

- ``FakeZns`` answers ``POST /message/template``; ``FakeZaloOa`` answers
  ``POST /v3.0/oa/message/cs``. Both check the ``access_token`` header and the JSON body and
  answer Zalo's envelope: ``{"error": 0, "message": "Success", "data": {…}}`` or a negative
  ``error`` with Zalo's message (in an HTTP 200, as Zalo does).
- ZNS keeps ``tracking_id``: a resend with the same one answers the first ``msg_id`` and is not
  accepted twice (what makes a worker restart harmless).
- ``script`` maps a phone or follower id to what to answer, one entry per attempt (the last
  repeats): a Zalo error code (``-118``: not on Zalo) or an HTTP status (``503``, ``429``).
- After accepting, a delivery event (``user_received_message``) is POSTed to ``callback_url``,
  signed as Zalo signs (``X-ZEvent-Signature: mac=sha256(app_id + body + timestamp + secret)``),
  from a thread after ``receipt_delay`` seconds (no ``callback_url``: none), one at a time
  across every fake of the process; a test that must not receive them yet clears ``release``
  (an event) and sets it when ready.
- ``GET /_fake/accepted`` lists what was accepted (JSON), ``GET /_fake/receipts`` the events
  sent and the status they got; ``POST /_fake/script`` sets ``script`` (JSON object) and
  ``POST /_fake/reset`` forgets everything.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

import httpx

StartResponse = Callable[..., Any]

ZNS_ERRORS = {
    -108: "Phone number invalid",
    -109: "Template ID invalid",
    -111: "Template data empty",
    -112: "Template data invalid",
    -114: "User is inactive, or reject the message, or using an outdated Zalo version, "
    "or other internal errors",
    -115: "Out of quota",
    -117: "OA or App does not have permission to access this template",
    -118: "Zalo account not existed",
    -124: "Access token invalid",
    -100: "Unknown error",
}
OA_ERRORS = {
    -201: "Parameter is invalid!",
    -210: "Parameter exceeds allowable limit",
    -213: "User has not followed OA",
    -216: "Access token is invalid",
    -230: "User has not interacted with the OA in the past 7 days",
    -232: "User has not interacted with the OA or the interaction has expired",
    -32: "Your application reached limit call api",
}
MAX_BODY = 64 * 1024


def sign(*, app_id: str, body: bytes, timestamp: str, secret: str) -> str:
    """Zalo's webhook signature header value for ``body`` (its raw bytes)."""
    digest = hashlib.sha256(
        app_id.encode() + body + timestamp.encode() + secret.encode()
    ).hexdigest()
    return f"mac={digest}"


def _now_ms() -> str:
    return str(int(time.time() * 1000))


class _FakeZalo:
    path = ""
    errors: dict[int, str] = {}

    def __init__(
        self,
        *,
        access_token: str = "test-token",  # noqa: S107 (a fake server's own token)
        app_id: str = "test-app",
        oa_id: str = "test-oa",
        oa_secret: str = "test-secret",  # noqa: S107
        callback_url: str = "",
        receipt_delay: float = 0.05,
    ) -> None:
        self.access_token = access_token
        self.app_id = app_id
        self.oa_id = oa_id
        self.oa_secret = oa_secret
        self.callback_url = callback_url
        self.receipt_delay = receipt_delay
        self.release = threading.Event()
        self.release.set()
        self.accepted: list[dict[str, Any]] = []
        self.requests: list[dict[str, Any]] = []  # every send request: headers and body
        self.receipts: list[dict[str, Any]] = []
        self.script: dict[str, list[int]] = {}
        self.lock = threading.Lock()
        self.threads: list[threading.Thread] = []

    # WSGI ------------------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "")
        if method == "GET" and path == "/_fake/accepted":
            with self.lock:
                return self._json(start_response, 200, list(self.accepted))
        if method == "GET" and path == "/_fake/receipts":
            with self.lock:
                return self._json(start_response, 200, list(self.receipts))
        body = self._body(environ)
        if method == "POST" and path == "/_fake/reset":
            self.reset()
            return self._json(start_response, 200, {"ok": True})
        if method == "POST" and path == "/_fake/script":
            try:
                script = json.loads(body)
                self.set_script({str(k): [int(v) for v in vs] for k, vs in script.items()})
            except (ValueError, AttributeError, TypeError):
                return self._json(start_response, 400, {"detail": "A JSON object of lists."})
            return self._json(start_response, 200, {"ok": True})
        if method != "POST" or path != self.path:
            return self._json(start_response, 404, {"error": -404, "message": "Not found"})
        token = environ.get("HTTP_ACCESS_TOKEN", "")
        try:
            payload = json.loads(body) if body else None
        except ValueError:
            payload = None
        with self.lock:
            self.requests.append({"access_token": token, "body": payload})
        status, answer = self.answer(token, payload)
        extra = [("Retry-After", "7")] if status == 429 else []
        return self._json(start_response, status, answer, extra)

    @staticmethod
    def _body(environ: dict[str, Any]) -> bytes:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        return environ["wsgi.input"].read(min(length, MAX_BODY)) if length > 0 else b""

    @staticmethod
    def _json(
        start_response: StartResponse,
        status: int,
        data: Any,
        extra: list[tuple[str, str]] | None = None,
    ) -> list[bytes]:
        body = json.dumps(data, ensure_ascii=False).encode()
        headers = [
            ("Content-Type", "application/json; charset=utf-8"),
            ("Content-Length", str(len(body))),
            *(extra or []),
        ]
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        return [body]

    # State -----------------------------------------------------------------------------------

    def reset(self) -> None:
        with self.lock:
            self.accepted.clear()
            self.requests.clear()
            self.receipts.clear()
            self.script.clear()

    def set_script(self, script: dict[str, list[int]]) -> None:
        with self.lock:
            self.script = {address: list(codes) for address, codes in script.items()}

    def _scripted(self, address: str) -> int | None:
        """The next scripted answer for ``address`` (a Zalo code < 0 or an HTTP status)."""
        with self.lock:
            codes = self.script.get(address)
            if not codes:
                return None
            return codes.pop(0) if len(codes) > 1 else codes[0]

    def _error(self, code: int) -> dict[str, Any]:
        return {"error": code, "message": self.errors.get(code, "Error")}

    def _scripted_answer(self, address: str) -> tuple[int, dict[str, Any]] | None:
        code = self._scripted(address)
        if code is None:
            return None
        if code >= 100:  # an HTTP failure
            return code, {"error": -100, "message": "Unknown error"}
        return 200, self._error(code)

    def answer(self, token: str, payload: Any) -> tuple[int, dict[str, Any]]:
        raise NotImplementedError

    # Receipts --------------------------------------------------------------------------------

    def _send_receipt(self, event: dict[str, Any]) -> None:
        if not self.callback_url:
            return
        thread = threading.Thread(target=self._post_receipt, args=(event,), daemon=True)
        with self.lock:
            self.threads.append(thread)
        thread.start()

    def _post_receipt(self, event: dict[str, Any]) -> None:
        self.release.wait(timeout=60)
        time.sleep(self.receipt_delay)
        with _POSTING:
            self._post_signed(event)

    def _post_signed(self, event: dict[str, Any]) -> None:
        body = json.dumps(event).encode()
        header = sign(
            app_id=self.app_id, body=body, timestamp=event["timestamp"], secret=self.oa_secret
        )
        try:
            response = httpx.post(
                self.callback_url,
                content=body,
                headers={"Content-Type": "application/json", "X-ZEvent-Signature": header},
                timeout=10,
            )
            status = response.status_code
        except httpx.HTTPError as exc:
            status = 0
            event = {**event, "_error": type(exc).__name__}
        with self.lock:
            self.receipts.append({"event": event, "status": status})

    def wait_receipts(self, timeout: float = 5) -> None:
        """Block until every receipt thread started so far has finished (tests)."""
        deadline = time.monotonic() + timeout
        with self.lock:
            threads = list(self.threads)
        for thread in threads:
            thread.join(max(deadline - time.monotonic(), 0))


_POSTING = threading.Lock()  # receipts one at a time (the tests' live server shares one connection)


class FakeZns(_FakeZalo):
    path = "/message/template"
    errors = ZNS_ERRORS

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.by_tracking_id: dict[str, dict[str, Any]] = {}

    def reset(self) -> None:
        super().reset()
        with self.lock:
            self.by_tracking_id.clear()

    def answer(self, token: str, payload: Any) -> tuple[int, dict[str, Any]]:
        if token != self.access_token:
            return 200, self._error(-124)
        if not isinstance(payload, dict):
            return 200, self._error(-112)
        phone = payload.get("phone")
        if not isinstance(phone, str) or not phone.isdigit() or not 9 <= len(phone) <= 12:
            return 200, self._error(-108)
        template_id = payload.get("template_id")
        if not isinstance(template_id, str | int) or not str(template_id).strip():
            return 200, self._error(-109)
        data = payload.get("template_data")
        if not isinstance(data, dict) or not data:
            return 200, self._error(-111)
        if not all(isinstance(key, str) and isinstance(v, str) for key, v in data.items()):
            return 200, self._error(-112)
        tracking_id = payload.get("tracking_id", "")
        if not isinstance(tracking_id, str):
            return 200, self._error(-112)
        with self.lock:
            earlier = self.by_tracking_id.get(tracking_id) if tracking_id else None
        if earlier is not None:
            return 200, self._success(earlier)
        scripted = self._scripted_answer(phone)
        if scripted is not None:
            return scripted
        record = {
            "msg_id": secrets.token_hex(10),
            "sent_time": _now_ms(),
            "phone": phone,
            "template_id": str(template_id),
            "template_data": data,
            "tracking_id": tracking_id,
        }
        with self.lock:
            if tracking_id and tracking_id in self.by_tracking_id:  # two at once: one wins
                return 200, self._success(self.by_tracking_id[tracking_id])
            if tracking_id:
                self.by_tracking_id[tracking_id] = record
            self.accepted.append(record)
        self._send_receipt(
            {
                "app_id": self.app_id,
                "event_name": "user_received_message",
                "sender": {"id": self.oa_id},
                "recipient": {"id": phone},
                "message": {
                    "delivery_time": _now_ms(),
                    "msg_id": record["msg_id"],
                    "tracking_id": tracking_id,
                },
                "timestamp": _now_ms(),
            }
        )
        return 200, self._success(record)

    def _success(self, record: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            used = len(self.accepted)
        return {
            "error": 0,
            "message": "Success",
            "data": {
                "msg_id": record["msg_id"],
                "sent_time": record["sent_time"],
                "quota": {"dailyQuota": "500", "remainingQuota": str(max(500 - used, 0))},
            },
        }


class FakeZaloOa(_FakeZalo):
    path = "/v3.0/oa/message/cs"
    errors = OA_ERRORS

    def answer(self, token: str, payload: Any) -> tuple[int, dict[str, Any]]:
        if token != self.access_token:
            return 200, self._error(-216)
        if not isinstance(payload, dict):
            return 200, {"error": -201, "message": "body is invalid!"}
        recipient = payload.get("recipient")
        user_id = recipient.get("user_id") if isinstance(recipient, dict) else None
        if not isinstance(user_id, str) or not user_id:
            return 200, {"error": -201, "message": "user_id is invalid!"}
        message = payload.get("message")
        text = message.get("text") if isinstance(message, dict) else None
        if not isinstance(text, str) or not text:
            return 200, {"error": -201, "message": "text is invalid!"}
        if len(text) > 2000:
            return 200, self._error(-210)
        scripted = self._scripted_answer(user_id)
        if scripted is not None:
            return scripted
        record = {"message_id": secrets.token_hex(16), "user_id": user_id, "text": text}
        with self.lock:
            self.accepted.append(record)
        self._send_receipt(
            {
                "app_id": self.app_id,
                "event_name": "user_received_message",
                "sender": {"id": self.oa_id},
                "recipient": {"id": user_id},
                "message": {"msg_id": record["message_id"]},
                "timestamp": _now_ms(),
            }
        )
        return 200, {
            "error": 0,
            "message": "Success",
            "data": {
                "message_id": record["message_id"],
                "user_id": user_id,
                "quota": {"quota_type": "reply", "remain": "7", "total": "8"},
            },
        }


class FakeZaloOAuth:
    """Zalo's OAuth v4 token endpoint: ``POST /v4/oa/access_token`` (form), header
    ``secret_key``; each refresh token works once and is replaced by a new one."""

    def __init__(self, *, app_id: str = "test-app", app_secret: str = "app-secret") -> None:  # noqa: S107
        self.app_id = app_id
        self.app_secret = app_secret
        self.refresh_tokens: set[str] = set()
        self.issued: list[str] = []  # access tokens, in order
        self.lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        from urllib.parse import parse_qs

        if environ["REQUEST_METHOD"] != "POST" or environ.get("PATH_INFO") != "/v4/oa/access_token":
            return _FakeZalo._json(start_response, 404, {"error": -404})
        form = {k: v[0] for k, v in parse_qs(_FakeZalo._body(environ).decode()).items()}
        if environ.get("HTTP_SECRET_KEY", "") != self.app_secret:
            return _FakeZalo._json(
                start_response, 200, {"error": -14002, "error_name": "Invalid secret key"}
            )
        if form.get("grant_type") != "refresh_token" or form.get("app_id") != self.app_id:
            return _FakeZalo._json(
                start_response, 200, {"error": -14001, "error_name": "Invalid parameter"}
            )
        with self.lock:
            token = form.get("refresh_token", "")
            if token not in self.refresh_tokens:
                return _FakeZalo._json(
                    start_response, 200, {"error": -14014, "error_name": "Invalid refresh token"}
                )
            self.refresh_tokens.discard(token)
            access, refresh = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
            self.refresh_tokens.add(refresh)
            self.issued.append(access)
        return _FakeZalo._json(
            start_response,
            200,
            {"access_token": access, "refresh_token": refresh, "expires_in": "90000"},
        )
