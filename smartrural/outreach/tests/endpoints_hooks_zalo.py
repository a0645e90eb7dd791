"""Zalo's webhook rows of the endpoint access matrix (smartrural/testing_matrix.py).

The hook has no login: Zalo's signature (``X-ZEvent-Signature``) is the only proof, so every
persona, logged in or not, gets 403 without it, and a GET is not allowed for anyone."""

from __future__ import annotations

from smartrural.testing_matrix import Endpoint, everyone

_EVENT: dict[str, object] = {
    "app_id": "test-app",
    "event_name": "user_received_message",
    "message": {"msg_id": "a4d0243feee163bd3af2"},
    "timestamp": "1764806400000",
}

ENDPOINTS: list[Endpoint] = [
    Endpoint(
        "outreach-hooks:zalo",
        "post",
        lambda p: "/outreach/hooks/zalo/",
        everyone(403),
        body=_EVENT,
        json_body=True,
    ),
    Endpoint("outreach-hooks:zalo", "get", lambda p: "/outreach/hooks/zalo/", everyone(405)),
]
